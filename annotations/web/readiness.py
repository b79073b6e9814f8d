"""The article header's readiness alone, which the workspace fetches again when a verdict, a
review state or the pre-tags change (its own saves and colleagues' alike, as the live feed
reports them), so "not pre-tagged yet" or "3 verdicts are not approved" never linger."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .workspace import article_or_404, header_readiness


@login_required
def article_readiness(request: HttpRequest, article_id: int) -> HttpResponse:
    """The ``#readiness`` section of the current version (empty for nothing to show)."""
    article = article_or_404(request, article_id)
    response = render(
        request,
        "web/_readiness.html",
        {"article": article, "readiness": header_readiness(article, None)},
    )
    response["Cache-Control"] = "private, no-cache"
    return response
