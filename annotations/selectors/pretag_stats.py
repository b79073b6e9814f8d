"""How good each tagger version was on one newsroom's articles, judged by what the desk did.

Each pre-tag (one sentence, one tagger version) of a current article version is one case:

- flagged: the tagger called the sentence a claim;
- confirmed (true positive): flagged, and the desk gave it a verdict (any verdict: it took the
  claim up);
- dismissed (false positive): flagged, no verdict, and an editor dismissed it as not a claim;
- missed (false negative): not flagged, yet the desk gave it a verdict;
- open: flagged and neither confirmed nor dismissed yet; it counts nowhere.

A verdict wins over a dismissal (the service refuses both at once; a race could leave both).
Sentences of superseded article versions are left out: their verdicts moved to the current
version, and counting both would count one decision twice. Undone dismissals do not count.
"""

import math
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, F, Max, Min, OuterRef, Q

from annotations.models import Dismissal, SentenceTag

Z_95 = 1.959964


@dataclass(frozen=True, slots=True)
class Estimate:
    """A proportion with its 95 % interval."""

    value: float
    low: float
    high: float

    def as_dict(self) -> dict[str, float]:
        return {
            "value": round(self.value, 4),
            "low": round(self.low, 4),
            "high": round(self.high, 4),
        }


def wilson(successes: int, total: int, z: float = Z_95) -> Estimate | None:
    """The share ``successes / total`` with its Wilson score interval (None when total is 0).

    Wilson rather than the normal approximation: it stays inside [0, 1] and is honest for the
    small counts a desk has in its first weeks with a new tagger version.
    """
    if total <= 0:
        return None
    p = successes / total
    z2 = z * z
    denominator = 1 + z2 / total
    centre = (p + z2 / (2 * total)) / denominator
    half = z * math.sqrt(p * (1 - p) / total + z2 / (4 * total * total)) / denominator
    return Estimate(p, max(0.0, centre - half), min(1.0, centre + half))


def f1_estimate(tp: int, fp: int, fn: int) -> Estimate | None:
    """F1 with a 95 % interval: F1 = 2J / (1 + J) for the Jaccard share J = tp / (tp + fp + fn),
    a monotone map, so the Wilson interval of J maps to an interval of F1."""
    jaccard = wilson(tp, tp + fp + fn)
    if jaccard is None:
        return None

    def to_f1(j: float) -> float:
        return 2 * j / (1 + j)

    return Estimate(to_f1(jaccard.value), to_f1(jaccard.low), to_f1(jaccard.high))


def _counts(newsroom_id: int) -> list[dict[str, Any]]:
    """One aggregate query: counts per tagger version, whatever the number of sentences."""
    verdict = Q(sentence__annotation__isnull=False)
    active_dismissal = Exists(
        Dismissal.objects.filter(sentence_id=OuterRef("sentence_id"), undone_at__isnull=True)
    )
    rows = (
        SentenceTag.objects.filter(
            sentence__article__newsroom_id=newsroom_id,
            sentence__version_id=F("sentence__article__current_version_id"),
        )
        .values("tagger_version")
        .annotate(
            tagged=Count("id"),
            flagged=Count("id", filter=Q(claim=True)),
            confirmed=Count("id", filter=Q(claim=True) & verdict),
            dismissed=Count("id", filter=Q(claim=True) & ~verdict & Q(active_dismissal)),
            missed=Count("id", filter=Q(claim=False) & verdict),
            first_tagged_at=Min("created_at"),
            last_tagged_at=Max("created_at"),
        )
        .order_by("tagger_version")
    )
    return [dict(row) for row in rows]


def _maybe(estimate: Estimate | None) -> dict[str, float] | None:
    return estimate.as_dict() if estimate is not None else None


def list_pretag_stats(*, newsroom_id: int) -> list[dict[str, Any]]:
    """Per tagger version of the newsroom's pre-tags: the counts above, precision, recall and
    F1 with 95 % intervals (null while their denominator is 0). One query."""
    rows = []
    for row in _counts(newsroom_id):
        tp, fp, fn = row["confirmed"], row["dismissed"], row["missed"]
        rows.append(
            {
                **row,
                "open": row["flagged"] - tp - fp,
                "precision": _maybe(wilson(tp, tp + fp)),
                "recall": _maybe(wilson(tp, tp + fn)),
                "f1": _maybe(f1_estimate(tp, fp, fn)),
            }
        )
    return rows
