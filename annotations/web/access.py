"""What the pages need to know about the caller's roles (the services decide; pages only show)."""

from django.contrib.auth.models import User

from annotations.models import Role
from annotations.selectors.members import list_memberships


def roles_by_newsroom(user: User) -> dict[int, Role]:
    return {m.newsroom_id: Role(m.role) for m in list_memberships(user=user)}


def newsrooms_where(user: User, needed: Role) -> list:
    """The user's newsrooms in which they hold ``needed`` or a higher role."""
    return [m.newsroom for m in list_memberships(user=user) if Role(m.role).at_least(needed)]
