"""gunicorn settings for every way the workbench starts its web server (``--config
factcheck/gunicorn_config.py``: ``manage.py serve``, ``scripts/production.py``, the benches).
Given by path, this file is all the master process reads (``python:factcheck.gunicorn_config``
works too, but imports the ``factcheck`` package and with it Celery: 12 MB more in the master),
so it imports nothing of the project.

gunicorn answers a request it cannot parse (a request line over ``limit_request_line``, too many
or too large header fields, a malformed line) itself, before Django sees it, with a bare HTML
page without our security headers. Its ``write_error`` is replaced here by one that answers in
the API's JSON error shape with the headers every other answer of the app carries; nothing of
the refused request is echoed back.
"""

import gc
import importlib.util
import json
from pathlib import Path
from typing import Any

from gunicorn import util


def _tune_allocator() -> None:
    """``factcheck/malloc.py`` by path (not through the package, see above), applied in the
    master before it forks: the workers start with it."""
    spec = importlib.util.spec_from_file_location(
        "_factcheck_malloc", Path(__file__).with_name("malloc.py")
    )
    if spec and spec.loader:
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        module.tune()


_tune_allocator()

# gunicorn's largest request line; the API's longest query (a search of 500 characters of any
# script, percent-encoded, with every filter) fits in it.
limit_request_line = 8190
limit_request_field_size = 8190

SECURITY_HEADERS = (
    ("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "same-origin"),
    ("Cache-Control", "no-store"),
)
ANSWERS = {
    400: ("bad_request", "The request could not be read (a malformed request line or header)."),
    403: ("forbidden", "The request was refused."),
    414: (
        "uri_too_long",
        f"The address is longer than this server reads ({limit_request_line:,} bytes for the "
        "request line). Shorten the query.",
    ),
    417: ("expectation_failed", "The Expect header is not supported."),
    431: ("headers_too_large", "The request's header fields are too many or too large."),
    500: ("server_error", "The server failed on this request."),
    501: ("not_implemented", "This transfer coding is not supported."),
}


def error_response(status: int, reason: str) -> bytes:
    """The whole HTTP answer to a request gunicorn refused before the application saw it."""
    code, message = ANSWERS.get(status, ("bad_request", f"The request was refused ({reason})."))
    body = json.dumps({"code": code, "message": message}).encode("utf-8")
    head = [
        f"HTTP/1.1 {status} {reason}",
        "Connection: close",
        "Content-Type: application/json",
        f"Content-Length: {len(body)}",
        *(f"{name}: {value}" for name, value in SECURITY_HEADERS),
    ]
    return ("\r\n".join(head) + "\r\n\r\n").encode("latin-1") + body


def write_error(sock: Any, status_int: int, reason: str, mesg: str) -> None:
    util.write_nonblock(sock, error_response(status_int, reason))


util.write_error = write_error


def post_worker_init(worker: Any) -> None:
    """Once a worker has loaded the application: load the URL patterns (and with them every
    view module) too, then move all that is loaded out of the collector's way. A full
    collection no longer walks the application's hundred thousand objects (25 ms, every few
    requests that allocate much, such as an export)."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (loads them)
    gc.collect()
    gc.freeze()
