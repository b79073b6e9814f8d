"""What services raise when a request cannot be carried out; the doors turn these into 4xx."""

from typing import Any


class ServiceError(Exception):
    """Base: a stable machine-readable ``code`` and a message a person understands."""

    code = "invalid"
    status = 400

    def __init__(self, message: str, *, field: str | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        if code:
            self.code = code

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

    def __init__(self, message: str, *, current: Any = None) -> None:
        super().__init__(message)
        self.current = current
