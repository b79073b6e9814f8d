"""Webhooks: a newsroom's endpoints, the events written beside the changes (the outbox), and one
delivery per event and endpoint with its attempts."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .article import Article
from .newsroom import Newsroom


class WebhookEventType(models.TextChoices):
    ARTICLE_IMPORTED = "article.imported", _("article imported")
    ARTICLE_PRETAGGED = "article.pretagged", _("article pre-tagged")
    ARTICLE_READY = "article.ready", _("article ready")
    ARTICLE_NOT_READY = "article.not_ready", _("article no longer ready")
    ARTICLE_VERSION_ADDED = "article.version_added", _("article version added")
    VERDICT_SUBMITTED = "verdict.submitted", _("verdict submitted")
    VERDICT_APPROVED = "verdict.approved", _("verdict approved")
    VERDICT_CHANGES_REQUESTED = "verdict.changes_requested", _("verdict: changes requested")
    # Sent only by "send test event", to one endpoint, whatever it subscribed to.
    PING = "ping", _("test event")


class DeliveryState(models.TextChoices):
    PENDING = "pending", _("pending")
    SENDING = "sending", _("sending")
    DELIVERED = "delivered", _("delivered")
    FAILED = "failed", _("failed")


class WebhookEndpoint(models.Model):
    newsroom = models.ForeignKey(Newsroom, on_delete=models.CASCADE, related_name="webhooks")
    url = models.URLField(_("URL"), max_length=2048)
    description = models.CharField(_("description"), max_length=200, blank=True)
    events = models.JSONField(_("events"), default=list)
    # Kept as given: signing needs it. Shown once, in the answer that created it.
    secret = models.CharField(max_length=128)
    active = models.BooleanField(_("active"), default=True)
    disabled_reason = models.CharField(max_length=300, blank=True)
    failures_in_a_row = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["newsroom", "active"])]

    def __str__(self) -> str:
        return f"webhook {self.pk} → {self.url}"


class WebhookEvent(models.Model):
    """The outbox: written in the transaction of the change it reports."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    newsroom = models.ForeignKey(Newsroom, on_delete=models.CASCADE, related_name="+")
    type = models.CharField(max_length=32, choices=WebhookEventType.choices)
    payload = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.type} {self.pk}"


class WebhookDelivery(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.ForeignKey(WebhookEvent, on_delete=models.CASCADE, related_name="deliveries")
    state = models.CharField(
        max_length=16, choices=DeliveryState.choices, default=DeliveryState.PENDING
    )
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField()
    # A sending delivery whose lease ran out (its worker died) is pending again.
    lease_until = models.DateTimeField(null=True, blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    response_code = models.PositiveIntegerField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    # One entry per attempt: {"at", "code", "error", "retry_in"}; our words only, never the body.
    history = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["state", "next_attempt_at"]),
            models.Index(fields=["endpoint", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"delivery {self.pk} ({self.state})"


class WebhookReadiness(models.Model):
    """The readiness last reported for an article, so only changes of it become events."""

    article = models.OneToOneField(
        Article, primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    ready = models.BooleanField(default=False)

    def __str__(self) -> str:
        return f"article {self.article_id}: {'ready' if self.ready else 'not ready'}"
