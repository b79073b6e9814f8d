"""How good each tagger version was on one newsroom's articles, judged by what the desk did.

Each pre-tag (one sentence, one tagger version) of a current article version is one case:

- flagged: the tagger called the sentence a claim;
- confirmed (true positive): flagged, and the desk gave it a verdict (any verdict: it took the
  claim up);
- dismissed (false positive): flagged, no verdict, and an editor dismissed it as not a claim;
- missed (false negative): not flagged, yet the desk gave it a verdict;
- open: flagged and neither confirmed nor dismissed yet; it counts nowhere.

The acceptance of speakers and of dates: among the tags of that kind (quotes' speakers and
attributions' sources; dates) on the sentences the desk acted on (a verdict or a dismissal),
accepted means no editor corrected it (``PretagCorrection``, which also holds an attribution
check's differing source, once).

A verdict wins over a dismissal (the service refuses both at once; a race could leave both).
Sentences of superseded article versions are left out: their verdicts moved to the current
version, and counting both would count one decision twice. Undone dismissals do not count.
"""

import math
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Exists, F, Max, Min, OuterRef, Q

from annotations.correctable import GROUPS, correctable_tags
from annotations.models import Dismissal, PretagCorrection, SentenceTag

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


def _current_tags(newsroom_id: int) -> Any:
    return SentenceTag.objects.filter(
        sentence__article__newsroom_id=newsroom_id,
        sentence__version_id=F("sentence__article__current_version_id"),
    )


def _acceptance(newsroom_id: int) -> dict[str, dict[str, dict[str, int]]]:
    """Per tagger version and group (speakers, dates): tags on decided sentences and how many
    of them were corrected. Two queries: the decided sentences' tag sets (their spans are
    counted here, JSON being read alike by SQLite and PostgreSQL only in Python) and the
    newsroom's corrections."""
    verdict = Q(sentence__annotation__isnull=False)
    dismissed = Exists(
        Dismissal.objects.filter(sentence_id=OuterRef("sentence_id"), undone_at__isnull=True)
    )
    decided = (
        _current_tags(newsroom_id)
        .filter(verdict | Q(dismissed))
        .values_list("id", "tagger_version", "spans")
    )
    corrected = set(
        PretagCorrection.objects.filter(sentence__article__newsroom_id=newsroom_id).values_list(
            "tag_id", "kind", "start", "field"
        )
    )
    counts: dict[str, dict[str, dict[str, int]]] = {}
    for tag_id, version, spans in decided:
        groups = counts.setdefault(
            version, {group: {"tags": 0, "corrected": 0} for group in ("speakers", "dates")}
        )
        for found in correctable_tags(spans):
            group = groups[GROUPS[found.field]]
            group["tags"] += 1
            group["corrected"] += (tag_id, *found.key) in corrected
    return counts


def _accepted(counts: dict[str, int] | None) -> dict[str, Any]:
    tags = counts["tags"] if counts else 0
    accepted = tags - (counts["corrected"] if counts else 0)
    return {"tags": tags, "accepted": accepted, "rate": _maybe(wilson(accepted, tags))}


def _counts(newsroom_id: int) -> list[dict[str, Any]]:
    """One aggregate query: counts per tagger version, whatever the number of sentences."""
    verdict = Q(sentence__annotation__isnull=False)
    active_dismissal = Exists(
        Dismissal.objects.filter(sentence_id=OuterRef("sentence_id"), undone_at__isnull=True)
    )
    rows = (
        _current_tags(newsroom_id)
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
    F1 with 95 % intervals (null while their denominator is 0), and the acceptance of its
    speakers and dates (``{tags, accepted, rate}``, the rate with the same interval). Three
    queries, whatever the number of sentences."""
    acceptance = _acceptance(newsroom_id)
    rows = []
    for row in _counts(newsroom_id):
        accepted = acceptance.get(row["tagger_version"], {})
        tp, fp, fn = row["confirmed"], row["dismissed"], row["missed"]
        rows.append(
            {
                **row,
                "open": row["flagged"] - tp - fp,
                "precision": _maybe(wilson(tp, tp + fp)),
                "recall": _maybe(wilson(tp, tp + fn)),
                "f1": _maybe(f1_estimate(tp, fp, fn)),
                "speakers": _accepted(accepted.get("speakers")),
                "dates": _accepted(accepted.get("dates")),
            }
        )
    return rows
