"""Reading the inbox: only ever the caller's own notifications, in their newsrooms."""

from django.db.models import QuerySet

from annotations.models import Notification

from .articles import AnyUser, visible_newsrooms


def list_notifications(*, user: AnyUser, unread: bool = False) -> QuerySet[Notification]:
    """The user's notifications, newest first, with their actor, article, sentence and comment
    in one query. A newsroom the user has left takes its notifications with it."""
    if not user.is_authenticated:
        return Notification.objects.none()
    rows = Notification.objects.filter(
        recipient_id=user.pk, newsroom_id__in=visible_newsrooms(user)
    )
    if unread:
        rows = rows.filter(read_at__isnull=True)
    return (
        rows.select_related("actor", "article", "sentence", "comment")
        # An article's text runs to megabytes; the inbox shows only its title.
        .defer("article__text")
        .order_by("-created_at", "-pk")
    )


def count_unread(*, user: AnyUser) -> int:
    """How many of the user's notifications are unread: one indexed count."""
    if not user.is_authenticated:
        return 0
    return Notification.objects.filter(
        recipient_id=user.pk, read_at__isnull=True, newsroom_id__in=visible_newsrooms(user)
    ).count()
