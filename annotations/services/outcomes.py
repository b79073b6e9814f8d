"""Dismissing a pre-tag as not a claim, and undoing that: the desk's negative outcomes.

A verdict says "this is a claim"; a dismissal says "it is not, because ...". Both feed the
precision of the tagger version that flagged the sentence (``selectors.pretag_stats``). Every
dismissal and undo is a revision of the sentence, like any other change the desk makes.
"""

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from annotations.models import Annotation, Dismissal, DismissalReason, OutcomeAction, Role, Sentence

from .access import require_role
from .errors import InvalidInput, InvalidTransition
from .revisions import record
from .text import check_characters
from .versions import require_current_version

MAX_NOTE = 1000


def allowed_reasons() -> str:
    return ", ".join(DismissalReason.values)


def clean_reason(reason: str | None) -> str:
    """The reason as stored; an unknown one is refused with the list of those allowed."""
    value = (reason or "").strip()
    if value not in DismissalReason.values:
        if not value:
            raise InvalidInput(
                gettext_noop("Unknown reason none; choose from %(choices)s."),
                field="reason",
                params={"choices": allowed_reasons()},
            )
        raise InvalidInput(
            gettext_noop("Unknown reason %(reason)s; choose from %(choices)s."),
            field="reason",
            params={"reason": repr(value), "choices": allowed_reasons()},
        )
    return value


def _clean_note(note: str | None) -> str:
    note = (note or "").strip()
    if len(note) > MAX_NOTE:
        raise InvalidInput(
            gettext_noop("At most %(limit)s characters."), field="note", params={"limit": MAX_NOTE}
        )
    check_characters(note, field="note")
    return note


def _state(dismissal: Dismissal | None) -> dict:
    """What a revision remembers of a dismissal."""
    if dismissal is None:
        return {}
    return {"dismissed": {"reason": dismissal.reason, "note": dismissal.note}}


def active_dismissal(sentence_id: int, *, lock: bool = False) -> Dismissal | None:
    dismissals = Dismissal.objects.filter(sentence_id=sentence_id, undone_at__isnull=True)
    if lock:  # only the dismissal's row: PostgreSQL cannot lock the outer-joined user
        dismissals = dismissals.select_for_update(of=("self",))
    return dismissals.select_related("by").first()


@transaction.atomic
def dismiss(
    *, sentence: Sentence, editor: User, reason: str, note: str = ""
) -> tuple[Dismissal, bool]:
    """Mark the sentence as no claim to check; returns the dismissal and whether it is new.

    Dismissing an already dismissed sentence changes its reason and note (a no-op when both are
    the same: no revision). A sentence with a verdict is a claim the desk took up: 409
    ``has_verdict`` (should both ever meet, the statistics let the verdict win). A sentence of
    a superseded article version: 409 ``article_version_changed``.
    """
    require_role(editor, sentence.article.newsroom_id, Role.EDITOR)
    require_current_version(sentence)
    reason = clean_reason(reason)
    note = _clean_note(note)
    if Annotation.objects.filter(sentence_id=sentence.pk).exists():
        raise InvalidTransition(
            gettext_noop(
                "This sentence already has a verdict, so it is a claim the desk took up; it "
                "cannot be dismissed as well."
            ),
            code="has_verdict",
        )
    now = timezone.now()
    current = active_dismissal(sentence.pk, lock=True)
    if current is not None:
        if (current.reason, current.note) == (reason, note):
            return current, False
        before = _state(current)
        current.reason, current.note, current.by, current.at = reason, note, editor, now
        current.save(update_fields=["reason", "note", "by", "at"])
        _record(OutcomeAction.DISMISS, editor, sentence, before, _state(current))
        return current, False
    try:
        with transaction.atomic():
            created = Dismissal.objects.create(
                sentence_id=sentence.pk, reason=reason, note=note, by=editor, at=now
            )
    except IntegrityError as exc:  # another editor dismissed it in the same instant
        raise InvalidTransition(
            gettext_noop("Someone dismissed this sentence at the same moment; reload it."),
            code="dismissed",
        ) from exc
    _record(OutcomeAction.DISMISS, editor, sentence, {}, _state(created))
    return created, True


@transaction.atomic
def undo_dismissal(*, sentence: Sentence, editor: User) -> Dismissal:
    """Take the sentence's dismissal back; the row stays, marked undone, and the statistics
    no longer count it. Nothing to undo: 409 ``not_dismissed``."""
    require_role(editor, sentence.article.newsroom_id, Role.EDITOR)
    require_current_version(sentence)
    current = active_dismissal(sentence.pk, lock=True)
    if current is None:
        raise InvalidTransition(
            gettext_noop("This sentence is not dismissed."), code="not_dismissed"
        )
    before = _state(current)
    current.undone_at, current.undone_by = timezone.now(), editor
    current.save(update_fields=["undone_at", "undone_by"])
    _record(OutcomeAction.UNDO_DISMISS, editor, sentence, before, {})
    return current


def undo_for_verdict(*, sentence_id: int, editor: User) -> bool:
    """A verdict says the sentence is a claim after all: its active dismissal, if any, is
    undone (with a revision), so the sentence counts as "verdict given". One query when there
    is nothing to undo. Call inside the verdict's transaction."""
    undone = Dismissal.objects.filter(sentence_id=sentence_id, undone_at__isnull=True)
    reason = undone.values_list("reason", "note").first()
    if reason is None:
        return False
    undone.update(undone_at=timezone.now(), undone_by=editor)
    before = {"dismissed": {"reason": reason[0], "note": reason[1]}}
    record(
        action=OutcomeAction.UNDO_DISMISS, actor=editor, before=before, after={},
        sentence_id=sentence_id,
    )  # fmt: skip
    return True


def _record(action: str, editor: User, sentence: Sentence, before: dict, after: dict) -> None:
    record(action=action, actor=editor, before=before, after=after, sentence_id=sentence.pk)
