"""What the pages need to know about the caller's roles (the services decide; pages only show)."""

from django.contrib.auth.models import AnonymousUser, User

from annotations.models import Membership, Role
from annotations.selectors.members import list_memberships

# Kept on the user object of the request, so the navigation and the page read them once.
_MEMO = "_page_memberships"


def _memberships(user: User) -> list[Membership]:
    found = user.__dict__.get(_MEMO)
    if found is None:
        found = user.__dict__[_MEMO] = list(list_memberships(user=user))
    return found


def roles_by_newsroom(user: User) -> dict[int, Role]:
    return {m.newsroom_id: Role(m.role) for m in _memberships(user)}


def newsrooms_where(user: User, needed: Role) -> list:
    """The user's newsrooms in which they hold ``needed`` or a higher role."""
    return [m.newsroom for m in _memberships(user) if Role(m.role).at_least(needed)]


def may_open_webhooks(user: User | AnonymousUser) -> bool:
    """The webhooks page opens for the admins of at least one newsroom (others get 403)."""
    if not user.is_authenticated:
        return False
    return bool(newsrooms_where(user, Role.ADMIN))
