"""The shapes of comments and notifications, in and out (shared by the API and the pages)."""

from typing import Any

from django.conf import settings
from rest_framework import serializers

from annotations.models import Comment, NotificationKind
from annotations.services.comments import edit_window
from annotations.services.text import text_warnings

from .output import user_out
from .serializers import ServiceCheckedText, TextWarningOut, UserRefOut


class CommentBodyIn(serializers.Serializer):
    body = ServiceCheckedText(
        help_text="Plain text (no markup); `@username` mentions a member of the newsroom. "
        f"At most {settings.FACTCHECK_MAX_COMMENT_CHARS:,} characters.",
    )


class ArticleCommentsQuery(serializers.Serializer):
    all = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Also the threads of the article's sentences (each comment names its sentence).",
    )


class CommentOut(serializers.Serializer):
    id = serializers.IntegerField()
    article = serializers.IntegerField()
    sentence = serializers.IntegerField(allow_null=True, help_text="Null: on the article.")
    author = UserRefOut(allow_null=True)
    body = serializers.CharField(help_text="Plain text as written; render it escaped.")
    mentions = serializers.ListField(
        child=serializers.CharField(), help_text="Usernames of members the text mentions."
    )
    created_at = serializers.DateTimeField()
    edited_at = serializers.DateTimeField(allow_null=True)
    editable_until = serializers.DateTimeField(help_text="The author may edit it until then.")
    resolved = serializers.BooleanField()
    resolved_at = serializers.DateTimeField(allow_null=True)
    resolved_by = UserRefOut(allow_null=True)
    warnings = TextWarningOut(
        many=True,
        required=False,
        help_text="Invisible characters and look-alike letters in the body: kept as written, "
        "named here so readers see them.",
    )


def comment_out(comment: Comment) -> dict[str, Any]:
    return {
        "id": comment.pk,
        "article": comment.article_id,
        "sentence": comment.sentence_id,
        "author": user_out(comment.author),
        "body": comment.body,
        "mentions": list(comment.mentions),
        "created_at": comment.created_at,
        "edited_at": comment.edited_at,
        "editable_until": comment.created_at + edit_window(),
        "resolved": comment.resolved_at is not None,
        "resolved_at": comment.resolved_at,
        "resolved_by": user_out(comment.resolved_by),
        "warnings": [warning.as_dict() for warning in text_warnings(comment.body, field="body")],
    }


class NotificationsQuery(serializers.Serializer):
    unread = serializers.BooleanField(required=False, default=False, help_text="Only unread.")


class NotificationOut(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=NotificationKind.choices)
    message = serializers.CharField(help_text="What happened, in the caller's language.")
    actor = UserRefOut(allow_null=True)
    article = serializers.IntegerField()
    article_title = serializers.CharField()
    sentence = serializers.IntegerField(allow_null=True)
    comment = serializers.IntegerField(allow_null=True)
    text = serializers.CharField(help_text="The comment or note it came with, plain text.")
    url = serializers.CharField(help_text="The page to open: the workspace at the sentence.")
    created_at = serializers.DateTimeField()
    read = serializers.BooleanField()


class UnreadCountOut(serializers.Serializer):
    unread = serializers.IntegerField()


class MarkedOut(serializers.Serializer):
    marked = serializers.IntegerField(help_text="How many were unread.")
