"""How the desk is doing, for the statistics page and ``GET /api/stats/``: each figure one
aggregate query over one newsroom's rows, so the number of queries never grows with the data.

Weeks are ISO weeks (Monday first) in the server's time zone, labelled by their Monday. An
article counts as *ready* in the week its last verdict was approved, when it has body sentences
and an approved verdict, and the readiness rules of ``selectors.readiness`` find nothing in its
way (the same function answers both, so the statistics and the article page never disagree).
"""

import datetime
from typing import Any

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Max, Q
from django.db.models.functions import TruncWeek
from django.utils import timezone

from annotations.models import Annotation, Article, ReviewState, Revision, RevisionAction, Verdict

from .pretag_stats import list_pretag_stats
from .readiness import list_article_blockers


def _week(value: Any) -> str:
    if isinstance(value, datetime.datetime):
        value = value.date()
    return value.isoformat()


def _hours(value: datetime.timedelta | None) -> float | None:
    return None if value is None else round(value.total_seconds() / 3600, 2)


def verdict_mix(newsroom_id: int) -> list[dict[str, Any]]:
    """Per week of the first save: how many verdicts of each kind."""
    rows = (
        Annotation.objects.filter(sentence__article__newsroom_id=newsroom_id)
        .annotate(week=TruncWeek("created_at"))
        .values("week")
        .annotate(
            **{v: Count("id", filter=Q(verdict=v)) for v in Verdict.values}, total=Count("id")
        )
        .order_by("week")
    )
    return [{**row, "week": _week(row["week"])} for row in rows]


def _article_rows(newsroom_id: int) -> list[dict[str, Any]]:
    """Per article of the newsroom: when imported, and whether and when it became ready (two
    queries: the articles' body sentences and last approval, and the readiness blockers)."""
    current = Q(sentences__version_id=F("current_version_id"))
    approved = Q(sentences__annotation__review_state=ReviewState.APPROVED)
    articles: Any = (
        Article.objects.filter(newsroom_id=newsroom_id)
        .values("id", "created_at")
        .annotate(
            body=Count("sentences", filter=current & Q(sentences__heading=False)),
            last_approved=Max("sentences__annotation__reviewed_at", filter=current & approved),
        )
        .order_by("id")
    )
    blocked = list_article_blockers(newsroom_id=newsroom_id)
    rows: list[dict[str, Any]] = list(articles)
    for row in rows:
        approved_once = bool(row["body"]) and row["last_approved"] is not None
        row["ready"] = approved_once and row["id"] not in blocked
    return rows


def _monday(moment: datetime.datetime) -> str:
    day = timezone.localtime(moment).date()
    return (day - datetime.timedelta(days=day.weekday())).isoformat()


def articles_per_week(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    weeks: dict[str, dict[str, int]] = {}
    for row in rows:
        weeks.setdefault(_monday(row["created_at"]), {"imported": 0, "ready": 0})["imported"] += 1
        if row["ready"]:
            weeks.setdefault(_monday(row["last_approved"]), {"imported": 0, "ready": 0})[
                "ready"
            ] += 1
    return [{"week": week, **counts} for week, counts in sorted(weeks.items())]


def import_to_ready(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Hours from import to ready over the ready articles: count, median, mean."""
    hours = sorted(
        (r["last_approved"] - r["created_at"]).total_seconds() / 3600 for r in rows if r["ready"]
    )
    if not hours:
        return {"articles": 0, "median_hours": None, "mean_hours": None}
    middle = len(hours) // 2
    median = hours[middle] if len(hours) % 2 else (hours[middle - 1] + hours[middle]) / 2
    return {
        "articles": len(hours),
        "median_hours": round(median, 2),
        "mean_hours": round(sum(hours) / len(hours), 2),
    }


def review_turnaround(newsroom_id: int) -> list[dict[str, Any]]:
    """Per week of the review: verdicts reviewed and the mean hours from submission."""
    waited = ExpressionWrapper(F("reviewed_at") - F("submitted_at"), output_field=DurationField())
    rows = (
        Annotation.objects.filter(
            sentence__article__newsroom_id=newsroom_id,
            reviewed_at__isnull=False,
            submitted_at__isnull=False,
        )
        .annotate(week=TruncWeek("reviewed_at"))
        .values("week")
        .annotate(reviewed=Count("id"), mean=Avg(waited))
        .order_by("week")
    )
    return [
        {"week": _week(r["week"]), "reviewed": r["reviewed"], "mean_hours": _hours(r["mean"])}
        for r in rows
    ]


def editor_throughput(newsroom_id: int) -> list[dict[str, Any]]:
    """Per editor: verdicts first saved, of those submitted, approved, and changes requested."""
    rows = (
        Annotation.objects.filter(
            sentence__article__newsroom_id=newsroom_id, created_by__isnull=False
        )
        .values("created_by__username")
        .annotate(
            verdicts=Count("id"),
            approved=Count("id", filter=Q(review_state=ReviewState.APPROVED)),
            changes_requested=Count("id", filter=Q(review_state=ReviewState.CHANGES_REQUESTED)),
        )
        .order_by("-verdicts", "created_by__username")
    )
    return [
        {
            "editor": r["created_by__username"],
            **{k: v for k, v in r.items() if k != "created_by__username"},
        }
        for r in rows
    ]


def changes_requested_rate(newsroom_id: int) -> list[dict[str, Any]]:
    """Per week: reviews (approvals and requests for changes) and the share asking for changes."""
    decided = (RevisionAction.APPROVE, RevisionAction.REQUEST_CHANGES)
    rows = (
        Revision.objects.filter(sentence__article__newsroom_id=newsroom_id, action__in=decided)
        .annotate(week=TruncWeek("created_at"))
        .values("week")
        .annotate(
            reviews=Count("id"),
            changes_requested=Count("id", filter=Q(action=RevisionAction.REQUEST_CHANGES)),
        )
        .order_by("week")
    )
    return [
        {
            "week": _week(r["week"]),
            "reviews": r["reviews"],
            "changes_requested": r["changes_requested"],
            "rate": round(r["changes_requested"] / r["reviews"], 4),
        }
        for r in rows
    ]


def get_desk_stats(*, newsroom_id: int) -> dict[str, Any]:
    """Every figure of the statistics page for one newsroom, in a constant number of queries
    (nine, whatever the number of articles, sentences and verdicts)."""
    articles = _article_rows(newsroom_id)
    return {
        "newsroom": newsroom_id,
        "verdict_mix": verdict_mix(newsroom_id),
        "articles_per_week": articles_per_week(articles),
        "import_to_ready": import_to_ready(articles),
        "review_turnaround": review_turnaround(newsroom_id),
        "editor_throughput": editor_throughput(newsroom_id),
        "changes_requested": changes_requested_rate(newsroom_id),
        "pretag_versions": list_pretag_stats(newsroom_id=newsroom_id),
    }


__all__ = ["get_desk_stats"]
