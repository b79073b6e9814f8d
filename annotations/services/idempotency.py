"""Idempotency keys: a retried import gets the first answer back instead of a second import."""

from datetime import timedelta
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone

from annotations.models import IdempotentRequest

from .errors import InvalidInput
from .text import check_characters

# How long a key replays its first answer; afterwards the key may be used afresh.
KEEP_FOR = timedelta(hours=24)
MAX_KEY = 255


def clean_key(key: str) -> str:
    key = key.strip()
    if not key or len(key) > MAX_KEY:
        raise InvalidInput(
            f"An Idempotency-Key has 1 to {MAX_KEY} characters.",
            field="Idempotency-Key",
            code="invalid_idempotency_key",
        )
    check_characters(key, field="Idempotency-Key", allow_newlines=False)
    return key


def find_response(*, user: AbstractBaseUser, key: str, scope: str) -> IdempotentRequest | None:
    """The answer stored for this user's key within the last 24 hours, if any.

    A key first used for another request (``scope``) is refused rather than replayed: the
    answer would describe something the caller did not ask for.
    """
    stored = IdempotentRequest.objects.filter(
        user=user, key=key, created_at__gte=timezone.now() - KEEP_FOR
    ).first()
    if stored is not None and stored.scope != scope:
        raise InvalidInput(
            "This Idempotency-Key was used for another request; send a new key.",
            field="Idempotency-Key",
            code="idempotency_key_reused",
        )
    return stored


def remember_response(
    *, user: AbstractBaseUser, key: str, scope: str, status: int, body: Any
) -> IdempotentRequest:
    """Store the first answer to a key; call inside the transaction that did the work, so the
    work and the key commit together (a second request with the key then fails on the unique
    constraint and replays this answer instead)."""
    IdempotentRequest.objects.filter(
        user=user, key=key, created_at__lt=timezone.now() - KEEP_FOR
    ).delete()
    return IdempotentRequest.objects.create(
        user=user, key=key, scope=scope, status=status, body=body
    )
