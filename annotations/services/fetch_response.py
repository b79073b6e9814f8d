"""Reading an answer: its status, content type and a bounded, possibly compressed body."""

import http.client
import ssl
import zlib
from collections.abc import Sequence

from .fetch_connection import Deadline
from .fetch_result import FetchStatus, FetchStopped

_CHUNK = 64 * 1024


def media_type(header: str | None) -> tuple[str, str]:
    media, _, params = (header or "").partition(";")
    charset = ""
    for param in params.split(";"):
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            charset = value.strip().strip("\"'").lower()
    return media.strip().lower(), charset


def read_body(response: http.client.HTTPResponse, max_bytes: int, deadline: Deadline) -> bytes:
    """The body, gzip/deflate undone within the same bound; too_large past max_bytes."""
    declared = response.getheader("Content-Length", "")
    encoding = (response.getheader("Content-Encoding") or "identity").strip().lower()
    if encoding == "identity" and declared.isdigit() and int(declared) > max_bytes:
        raise FetchStopped(FetchStatus.TOO_LARGE, f"the body is larger than {max_bytes} bytes")
    if encoding in ("gzip", "x-gzip", "deflate"):
        inflater = zlib.decompressobj(zlib.MAX_WBITS | (16 if "gzip" in encoding else 0))
    elif encoding != "identity":
        shown = repr(encoding[:80])
        raise FetchStopped(FetchStatus.UNSUPPORTED, f"content encoding {shown} is not read")
    else:
        inflater = None
    chunks: list[bytes] = []
    size = 0
    while True:
        deadline.remaining()
        chunk = response.read1(_CHUNK)
        if not chunk:
            break
        if inflater is not None:
            # max_length bounds what one small compressed chunk may expand to (a zip bomb).
            chunk = inflater.decompress(chunk, max_bytes + 1 - size)
        size += len(chunk)
        if size > max_bytes:
            raise FetchStopped(FetchStatus.TOO_LARGE, f"the body is larger than {max_bytes} bytes")
        chunks.append(chunk)
    if inflater is not None:
        chunks.append(inflater.flush())
    return b"".join(chunks)


def error_message(exc: BaseException) -> str:
    """Our own words for a failure: exception texts of http.client can quote the server."""
    if isinstance(exc, ssl.SSLCertVerificationError):
        return "the TLS certificate is not valid for this host"
    if isinstance(exc, ssl.SSLError):
        return "the TLS handshake failed"
    if isinstance(exc, zlib.error):
        return "the compressed body is corrupt"
    if isinstance(exc, http.client.HTTPException):
        return f"the server broke the HTTP protocol ({type(exc).__name__})"
    if isinstance(exc, OSError) and exc.strerror:
        return f"the connection failed: {exc.strerror}"
    return f"the connection failed ({type(exc).__name__})"


def finish(
    response: http.client.HTTPResponse,
    max_bytes: int,
    accept: Sequence[str] | None,
    deadline: Deadline,
) -> tuple[str, str, bytes]:
    """Media type, charset and body of a final answer; FetchStopped for every status but 2xx."""
    code = response.status
    if code == 404:
        raise FetchStopped(FetchStatus.NOT_FOUND, "HTTP 404")
    if code == 410:
        raise FetchStopped(FetchStatus.GONE, "HTTP 410")
    if not 200 <= code < 300:
        raise FetchStopped(FetchStatus.ERROR, f"HTTP {code}")
    media, charset = media_type(response.getheader("Content-Type"))
    if accept is not None and media not in accept:
        shown = repr(media[:80]) if media else "missing"  # a header, bounded; never the body
        raise FetchStopped(FetchStatus.UNSUPPORTED, f"content type {shown} is not read")
    return media, charset, read_body(response, max_bytes, deadline)
