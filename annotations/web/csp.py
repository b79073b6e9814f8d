"""A Content-Security-Policy on every response: scripts and styles from our own origin only.

No inline scripts, no inline event handlers, nothing from other hosts; pages pass data to their
scripts through ``json_script`` and ``data-`` attributes. A view that needs another policy sets the
header itself and this middleware leaves it alone.
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


# Django's admin and Swagger UI set style attributes; inline styles cannot run code, so these
# pages alone may use them. Scripts stay 'self' everywhere.
INLINE_STYLE_PATHS = ("/admin/", "/api/docs/")
RELAXED_POLICY = POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            relaxed = request.path.startswith(INLINE_STYLE_PATHS)
            response["Content-Security-Policy"] = RELAXED_POLICY if relaxed else POLICY
        return response
