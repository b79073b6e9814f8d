"""Limits on failed log-ins, per (account, address) and per address, shared by the API and pages.

A lock keyed on the account alone would let anyone lock a colleague out by typing their name
with wrong passwords; keyed on (account, address), the guesser only locks themself out, while the
colleague, from their own address, still logs in. The per-address ceiling stops one address from
trying many accounts. Counts live in the cache for a window; the message never says whether the
account exists. If the cache is unreachable the check lets the attempt through (the password check
still applies), so a cache outage does not lock the whole desk out.
"""

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext_noop

from .errors import ServiceError

logger = logging.getLogger(__name__)


class TooManyAttempts(ServiceError):
    code = "too_many_attempts"
    status = 429


def _keys(username: str, address: str) -> tuple[str, str]:
    pair = f"{(username or '').strip().lower()}\x00{address or '-'}"
    digest = hashlib.sha256(pair.encode("utf-8", "replace")).hexdigest()[:32]
    return f"login-fail:pair:{digest}", f"login-fail:addr:{address or '-'}"


def _minutes() -> int:
    return max(1, round(settings.FACTCHECK_LOGIN_WINDOW_SECONDS / 60))


def check_login_allowed(*, username: str, address: str) -> None:
    """Raise TooManyAttempts when this account failed too often from this address lately, or
    the address failed too often with any account."""
    pair_key, address_key = _keys(username, address)
    try:
        counts = cache.get_many([pair_key, address_key])
    except Exception as exc:
        logger.warning("login throttle unavailable: %s", exc)
        return
    if (
        counts.get(pair_key, 0) >= settings.FACTCHECK_LOGIN_MAX_FAILURES
        or counts.get(address_key, 0) >= settings.FACTCHECK_LOGIN_MAX_FAILURES_PER_ADDRESS
    ):
        raise TooManyAttempts(
            gettext_noop("Too many failed log-ins. Wait %(minutes)s minutes and try again."),
            params={"minutes": _minutes()},
        )


def record_login_failure(*, username: str, address: str) -> None:
    for key in _keys(username, address):
        try:
            if cache.add(key, 1, settings.FACTCHECK_LOGIN_WINDOW_SECONDS):
                continue
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, settings.FACTCHECK_LOGIN_WINDOW_SECONDS)
        except Exception as exc:
            logger.warning("login throttle unavailable: %s", exc)
            return


def record_login_success(*, username: str, address: str) -> None:
    pair_key, _address_key = _keys(username, address)
    try:
        cache.delete(pair_key)
    except Exception as exc:
        logger.warning("login throttle unavailable: %s", exc)
