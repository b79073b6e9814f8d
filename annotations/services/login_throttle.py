"""Limits on failed log-ins, per account and per address, shared by the API and the pages.

Counts live in the cache for a window; the message never says whether the account exists. If the
cache is unreachable the check lets the attempt through (the password check still applies), so a
cache outage does not lock the whole desk out.
"""

import hashlib
import logging

from django.core.cache import cache

from .errors import ServiceError

logger = logging.getLogger(__name__)

WINDOW_SECONDS = 15 * 60
MAX_FAILURES_PER_ACCOUNT = 10
MAX_FAILURES_PER_ADDRESS = 50


class TooManyAttempts(ServiceError):
    code = "too_many_attempts"
    status = 429


def _keys(username: str, address: str) -> tuple[str, str]:
    account = hashlib.sha256((username or "").strip().lower().encode()).hexdigest()[:32]
    return f"login-fail:user:{account}", f"login-fail:addr:{address or '-'}"


def check_login_allowed(*, username: str, address: str) -> None:
    """Raise TooManyAttempts when the account or the address failed too often lately."""
    account_key, address_key = _keys(username, address)
    try:
        counts = cache.get_many([account_key, address_key])
    except Exception as exc:
        logger.warning("login throttle unavailable: %s", exc)
        return
    if (
        counts.get(account_key, 0) >= MAX_FAILURES_PER_ACCOUNT
        or counts.get(address_key, 0) >= MAX_FAILURES_PER_ADDRESS
    ):
        raise TooManyAttempts(
            "Too many failed log-ins. Wait 15 minutes and try again.",
        )


def record_login_failure(*, username: str, address: str) -> None:
    for key in _keys(username, address):
        try:
            if cache.add(key, 1, WINDOW_SECONDS):
                continue
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, WINDOW_SECONDS)
        except Exception as exc:
            logger.warning("login throttle unavailable: %s", exc)
            return


def record_login_success(*, username: str, address: str) -> None:
    account_key, _address_key = _keys(username, address)
    try:
        cache.delete(account_key)
    except Exception as exc:
        logger.warning("login throttle unavailable: %s", exc)
