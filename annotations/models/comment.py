"""The desk's discussion: comment threads on a sentence or on a whole article, and their trail."""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .annotation import ImmutableRevisionError
from .article import Article, Sentence
from .newsroom import Newsroom


class Comment(models.Model):
    """One comment, on a sentence (``sentence`` set) or on the article itself (``sentence`` null).

    ``body`` is plain text exactly as written; ``mentions`` holds the usernames of the newsroom's
    members it mentions (resolved when written), so rendering needs no further query.
    """

    newsroom = models.ForeignKey(Newsroom, on_delete=models.CASCADE, related_name="+")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="comments")
    sentence = models.ForeignKey(
        Sentence, null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("comment"))
    mentions = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["article", "sentence", "id"]),
            models.Index(fields=["sentence", "id"]),
        ]

    def __str__(self) -> str:
        return f"comment {self.pk} on article {self.article_id}"


class CommentAction(models.TextChoices):
    CREATE = "create", _("commented")
    EDIT = "edit", _("edited a comment")
    RESOLVE = "resolve", _("resolved a comment")
    REOPEN = "reopen", _("reopened a comment")
    MOVE = "move", _("followed its sentence to a new version")


class CommentRevision(models.Model):
    """One change to a comment; never edited. Its growing ids are also the live feed's log."""

    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="revisions")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    action = models.CharField(max_length=16, choices=CommentAction.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    before = models.JSONField(default=dict)
    after = models.JSONField(default=dict)

    class Meta:
        ordering = ["comment_id", "id"]
        indexes = [models.Index(fields=["article", "id"])]

    def __str__(self) -> str:
        return f"{self.action} by {self.actor_id} on comment {self.comment_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ImmutableRevisionError("Revisions are history and cannot be changed.")
        super().save(*args, **kwargs)
