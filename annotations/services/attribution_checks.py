"""The desk's attribution check on a sentence, beside (not inside) its verdict."""

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext_noop

from annotations.models import (
    Annotation,
    AttributionCheck,
    AttributionResult,
    RevisionAction,
    Role,
    Sentence,
    SourceType,
)

from .access import require_role
from .errors import InvalidInput, InvalidTransition, grouped
from .pretag_corrections import note_checked_source
from .revisions import record
from .text import check_characters, clean_url
from .versions import require_current_version

MAX_SOURCE_CHARS = 200
MAX_RATIONALE_CHARS = 20_000


def attribution_dict(check: AttributionCheck | None) -> dict[str, str] | None:
    """The check as the revision trail and the exports keep it."""
    if check is None:
        return None
    return {
        "result": check.result,
        "source": check.source,
        "source_type": check.source_type,
        "rationale": check.rationale,
        "evidence_url": check.evidence_url,
    }


def _clean(
    result: str, source: str, source_type: str, rationale: str, evidence_url: str
) -> dict[str, str]:
    if result not in AttributionResult.values:
        raise InvalidInput(
            gettext_noop("Choose the attribution from %(choices)s."),
            field="result",
            params={"choices": ", ".join(AttributionResult.values)},
        )
    if source_type not in SourceType.values:
        raise InvalidInput(
            gettext_noop("Choose the source type from %(choices)s."),
            field="source_type",
            params={"choices": ", ".join(SourceType.values)},
        )
    source = " ".join(source.split())
    if not source:
        raise InvalidInput(
            gettext_noop("Name the person or organisation the sentence quotes."), field="source"
        )
    for name, value, limit in (
        ("source", source, MAX_SOURCE_CHARS),
        ("rationale", rationale, MAX_RATIONALE_CHARS),
    ):
        if len(value) > limit:
            raise InvalidInput(
                gettext_noop("The %(field)s has %(count)s characters; the limit is %(limit)s."),
                field=name,
                code="too_long",
                params={"field": name, "count": grouped(len(value)), "limit": grouped(limit)},
            )
    check_characters(source, field="source", allow_newlines=False)
    check_characters(rationale, field="rationale")
    url = clean_url(evidence_url, field="evidence_url", required=False) if evidence_url else ""
    return {
        "result": result,
        "source": source,
        "source_type": source_type,
        "rationale": rationale,
        "evidence_url": url,
    }


@transaction.atomic
def set_attribution_check(
    *,
    sentence: Sentence,
    editor: User,
    result: str,
    source: str,
    source_type: str = SourceType.PERSON,
    rationale: str = "",
    evidence_url: str = "",
) -> AttributionCheck:
    """Record (or change) whether the sentence's source said what it says they said.

    Editor role; the sentence needs a verdict first (the check sits beside it) and must be of
    the article's current version. An edit is kept as a revision; saving the same check again
    writes nothing. A source other than the pre-tagger's is recorded as a correction of the
    pre-tag (``pretag_corrections.note_checked_source``). Bad input raises InvalidInput naming
    the field, and nothing is written.
    """
    require_role(editor, sentence.article.newsroom_id, Role.EDITOR)
    require_current_version(sentence)
    fields = _clean(result, source, source_type, rationale, evidence_url)
    annotation = Annotation.objects.select_for_update().filter(sentence=sentence).first()
    if annotation is None:
        # A state of the sentence, not a fault of the request: 409, as for review transitions.
        raise InvalidTransition(
            gettext_noop("Give the sentence a verdict before checking its attribution."),
            code="verdict_required",
        )
    check = AttributionCheck.objects.filter(annotation=annotation).first()
    before = attribution_dict(check)
    if check is not None and before == fields:
        return check
    if check is None:
        check = AttributionCheck(annotation=annotation)
    for name, value in fields.items():
        setattr(check, name, value)
    check.updated_by = editor
    check.save()
    if before is None or before["source"] != fields["source"]:
        note_checked_source(sentence=sentence, editor=editor, source=fields["source"])
    record(
        action=RevisionAction.EDIT,
        actor=editor,
        annotation=annotation,
        before={"attribution_check": before},
        after={"attribution_check": fields},
    )
    return check
