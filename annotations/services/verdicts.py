"""Setting the desk's verdict on a sentence, with evidence, under optimistic locking."""

from dataclasses import dataclass
from functools import cache
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from annotations.models import (
    Annotation,
    Evidence,
    ReviewState,
    Revision,
    RevisionAction,
    Role,
    Sentence,
    Stance,
    Verdict,
)
from annotations.selectors.handwritten import columns, fetch_one, instance, partial

from .access import require_role
from .errors import InvalidInput, StaleVersion
from .text import check_characters, clean_url

MAX_RATIONALE = 20_000
MAX_EVIDENCE = 50


@dataclass(frozen=True, slots=True)
class EvidenceInput:
    url: str
    title: str = ""
    publisher: str = ""
    excerpt: str = ""
    stance: str = Stance.SUPPORTS


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


def evidence_dict(item: Evidence | EvidenceInput) -> dict[str, Any]:
    return {
        "url": item.url,
        "title": item.title,
        "publisher": item.publisher,
        "excerpt": item.excerpt,
        "stance": item.stance,
    }


def clean_evidence(items: list[EvidenceInput]) -> list[EvidenceInput]:
    if len(items) > MAX_EVIDENCE:
        raise InvalidInput(f"At most {MAX_EVIDENCE} evidence links.", field="evidence")
    cleaned = []
    for index, item in enumerate(items):
        field = f"evidence[{index}]"
        if item.stance not in Stance.values:
            raise InvalidInput(
                f"Unknown stance {item.stance!r}; use supports, refutes or context.",
                field=f"{field}.stance",
            )
        for name, limit in (("title", 500), ("publisher", 200), ("excerpt", 5000)):
            value = getattr(item, name) or ""
            if len(value) > limit:
                raise InvalidInput(f"At most {limit} characters.", field=f"{field}.{name}")
            check_characters(value, field=f"{field}.{name}")
        cleaned.append(
            EvidenceInput(
                url=clean_url(item.url, field=f"{field}.url"),
                title=(item.title or "").strip(),
                publisher=(item.publisher or "").strip(),
                excerpt=(item.excerpt or "").strip(),
                stance=item.stance,
            )
        )
    return cleaned


def etag_of(sentence_id: int, version: int) -> str:
    """The strong ETag of a sentence's verdict, ``"<sentence id>-<version>"``: what a client
    sends back in If-Match. Every door that shows a version shows it in this form."""
    return f'"{sentence_id}-{version}"'


def current_version(sentence: Sentence) -> int:
    """0 while a sentence has no verdict; the annotation's version afterwards."""
    annotation = getattr(sentence, "annotation", None)
    return annotation.version if annotation else 0


@transaction.atomic
def set_verdict(
    *,
    sentence: Sentence,
    editor: AbstractBaseUser,
    verdict: str,
    rationale: str = "",
    evidence: list[EvidenceInput] | None = None,
    expected_version: int,
) -> Annotation:
    """Record the desk's verdict; raises StaleVersion if someone saved first.

    Any edit sends the annotation back to draft (an approved verdict must be reviewed again).
    A save that changes nothing keeps the version and writes no revision. The returned
    annotation carries its evidence as ``saved_evidence``, so callers need not read it again.
    """
    require_role(editor, sentence.article.newsroom_id, Role.EDITOR)
    if verdict not in Verdict.values:
        raise InvalidInput(
            "Choose a verdict: verified, disputed or unverified.", field="verdict", code="required"
        )
    rationale = (rationale or "").strip()
    if len(rationale) > MAX_RATIONALE:
        raise InvalidInput(f"At most {MAX_RATIONALE} characters.", field="rationale")
    check_characters(rationale, field="rationale")
    items = clean_evidence(evidence or [])

    annotation = _current_annotation(sentence.pk)
    if (annotation.version if annotation else 0) != expected_version:
        raise StaleVersion(
            "Someone else saved this verdict first. Look at their version before saving again.",
            current=annotation,
        )
    if annotation is None:
        return _create(sentence, editor, verdict, rationale, items)
    return _update(annotation, editor, verdict, rationale, items, expected_version)


@cache
def _annotation_with_authors() -> str:
    # Written by hand: it runs on every save, and Django takes 20 times longer to compile it than
    # the database takes to answer (see annotations/selectors/handwritten.py).
    return f"""
        SELECT {columns(Annotation, "annotation")}, creator.username, reviewer.username
        FROM annotations_annotation annotation
        LEFT JOIN auth_user creator ON creator.id = annotation.created_by_id
        LEFT JOIN auth_user reviewer ON reviewer.id = annotation.reviewed_by_id
        WHERE annotation.sentence_id = %s
    """


def _current_annotation(sentence_id: int) -> Annotation | None:
    """The sentence's annotation with the usernames its API shape shows, in one query."""
    row = fetch_one(_annotation_with_authors(), [sentence_id])
    if row is None:
        return None
    *_fields, creator_name, reviewer_name = row
    annotation = instance(Annotation, row)
    annotation.created_by = _author(annotation.created_by_id, creator_name)
    annotation.reviewed_by = _author(annotation.reviewed_by_id, reviewer_name)
    return annotation


def _author(user_id: int | None, username: str | None) -> AbstractBaseUser | None:
    if user_id is None:
        return None
    return partial(get_user_model(), id=user_id, username=username)


def _create(
    sentence: Sentence,
    editor: AbstractBaseUser,
    verdict: str,
    rationale: str,
    items: list[EvidenceInput],
) -> Annotation:
    try:
        with transaction.atomic():
            annotation = Annotation.objects.create(
                sentence=sentence,
                verdict=verdict,
                rationale=rationale,
                created_by=editor,
                updated_by=editor,
            )
    except IntegrityError as exc:  # another first save won the race
        raise StaleVersion(
            "Someone else saved this verdict first. Look at their version before saving again.",
            current=Annotation.objects.filter(sentence=sentence).first(),
        ) from exc
    saved = _insert_evidence(annotation, items)
    _record(annotation, editor, RevisionAction.EDIT, {}, snapshot(annotation, saved))
    annotation.saved_evidence = saved
    return annotation


def _update(
    annotation: Annotation,
    editor: AbstractBaseUser,
    verdict: str,
    rationale: str,
    items: list[EvidenceInput],
    expected_version: int,
) -> Annotation:
    stored = list(annotation.evidence.order_by("position"))
    before = snapshot(annotation, stored)
    wanted_evidence = [evidence_dict(i) for i in items]
    if (before["verdict"], before["rationale"], before["evidence"]) == (
        verdict,
        rationale,
        wanted_evidence,
    ):
        annotation.saved_evidence = stored
        return annotation
    now = timezone.now()
    updated = Annotation.objects.filter(pk=annotation.pk, version=expected_version).update(
        verdict=verdict,
        rationale=rationale,
        review_state=ReviewState.DRAFT,
        updated_by=editor,
        version=F("version") + 1,
        updated_at=now,
    )
    if not updated:
        annotation.refresh_from_db()
        raise StaleVersion(
            "Someone else saved this verdict first. Look at their version before saving again.",
            current=annotation,
        )
    # The conditional UPDATE proved the row was at expected_version, so its new state is known
    # without reading it back.
    annotation.verdict, annotation.rationale = verdict, rationale
    annotation.review_state, annotation.updated_by = ReviewState.DRAFT, editor
    annotation.version, annotation.updated_at = expected_version + 1, now
    unchanged = before["evidence"] == wanted_evidence
    saved = stored if unchanged else _replace_evidence(annotation, items)
    _record(annotation, editor, RevisionAction.EDIT, before, snapshot(annotation, saved))
    annotation.saved_evidence = saved
    return annotation


def _replace_evidence(annotation: Annotation, items: list[EvidenceInput]) -> list[Evidence]:
    annotation.evidence.all().delete()
    return _insert_evidence(annotation, items)


def _insert_evidence(annotation: Annotation, items: list[EvidenceInput]) -> list[Evidence]:
    if not items:
        return []
    return Evidence.objects.bulk_create(
        [
            Evidence(annotation=annotation, position=position, **evidence_dict(item))
            for position, item in enumerate(items)
        ]
    )


def _record(
    annotation: Annotation,
    actor: AbstractBaseUser,
    action: str,
    before: dict,
    after: dict,
) -> Revision:
    return Revision.objects.create(
        sentence_id=annotation.sentence_id,
        annotation=annotation,
        version=annotation.version,
        action=action,
        actor=actor,
        before=before,
        after=after,
    )
