"""The app's own error pages: 400, 403, 404, 413 and 500, never a bare server page.

Django's handlers (``factcheck.urls``) and the request guard (``annotations.api.middleware``)
answer through here for the pages; under ``/api/`` the JSON shape of ``annotations.api.errors``
answers instead. Each page extends the site's base template, so it goes out through the same
middleware (Content-Security-Policy, X-Frame-Options, nosniff) as every other page. A refusal is
logged in one line, without the traceback Django would attach.
"""

import logging

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, HttpResponse
from django.template import loader
from django.utils.translation import gettext as _

from annotations.api import errors as api_errors

logger = logging.getLogger(__name__)

TEMPLATES = {400: "400.html", 403: "403.html", 404: "404.html", 413: "413.html", 500: "500.html"}


def refusal_page(request: HttpRequest, status: int, message: str) -> HttpResponse:
    """A page for a request refused before its view ran (bad charset, body too large, …)."""
    template = TEMPLATES.get(status, "400.html")
    return _render(request, template, status, message)


def _render(request: HttpRequest, template: str, status: int, message: str = "") -> HttpResponse:
    body = loader.render_to_string(template, {"message": message, "status": status}, request)
    return HttpResponse(body, status=status)


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _logged_once(request: HttpRequest, response: HttpResponse, what: str) -> HttpResponse:
    logger.warning(
        "%s %s %s from %s: %s",
        response.status_code,
        request.method,
        request.path[:200],
        request.META.get("REMOTE_ADDR", "-"),
        what[:200],
    )
    response._has_been_logged = True  # type: ignore[attr-defined]  # Django's flag: logged once
    return response


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return api_errors.json_bad_request(request, exception)
    if isinstance(exception, RequestDataTooBig):
        response = _render(request, "413.html", 413, _("The request is too large."))
    else:
        response = _render(
            request, "400.html", 400, _("The request could not be read. Reload the page.")
        )
    return _logged_once(request, response, type(exception).__name__)


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return api_errors.json_forbidden(request, exception)
    # A view's PermissionDenied carries a sentence for the person (e.g. which role it needs).
    return _render(request, "403.html", 403, str(exception or ""))


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    if _is_api(request):
        return api_errors.json_not_found(request, exception)
    return _render(request, "404.html", 404)


def server_error(request: HttpRequest) -> HttpResponse:
    """Rendered without the request's context: whatever failed (the database, a session) must
    not fail the error page too."""
    if _is_api(request):
        return api_errors.json_server_error(request)
    try:
        body: str = loader.render_to_string("500.html", {"status": 500})
    except Exception:
        logger.exception("the 500 page could not be rendered")
        body = FALLBACK_500
    return HttpResponse(body, status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without its CSRF token, or from another site: say what to do."""
    message = _(
        "This form has expired or your browser did not send its cookie. Reload the page and "
        "send the form again."
    )
    if _is_api(request):
        from django.http import JsonResponse

        return JsonResponse(api_errors.error_body("csrf_failed", message), status=403)
    return _render(request, "403.html", 403, message)


FALLBACK_500 = (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Something went wrong'
    "</title></head><body><main><h1>Something went wrong</h1><p>It has been logged. Try again "
    'in a moment.</p><p><a href="/">Back to the articles</a></p></main></body></html>'
)
