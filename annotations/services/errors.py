"""What services raise when a request cannot be carried out; the doors turn these into 4xx.

A service writes its message in English, marked with ``gettext_noop`` and with the values it
names passed as ``params`` (``"At most %(limit)s characters."``): it does not know who reads
it. ``message`` translates it when a door reads it, into the language of the request being
answered, so a German desk reads German and an API client its Accept-Language; ``str(error)``
stays English for logs. A value that is itself read in a language (a role's name, a number
with thousands separators: ``grouped``) is passed lazily, so it too is read in the reader's.
"""

from typing import Any

from django.utils import formats
from django.utils.functional import lazy
from django.utils.translation import get_language, gettext, override


def _grouped(number: int) -> str:
    if get_language() is None:  # translation switched off (management commands): as in English
        return f"{number:,}"
    return formats.number_format(number, use_l10n=True, force_grouping=True)


# A whole number with the thousands separators of the language it is read in: 2,048 or 2.048.
grouped = lazy(_grouped, str)


class ServiceError(Exception):
    """Base: a stable machine-readable ``code`` and a message a person understands."""

    code = "invalid"
    status = 400

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        code: str | None = None,
        params: dict[str, Any] | None = None,
    ) -> None:
        self.msgid = message
        self.params = params or {}
        if self.params:
            with override("en"):  # lazy values (role names, ``grouped``) in English too
                message = message % self.params
        super().__init__(message)
        self.field = field
        if code:
            self.code = code

    @property
    def message(self) -> str:
        """The message in the active language, its values filled in."""
        text = gettext(self.msgid)
        return text % self.params if self.params else text

    @property
    def fields(self) -> dict[str, list[str]] | None:
        return {self.field: [self.message]} if self.field else None


class InvalidInput(ServiceError):
    code = "invalid"
    status = 400


class TooLarge(ServiceError):
    code = "too_large"
    status = 413


class NotFound(ServiceError):
    """Also raised for another newsroom's objects, so their existence is never confirmed."""

    code = "not_found"
    status = 404


class Forbidden(ServiceError):
    code = "forbidden"
    status = 403


class IdempotencyKeyReused(ServiceError):
    """A key already answered a request with another body: replaying would answer the wrong one."""

    code = "idempotency_key_reused"
    status = 422


class InvalidTransition(ServiceError):
    code = "invalid_transition"
    status = 409


class VersionChanged(ServiceError):
    """The article has a newer version than the one the request was about."""

    code = "article_version_changed"
    status = 409


class StaleVersion(ServiceError):
    """Someone saved first; ``current`` is the state the caller must look at before retrying."""

    code = "stale_version"
    status = 412

    def __init__(
        self, message: str, *, current: Any = None, params: dict[str, Any] | None = None
    ) -> None:
        super().__init__(message, params=params)
        self.current = current
