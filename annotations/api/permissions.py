"""Role checks for API views, decided by ``annotations.services.access`` and nothing else.

Views name the role each method needs (``required_roles``); objects come from selectors already
scoped to the caller's newsrooms, so another newsroom's objects are 404 before a role is asked.
"""

from typing import Any

from rest_framework.permissions import BasePermission
from rest_framework.request import Request

from annotations.models import Article, Job, Newsroom, Role, Sentence
from annotations.services.access import require_role


def newsroom_id_of(obj: Any) -> int:
    if isinstance(obj, Newsroom):
        return obj.pk
    if isinstance(obj, Article | Job):
        return obj.newsroom_id
    if isinstance(obj, Sentence):
        return obj.article.newsroom_id
    raise TypeError(f"No newsroom for {type(obj).__name__}")


def required_role(view: Any, request: Request) -> Role:
    roles: dict[str, Role] = getattr(view, "required_roles", {})
    return roles.get(request.method or "GET", Role.VIEWER)


class HasNewsroomRole(BasePermission):
    """The caller's role in the object's newsroom is at least what the view needs.

    A too-low role raises Forbidden (403, message says which role is needed). Reading needs only
    membership, which the scoped selector has already proved, so it costs no extra query.
    """

    def has_object_permission(self, request: Request, view: Any, obj: Any) -> bool:
        needed = required_role(view, request)
        if needed != Role.VIEWER:
            require_role(request.user, newsroom_id_of(obj), needed)
        return True
