"""Refuse a request whose body cannot or should not be read, before anything reads it.

Every door (the API and the pages) passes through :class:`RequestGuardMiddleware`:
- a declared charset that is not UTF-8 on a form, or one that is no text encoding at all
  (``bz2_codec``, a made-up name): Django would raise deep inside ``request.POST`` or even
  ``request.GET`` and log a long traceback per request;
- a chunked body without Content-Length: read here (bounded) when the server has de-chunked it
  (gunicorn sets ``wsgi.input_terminated``), refused with 411 otherwise, never taken as empty;
- a declared length over the limit: 413 before a byte is read or spooled to disk.

Each refusal writes one log line. The API answers in its JSON shape, the pages with the app's
own page (see ``annotations.web.errors``).
"""

import codecs
import io
import logging
from collections.abc import Callable

from django.conf import settings
from django.core.handlers.wsgi import LimitedStream
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import Resolver404, resolve

from annotations.services.text import describe_size

from .errors import error_body

logger = logging.getLogger(__name__)

FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
# Routes whose body carries an article (pasted or as a file): FACTCHECK_MAX_ARTICLE_BODY_BYTES.
ARTICLE_ROUTES = frozenset(
    {"web:import", "web:new-version", "api:articles", "api:article-versions"}
)
# Routes whose page shows the refusal inside the form, keeping the small fields the user typed.
FORM_KEEPING_ROUTES = frozenset({"web:import"})
# How much of a refused multipart body is read to recover those fields.
KEPT_PREFIX_BYTES = 64 * 1024
KEPT_FIELD_BYTES = 8 * 1024


# Where the WSGI wrapper keeps a charset it took off the Content-Type (see CharsetGuard).
STRIPPED_CHARSET = "factcheck.stripped_charset"


class CharsetGuard:
    """WSGI wrapper: take a charset other than UTF-8 off the Content-Type before Django sees it.

    Django adopts the declared charset while it builds the request, and decodes the query
    string with it there (``bz2_codec``, or ``utf-7`` on ``?q=a+b``, raises), outside every
    middleware and handler, so the server would answer its bare 500. The charset is kept in the
    environ, and :class:`RequestGuardMiddleware` refuses the request with the app's answer.
    """

    def __init__(self, application: Callable) -> None:
        self.application = application

    def __call__(self, environ: dict, start_response: Callable) -> object:
        content_type = environ.get("CONTENT_TYPE", "")
        if "charset" in content_type.lower():
            from django.utils.http import parse_header_parameters

            main, params = parse_header_parameters(content_type)
            declared = params.get("charset")
            if declared is not None and _codec_name(declared) != "utf-8":
                environ[STRIPPED_CHARSET] = declared
                kept = [f"{key}={value}" for key, value in params.items() if key != "charset"]
                environ["CONTENT_TYPE"] = "; ".join([main, *kept])
        return self.application(environ, start_response)


def _codec_name(declared: str) -> str | None:
    try:
        info = codecs.lookup(declared.strip().strip('"').lower())
    except LookupError:
        return None
    return info.name if getattr(info, "_is_text_encoding", True) else None


class Refusal(Exception):
    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


class RequestGuardMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            check_charset(request)
            read_chunked_body(request)
            check_length(request)
        except Refusal as refusal:
            if refusal.status == 413 and _route_name(request) in FORM_KEEPING_ROUTES:
                # The view shows the message in its form; the CSRF check still runs on the
                # token recovered from the body's first part.
                keep_small_fields(request)
                request.refused_body = refusal.message  # type: ignore[attr-defined]
                _log(request, refusal)
                response = self.get_response(request)
                response._has_been_logged = True  # type: ignore[attr-defined]
                drain(request)
                return response
            response = self.refuse(request, refusal)
            drain(request)
            return response
        return self.get_response(request)

    @staticmethod
    def refuse(request: HttpRequest, refusal: Refusal) -> HttpResponse:
        _log(request, refusal)
        response: HttpResponse
        if request.path.startswith("/api/"):
            response = JsonResponse(
                error_body(refusal.code, refusal.message), status=refusal.status
            )
        else:
            from annotations.web.errors import refusal_page

            response = refusal_page(request, refusal.status, refusal.message)
        # One line per refusal is enough; Django would add "Bad Request: /path" after ours.
        response._has_been_logged = True  # type: ignore[attr-defined]
        return response


def _log(request: HttpRequest, refusal: Refusal) -> None:
    logger.warning(
        "refused %s %s from %s: %s %s",
        request.method,
        request.path[:200],
        request.META.get("REMOTE_ADDR", "-"),
        refusal.status,
        refusal.message[:200],
    )


def drain(request: HttpRequest) -> None:
    """Read and drop what is left of a refused body, up to FACTCHECK_MAX_DRAIN_BYTES.

    A browser still sending its upload when the server closes the connection gets a TCP reset
    and shows "connection reset" instead of our page (seen with Chromium on a 6 MB import).
    Nothing is kept: memory and disk stay untouched. A body declared larger than the cap is not
    drained at all (the client may see the reset; it sent far more than any form takes).
    """
    declared = request.META.get("CONTENT_LENGTH") or ""
    cap = settings.FACTCHECK_MAX_DRAIN_BYTES
    # API clients read an early answer; a client that declares more than it sends would hold
    # the worker until the socket times out, so only browsers' pages are drained.
    if request.path.startswith("/api/") or not declared.isdigit() or int(declared) > cap:
        return
    stream = request._stream
    left = int(declared)
    while left > 0:
        chunk = stream.read(min(64 * 1024, left))
        if not chunk:
            break
        left -= len(chunk)


def check_charset(request: HttpRequest) -> None:
    """UTF-8 for forms; for any other body at least a real text encoding (the JSON parser
    answers for a text one that is not UTF-8)."""
    stripped = request.META.get(STRIPPED_CHARSET)
    declared = stripped or (request.content_params or {}).get("charset")
    if declared is None:
        return
    name = _codec_name(declared)
    printable = declared.encode("ascii", "replace").decode()[:40]
    status = 415 if request.path.startswith("/api/") else 400
    if name is None:
        raise Refusal(
            status,
            "unsupported_charset",
            f"The request declares the character set {printable!r}, which is not a text "
            "encoding we read. Send it as UTF-8.",
        )
    # A text charset on JSON is the parser's to refuse, unless the WSGI wrapper took it away.
    if name != "utf-8" and (stripped or request.content_type in FORM_TYPES):
        raise Refusal(
            status,
            "unsupported_charset",
            f"The form was sent as {printable!r}; only UTF-8 is accepted. Reload the page and "
            "send it again.",
        )


def read_chunked_body(request: HttpRequest) -> None:
    """A body sent in chunks, without Content-Length: Django would read it as empty."""
    meta = request.META
    if (
        meta.get("CONTENT_LENGTH")
        or "chunked" not in meta.get("HTTP_TRANSFER_ENCODING", "").lower()
    ):
        return
    if not meta.get("wsgi.input_terminated"):
        raise Refusal(
            411,
            "length_required",
            "Send the body with a Content-Length header; this server cannot read chunked bodies.",
        )
    limit = _limit_for(request)
    stream = meta["wsgi.input"]
    chunks: list[bytes] = []
    size = 0
    while size <= limit:
        chunk = stream.read(min(64 * 1024, limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    if size > limit:
        raise Refusal(413, "too_large", _too_large_message(None, limit))
    body = b"".join(chunks)
    meta["CONTENT_LENGTH"] = str(len(body))
    # Django reads any file-like object here; the stubs say BinaryIO.
    request._stream = LimitedStream(io.BytesIO(body), len(body))  # type: ignore[assignment]


def check_length(request: HttpRequest) -> None:
    declared = request.META.get("CONTENT_LENGTH") or ""
    if not declared:
        return
    if not declared.isdigit():
        raise Refusal(400, "bad_request", "The Content-Length header is not a number.")
    size = int(declared)
    if size <= settings.FACTCHECK_MAX_BODY_BYTES:
        return
    limit = _limit_for(request)
    if size > limit:
        raise Refusal(413, "too_large", _too_large_message(size, limit))


def _too_large_message(size: int | None, limit: int) -> str:
    shown, allowed = (describe_size(size) if size else ""), describe_size(limit)
    if shown == allowed:  # just over: rounding would make both read "2.5 MB"
        shown, allowed = f"{size:,} bytes", f"{limit:,} bytes"
    what = f"The request is {shown}" if size else "The request is too large"
    return (
        f"{what}; the limit is {allowed}. An article's text may be at most "
        f"{describe_size(settings.FACTCHECK_MAX_TEXT_BYTES)}, a file at most "
        f"{describe_size(settings.FACTCHECK_MAX_UPLOAD_BYTES)}."
    )


def _limit_for(request: HttpRequest) -> int:
    if _route_name(request) in ARTICLE_ROUTES:
        return settings.FACTCHECK_MAX_ARTICLE_BODY_BYTES
    return settings.FACTCHECK_MAX_BODY_BYTES


def _route_name(request: HttpRequest) -> str | None:
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return None
    return match.view_name


def keep_small_fields(request: HttpRequest) -> None:
    """Replace the refused body by the small fields found complete in its first 64 KB.

    Browsers send the fields in page order (the CSRF token, the title, …) before the long text
    and the file, so these survive; the rest of the body is never read.
    """
    from django.http import QueryDict
    from django.utils.datastructures import MultiValueDict

    kept = QueryDict(mutable=True)
    boundary = (request.content_params or {}).get("boundary", "")
    request.refused_file = False  # type: ignore[attr-defined]
    if request.content_type == "multipart/form-data" and boundary:
        prefix = request._stream.read(KEPT_PREFIX_BYTES)
        for name, value in _complete_fields(prefix, boundary.encode("ascii", "ignore")):
            kept.appendlist(name, value)
        # Which field to put the message on: the file, when one was on its way.
        request.refused_file = b'; filename="' in prefix  # type: ignore[attr-defined]
    request._post = kept  # type: ignore[attr-defined]
    request._files = MultiValueDict()  # type: ignore[attr-defined]


def _complete_fields(prefix: bytes, boundary: bytes) -> list[tuple[str, str]]:
    fields: list[tuple[str, str]] = []
    parts = prefix.split(b"--" + boundary)
    # The last piece may be cut off by the prefix: only parts followed by a boundary count.
    for part in parts[1:-1]:
        head, _sep, value = part.partition(b"\r\n\r\n")
        disposition = next(
            (
                line
                for line in head.split(b"\r\n")
                if line.lower().startswith(b"content-disposition:")
            ),
            b"",
        ).decode("utf-8", "replace")
        if "filename=" in disposition or 'name="' not in disposition:
            continue
        name = disposition.split('name="', 1)[1].split('"', 1)[0]
        value = value.removesuffix(b"\r\n")
        if len(value) <= KEPT_FIELD_BYTES:
            fields.append((name, value.decode("utf-8", "replace")))
    return fields
