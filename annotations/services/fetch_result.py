"""What a fetch found: its status and result, shared by the fetcher's modules and its callers."""

from dataclasses import dataclass
from enum import StrEnum


class FetchStatus(StrEnum):
    OK = "ok"
    REDIRECTED = "redirected"  # fetched, after at least one redirect
    NOT_FOUND = "not_found"
    GONE = "gone"
    ERROR = "error"
    TIMEOUT = "timeout"
    TOO_LARGE = "too_large"
    BLOCKED = "blocked"
    UNSUPPORTED = "unsupported"


@dataclass(frozen=True)
class FetchResult:
    """What a fetch found. ``body`` is the whole body or empty, never a truncated part."""

    status: FetchStatus
    url: str
    final_url: str
    http_status: int | None = None
    content_type: str = ""  # the media type alone, lower case
    charset: str = ""
    body: bytes = b""
    redirects: tuple[str, ...] = ()  # every hop's target, in order
    address: str = ""  # the address of the last connection made
    error: str = ""

    @property
    def fetched(self) -> bool:
        return self.status in (FetchStatus.OK, FetchStatus.REDIRECTED)


class FetchStopped(Exception):
    """Ends a fetch early with this status and message (ours, never the server's words)."""

    def __init__(self, status: FetchStatus, message: str) -> None:
        super().__init__(message)
        self.status = status
