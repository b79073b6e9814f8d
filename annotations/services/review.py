"""The four-eyes review of verdicts, and who a sentence or article is assigned to."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import F, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_noop

from annotations.models import (
    Annotation,
    Article,
    NotificationKind,
    ReviewState,
    Revision,
    RevisionAction,
    Role,
    Sentence,
    WebhookEventType,
)

from .access import require_role
from .errors import Forbidden, InvalidInput, InvalidTransition, StaleVersion
from .notifications import notify, verdict_authors
from .revisions import record, snapshot
from .text import check_at_most
from .versions import require_current_version
from .webhook_events import article_changed

# Which states each transition may start from.
ALLOWED_FROM = {
    RevisionAction.SUBMIT: {ReviewState.DRAFT, ReviewState.CHANGES_REQUESTED},
    RevisionAction.APPROVE: {ReviewState.SUBMITTED},
    RevisionAction.REQUEST_CHANGES: {ReviewState.SUBMITTED, ReviewState.APPROVED},
}
TARGET = {
    RevisionAction.SUBMIT: ReviewState.SUBMITTED,
    RevisionAction.APPROVE: ReviewState.APPROVED,
    RevisionAction.REQUEST_CHANGES: ReviewState.CHANGES_REQUESTED,
}


def _transition(
    annotation: Annotation,
    *,
    actor: User,
    action: RevisionAction,
    expected_version: int | None,
    comment: str = "",
) -> Annotation:
    state = ReviewState(annotation.review_state)
    if state not in ALLOWED_FROM[action]:
        raise InvalidTransition(
            gettext_noop("This verdict is %(state)s; it cannot be %(action)s now."),
            code="invalid_transition",
            params={"state": state.label, "action": action.label},
        )
    before = snapshot(annotation)
    now = timezone.now()
    changes: dict = {"review_state": TARGET[action], "version": F("version") + 1}
    if action == RevisionAction.SUBMIT:
        # Sending a verdict on a changed sentence to review is the editor's re-check of it.
        changes.update(submitted_at=now, needs_recheck=False)
    else:
        changes.update(reviewed_by=actor, reviewed_at=now, review_comment=comment)
    query = Annotation.objects.filter(pk=annotation.pk, review_state=state)
    if expected_version is not None:
        query = query.filter(version=expected_version)
    if not query.update(**changes):
        annotation.refresh_from_db()
        raise StaleVersion(
            gettext_noop(
                "The verdict changed since you loaded it. Look at the current version first."
            ),
            current=annotation,
        )
    annotation.refresh_from_db()
    after = snapshot(annotation)
    if comment:
        after["comment"] = comment
    record(action=action, actor=actor, before=before, after=after, annotation=annotation)
    return annotation


def _annotation_of(sentence: Sentence) -> Annotation:
    require_current_version(sentence)
    # Locked until the transaction ends, so the checks below still hold when the row changes.
    annotation = Annotation.objects.select_for_update().filter(sentence=sentence).first()
    if annotation is None:
        raise InvalidTransition(gettext_noop("This sentence has no verdict yet."))
    return annotation


@transaction.atomic
def submit(*, sentence: Sentence, editor: User, expected_version: int | None = None) -> Annotation:
    """Send a draft (or a verdict with changes requested) to review."""
    require_role(editor, sentence.article.newsroom_id, Role.EDITOR)
    annotation = _transition(
        _annotation_of(sentence),
        actor=editor,
        action=RevisionAction.SUBMIT,
        expected_version=expected_version,
    )
    article_changed(
        WebhookEventType.VERDICT_SUBMITTED, article=sentence.article, annotation=annotation
    )
    return annotation


@transaction.atomic
def approve(
    *, sentence: Sentence, reviewer: User, expected_version: int | None = None
) -> Annotation:
    """Approve a submitted verdict; never by anyone who edited it since its last approval.

    Four eyes: checking only the last editor would let a reviewer write a verdict, have someone
    else touch it, and approve their own words.
    """
    require_role(reviewer, sentence.article.newsroom_id, Role.REVIEWER)
    annotation = _annotation_of(sentence)
    if annotation.updated_by_id == reviewer.pk or _edited_since_approval(annotation, reviewer):
        raise Forbidden(
            gettext_noop(
                "You edited this verdict since it was last approved; another reviewer must approve "
                "it (four eyes)."
            ),
            code="four_eyes",
        )
    annotation = _transition(
        annotation, actor=reviewer, action=RevisionAction.APPROVE, expected_version=expected_version
    )
    article_changed(
        WebhookEventType.VERDICT_APPROVED, article=sentence.article, annotation=annotation
    )
    _tell_authors(annotation, sentence, reviewer, NotificationKind.APPROVED)
    return annotation


def _tell_authors(
    annotation: Annotation,
    sentence: Sentence,
    reviewer: User,
    kind: NotificationKind,
    text: str = "",
) -> None:
    notify(
        kind=kind,
        recipient_ids=verdict_authors(annotation),
        actor=reviewer,
        article=sentence.article,
        sentence=sentence,
        text=text,
    )


def _edited_since_approval(annotation: Annotation, user: User) -> bool:
    last_approval = (
        Revision.objects.filter(annotation=annotation, action=RevisionAction.APPROVE)
        .order_by("-pk")
        .values("pk")[:1]
    )
    return Revision.objects.filter(
        annotation=annotation,
        action=RevisionAction.EDIT,
        actor_id=user.pk,
        pk__gt=Coalesce(Subquery(last_approval), 0),
    ).exists()


@transaction.atomic
def request_changes(
    *,
    sentence: Sentence,
    reviewer: User,
    comment: str,
    expected_version: int | None = None,
) -> Annotation:
    """Send a submitted or approved verdict back to its editor with a comment."""
    require_role(reviewer, sentence.article.newsroom_id, Role.REVIEWER)
    comment = (comment or "").strip()
    if not comment:
        raise InvalidInput(
            gettext_noop("Say what needs to change."), field="comment", code="required"
        )
    check_at_most(
        len(comment),
        settings.FACTCHECK_MAX_COMMENT_CHARS,
        field="comment",
        what="characters",
        setting="FACTCHECK_MAX_COMMENT_CHARS",
    )
    annotation = _transition(
        _annotation_of(sentence),
        actor=reviewer,
        action=RevisionAction.REQUEST_CHANGES,
        expected_version=expected_version,
        comment=comment,
    )
    article_changed(
        WebhookEventType.VERDICT_CHANGES_REQUESTED, article=sentence.article, annotation=annotation
    )
    _tell_authors(annotation, sentence, reviewer, NotificationKind.CHANGES_REQUESTED, comment)
    return annotation


def _assignable(newsroom_id: int, assignee_id: int | None) -> User | None:
    if assignee_id is None:
        return None
    # One filter() call, so both conditions hold for the same membership (an exclude() across
    # the relation would also reject someone who is a viewer in some other newsroom).
    user = (
        get_user_model()
        .objects.filter(
            pk=assignee_id,
            memberships__newsroom_id=newsroom_id,
            memberships__role__in=[Role.EDITOR, Role.REVIEWER, Role.ADMIN],
        )
        .first()
    )
    if user is None:
        raise InvalidInput(
            gettext_noop("Assign to an editor, reviewer or admin of this newsroom."),
            field="assignee",
        )
    return user


@transaction.atomic
def assign_sentence(*, sentence: Sentence, assignee_id: int | None, by: User) -> Sentence:
    """Give a sentence to a member (or to nobody); kept in the revision trail."""
    require_role(by, sentence.article.newsroom_id, Role.EDITOR)
    require_current_version(sentence)
    assignee = _assignable(sentence.article.newsroom_id, assignee_id)
    # Read the assignee from the database: the caller's copy may be older than the last change.
    before = {
        "assignee": Sentence.objects.filter(pk=sentence.pk).values_list("assignee", flat=True)[0]
    }
    sentence.assignee = assignee
    sentence.save(update_fields=["assignee"])
    annotation = Annotation.objects.filter(sentence=sentence).first()
    record(
        action=RevisionAction.ASSIGN,
        actor=by,
        before=before,
        after={"assignee": assignee.pk if assignee else None},
        annotation=annotation,
        sentence_id=sentence.pk,
    )
    if assignee is not None and assignee.pk != before["assignee"]:
        notify(
            kind=NotificationKind.ASSIGNED,
            recipient_ids=[assignee.pk],
            actor=by,
            article=sentence.article,
            sentence=sentence,
        )
    return sentence


@transaction.atomic
def assign_article(*, article: Article, assignee_id: int | None, by: User) -> Article:
    """Give a whole article to a member; the queue counts its unassigned sentences as theirs."""
    require_role(by, article.newsroom_id, Role.EDITOR)
    assignee = _assignable(article.newsroom_id, assignee_id)
    before = Article.objects.filter(pk=article.pk).values_list("assignee", flat=True)[0]
    article.assignee = assignee
    article.save(update_fields=["assignee", "updated_at"])
    if assignee is not None and assignee.pk != before:
        notify(
            kind=NotificationKind.ASSIGNED, recipient_ids=[assignee.pk], actor=by, article=article
        )
    return article
