"""Correcting a pre-tag's payload: the speaker of a quote, the source of an attribution, the
date of a date tag. The corrections feed the acceptance figures of each tagger version
(``selectors.pretag_stats``); each one is a revision of its sentence.
"""

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from annotations.correctable import (
    FIELDS,
    CorrectableTag,
    correctable_tags,
    first_source,
    is_iso_date,
)
from annotations.models import (
    CorrectedField,
    CorrectionOrigin,
    OutcomeAction,
    PretagCorrection,
    Role,
    Sentence,
    SentenceTag,
)

from .access import require_role
from .errors import InvalidInput, grouped
from .revisions import record
from .text import check_characters
from .versions import require_current_version

MAX_VALUE = 200


def _clean_value(field: str, value: str | None) -> str:
    value = " ".join((value or "").split())
    if not value:
        if field == CorrectedField.DATE:
            raise InvalidInput(
                gettext_noop("Give the corrected date; it cannot be blank."), field="value"
            )
        raise InvalidInput(
            gettext_noop("Give the corrected name; it cannot be blank."), field="value"
        )
    if len(value) > MAX_VALUE:
        raise InvalidInput(
            gettext_noop("The value has %(count)s characters; the limit is %(limit)s."),
            field="value",
            code="too_long",
            params={"count": grouped(len(value)), "limit": MAX_VALUE},
        )
    check_characters(value, field="value", allow_newlines=False)
    if field == CorrectedField.DATE and not is_iso_date(value):
        raise InvalidInput(
            gettext_noop(
                "%(value)s is no date; write it as 2024-05-03, 2024-05, 2024-W19 or 2024."
            ),
            field="value",
            params={"value": repr(value)},
        )
    return value


def _find_tag(tag: SentenceTag | None, kind: str, start: int, field: str) -> CorrectableTag:
    if field not in CorrectedField.values:
        raise InvalidInput(
            gettext_noop("Unknown field %(field)s; choose from %(choices)s."),
            field="field",
            params={"field": repr(field), "choices": ", ".join(CorrectedField.values)},
        )
    if kind not in FIELDS or FIELDS[kind][0] != field:
        pairs = ", ".join(f"{k}: {f}" for k, (f, _keys) in FIELDS.items())
        raise InvalidInput(
            gettext_noop("A %(kind)s tag has no %(field)s to correct (%(pairs)s)."),
            field="kind",
            params={"kind": repr(kind), "field": repr(field), "pairs": pairs},
        )
    if tag is None:
        raise InvalidInput(
            gettext_noop("This sentence is not pre-tagged yet."), field="start", code="no_tag"
        )
    for found in correctable_tags(tag.spans):
        if found.key == (kind, start, field):
            return found
    raise InvalidInput(
        gettext_noop("The sentence has no %(kind)s tag starting at %(start)s."),
        field="start",
        code="no_tag",
        params={"kind": kind, "start": start},
    )


def _state(correction: PretagCorrection | None) -> dict:
    if correction is None:
        return {}
    return {
        "pretag_correction": {
            "kind": correction.kind,
            "start": correction.start,
            "field": correction.field,
            "pretag_value": correction.pretag_value,
            "value": correction.value,
            "tagger_version": correction.tagger_version,
        }
    }


def _save(
    *, sentence: Sentence, tag: SentenceTag, found: CorrectableTag, value: str, editor: User,
    origin: str,
) -> PretagCorrection | None:  # fmt: skip
    """Upsert or withdraw one correction with its revision; a no-op writes nothing."""
    current = (
        PretagCorrection.objects.select_for_update()
        .filter(tag=tag, kind=found.kind, start=found.start, field=found.field)
        .first()
    )
    before = _state(current)
    if value == found.value:  # the pre-tagger was right after all
        if current is None:
            return None
        current.delete()
        _record(editor, sentence, before, {})
        return None
    if current is not None and current.value == value:
        return current
    if current is None:
        current = PretagCorrection(
            sentence=sentence, tag=tag, tagger_version=tag.tagger_version, kind=found.kind,
            start=found.start, field=found.field, pretag_value=found.value,
        )  # fmt: skip
    current.value, current.origin, current.by, current.at = value, origin, editor, timezone.now()
    current.save()
    _record(editor, sentence, before, _state(current))
    return current


@transaction.atomic
def correct_pretag(
    *, sentence: Sentence, editor: User, kind: str, start: int, field: str, value: str
) -> PretagCorrection | None:
    """Record the editor's value for one tag of the sentence's current pre-tags; returns the
    correction, or None when the value is the pre-tagger's own (an earlier correction is then
    withdrawn). Idempotent: the same value again writes nothing.

    Editor role, the article's current version. An unknown field, a kind without that field,
    a tag the sentence lacks or a blank or malformed value raise InvalidInput naming the field,
    and nothing is written.
    """
    require_role(editor, sentence.article.newsroom_id, Role.EDITOR)
    require_current_version(sentence)
    tag = SentenceTag.objects.filter(pk=sentence.pretag_id).first() if sentence.pretag_id else None
    found = _find_tag(tag, kind, start, field)
    cleaned = _clean_value(field, value)
    assert tag is not None  # _find_tag refuses a sentence without pre-tags
    return _save(
        sentence=sentence, tag=tag, found=found, value=cleaned, editor=editor,
        origin=CorrectionOrigin.PANEL,
    )  # fmt: skip


def note_checked_source(*, sentence: Sentence, editor: User, source: str) -> None:
    """An attribution check names ``source``: when the pre-tagger named another, that is a
    correction of its source (recorded once, in the same row the panel writes); when it names
    the pre-tagger's, an earlier correction is withdrawn. Call inside the check's transaction."""
    tag = SentenceTag.objects.filter(pk=sentence.pretag_id).first() if sentence.pretag_id else None
    found = first_source(tag.spans) if tag is not None else None
    if tag is None or found is None:
        return  # the pre-tagger named nobody: a miss, not a correction
    _save(
        sentence=sentence, tag=tag, found=found, value=source, editor=editor,
        origin=CorrectionOrigin.ATTRIBUTION_CHECK,
    )  # fmt: skip


def _record(editor: User, sentence: Sentence, before: dict, after: dict) -> None:
    record(
        action=OutcomeAction.CORRECT_PRETAG, actor=editor, before=before, after=after,
        sentence_id=sentence.pk,
    )  # fmt: skip
