"""Who belongs to which newsroom, as the caller may see it."""

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet

from annotations.models import Membership

AnyUser = User | AnonymousUser


def list_memberships(*, user: AnyUser) -> QuerySet[Membership]:
    """The caller's own memberships with their newsrooms, by newsroom name."""
    if not user.is_authenticated:
        return Membership.objects.none()
    return (
        Membership.objects.filter(user=user)
        .select_related("newsroom")
        .order_by("newsroom__name", "newsroom_id")
    )


def list_members(*, user: AnyUser, newsroom_id: int) -> QuerySet[Membership]:
    """Members of a newsroom the caller belongs to (none otherwise), by user name."""
    if not user.is_authenticated:
        return Membership.objects.none()
    return (
        Membership.objects.filter(
            newsroom_id=newsroom_id,
            newsroom_id__in=Membership.objects.filter(user=user).values("newsroom_id"),
        )
        .select_related("user")
        .order_by("user__username", "user_id")
    )
