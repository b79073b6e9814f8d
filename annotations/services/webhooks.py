"""Newsroom admins' webhook endpoints: register, change, remove, redeliver, send a test event.

The secret is made here (or given by the admin), returned once by ``create_endpoint`` and never
shown again. Every action needs the admin role in the endpoint's newsroom.
"""

import secrets
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from annotations.models import (
    DeliveryState,
    JobKind,
    Newsroom,
    Role,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEventType,
)

from .access import require_role
from .errors import InvalidInput
from .fetch_address import InvalidHost, normalise_host, parse_allow_entry, why_not_public
from .jobs import create_job
from .text import check_characters, clean_url
from .webhook_events import write_event

# What an endpoint can subscribe to: every type but the test event.
EVENT_TYPES = [t.value for t in WebhookEventType if t != WebhookEventType.PING]
MAX_ENDPOINTS = 20


@dataclass(frozen=True)
class NewEndpoint:
    endpoint: WebhookEndpoint
    secret: str  # shown once


def clean_events(events: object) -> list[str]:
    if not isinstance(events, list) or not events:
        raise InvalidInput(
            gettext_noop("Choose at least one event: %(choices)s."),
            field="events",
            code="required",
            params={"choices": ", ".join(EVENT_TYPES)},
        )
    unknown = [e for e in events if e not in EVENT_TYPES]
    if unknown:
        raise InvalidInput(
            gettext_noop("Unknown event %(event)s; choose from %(choices)s."),
            field="events",
            params={"event": repr(unknown[0]), "choices": ", ".join(EVENT_TYPES)},
        )
    return [e for e in EVENT_TYPES if e in events]


def clean_endpoint_url(url: str) -> str:
    """An http(s) URL; a literal private, loopback or link-local address is refused here already
    (host names are checked again at every delivery, by the fetcher)."""
    url = clean_url(url, field="url")
    try:
        parts = urlsplit(url)
        host, literal = normalise_host(parts.hostname or "")
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except (InvalidHost, ValueError) as exc:
        raise InvalidInput(str(exc), field="url") from exc
    allowed = {parse_allow_entry(e) for e in settings.FACTCHECK_LINKCHECK_ALLOW}
    if literal is not None and (host, port) not in allowed:
        reason = why_not_public(literal)
        if reason:
            raise InvalidInput(
                gettext_noop("Webhooks are not sent there: %(reason)s."),
                field="url",
                params={"reason": reason},
            )
    return url


def clean_secret(secret: str | None) -> str:
    if not secret:
        return secrets.token_urlsafe(32)
    if not 16 <= len(secret) <= 128 or not secret.isprintable() or secret.strip() != secret:
        raise InvalidInput(
            gettext_noop("A secret has 16 to 128 printable characters, no spaces around it."),
            field="secret",
        )
    return secret


def _description(text: str | None) -> str:
    text = (text or "").strip()
    if len(text) > 200:
        raise InvalidInput(
            gettext_noop("At most %(limit)s characters."),
            field="description",
            params={"limit": 200},
        )
    check_characters(text, field="description")
    return text


@transaction.atomic
def create_endpoint(
    *,
    newsroom: Newsroom,
    admin: User,
    url: str,
    events: list[str],
    description: str = "",
    secret: str | None = None,
    active: bool = True,
) -> NewEndpoint:
    """Register an endpoint (admin role); the answer carries the secret, the only time."""
    require_role(admin, newsroom, Role.ADMIN)
    if WebhookEndpoint.objects.filter(newsroom=newsroom).count() >= MAX_ENDPOINTS:
        raise InvalidInput(
            gettext_noop("A newsroom has at most %(limit)s webhook endpoints."),
            params={"limit": MAX_ENDPOINTS},
        )
    endpoint = WebhookEndpoint.objects.create(
        newsroom=newsroom,
        url=clean_endpoint_url(url),
        events=clean_events(events),
        description=_description(description),
        secret=clean_secret(secret),
        active=bool(active),
        created_by=admin,
    )
    return NewEndpoint(endpoint=endpoint, secret=endpoint.secret)


@transaction.atomic
def update_endpoint(
    *,
    endpoint: WebhookEndpoint,
    admin: User,
    url: str | None = None,
    events: list[str] | None = None,
    description: str | None = None,
    active: bool | None = None,
) -> WebhookEndpoint:
    """Change what is given; switching an endpoint on again clears its failures."""
    require_role(admin, endpoint.newsroom_id, Role.ADMIN)
    if url is not None:
        endpoint.url = clean_endpoint_url(url)
    if events is not None:
        endpoint.events = clean_events(events)
    if description is not None:
        endpoint.description = _description(description)
    if active is not None:
        if active and not endpoint.active:
            endpoint.failures_in_a_row, endpoint.disabled_reason = 0, ""
        endpoint.active = bool(active)
    endpoint.save()
    return endpoint


@transaction.atomic
def delete_endpoint(*, endpoint: WebhookEndpoint, admin: User) -> None:
    """Remove an endpoint with its delivery log."""
    require_role(admin, endpoint.newsroom_id, Role.ADMIN)
    endpoint.delete()


@transaction.atomic
def send_test_event(*, endpoint: WebhookEndpoint, admin: User) -> WebhookDelivery:
    """A ``ping`` event to this endpoint alone, delivered as any other."""
    require_role(admin, endpoint.newsroom_id, Role.ADMIN)
    event = write_event(
        newsroom_id=endpoint.newsroom_id,
        event_type=WebhookEventType.PING,
        endpoint_ids=[endpoint.pk],
        data={"endpoint": endpoint.pk},
    )
    return WebhookDelivery.objects.get(event=event, endpoint=endpoint)


@transaction.atomic
def redeliver(*, delivery: WebhookDelivery, admin: User) -> WebhookDelivery:
    """Send a delivery's event again to its endpoint: a new delivery, the same event id."""
    endpoint = delivery.endpoint
    require_role(admin, endpoint.newsroom_id, Role.ADMIN)
    if delivery.state in (DeliveryState.PENDING, DeliveryState.SENDING):
        raise InvalidInput(
            gettext_noop("This delivery is still being tried."), code="delivery_pending"
        )
    again = WebhookDelivery.objects.create(
        endpoint=endpoint, event_id=delivery.event_id, next_attempt_at=timezone.now()
    )
    create_job(
        newsroom=endpoint.newsroom_id,
        kind=JobKind.WEBHOOK,
        params={"deliveries": [str(again.pk)]},
        in_background=True,
    )
    return again
