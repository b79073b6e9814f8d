"""What the inbox holds: one row per person and event that concerns them."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .article import Article, Sentence
from .comment import Comment
from .newsroom import Newsroom


class NotificationKind(models.TextChoices):
    CHANGES_REQUESTED = "changes_requested", _("changes requested on your verdict")
    APPROVED = "approved", _("your verdict was approved")
    ASSIGNED = "assigned", _("assigned to you")
    MENTIONED = "mentioned", _("mentioned you")
    NEW_VERSION = "new_version", _("new version of an article you work on")


class Notification(models.Model):
    """Written by the service that caused it, in the same transaction; ``read_at`` when seen."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    newsroom = models.ForeignKey(Newsroom, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=24, choices=NotificationKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="+")
    sentence = models.ForeignKey(
        Sentence, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    text = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at", "-id"])]

    def __str__(self) -> str:
        return f"{self.kind} for {self.recipient_id}"
