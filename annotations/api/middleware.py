"""Refuse an oversized API request before anything reads its body."""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse

from .errors import error_body


class BodySizeLimitMiddleware:
    """413 for ``/api/`` requests whose Content-Length passes ``DATA_UPLOAD_MAX_MEMORY_SIZE``.

    Checking the declared length costs nothing and spares parsing megabytes that would be
    refused anyway; bodies without a length are still capped by Django while they are read.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/"):
            refusal = self.refusal(request.META.get("CONTENT_LENGTH") or "")
            if refusal is not None:
                return refusal
        return self.get_response(request)

    @staticmethod
    def refusal(declared: str) -> JsonResponse | None:
        if not declared:
            return None
        if not declared.isdigit():
            return JsonResponse(
                error_body("bad_request", "The Content-Length header is not a number."),
                status=400,
            )
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        if limit is not None and int(declared) > limit:
            return JsonResponse(
                error_body(
                    "too_large",
                    f"The request body is {int(declared):,} bytes; the limit is {limit:,}.",
                ),
                status=413,
            )
        return None
