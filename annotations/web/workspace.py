"""The article workspace: the text in reading order, marked up, with the verdict panel; the
article's versions (older ones read-only) and the verdicts a new version left behind.

A long article is shown in pages of ``PAGE_SIZE`` sentences (by ordinal range, so the server
holds one page of sentences at a time and the HTML stays small); ``?sentence=ID`` and
``?at=N`` (the N-th sentence) open the page that holds it.
"""

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Max
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from annotations.models import (
    Article,
    ArticleVersion,
    DismissalReason,
    Job,
    JobState,
    Role,
    Sentence,
)
from annotations.selectors.articles import get_article, latest_pretag_job, list_sentences
from annotations.selectors.comments import list_left_behind_threads
from annotations.selectors.members import list_members
from annotations.selectors.readiness import get_article_readiness
from annotations.selectors.versions import get_version, list_orphans, list_versions
from annotations.services.access import role_in

from .markup import article_markup
from .presenters import (
    SPAN_KINDS,
    decorate,
    host_forms,
    job_warnings,
    orphan_out,
    sentence_out,
)
from .reveal import reveal
from .strings import JS_STRINGS
from .versions import VersionForm

# Words only this page's script shows, beside the shared ones.
WORKSPACE_STRINGS = {"needs_recheck": _("needs re-check")}

# Sentences per page: a 5,000-sentence article is ten pages of about 0.6 MB of HTML each
# (four pre-tag spans a sentence; bench/workspace_page_bench.py).
PAGE_SIZE = 500


@dataclass(frozen=True, slots=True)
class Paging:
    """Which slice of the article a page shows; ``number`` counts from 1."""

    number: int
    count: int
    total: int
    first: int  # the first ordinal on the page
    selected_ordinal: int | None  # the sentence ``?at=`` or ``?sentence=`` asked for

    @property
    def end(self) -> int:
        """The ordinal just after the page (the slice is ``first <= ordinal < end``)."""
        return self.first + PAGE_SIZE

    @property
    def upto(self) -> int:
        """The number (from 1) of the page's last sentence, as the pager shows it."""
        return min(self.end, self.total)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.count

    def out(self) -> dict[str, int]:
        return {"page": self.number, "pages": self.count, "total": self.total, "size": PAGE_SIZE}


def article_or_404(request: HttpRequest, article_id: int) -> Article:
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


def _number(raw: str | None) -> int | None:
    return int(raw) if raw and raw.isdigit() and len(raw) < 10 else None


def _paging(request: HttpRequest, version_id: int | None) -> Paging:
    """The page ``?page=``, ``?at=`` or ``?sentence=`` asks for (two small queries at most);
    out-of-range numbers are clamped to the nearest page rather than refused."""
    sentences = Sentence.objects.filter(version_id=version_id)
    row = sentences.aggregate(n=Count("pk"), last=Max("ordinal"))
    total, last = row["n"], row["last"] if row["last"] is not None else -1
    count = max(1, last // PAGE_SIZE + 1)
    ordinal = None
    at = _number(request.GET.get("at"))
    sentence_id = _number(request.GET.get("sentence"))
    if at is not None:
        ordinal = max(0, min(at - 1, last))
    elif sentence_id is not None:
        ordinal = sentences.filter(pk=sentence_id).values_list("ordinal", flat=True).first()
    if ordinal is not None:
        number = ordinal // PAGE_SIZE + 1
    else:
        number = max(1, min(_number(request.GET.get("page")) or 1, count))
    return Paging(number, count, total, (number - 1) * PAGE_SIZE, ordinal)


def _finished_job(job: Job | None, shown: ArticleVersion | None) -> Job | None:
    """The pre-tag job whose warnings the page shows: a finished one, on the current text."""
    return job if job is not None and job.state == JobState.DONE and shown is None else None


def _body_context(
    request: HttpRequest, article: Article, shown: ArticleVersion | None = None
) -> dict[str, Any]:
    version_id = shown.pk if shown else article.current_version_id
    paging = _paging(request, version_id)
    page = list_sentences(article=article, version_id=version_id).filter(
        ordinal__gte=paging.first, ordinal__lt=paging.end
    )
    sentences = list(page)
    job = latest_pretag_job(article=article)
    warnings = job_warnings(_finished_job(job, shown))
    sentence: Any  # decorated for the template
    for sentence in sentences:
        sentence.warnings = warnings.by_ordinal.get(sentence.ordinal, [])
    selected = next((s.pk for s in sentences if s.ordinal == paging.selected_ordinal), None)
    return {
        "article": article,
        "article_markup": article_markup(decorate(sentences)),
        "sentences_data": [sentence_out(s) for s in sentences],
        "tagged": any(s.pretag_id for s in sentences),
        "job": job,
        "warnings": warnings,
        "shown_version": shown,
        "paging": paging,
        "selected": selected,
    }


def _open_claims_elsewhere(article: Article, paging: Paging) -> dict[str, int | None]:
    """The first check-worthy sentence without a verdict after this page and before it, so
    ``n`` carries on into the next page that has one (two one-row queries)."""
    if paging.count == 1:
        return {"after": None, "before": None}
    open_claims = (
        Sentence.objects.filter(
            version_id=article.current_version_id,
            heading=False,
            pretag__claim=True,
            annotation__isnull=True,
        )
        .order_by("ordinal")
        .values_list("pk", flat=True)
    )
    return {
        "after": open_claims.filter(ordinal__gte=paging.end).first(),
        "before": open_claims.filter(ordinal__lt=paging.first).first(),
    }


def header_readiness(article: Article, shown: ArticleVersion | None) -> dict[str, Any] | None:
    """Ready or not, and each blocker with the sentence ids it concerns (the current text)."""
    if shown is not None:
        return None
    readiness = get_article_readiness(article=article)
    for blocker in readiness["blockers"]:
        blocker["ids"] = " ".join(str(pk) for pk in blocker["sentences"])
    return readiness


@login_required
def workspace(request: HttpRequest, article_id: int) -> HttpResponse:
    article = article_or_404(request, article_id)
    shown = _shown_version(request, article)
    context = _body_context(request, article, shown)
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
    left_threads = (
        [] if shown or article.version == 1 else list_left_behind_threads(article=article)
    )
    context.update(
        role=role,
        js_strings={**JS_STRINGS, **WORKSPACE_STRINGS},
        can_edit=acting.at_least(Role.EDITOR),
        can_review=acting.at_least(Role.REVIEWER),
        can_import=role.at_least(Role.EDITOR) and not shown,
        readiness=header_readiness(article, shown),
        versions=versions,
        orphans=orphans,
        left_threads=left_threads,
        version_form=VersionForm(),
        span_kinds=SPAN_KINDS,
        dismiss_reasons=DismissalReason.choices,
        source_unicode=source_unicode,
        source_ascii=source_ascii,
        shown_title=reveal(article.title),
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
            "selected": context["selected"] or request.GET.get("sentence"),
            "paging": context["paging"].out(),
            "open_claims": {"after": None, "before": None}
            if shown
            else _open_claims_elsewhere(article, context["paging"]),
        },
    )
    return render(request, "web/workspace.html", context)


@login_required
def article_body(request: HttpRequest, article_id: int) -> HttpResponse:
    """The marked-up text of one page alone (and the job's status), which the workspace swaps
    in once the pre-tags arrive."""
    article = article_or_404(request, article_id)
    return render(
        request,
        "web/_article_body.html",
        _body_context(request, article, _shown_version(request, article)),
    )
