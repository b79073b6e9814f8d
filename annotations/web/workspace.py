"""The article workspace: the text in reading order, marked up, with the verdict panel."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from annotations.models import Article, Role
from annotations.selectors.articles import get_article, latest_pretag_job, list_sentences
from annotations.selectors.members import list_members
from annotations.services.access import role_in

from .markup import article_markup
from .presenters import SPAN_KINDS, decorate, host_forms, sentence_out
from .strings import JS_STRINGS


def _article_or_404(request: HttpRequest, article_id: int) -> Article:
    article = get_article(user=request.user, article_id=article_id)
    if article is None:  # missing and another newsroom's look the same
        raise Http404
    return article


def _body_context(article: Article) -> dict[str, Any]:
    sentences = list(list_sentences(article=article))
    job = latest_pretag_job(article=article)
    return {
        "article": article,
        "article_markup": article_markup(decorate(sentences)),
        "sentences_data": [sentence_out(s) for s in sentences],
        "tagged": any(s.pretag_id for s in sentences),
        "job": job,
    }


@login_required
def workspace(request: HttpRequest, article_id: int) -> HttpResponse:
    article = _article_or_404(request, article_id)
    context = _body_context(article)
    role = role_in(request.user, article.newsroom_id) or Role.VIEWER
    members = [
        {"id": m.user_id, "username": m.user.get_username()}
        for m in list_members(user=request.user, newsroom_id=article.newsroom_id)
        if m.role != Role.VIEWER
    ]
    job = context["job"]
    source_unicode, source_ascii = host_forms(article.source_url)
    context.update(
        role=role,
        js_strings=JS_STRINGS,
        can_edit=role.at_least(Role.EDITOR),
        can_review=role.at_least(Role.REVIEWER),
        span_kinds=SPAN_KINDS,
        source_unicode=source_unicode,
        source_ascii=source_ascii,
        config={
            "article": article.pk,
            "newsroom": article.newsroom_id,
            "user": {"id": request.user.pk, "username": request.user.get_username()},
            "role": role.value,
            "members": members,
            "job": None if job is None else {"id": job.pk, "state": job.state},
            "selected": request.GET.get("sentence"),
        },
    )
    return render(request, "web/workspace.html", context)


@login_required
def article_body(request: HttpRequest, article_id: int) -> HttpResponse:
    """The marked-up text alone, which the workspace swaps in once the pre-tags arrive."""
    article = _article_or_404(request, article_id)
    return render(request, "web/_article_body.html", _body_context(article))
