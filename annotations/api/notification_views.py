"""The caller's inbox: list, unread count, mark one or all read. Nobody else's, ever."""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from annotations.models import Notification
from annotations.notices import notification_message, notification_target
from annotations.selectors.notifications import count_unread, list_notifications
from annotations.services.access import signed_in
from annotations.services.notifications import mark_all_read, mark_read

from .base import READ_ERRORS, ApiView, Pagination, errors
from .comment_serializers import MarkedOut, NotificationOut, NotificationsQuery, UnreadCountOut
from .output import user_out


def notification_out(notification: Notification) -> dict[str, Any]:
    return {
        "id": notification.pk,
        "kind": notification.kind,
        "message": notification_message(notification),
        "actor": user_out(notification.actor),
        "article": notification.article_id,
        "article_title": notification.article.title,
        "sentence": notification.sentence_id,
        "comment": notification.comment_id,
        "text": notification.text,
        "url": notification_target(notification),
        "created_at": notification.created_at,
        "read": notification.read_at is not None,
    }


class NotificationsView(ApiView):
    """The caller's notifications in their newsrooms, newest first, paginated."""

    pagination_class = Pagination

    @extend_schema(
        operation_id="notifications_list",
        parameters=[NotificationsQuery],
        responses={200: NotificationOut(many=True), **errors(*READ_ERRORS)},
    )
    def get(self, request: Request) -> Response:
        query = NotificationsQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        rows = list_notifications(
            user=signed_in(request.user), unread=query.validated_data["unread"]
        )
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response([notification_out(n) for n in page or []])


class UnreadCountView(ApiView):
    """How many unread: what the navigation's badge polls (one query)."""

    @extend_schema(
        operation_id="notifications_unread_count",
        responses={200: UnreadCountOut, **errors(*READ_ERRORS)},
    )
    def get(self, request: Request) -> Response:
        response = Response({"unread": count_unread(user=signed_in(request.user))})
        response["Cache-Control"] = "private, no-cache"
        return response


class NotificationReadView(ApiView):
    @extend_schema(
        operation_id="notifications_read",
        request=None,
        responses={200: NotificationOut, **errors(*READ_ERRORS)},
        description="Mark one of your notifications read (again: no change).",
    )
    def post(self, request: Request, pk: int) -> Response:
        mark_read(user=signed_in(request.user), notification_id=pk)
        notification = list_notifications(user=signed_in(request.user)).get(pk=pk)
        return Response(notification_out(notification))


class NotificationsReadAllView(ApiView):
    @extend_schema(
        operation_id="notifications_read_all",
        request=None,
        responses={200: MarkedOut, **errors(*READ_ERRORS)},
    )
    def post(self, request: Request) -> Response:
        return Response({"marked": mark_all_read(user=signed_in(request.user))})
