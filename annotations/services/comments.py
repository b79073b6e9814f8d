"""Comment threads on sentences and articles: write, edit (briefly), resolve, reopen.

Every change is kept as a ``CommentRevision`` (who, when, before, after), the comments' audit
trail in the shape of the verdicts' (``services.revisions``); its ids are also what the live
feed reads. Mentions of the newsroom's members notify them in the same transaction; a name
that is nobody of this newsroom stays plain text and tells nobody anything.
"""

import re
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from annotations.models import (
    Article,
    Comment,
    CommentAction,
    CommentRevision,
    NotificationKind,
    Role,
    Sentence,
)

from .access import require_role
from .errors import Forbidden, InvalidInput, InvalidTransition
from .notifications import notify
from .text import check_at_most, check_characters, normalise_newlines
from .versions import require_current_version

# "@anna", "@anna.berg", "(@anna)"; not the middle of an e-mail address ("x@anna.org").
MENTION = re.compile(r"(?<![\w@.+-])@([\w.+-]*[\w+-]|\w)")


def mentioned_names(body: str) -> list[str]:
    """The ``@names`` in a text, in order, each once (trailing full stops are not names)."""
    seen: dict[str, None] = {}
    for match in MENTION.finditer(body):
        seen.setdefault(match[1], None)
    return list(seen)


def _members_named(newsroom_id: int, names: list[str]) -> dict[str, int]:
    """The newsroom's members among ``names``: username -> id. One query."""
    if not names:
        return {}
    field = get_user_model().USERNAME_FIELD
    users = get_user_model().objects.filter(
        **{f"{field}__in": names}, memberships__newsroom_id=newsroom_id
    )
    return dict(users.values_list(field, "pk"))


def clean_body(body: str) -> str:
    """A comment as stored: plain text, newlines normalised, within the limit, not empty."""
    body = normalise_newlines(body or "").strip()
    if not body:
        raise InvalidInput(gettext_noop("Write a comment first."), field="body", code="required")
    check_at_most(
        len(body),
        settings.FACTCHECK_MAX_COMMENT_CHARS,
        field="body",
        what="characters",
        setting="FACTCHECK_MAX_COMMENT_CHARS",
    )
    check_characters(body, field="body")
    return body


def _state(comment: Comment) -> dict[str, Any]:
    return {
        "body": comment.body,
        "mentions": list(comment.mentions),
        "resolved": comment.resolved_at is not None,
    }


def _record(comment: Comment, action: str, actor: User, before: dict) -> None:
    CommentRevision.objects.create(
        comment=comment,
        article_id=comment.article_id,
        action=action,
        actor=actor,
        before=before,
        after=_state(comment),
    )


def _notify_mentions(comment: Comment, actor: User, user_ids: list[int]) -> None:
    notify(
        kind=NotificationKind.MENTIONED,
        recipient_ids=user_ids,
        actor=actor,
        article=comment.article,
        sentence=comment.sentence,
        comment=comment,
        text=comment.body,
    )


@transaction.atomic
def add_comment(
    *, author: User, article: Article, body: str, sentence: Sentence | None = None
) -> Comment:
    """Start or continue the thread of ``sentence`` (of the article's current version) or, with
    no sentence, of ``article``; editors and above. Mentioned members are notified."""
    require_role(author, article.newsroom_id, Role.EDITOR)
    if sentence is not None:
        require_current_version(sentence)
    body = clean_body(body)
    members = _members_named(article.newsroom_id, mentioned_names(body))
    comment = Comment.objects.create(
        newsroom_id=article.newsroom_id,
        article=article,
        sentence=sentence,
        author=author,
        body=body,
        mentions=sorted(members),
    )
    _record(comment, CommentAction.CREATE, author, {})
    _notify_mentions(comment, author, list(members.values()))
    return comment


def edit_window() -> timedelta:
    return timedelta(seconds=settings.FACTCHECK_COMMENT_EDIT_SECONDS)


@transaction.atomic
def edit_comment(*, comment: Comment, editor: User, body: str) -> Comment:
    """Change the text of one's own comment within the edit window (Forbidden after it).

    Only members mentioned for the first time are notified; an unchanged text writes nothing.
    """
    require_role(editor, comment.newsroom_id, Role.EDITOR)
    # Only the comment's row is locked: PostgreSQL cannot lock the nullable side of a join.
    comment = (
        Comment.objects.select_for_update(of=("self",))
        .select_related("article", "sentence")
        .get(pk=comment.pk)
    )
    if comment.author_id != editor.pk:
        raise Forbidden(gettext_noop("Only its author can edit a comment."), code="not_author")
    minutes = settings.FACTCHECK_COMMENT_EDIT_SECONDS // 60
    if timezone.now() - comment.created_at > edit_window():
        raise Forbidden(
            gettext_noop(
                "A comment can be edited for %(minutes)s minutes after it was written; this one is "
                "older. Write a new comment instead."
            ),
            code="edit_window_closed",
            params={"minutes": minutes},
        )
    body = clean_body(body)
    if body == comment.body:
        return comment
    before = _state(comment)
    members = _members_named(comment.newsroom_id, mentioned_names(body))
    new_ids = [pk for name, pk in members.items() if name not in comment.mentions]
    comment.body = body
    comment.mentions = sorted(members)
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "mentions", "edited_at"])
    _record(comment, CommentAction.EDIT, editor, before)
    _notify_mentions(comment, editor, new_ids)
    return comment


@transaction.atomic
def resolve_comment(*, comment: Comment, by: User) -> Comment:
    """Mark the comment settled; InvalidTransition (409) when it already is."""
    return _set_resolved(comment, by, resolved=True)


@transaction.atomic
def reopen_comment(*, comment: Comment, by: User) -> Comment:
    """Take a resolved comment up again; InvalidTransition (409) when it is open."""
    return _set_resolved(comment, by, resolved=False)


def _set_resolved(comment: Comment, by: User, *, resolved: bool) -> Comment:
    require_role(by, comment.newsroom_id, Role.EDITOR)
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    if (comment.resolved_at is not None) == resolved:
        message = (
            gettext_noop("This comment is already resolved.")
            if resolved
            else gettext_noop("This comment is already open.")
        )
        raise InvalidTransition(message, code="invalid_transition")
    before = _state(comment)
    comment.resolved_at = timezone.now() if resolved else None
    comment.resolved_by = by if resolved else None
    comment.save(update_fields=["resolved_at", "resolved_by"])
    _record(comment, CommentAction.RESOLVE if resolved else CommentAction.REOPEN, by, before)
    return comment
