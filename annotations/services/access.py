"""Who may do what in which newsroom. Every door asks here; nothing else decides."""

from django.contrib.auth.models import AnonymousUser, User
from django.utils.translation import gettext_noop

from annotations.models import Membership, Newsroom, Role

from .errors import Forbidden, NotFound

AnyUser = User | AnonymousUser


def signed_in(user: AnyUser) -> User:
    """The user of a request its door already required a log-in for; Forbidden if anonymous."""
    if not isinstance(user, User):
        raise Forbidden(gettext_noop("Log in first."))
    return user


def role_in(user: AnyUser, newsroom: Newsroom | int) -> Role | None:
    """The user's role in the newsroom, or None for outsiders and anonymous users."""
    if not user.is_authenticated:
        return None
    newsroom_id = newsroom if isinstance(newsroom, int) else newsroom.pk
    cache = user.__dict__.setdefault("_newsroom_roles", {})
    if newsroom_id not in cache:
        role = (
            Membership.objects.filter(user=user, newsroom_id=newsroom_id)
            .values_list("role", flat=True)
            .first()
        )
        cache[newsroom_id] = Role(role) if role else None
    return cache[newsroom_id]


def remember_role(user: AnyUser, newsroom_id: int, role: str | None) -> None:
    """Prime the per-request cache with a role a selector already read alongside its rows."""
    user.__dict__.setdefault("_newsroom_roles", {})[newsroom_id] = Role(role) if role else None


def require_role(user: AnyUser, newsroom: Newsroom | int, needed: Role) -> Role:
    """Raise NotFound for outsiders (existence stays hidden), Forbidden for too low a role."""
    role = role_in(user, newsroom)
    if role is None:
        raise NotFound(gettext_noop("Not found."))
    if not role.at_least(needed):
        raise Forbidden(
            gettext_noop("This needs the %(needed)s role or higher; you are %(role)s."),
            params={"needed": needed.label, "role": role.label},
        )
    return role


def newsroom_ids(user: AnyUser) -> list[int]:
    """The newsrooms whose data the user may read."""
    if not user.is_authenticated:
        return []
    return list(Membership.objects.filter(user=user).values_list("newsroom_id", flat=True))
