"""Is an article ready to publish its fact-check? And if not, what stands in the way."""

from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any, TypedDict

from django.db.models import Case, Count, F, JSONField, Q, QuerySet, When
from django.utils.translation import get_language, ngettext_lazy

from annotations.models import AnchorState, Article, ReviewState, Sentence, Verdict
from annotations.services.attributed_words import message_of

# Verdicts that make a statement about the claim and therefore need a source behind them.
NEEDS_EVIDENCE = (Verdict.VERIFIED, Verdict.DISPUTED)


class Blocker(TypedDict):
    code: str
    message: str
    sentences: list[int]


# What each blocker says, in the language of the request (the code is what a program reads).
_MESSAGES = {
    "not_pretagged": ngettext_lazy(
        "%(n)s sentence is not pre-tagged yet.", "%(n)s sentences are not pre-tagged yet.", "n"
    ),
    "no_verdict": ngettext_lazy(
        "%(n)s check-worthy sentence has no verdict.",
        "%(n)s check-worthy sentences have no verdict.",
        "n",
    ),
    "not_approved": ngettext_lazy(
        "%(n)s check-worthy verdict is not approved yet.",
        "%(n)s check-worthy verdicts are not approved yet.",
        "n",
    ),
    "no_evidence": ngettext_lazy(
        "%(n)s verified or disputed verdict has no evidence link.",
        "%(n)s verified or disputed verdicts have no evidence link.",
        "n",
    ),
    "needs_recheck": ngettext_lazy(
        "%(n)s verdict must be re-checked: a new version changed its sentence.",
        "%(n)s verdicts must be re-checked: a new version changed their sentences.",
        "n",
    ),
    "no_attribution_check": ngettext_lazy(
        "%(n)s verdict on a quote or attribution has no attribution check.",
        "%(n)s verdicts on quotes or attributions have no attribution check.",
        "n",
    ),
    "orphaned": ngettext_lazy(
        "%(n)s verdict lost its sentence in a new version; re-attach or close it.",
        "%(n)s verdicts lost their sentences in a new version; re-attach or close them.",
        "n",
    ),
}


@lru_cache(maxsize=4096)
def _message(language: str | None, code: str, n: int) -> str:
    """The blocker's message for ``n`` sentences in ``language`` (the active one, a key of the
    cache): a newsroom's statistics read thousands of blockers, and a lazy plural costs ten
    times a cached one."""
    return str(_MESSAGES[code] % {"n": n})


def _blocker(code: str, ids: list[int], language: str | None) -> Blocker:
    return {"code": code, "message": _message(language, code, len(ids)), "sentences": ids}


# The columns ``_blockers`` reads, in its order.
_COLUMNS = (
    "pk",
    "version_id",
    "heading",
    "pretag_id",
    "pretag__claim",
    "annotation__verdict",
    "annotation__review_state",
    "annotation__needs_recheck",
    "n_evidence",
    "annotation__attribution_check",
    "text",
    "start",
    "unchecked_spans",
)


def _candidates(sentences: QuerySet[Sentence], current: Q) -> QuerySet[Sentence]:
    """The sentences that may stand in the way: of the current version (``current``) those
    untagged, check-worthy, needing evidence, a re-check or an attribution check; of older
    versions those whose verdict was left behind (open orphans)."""
    unchecked = Q(annotation__isnull=False, annotation__attribution_check__isnull=True)
    return sentences.filter(
        current
        & (
            Q(heading=False, pretag__isnull=True)
            | Q(heading=False, pretag__claim=True)
            | Q(annotation__verdict__in=NEEDS_EVIDENCE)
            | Q(annotation__needs_recheck=True)
            | unchecked
        )
        | (~current & Q(annotation__isnull=False) & ~Q(annotation__anchor_state=AnchorState.CLOSED))
    ).annotate(
        n_evidence=Count("annotation__evidence"),
        # The spans only where a missing attribution check may block: reading every claim's
        # JSON cost most of the time of a newsroom's readiness.
        unchecked_spans=Case(
            When(unchecked, then=F("pretag__spans")), default=None, output_field=JSONField()
        ),
    )


def get_article_readiness(*, article: Article) -> dict[str, Any]:
    """``{"ready": bool, "blockers": [{code, message, sentences}]}`` in one query.

    Ready means: every body sentence of the current version has been pre-tagged, every
    check-worthy one has an approved verdict, every verified or disputed verdict has at least
    one evidence link, no verdict waits for a re-check after a new version, and no verdict was
    left behind on an older version (an open orphan), and every verdict on a sentence that
    quotes or attributes has its attribution checked. Blocker codes:
    ``not_pretagged``, ``no_verdict``, ``not_approved``, ``no_evidence``, ``needs_recheck``,
    ``orphaned``, ``no_attribution_check``; each lists the sentence ids in reading order
    (orphans: their old sentences).
    """
    rows = (
        _candidates(
            Sentence.objects.filter(article=article), Q(version_id=article.current_version_id)
        )
        .order_by("version_id", "ordinal")
        .values_list(*_COLUMNS)
    )
    blockers = _blockers(rows, article.current_version_id, get_language())
    return {"ready": not blockers, "blockers": blockers}


def list_article_readiness(*, articles: Sequence[Article]) -> dict[int, dict[str, Any]]:
    """The readiness of each of ``articles`` (by id), as ``get_article_readiness`` gives it,
    in one query whatever their number (the home page lists fifty)."""
    rows_by_article: dict[int, list[tuple[Any, ...]]] = {a.pk: [] for a in articles}
    if articles:
        rows = (
            _candidates(
                Sentence.objects.filter(article_id__in=list(rows_by_article)),
                Q(version_id=F("article__current_version_id")),
            )
            .order_by("article_id", "version_id", "ordinal")
            .values_list("article_id", *_COLUMNS)
        )
        for article_id, *row in rows:
            rows_by_article[article_id].append(tuple(row))
    language = get_language()
    found = {
        a.pk: _blockers(rows_by_article[a.pk], a.current_version_id, language) for a in articles
    }
    return {pk: {"ready": not blockers, "blockers": blockers} for pk, blockers in found.items()}


def list_article_blockers(*, newsroom_id: int) -> dict[int, list[Blocker]]:
    """The blockers of every article of the newsroom that has any, by article id (an article
    absent is ready by these rules), in one query: the same rules as
    ``get_article_readiness``, so a page and a statistic never disagree."""
    rows = (
        _candidates(
            Sentence.objects.filter(article__newsroom_id=newsroom_id),
            Q(version_id=F("article__current_version_id")),
        )
        .order_by("article_id", "version_id", "ordinal")
        .values_list("article_id", "article__current_version_id", *_COLUMNS)
    )
    by_article: dict[int, tuple[int | None, list[tuple[Any, ...]]]] = {}
    for article_id, current_version_id, *row in rows:
        by_article.setdefault(article_id, (current_version_id, []))[1].append(tuple(row))
    language = get_language()
    found = {
        article_id: _blockers(article_rows, current_version_id, language)
        for article_id, (current_version_id, article_rows) in by_article.items()
    }
    return {article_id: blockers for article_id, blockers in found.items() if blockers}


def _blockers(
    rows: Iterable[tuple[Any, ...]], current_version_id: int | None, language: str | None
) -> list[Blocker]:
    """The blockers of one article from its candidate rows (``_COLUMNS``), in reading order,
    their messages in ``language``."""
    untagged: list[int] = []
    no_verdict: list[int] = []
    not_approved: list[int] = []
    no_evidence: list[int] = []
    recheck: list[int] = []
    orphans: list[int] = []
    unchecked: list[int] = []
    for row in rows:
        pk, version_id, heading, pretag_id, claim, verdict, state, pending, n_evidence = row[:9]
        if version_id != current_version_id:
            orphans.append(pk)
            continue
        check, text, start, spans = row[9:]
        if verdict is not None and check is None and message_of(text, start, spans):
            unchecked.append(pk)
        if pending:
            recheck.append(pk)
        if not heading and pretag_id is None:
            untagged.append(pk)
        elif not heading and claim:
            if verdict is None:
                no_verdict.append(pk)
            elif state != ReviewState.APPROVED:
                not_approved.append(pk)
        if verdict in NEEDS_EVIDENCE and n_evidence == 0:
            no_evidence.append(pk)
    found = (
        ("not_pretagged", untagged),
        ("no_verdict", no_verdict),
        ("not_approved", not_approved),
        ("no_evidence", no_evidence),
        ("needs_recheck", recheck),
        ("no_attribution_check", unchecked),
        ("orphaned", orphans),
    )
    return [_blocker(code, ids, language) for code, ids in found if ids]
