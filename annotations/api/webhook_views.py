"""``/api/webhooks/``: a newsroom admin's endpoints, their delivery logs, redelivery, test events.

Only admins see or touch endpoints; anyone else's ids answer 404, as everywhere.
"""

from django.utils.translation import gettext_noop
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.permissions import IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from annotations.models import Role, WebhookDelivery, WebhookEndpoint
from annotations.selectors.members import list_memberships
from annotations.selectors.webhooks import (
    get_delivery,
    get_endpoint,
    list_deliveries,
    list_endpoints,
)
from annotations.services.access import signed_in
from annotations.services.errors import Forbidden, InvalidInput, NotFound
from annotations.services.webhooks import (
    create_endpoint,
    delete_endpoint,
    redeliver,
    send_test_event,
    update_endpoint,
)

from .base import READ_ERRORS, WRITE_ERRORS, ApiView, ListApiView, Pagination, errors
from .webhook_serializers import (
    DeliveryOut,
    WebhookCreatedOut,
    WebhookIn,
    WebhookOut,
    WebhookPatchIn,
    delivery_out,
    webhook_out,
)

ADMIN_ONLY = gettext_noop("Webhooks need the admin role in a newsroom.")


def _endpoint(request: Request, pk: int) -> WebhookEndpoint:
    endpoint = get_endpoint(user=signed_in(request.user), endpoint_id=pk)
    if endpoint is None:
        raise NotFound(gettext_noop("No such webhook."))
    return endpoint


class WebhooksView(ListApiView):
    """``GET``: the endpoints of the newsrooms you administer. ``POST``: register one."""

    queryset = WebhookEndpoint.objects.none()  # for the schema; rows come from the selector
    permission_classes = [IsAuthenticated]
    pagination_class = Pagination

    @extend_schema(
        operation_id="webhooks_list",
        responses={200: WebhookOut(many=True), **errors(*READ_ERRORS, 403)},
    )
    def get(self, request: Request) -> Response:
        if not any(m.role == Role.ADMIN for m in list_memberships(user=signed_in(request.user))):
            raise Forbidden(ADMIN_ONLY)
        page = self.paginate_queryset(list_endpoints(user=signed_in(request.user)))
        return self.get_paginated_response([webhook_out(e) for e in page or []])

    @extend_schema(
        operation_id="webhooks_create",
        request=WebhookIn,
        responses={
            201: OpenApiResponse(WebhookCreatedOut, description="The secret is shown this once."),
            **errors(*WRITE_ERRORS),
        },
    )
    def post(self, request: Request) -> Response:
        form = WebhookIn(data=request.data)
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        admin_of = [
            m for m in list_memberships(user=signed_in(request.user)) if m.role == Role.ADMIN
        ]
        wanted = data.pop("newsroom", None)
        chosen = [m for m in admin_of if wanted is None or m.newsroom_id == wanted]
        if not admin_of:
            raise Forbidden(ADMIN_ONLY)
        if not chosen:
            raise InvalidInput(
                gettext_noop("You are not an admin of this newsroom."), field="newsroom"
            )
        if len(chosen) > 1:
            raise InvalidInput(
                gettext_noop("You administer several newsrooms; say which one."), field="newsroom"
            )
        created = create_endpoint(
            newsroom=chosen[0].newsroom, admin=signed_in(request.user), **data
        )
        body = {**webhook_out(created.endpoint), "secret": created.secret}
        return Response(body, status=status.HTTP_201_CREATED)


class WebhookView(ApiView):
    """One endpoint: read it, change it (``active: true`` switches it on again), remove it."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="webhooks_read", responses={200: WebhookOut, **errors(*READ_ERRORS)}
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(webhook_out(_endpoint(request, pk)))

    @extend_schema(
        operation_id="webhooks_update",
        request=WebhookPatchIn,
        responses={200: WebhookOut, **errors(*WRITE_ERRORS)},
    )
    def patch(self, request: Request, pk: int) -> Response:
        endpoint = _endpoint(request, pk)
        form = WebhookPatchIn(data=request.data)
        form.is_valid(raise_exception=True)
        endpoint = update_endpoint(
            endpoint=endpoint, admin=signed_in(request.user), **form.validated_data
        )
        return Response(webhook_out(endpoint))

    @extend_schema(operation_id="webhooks_delete", responses={204: None, **errors(*WRITE_ERRORS)})
    def delete(self, request: Request, pk: int) -> Response:
        delete_endpoint(endpoint=_endpoint(request, pk), admin=signed_in(request.user))
        return Response(status=status.HTTP_204_NO_CONTENT)


class WebhookDeliveriesView(ListApiView):
    """An endpoint's delivery log, newest first."""

    queryset = WebhookDelivery.objects.none()  # for the schema; rows come from the selector
    permission_classes = [IsAuthenticated]
    pagination_class = Pagination

    @extend_schema(
        operation_id="webhooks_deliveries",
        responses={200: DeliveryOut(many=True), **errors(*READ_ERRORS)},
    )
    def get(self, request: Request, pk: int) -> Response:
        page = self.paginate_queryset(list_deliveries(endpoint=_endpoint(request, pk)))
        return self.get_paginated_response([delivery_out(d) for d in page or []])


class WebhookTestView(ApiView):
    """Send a ``ping`` event to this endpoint now."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="webhooks_test",
        request=None,
        responses={202: DeliveryOut, **errors(*WRITE_ERRORS)},
    )
    def post(self, request: Request, pk: int) -> Response:
        delivery = send_test_event(endpoint=_endpoint(request, pk), admin=signed_in(request.user))
        return Response(delivery_out(delivery), status=status.HTTP_202_ACCEPTED)


class WebhookRedeliverView(ApiView):
    """Send a finished delivery's event again (a new delivery id, the same event id)."""

    permission_classes = [IsAuthenticated]

    @extend_schema(
        operation_id="webhooks_redeliver",
        request=None,
        responses={202: DeliveryOut, **errors(*WRITE_ERRORS)},
    )
    def post(self, request: Request, pk: int, delivery_id: str) -> Response:
        delivery = get_delivery(endpoint=_endpoint(request, pk), delivery_id=delivery_id)
        if delivery is None:
            raise NotFound(gettext_noop("No such delivery."))
        again = redeliver(delivery=delivery, admin=signed_in(request.user))
        again.event = delivery.event
        return Response(delivery_out(again), status=status.HTTP_202_ACCEPTED)
