"""The one function that fetches from the web, and cannot be turned against our own network.

Every hop (the first URL and each redirect) is checked before any connection: http or https
only, a port from FACTCHECK_FETCH_PORTS, the host resolved once and every answer a public
address (see fetch_address). The connection then goes to the checked address itself (see
fetch_connection), so a DNS answer that changes afterwards reaches nothing. Bodies are read only
for the accepted content types, up to ``max_bytes``, within a total deadline and an idle limit.
Error messages are ours alone: nothing the upstream server sent (body, reason phrase, a garbled
status line) is ever quoted back.

FACTCHECK_LINKCHECK_ALLOW (test-only; production refuses to start with it) names ``host:port``
pairs, as URLs spell them after normalisation, that skip the address and port rules.
"""

import http.client
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urljoin, urlsplit

from django.conf import settings

from .fetch_address import (
    InvalidHost,
    IPAddress,
    Resolver,
    normalise_host,
    parse_address,
    parse_allow_entry,
    resolve_within,
    system_resolver,
    why_not_public,
)
from .fetch_connection import Deadline, PinnedHTTPConnection, PinnedHTTPSConnection
from .fetch_response import error_message, finish
from .fetch_result import FetchResult, FetchStatus, FetchStopped

__all__ = ["FetchResult", "FetchStatus", "fetch"]

CLIENT_NAME = "factcheck-workbench-linkcheck/1.0"
_REDIRECTS = frozenset((301, 302, 303, 307, 308))
_URL_SAFE = "/?#[]@!$&'()*+,;=:%~-._"
# The content types a link check reads: HTML (XHTML too), PDF and plain text.
PAGE_TYPES = ("text/html", "application/xhtml+xml", "application/pdf", "text/plain")


@dataclass(frozen=True)
class _Target:
    scheme: str
    host: str
    port: int
    addresses: tuple[IPAddress, ...]
    request_target: str


def _allowed_pairs() -> frozenset[tuple[str, int]]:
    return frozenset(parse_allow_entry(e) for e in settings.FACTCHECK_LINKCHECK_ALLOW)


def _check(
    url: str, resolver: Resolver, allowed_pairs: frozenset[tuple[str, int]], deadline: Deadline
) -> _Target:
    """Everything decided before a connection; FetchStopped for a target we must not reach."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise FetchStopped(FetchStatus.UNSUPPORTED, "the URL cannot be parsed") from exc
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise FetchStopped(
            FetchStatus.UNSUPPORTED, f"only http and https are fetched, not {scheme!r}"
        )
    try:
        host, literal = normalise_host(parts.hostname or "")
    except InvalidHost as exc:
        raise FetchStopped(FetchStatus.UNSUPPORTED, str(exc)) from exc
    port = port or (443 if scheme == "https" else 80)
    allowed = (host, port) in allowed_pairs
    if port not in settings.FACTCHECK_FETCH_PORTS and not allowed:
        raise FetchStopped(FetchStatus.UNSUPPORTED, f"port {port} is not fetched")
    if literal is not None:
        addresses: tuple[IPAddress, ...] = (literal,)
    else:
        try:
            answer = resolve_within(resolver, host, port, deadline.remaining())
            addresses = tuple(parse_address(a) for a in answer)
        except TimeoutError:
            raise
        except (OSError, UnicodeError, ValueError) as exc:
            raise FetchStopped(FetchStatus.ERROR, f"the host {host} could not be resolved") from exc
        if not addresses:
            raise FetchStopped(FetchStatus.ERROR, f"the host {host} has no address")
    if not allowed:
        for ip in addresses:  # one private answer among public ones is refused too
            reason = why_not_public(ip)
            if reason:
                prefix = "" if literal is not None else f"{host} resolves to "
                raise FetchStopped(FetchStatus.BLOCKED, prefix + reason)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    # Non-ASCII and spaces percent-encoded, as a browser sends them; what is legal stays as is.
    return _Target(scheme, host, port, addresses, quote(target, safe=_URL_SAFE))


class _Hop:
    """Where a fetch has got to: the URL being fetched, the redirects so far, the last answer."""

    def __init__(self, url: str) -> None:
        self.start = url
        self.url = url
        self.redirects: list[str] = []
        self.http_status: int | None = None
        self.address = ""

    def follow(self, location: str) -> None:
        self.url = urljoin(self.url, location.strip()).partition("#")[0]
        self.redirects.append(self.url)

    def result(self, status: FetchStatus, **fields: Any) -> FetchResult:
        return FetchResult(
            status=status,
            url=self.start,
            final_url=self.url,
            http_status=self.http_status,
            redirects=tuple(self.redirects),
            address=self.address,
            **fields,
        )


def _request_headers(accept: Sequence[str] | None, extra: dict[str, str] | None) -> dict[str, str]:
    return {
        "User-Agent": CLIENT_NAME,
        "Accept": ", ".join(accept) if accept else "*/*",
        "Accept-Encoding": "gzip, identity",
        "Connection": "close",
        **(extra or {}),
    }


def fetch(
    url: str,
    *,
    max_bytes: int = 5_000_000,
    total_timeout: float = 10.0,
    idle_timeout: float = 1.0,
    max_redirects: int = 5,
    accept: Sequence[str] | None = PAGE_TYPES,
    resolver: Resolver | None = None,
    method: str = "GET",
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
) -> FetchResult:
    """Fetch a URL from the public web; never raises for anything the network or server does.

    ``accept=None`` takes any content type (a webhook receiver's reply). ``max_redirects=0``
    refuses every redirect. 301/302/303 turn a request into a GET without body, 307/308 keep it.
    """
    allowed_pairs = _allowed_pairs()  # a malformed setting raises here, loudly
    deadline = Deadline(total_timeout, idle_timeout)
    resolve = resolver or system_resolver
    hop = _Hop(url)
    try:
        while True:
            target = _check(hop.url, resolve, allowed_pairs, deadline)
            connection_class = (
                PinnedHTTPSConnection if target.scheme == "https" else PinnedHTTPConnection
            )
            connection = connection_class(
                target.host, target.port, addresses=target.addresses, deadline=deadline
            )
            response: http.client.HTTPResponse | None = None
            try:
                connection.request(
                    method,
                    target.request_target,
                    body=body,
                    headers=_request_headers(accept, headers),
                )
                hop.address = connection.peer
                response = connection.getresponse()
                hop.http_status = response.status
                location = response.getheader("Location")
                if response.status in _REDIRECTS and location:
                    if len(hop.redirects) >= max_redirects:
                        raise FetchStopped(
                            FetchStatus.ERROR,
                            f"stopped after {max_redirects} redirects"
                            if max_redirects
                            else "redirects are not followed",
                        )
                    hop.follow(location)
                    if response.status in (301, 302, 303):
                        method, body = "GET", None
                    continue
                media, charset, content = finish(response, max_bytes, accept, deadline)
            finally:
                if response is not None:
                    response.close()
                connection.close()
            status = FetchStatus.REDIRECTED if hop.redirects else FetchStatus.OK
            return hop.result(status, content_type=media, charset=charset, body=content)
    except FetchStopped as stop:
        return hop.result(stop.status, error=str(stop))
    except TimeoutError:
        message = f"no byte within {idle_timeout:g} s, or not done within {total_timeout:g} s"
        return hop.result(FetchStatus.TIMEOUT, error=message)
    except (OSError, http.client.HTTPException, ValueError, zlib.error) as exc:
        return hop.result(FetchStatus.ERROR, error=error_message(exc))
