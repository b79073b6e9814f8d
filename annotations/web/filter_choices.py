"""Choices the filter forms of the review queue and the search page share."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from annotations.models import Role
from annotations.selectors.members import list_members, list_memberships


def assignable_members(request: HttpRequest) -> list[tuple[int, str]]:
    """(user id, username) of everyone who can hold a sentence in the caller's newsrooms."""
    found: dict[int, str] = {}
    for membership in list_memberships(user=request.user):
        for m in list_members(user=request.user, newsroom_id=membership.newsroom_id):
            if m.role != Role.VIEWER:
                found[m.user_id] = m.user.get_username()
    return sorted(found.items(), key=lambda item: item[1].lower())


def assignee_choices(members: list[tuple[int, str]]) -> list[tuple[str, Any]]:
    """An assignee field's choices: anyone, me, then each member by name."""
    return [
        ("", _("Anyone")),
        ("me", _("Assigned to me")),
        *[(str(pk), name) for pk, name in members],
    ]
