"""Writing the inbox: the services that cause an event call ``notify`` in their transaction.

Nobody is told about their own action, nobody outside the article's newsroom is told anything,
and a recipient named twice gets one row. Reading and marking read stay the recipient's own.
"""

from collections.abc import Iterable

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from annotations.models import (
    Annotation,
    Article,
    Comment,
    Membership,
    Notification,
    NotificationKind,
    Sentence,
)

from .errors import NotFound

MAX_TEXT_CHARS = 300


def notify(
    *,
    kind: NotificationKind,
    recipient_ids: Iterable[int | None],
    actor: User | None,
    article: Article,
    sentence: Sentence | None = None,
    comment: Comment | None = None,
    text: str = "",
) -> int:
    """Write one notification per member of the article's newsroom named in ``recipient_ids``
    (the actor left out); returns how many. Two queries whatever the number of recipients."""
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    wanted = {pk for pk in recipient_ids if pk is not None and pk != actor_id}
    if not wanted:
        return 0
    members = Membership.objects.filter(newsroom_id=article.newsroom_id, user_id__in=wanted)
    rows = [
        Notification(
            recipient_id=user_id,
            newsroom_id=article.newsroom_id,
            kind=kind,
            actor_id=actor_id,
            article=article,
            sentence=sentence,
            comment=comment,
            text=text[:MAX_TEXT_CHARS],
        )
        for user_id in sorted(set(members.values_list("user_id", flat=True)))
    ]
    Notification.objects.bulk_create(rows)
    return len(rows)


def verdict_authors(annotation: Annotation) -> list[int | None]:
    """Whose verdict it is: who wrote it first and who changed it last."""
    return [annotation.created_by_id, annotation.updated_by_id]


def article_workers(article: Article, *, version_ids: list[int]) -> list[int]:
    """Who works on the article: its assignee, and the assignees and verdict authors of the
    sentences of ``version_ids``. One query."""
    rows = Sentence.objects.filter(version_id__in=version_ids).values_list(
        "assignee_id", "annotation__created_by_id", "annotation__updated_by_id"
    )
    found = {article.assignee_id}
    for row in rows:
        found.update(row)
    return [pk for pk in found if pk is not None]


@transaction.atomic
def mark_read(*, user: User, notification_id: int) -> Notification:
    """Mark one of the user's notifications read (idempotent); NotFound for anyone else's."""
    notification = Notification.objects.filter(pk=notification_id, recipient_id=user.pk).first()
    if notification is None:
        raise NotFound(gettext_noop("Not found."))
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


def mark_all_read(*, user: User) -> int:
    """Mark every unread notification of the user read; returns how many were unread."""
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )
