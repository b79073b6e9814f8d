"""The audit trail: what a revision remembers, and writing one (or many at once).

Every service that changes a verdict, its review state, its assignee or its place in an article
version records it here, so the trail has one shape whoever wrote it.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db import connection
from django.utils import timezone

from annotations.models import Annotation, Evidence, Revision
from annotations.selectors.handwritten import insert


def evidence_dict(item: Any) -> dict[str, Any]:
    """An evidence row or input as the trail and the API show it."""
    return {
        "url": item.url,
        "title": item.title,
        "publisher": item.publisher,
        "excerpt": item.excerpt,
        "stance": item.stance,
    }


def snapshot(annotation: Annotation | None, evidence: list[Evidence] | None = None) -> dict:
    """What a revision remembers of an annotation."""
    if annotation is None:
        return {}
    items = evidence if evidence is not None else list(annotation.evidence.all())
    return {
        "verdict": annotation.verdict,
        "rationale": annotation.rationale,
        "review_state": annotation.review_state,
        "evidence": [evidence_dict(e) for e in items],
    }


def _sentence_id(annotation: Annotation | None) -> int:
    if annotation is None:
        raise ValueError("A revision needs its annotation or its sentence.")
    return annotation.sentence_id


def record(
    *,
    action: str,
    actor: User | None,
    before: dict,
    after: dict,
    annotation: Annotation | None = None,
    sentence_id: int | None = None,
) -> Revision:
    """Write one revision of ``annotation`` (on its sentence) or of a sentence without one."""
    return insert(
        Revision(
            sentence_id=sentence_id if sentence_id is not None else _sentence_id(annotation),
            annotation=annotation,
            version=annotation.version if annotation else 0,
            action=action,
            actor=actor if actor is not None and actor.is_authenticated else None,
            before=before,
            after=after,
        )
    )


@dataclass(frozen=True, slots=True)
class PendingRevision:
    """A revision to write together with others (see ``record_many``)."""

    sentence_id: int
    annotation_id: int | None
    version: int
    action: str
    before: dict
    after: dict


INSERT_REVISION = """
    INSERT INTO annotations_revision
        (sentence_id, annotation_id, version, action, actor_id, created_at, "before", "after")
    VALUES (%s, %s, %s, %s, %s, %s, %s, %s)
"""


def record_many(revisions: Sequence[PendingRevision], *, actor: User | None) -> None:
    """Write many revisions in one round trip, whatever their number (a re-import moves
    hundreds of verdicts at once). Same rows as ``record`` would write, one timestamp."""
    if not revisions:
        return
    json_field = Revision._meta.get_field("before")
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    created_at = Revision._meta.get_field("created_at").get_db_prep_value(
        timezone.now(), connection
    )

    def adapt(value: dict) -> Any:
        return json_field.get_db_prep_value(value, connection)

    rows = [
        (
            r.sentence_id,
            r.annotation_id,
            r.version,
            r.action,
            actor_id,
            created_at,
            adapt(r.before),
            adapt(r.after),
        )
        for r in revisions
    ]
    with connection.cursor() as cursor:
        cursor.executemany(INSERT_REVISION, rows)
