"""The article workspace: the text in reading order, marked up, with the verdict panel; the
article's versions (older ones read-only) and the verdicts a new version left behind."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from annotations.models import Article, ArticleVersion, Role
from annotations.selectors.articles import get_article, latest_pretag_job, list_sentences
from annotations.selectors.members import list_members
from annotations.selectors.versions import get_version, list_orphans, list_versions
from annotations.services.access import role_in

from .markup import article_markup
from .presenters import SPAN_KINDS, decorate, host_forms, orphan_out, sentence_out
from .strings import JS_STRINGS
from .versions import VersionForm


def _article_or_404(request: HttpRequest, article_id: int) -> Article:
    article = get_article(user=request.user, article_id=article_id)
    if article is None:  # missing and another newsroom's look the same
        raise Http404
    return article


def _shown_version(request: HttpRequest, article: Article) -> ArticleVersion | None:
    """The older version asked for with ``?version=N``; None for the current one."""
    raw = request.GET.get("version")
    if not raw or raw == str(article.version):
        return None
    version = get_version(article=article, number=int(raw)) if raw.isdigit() else None
    if version is None:
        raise Http404
    return version


def _body_context(article: Article, shown: ArticleVersion | None = None) -> dict[str, Any]:
    sentences = list(list_sentences(article=article, version_id=shown.pk if shown else None))
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
    shown = _shown_version(request, article)
    context = _body_context(article, shown)
    role = role_in(request.user, article.newsroom_id) or Role.VIEWER
    # An older version is a record: everyone reads it as a viewer would.
    acting = Role.VIEWER if shown else role
    members = [
        {"id": m.user_id, "username": m.user.get_username()}
        for m in list_members(user=request.user, newsroom_id=article.newsroom_id)
        if m.role != Role.VIEWER
    ]
    job = context["job"]
    source_unicode, source_ascii = host_forms(article.source_url)
    versions = list(list_versions(article=article))
    orphans = [] if shown else [orphan_out(a) for a in list_orphans(article=article)]
    context.update(
        role=role,
        js_strings=JS_STRINGS,
        can_edit=acting.at_least(Role.EDITOR),
        can_review=acting.at_least(Role.REVIEWER),
        can_import=role.at_least(Role.EDITOR) and not shown,
        shown_version=shown,
        versions=versions,
        orphans=orphans,
        version_form=VersionForm(),
        span_kinds=SPAN_KINDS,
        source_unicode=source_unicode,
        source_ascii=source_ascii,
        config={
            "article": article.pk,
            "newsroom": article.newsroom_id,
            "user": {"id": request.user.pk, "username": request.user.get_username()},
            "role": acting.value,
            "version": shown.number if shown else article.version,
            "readonly": shown is not None,
            "members": members,
            # An older version's text never changes: nothing to follow there.
            "job": None if job is None or shown else {"id": job.pk, "state": job.state},
            "selected": request.GET.get("sentence"),
        },
    )
    return render(request, "web/workspace.html", context)


@login_required
def article_body(request: HttpRequest, article_id: int) -> HttpResponse:
    """The marked-up text alone, which the workspace swaps in once the pre-tags arrive."""
    article = _article_or_404(request, article_id)
    return render(
        request, "web/_article_body.html", _body_context(article, _shown_version(request, article))
    )
