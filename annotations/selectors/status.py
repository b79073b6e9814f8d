"""Review status: counts per verdict and review state, progress, and the pre-tag job."""

from typing import Any

from django.db.models import Count, Q, QuerySet

from annotations.models import Article, ReviewState, Sentence, Verdict

from .articles import latest_pretag_job
from .readiness import get_article_readiness


def _counts(sentences: QuerySet[Sentence]) -> dict[str, Any]:
    aggregates: dict[str, Any] = {
        "sentences": Count("pk"),
        "checkworthy": Count("pk", filter=Q(pretag__claim=True)),
        "annotated": Count("annotation"),
    }
    for verdict in Verdict.values:
        aggregates[f"verdict_{verdict}"] = Count("pk", filter=Q(annotation__verdict=verdict))
    for state in ReviewState.values:
        aggregates[f"state_{state}"] = Count("pk", filter=Q(annotation__review_state=state))
    row = sentences.filter(heading=False).aggregate(**aggregates)
    verdicts = {v: row[f"verdict_{v}"] for v in Verdict.values}
    states = {s: row[f"state_{s}"] for s in ReviewState.values}
    total = row["sentences"]
    return {
        "sentences": total,
        "checkworthy": row["checkworthy"],
        "annotated": row["annotated"],
        "open": total - row["annotated"],
        "verdicts": verdicts,
        "review_states": states,
        # Share of sentences with a verdict: what the stacked progress bars show.
        "progress": round(row["annotated"] / total, 4) if total else 0.0,
    }


def get_article_status(*, article: Article) -> dict[str, Any]:
    """Counts for one article's current version (headings excluded), its latest pre-tag job,
    and whether it is ready to publish (``ready``, ``blockers``: see
    ``readiness.get_article_readiness``)."""
    status = _counts(Sentence.objects.filter(version_id=article.current_version_id))
    job = latest_pretag_job(article=article)
    status["pretag_job"] = (
        None
        if job is None
        else {
            "id": job.pk,
            "state": job.state,
            "progress": job.progress,
            "error": job.error,
            # Detector warnings of a finished run: [{ordinal, warning}] (at most about a
            # hundred listed) and how many there were in all.
            "warnings": list((job.result or {}).get("warnings") or []),
            "warnings_total": int((job.result or {}).get("warnings_total") or 0),
        }
    )
    status.update(get_article_readiness(article=article))
    return status


def get_newsroom_status(*, sentences: QuerySet[Sentence]) -> dict[str, Any]:
    """The same counts over every sentence the caller may see."""
    return _counts(sentences)
