"""What the webhook endpoints take and give; the secret appears in the creation answer only."""

from typing import Any

from rest_framework import serializers

from annotations.models import DeliveryState, WebhookDelivery, WebhookEndpoint
from annotations.services.webhooks import EVENT_TYPES


class WebhookIn(serializers.Serializer):
    newsroom = serializers.IntegerField(min_value=1, required=False)
    url = serializers.CharField(max_length=2048)
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=EVENT_TYPES), min_length=1, max_length=20
    )
    description = serializers.CharField(max_length=200, required=False, allow_blank=True)
    secret = serializers.CharField(
        min_length=16, max_length=128, required=False, help_text="Made for you when left out."
    )
    active = serializers.BooleanField(required=False, default=True)


class WebhookPatchIn(serializers.Serializer):
    url = serializers.CharField(max_length=2048, required=False)
    events = serializers.ListField(
        child=serializers.ChoiceField(choices=EVENT_TYPES),
        min_length=1,
        max_length=20,
        required=False,
    )
    description = serializers.CharField(max_length=200, required=False, allow_blank=True)
    active = serializers.BooleanField(required=False)


class WebhookOut(serializers.Serializer):
    id = serializers.IntegerField()
    newsroom = serializers.IntegerField()
    url = serializers.CharField()
    description = serializers.CharField()
    events = serializers.ListField(child=serializers.ChoiceField(choices=EVENT_TYPES))
    active = serializers.BooleanField()
    disabled_reason = serializers.CharField(help_text="Why it was switched off; empty when on.")
    failures_in_a_row = serializers.IntegerField()
    created_at = serializers.DateTimeField()


class WebhookCreatedOut(WebhookOut):
    secret = serializers.CharField(help_text="Shown this once: keep it to verify signatures.")


class AttemptOut(serializers.Serializer):
    at = serializers.CharField()
    code = serializers.IntegerField(allow_null=True)
    error = serializers.CharField()
    retry_in = serializers.FloatField(required=False, help_text="Seconds until the next try.")


class DeliveryOut(serializers.Serializer):
    id = serializers.UUIDField(help_text="Sent as X-Webhook-Delivery.")
    event_id = serializers.UUIDField()
    event_type = serializers.CharField()
    state = serializers.ChoiceField(choices=DeliveryState.choices)
    attempts = serializers.IntegerField()
    response_code = serializers.IntegerField(allow_null=True)
    error = serializers.CharField()
    created_at = serializers.DateTimeField()
    last_attempt_at = serializers.DateTimeField(allow_null=True)
    next_attempt_at = serializers.DateTimeField(allow_null=True)
    history = AttemptOut(many=True)


def webhook_out(endpoint: WebhookEndpoint) -> dict[str, Any]:
    return {
        "id": endpoint.pk,
        "newsroom": endpoint.newsroom_id,
        "url": endpoint.url,
        "description": endpoint.description,
        "events": list(endpoint.events),
        "active": endpoint.active,
        "disabled_reason": endpoint.disabled_reason,
        "failures_in_a_row": endpoint.failures_in_a_row,
        "created_at": endpoint.created_at.isoformat(),
    }


def delivery_out(delivery: WebhookDelivery) -> dict[str, Any]:
    pending = delivery.state == DeliveryState.PENDING
    return {
        "id": str(delivery.pk),
        "event_id": str(delivery.event_id),
        "event_type": delivery.event.type,
        "state": delivery.state,
        "attempts": delivery.attempts,
        "response_code": delivery.response_code,
        "error": delivery.error,
        "created_at": delivery.created_at.isoformat(),
        "last_attempt_at": delivery.last_attempt_at.isoformat()
        if delivery.last_attempt_at
        else None,
        "next_attempt_at": delivery.next_attempt_at.isoformat() if pending else None,
        "history": list(delivery.history),
    }
