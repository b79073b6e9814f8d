"""Idempotency keys: a retried import gets the first answer back instead of a second import."""

from datetime import timedelta
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone
from django.utils.translation import gettext_noop

from annotations.models import IdempotentRequest

from .errors import IdempotencyKeyReused, InvalidInput
from .text import check_characters

# How long a key replays its first answer; afterwards the key may be used afresh.
KEEP_FOR = timedelta(hours=24)
MAX_KEY = 255


def clean_key(key: str) -> str:
    key = key.strip()
    if not key or len(key) > MAX_KEY:
        raise InvalidInput(
            gettext_noop("An Idempotency-Key has 1 to %(limit)s characters."),
            field="Idempotency-Key",
            code="invalid_idempotency_key",
            params={"limit": MAX_KEY},
        )
    check_characters(key, field="Idempotency-Key", allow_newlines=False)
    return key


# The stored scope is "<endpoint>#<fingerprint of the request body>".
FINGERPRINT_MARK = "#"


def find_response(
    *, user: User, key: str, scope: str, fingerprint: str = ""
) -> IdempotentRequest | None:
    """The answer stored for this user's key within the last 24 hours, if any.

    A key first used for another endpoint (``scope``) is refused rather than replayed (400), and
    so is a key first sent with another body (422, as Stripe and the IETF draft do): either
    answer would describe something the caller did not ask for.
    """
    stored = IdempotentRequest.objects.filter(
        user=user, key=key, created_at__gte=timezone.now() - KEEP_FOR
    ).first()
    if stored is None:
        return None
    stored_scope, _mark, stored_fingerprint = stored.scope.partition(FINGERPRINT_MARK)
    if stored_scope != scope:
        raise InvalidInput(
            gettext_noop("This Idempotency-Key was used for another request; send a new key."),
            field="Idempotency-Key",
            code="idempotency_key_reused",
        )
    if stored_fingerprint and fingerprint and stored_fingerprint != fingerprint:
        raise IdempotencyKeyReused(
            gettext_noop(
                "This Idempotency-Key was first sent with a different body. A retry sends the "
                "same body; a new request needs a new key."
            ),
            field="Idempotency-Key",
        )
    return stored


def remember_response(
    *, user: User, key: str, scope: str, status: int, body: Any, fingerprint: str = ""
) -> IdempotentRequest:
    """Store the first answer to a key; call inside the transaction that did the work, so the
    work and the key commit together (a second request with the key then fails on the unique
    constraint and replays this answer instead)."""
    IdempotentRequest.objects.filter(
        user=user, key=key, created_at__lt=timezone.now() - KEEP_FOR
    ).delete()
    stored_scope = f"{scope}{FINGERPRINT_MARK}{fingerprint}" if fingerprint else scope
    return IdempotentRequest.objects.create(
        user=user, key=key, scope=stored_scope, status=status, body=body
    )
