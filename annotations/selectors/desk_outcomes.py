"""The desk's outcomes as training rows: a verdict says check-worthy, a dismissal says not.

Only sentences of current article versions count (a verdict moves with its sentence to a new
version; counting the old one too would count one decision twice), undone dismissals do not,
and a verdict wins over a dismissal, as in the pre-tag statistics.
"""

from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Q

from annotations.models import Annotation, Dismissal, Sentence


@dataclass(frozen=True, slots=True)
class DeskOutcome:
    sentence_id: int
    article_id: int
    language: str
    text: str
    checkworthy: bool


def list_desk_outcomes(*, newsroom_id: int | None = None) -> list[DeskOutcome]:
    """Every decided sentence (one query), of one newsroom or of all of them."""
    verdict = Exists(Annotation.objects.filter(sentence_id=OuterRef("pk")))
    dismissed = Exists(Dismissal.objects.filter(sentence_id=OuterRef("pk"), undone_at__isnull=True))
    sentences = Sentence.objects.filter(version_id=F("article__current_version_id"))
    if newsroom_id is not None:
        sentences = sentences.filter(article__newsroom_id=newsroom_id)
    rows = (
        sentences.annotate(verdict=verdict, dismissed=dismissed)
        .filter(Q(verdict=True) | Q(dismissed=True))
        .order_by("pk")
        .values_list("pk", "article_id", "article__language", "text", "verdict")
    )
    return [
        DeskOutcome(pk, article_id, language, text, bool(has_verdict))
        for pk, article_id, language, text, has_verdict in rows
    ]
