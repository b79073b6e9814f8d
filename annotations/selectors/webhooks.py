"""Webhook endpoints and their delivery logs, for the admins of their newsrooms."""

from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet

from annotations.models import Membership, Role, WebhookDelivery, WebhookEndpoint

AnyUser = User | AnonymousUser


def _admin_newsrooms(user: AnyUser) -> Any:
    if not isinstance(user, User):
        return Membership.objects.none().values("newsroom_id")
    return Membership.objects.filter(user=user, role=Role.ADMIN).values("newsroom_id")


def list_endpoints(*, user: AnyUser) -> QuerySet[WebhookEndpoint]:
    """The endpoints of the newsrooms where the caller is an admin, oldest first."""
    if not user.is_authenticated:
        return WebhookEndpoint.objects.none()
    return (
        WebhookEndpoint.objects.filter(newsroom_id__in=_admin_newsrooms(user))
        .select_related("newsroom")
        .order_by("created_at", "id")
    )


def get_endpoint(*, user: AnyUser, endpoint_id: int) -> WebhookEndpoint | None:
    """One endpoint of the caller's admin newsrooms; None for anything else."""
    return list_endpoints(user=user).filter(pk=endpoint_id).first()


def list_deliveries(*, endpoint: WebhookEndpoint) -> QuerySet[WebhookDelivery]:
    """An endpoint's delivery log, newest first, with each delivery's event type."""
    return (
        WebhookDelivery.objects.filter(endpoint=endpoint)
        .select_related("event")
        .defer("event__payload")
        .order_by("-created_at", "-id")
    )


def get_delivery(*, endpoint: WebhookEndpoint, delivery_id: str) -> WebhookDelivery | None:
    return (
        WebhookDelivery.objects.filter(endpoint=endpoint, pk=delivery_id)
        .select_related("endpoint", "event")
        .first()
    )
