"""Is an article ready to publish its fact-check? And if not, what stands in the way."""

from collections.abc import Sequence
from typing import Any, TypedDict

from django.db.models import Count, Q

from annotations.models import AnchorState, Article, ReviewState, Sentence, Verdict
from annotations.services.attributed_words import message_of

# Verdicts that make a statement about the claim and therefore need a source behind them.
NEEDS_EVIDENCE = (Verdict.VERIFIED, Verdict.DISPUTED)


class Blocker(TypedDict):
    code: str
    message: str
    sentences: list[int]


def _blocker(code: str, ids: list[int], one: str, many: str) -> Blocker:
    message = (one if len(ids) == 1 else many).format(n=len(ids))
    return {"code": code, "message": message, "sentences": ids}


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
    return list_article_readiness(articles=[article])[article.pk]


def list_article_readiness(*, articles: Sequence[Article]) -> dict[int, dict[str, Any]]:
    """The readiness of each of ``articles`` (by id), as ``get_article_readiness`` gives it,
    in one query whatever their number (the home page lists fifty)."""
    rows_by_article: dict[int, list[tuple]] = {a.pk: [] for a in articles}
    current_ids = [a.current_version_id for a in articles if a.current_version_id is not None]
    if articles:
        for row in _readiness_rows(list(rows_by_article), current_ids):
            rows_by_article[row[0]].append(row[1:])
    return {a.pk: _readiness(rows_by_article[a.pk], a.current_version_id) for a in articles}


def _readiness_rows(article_ids: list[int], current_ids: list[int]) -> Any:
    current = Q(version_id__in=current_ids)
    return (
        Sentence.objects.filter(article_id__in=article_ids)
        .filter(
            current
            & (
                Q(heading=False, pretag__isnull=True)
                | Q(heading=False, pretag__claim=True)
                | Q(annotation__verdict__in=NEEDS_EVIDENCE)
                | Q(annotation__needs_recheck=True)
                | Q(annotation__isnull=False, annotation__attribution_check__isnull=True)
            )
            | (
                ~current
                & Q(annotation__isnull=False)
                & ~Q(annotation__anchor_state=AnchorState.CLOSED)
            )
        )
        .annotate(n_evidence=Count("annotation__evidence"))
        .order_by("article_id", "version_id", "ordinal")
        .values_list(
            "article_id",
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
            "pretag__spans",
        )  # fmt: skip
    )


def _readiness(rows: list[tuple], current_version_id: int | None) -> dict[str, Any]:
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
    blockers: list[Blocker] = []
    if untagged:
        blockers.append(
            _blocker(
                "not_pretagged",
                untagged,
                "1 sentence is not pre-tagged yet.",
                "{n} sentences are not pre-tagged yet.",
            )
        )
    if no_verdict:
        blockers.append(
            _blocker(
                "no_verdict",
                no_verdict,
                "1 check-worthy sentence has no verdict.",
                "{n} check-worthy sentences have no verdict.",
            )
        )
    if not_approved:
        blockers.append(
            _blocker(
                "not_approved",
                not_approved,
                "1 check-worthy verdict is not approved yet.",
                "{n} check-worthy verdicts are not approved yet.",
            )
        )
    if no_evidence:
        blockers.append(
            _blocker(
                "no_evidence",
                no_evidence,
                "1 verified or disputed verdict has no evidence link.",
                "{n} verified or disputed verdicts have no evidence link.",
            )
        )
    if recheck:
        blockers.append(
            _blocker(
                "needs_recheck",
                recheck,
                "1 verdict must be re-checked: a new version changed its sentence.",
                "{n} verdicts must be re-checked: a new version changed their sentences.",
            )
        )
    if unchecked:
        blockers.append(
            _blocker(
                "no_attribution_check",
                unchecked,
                "1 verdict on a quote or attribution has no attribution check.",
                "{n} verdicts on quotes or attributions have no attribution check.",
            )
        )
    if orphans:
        blockers.append(
            _blocker(
                "orphaned",
                orphans,
                "1 verdict lost its sentence in a new version; re-attach or close it.",
                "{n} verdicts lost their sentences in a new version; re-attach or close them.",
            )
        )
    return {"ready": not blockers, "blockers": blockers}
