"""The newsroom home: every article the user may see with its progress, readiness and pre-tag
job (home.js keeps them current through the desk's live feed)."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from annotations.models import JobState, Role, Verdict
from annotations.selectors.overview import list_articles_with_progress
from annotations.selectors.readiness import list_article_readiness
from annotations.services.access import signed_in

from .access import roles_by_newsroom
from .strings import JS_STRINGS

PER_PAGE = 50


def progress_parts(article: Any) -> list[dict[str, Any]]:
    """The stacked bar's segments (verdicts, then open) with counts and SVG x/width in percent,
    for an article of ``list_articles_with_progress`` (counts annotated)."""
    total = article.n_sentences
    counts = [(v, getattr(article, f"n_{v}")) for v in Verdict.values]
    counts.append(("open", total - article.n_annotated))
    parts, x = [], 0.0
    for kind, count in counts:
        width = 100.0 * count / total if total else 0.0
        parts.append({"kind": kind, "count": count, "x": round(x, 3), "width": round(width, 3)})
        x += width
    return parts


@login_required
def home(request: HttpRequest) -> HttpResponse:
    page = Paginator(list_articles_with_progress(user=request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    article: Any  # annotated and decorated for the template
    readiness = list_article_readiness(articles=list(page.object_list))
    for article in page.object_list:
        article.readiness = readiness[article.pk]
        article.blocker_text = "\n".join(b["message"] for b in article.readiness["blockers"])
        article.parts = progress_parts(article)
        article.job_running = article.job_state in (JobState.QUEUED, JobState.RUNNING)
        article.job_percent = round(100 * (article.job_progress or 0))
    roles = roles_by_newsroom(signed_in(request.user))
    can_import = any(role.at_least(Role.EDITOR) for role in roles.values())
    return render(
        request,
        "web/home.html",
        {
            "page": page,
            "can_import": can_import,
            "has_newsroom": bool(roles),
            "js_strings": JS_STRINGS,
        },
    )
