"""One JSON error shape for every API failure: ``{"code", "message", "fields"?}``.

DRF calls :func:`exception_handler` for everything raised inside an API view; the ``json_*``
views answer Django's own 400/404/500 for ``/api/`` paths, so no client ever sees an HTML page
or a traceback there.
"""

import logging
import sys
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views import defaults
from rest_framework import exceptions
from rest_framework.response import Response

from annotations.services.errors import ServiceError, StaleVersion

logger = logging.getLogger(__name__)

# DRF exception class -> our stable code (the first match wins, so subclasses come first).
DRF_CODES: list[tuple[type[exceptions.APIException], str]] = [
    (exceptions.ValidationError, "invalid"),
    (exceptions.ParseError, "malformed"),
    (exceptions.NotAuthenticated, "not_authenticated"),
    (exceptions.AuthenticationFailed, "authentication_failed"),
    (exceptions.PermissionDenied, "forbidden"),
    (exceptions.NotFound, "not_found"),
    (exceptions.MethodNotAllowed, "method_not_allowed"),
    (exceptions.NotAcceptable, "not_acceptable"),
    (exceptions.UnsupportedMediaType, "unsupported_media_type"),
    (exceptions.Throttled, "too_many_requests"),
]


def error_body(
    code: str, message: str, fields: dict[str, list[str]] | None = None, **extra: Any
) -> dict[str, Any]:
    body: dict[str, Any] = {"code": code, "message": message}
    if fields:
        body["fields"] = fields
    body.update(extra)
    return body


def flatten_fields(detail: Any, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested errors as ``{"evidence[0].url": ["msg"]}``, the names services use too."""
    flat: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            if isinstance(key, int):  # a ListSerializer reports items by index
                flat.update(flatten_fields(value, f"{prefix}[{key}]"))
            else:
                flat.update(flatten_fields(value, f"{prefix}.{key}" if prefix else str(key)))
    elif isinstance(detail, list) and any(isinstance(item, dict | list) for item in detail):
        for index, value in enumerate(detail):
            if value:
                flat.update(flatten_fields(value, f"{prefix}[{index}]"))
    elif isinstance(detail, list):
        flat[prefix or "non_field_errors"] = [str(item) for item in detail]
    else:
        flat[prefix or "non_field_errors"] = [str(detail)]
    return flat


def _first_message(fields: dict[str, list[str]]) -> str:
    for name, messages in fields.items():
        if messages:
            return messages[0] if name == "non_field_errors" else f"{name}: {messages[0]}"
    return "The request is not valid."


def _service_error(exc: ServiceError, context: dict[str, Any]) -> Response:
    extra: dict[str, Any] = {}
    headers: dict[str, str] = {}
    if isinstance(exc, StaleVersion):
        # The caller needs the state that won, to show it and to retry with its ETag.
        from .output import annotation_out, etag_of

        sentence_id = _sentence_id(exc, context)
        if sentence_id is not None:
            extra["current"] = annotation_out(exc.current, sentence_id=sentence_id)
            headers["ETag"] = etag_of(sentence_id, exc.current.version if exc.current else 0)
    body = error_body(exc.code, exc.message, exc.fields, **extra)
    return Response(body, status=exc.status, headers=headers)


def _sentence_id(exc: StaleVersion, context: dict[str, Any]) -> int | None:
    if exc.current is not None:
        return exc.current.sentence_id
    kwargs = context.get("kwargs") or {}
    return kwargs.get("pk")


def _drf_error(exc: exceptions.APIException) -> Response:
    code = next(
        (code for cls, code in DRF_CODES if isinstance(exc, cls)),
        getattr(exc, "default_code", None) or "error",
    )
    headers: dict[str, str] = {}
    if getattr(exc, "auth_header", None):
        headers["WWW-Authenticate"] = exc.auth_header  # type: ignore[attr-defined]
    if getattr(exc, "wait", None):
        headers["Retry-After"] = str(int(exc.wait))  # type: ignore[attr-defined]
    if isinstance(exc, exceptions.ValidationError):
        fields = flatten_fields(exc.detail)
        body = error_body(code, _first_message(fields), fields)
    else:
        detail = exc.detail
        if isinstance(detail, dict):
            code = str(detail.get("code", code))
            message = str(detail.get("message") or detail.get("detail") or "")
        else:
            message = str(detail)
        body = error_body(code, message)
    return Response(body, status=exc.status_code, headers=headers)


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response:
    """Every exception raised in an API view becomes the JSON shape; nothing escapes as a 500."""
    if isinstance(exc, ServiceError):
        return _service_error(exc, context)
    if isinstance(exc, Http404):
        return Response(error_body("not_found", "Not found."), status=404)
    if isinstance(exc, DjangoPermissionDenied):
        return Response(error_body("forbidden", "You may not do this."), status=403)
    if isinstance(exc, RequestDataTooBig):
        return Response(error_body("too_large", str(exc) or "The request is too large."), 413)
    if isinstance(exc, SuspiciousOperation):
        return Response(error_body("bad_request", "The request was refused."), status=400)
    if isinstance(exc, exceptions.APIException):
        return _drf_error(exc)
    if isinstance(exc, OperationalError | InterfaceError):
        logger.error("database unavailable: %s", exc)
        return Response(
            error_body("unavailable", "The database is not reachable. Try again shortly."),
            status=503,
            headers={"Retry-After": "5"},
        )
    logger.exception("unexpected error in %s", context.get("view"))
    return Response(
        error_body("server_error", "Something went wrong on our side; it has been logged."),
        status=500,
    )


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def json_bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Django's 400 (e.g. a body too large to read) as JSON under /api/."""
    if not _is_api(request):
        return defaults.bad_request(request, exception)
    if isinstance(exception, RequestDataTooBig):
        return JsonResponse(error_body("too_large", "The request body is too large."), status=413)
    return JsonResponse(error_body("bad_request", "The request was refused."), status=400)


def json_forbidden(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Django's 403 under /api/ (outside DRF's views), in the JSON shape."""
    return JsonResponse(error_body("forbidden", "You may not do this."), status=403)


def json_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Unknown /api/ paths answer like missing objects."""
    if not _is_api(request):
        return defaults.page_not_found(request, exception)
    return JsonResponse(error_body("not_found", "Not found."), status=404)


def json_server_error(request: HttpRequest) -> HttpResponse:
    """Django's last resort under /api/; a lost database is a 503 here too."""
    if not _is_api(request):
        return defaults.server_error(request)
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return JsonResponse(
            error_body("unavailable", "The database is not reachable. Try again shortly."),
            status=503,
        )
    return JsonResponse(
        error_body("server_error", "Something went wrong on our side; it has been logged."),
        status=500,
    )
