"""Live updates for the home page and the review queue: one poll per page, whatever it lists.

``GET /api/desk/changes/`` reads the same change log as the workspace's feed
(``selectors.desk_changes``): sentences whose verdict or review state changed, imports (new
articles and new versions), the pre-tag jobs of the articles the page lists, and the counts
and readiness of those that changed. With ``queue=true`` and the queue's filters it also says
how many sentences the filtered queue now holds, when anything changed. An answer equal to the
last one is a 304 by its ETag, as in the workspace.
"""

import re
from typing import Any

from django.http import HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from annotations.selectors.desk_changes import DeskChanges, list_desk_changes
from annotations.selectors.queue import list_review_queue

from .base import READ_ERRORS, ApiView, errors
from .live_views import JobStateOut, body_etag
from .review_serializers import QueueFilterIn
from .serializers import MAX_ID, cursor_field

MAX_LISTED = 100
ID_LIST = re.compile(r"^[1-9][0-9]{0,18}(,[1-9][0-9]{0,18})*$")


class IdListField(serializers.CharField):
    """``1,2,3``: article ids, at most ``MAX_LISTED``."""

    def to_internal_value(self, data: Any) -> list[int]:  # type: ignore[override]
        text = super().to_internal_value(data)
        if not text:
            return []
        if not ID_LIST.match(text):
            raise serializers.ValidationError("Give article ids separated by commas, e.g. 3,5,8.")
        ids = list(dict.fromkeys(int(part) for part in text.split(",")))
        if len(ids) > MAX_LISTED:
            raise serializers.ValidationError(f"At most {MAX_LISTED} article ids.")
        if max(ids) > MAX_ID:
            raise serializers.ValidationError("An id is too large.")
        return ids


class DeskChangesQuery(QueueFilterIn):
    after = cursor_field("`cursor`")
    versions_after = cursor_field("`version_cursor`")
    articles = IdListField(
        required=False,
        allow_blank=True,
        max_length=2000,
        help_text="The articles the page lists (comma-separated ids): their jobs and figures.",
    )
    refresh = IdListField(
        required=False,
        allow_blank=True,
        max_length=2000,
        help_text="Listed articles whose figures the page wants now (a job it saw finish).",
    )
    queue = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Also count the queue narrowed by the filters, when anything changed.",
    )


class DeskSentenceOut(serializers.Serializer):
    revision = serializers.IntegerField()
    sentence = serializers.IntegerField()
    article = serializers.IntegerField()
    action = serializers.CharField()
    by = serializers.CharField(allow_null=True)
    at = serializers.DateTimeField()
    verdict = serializers.CharField(allow_null=True)
    review_state = serializers.CharField(allow_blank=True)
    needs_recheck = serializers.BooleanField()
    assignee = serializers.CharField(allow_null=True)


class DeskImportOut(serializers.Serializer):
    article = serializers.IntegerField()
    version = serializers.IntegerField(help_text="1: a new article; more: a corrected text.")
    title = serializers.CharField()
    by = serializers.CharField(allow_null=True)


class DeskJobOut(serializers.Serializer):
    article = serializers.IntegerField()
    version = serializers.IntegerField()
    job = JobStateOut(allow_null=True)


class DeskVerdictCountsOut(serializers.Serializer):
    verified = serializers.IntegerField()
    disputed = serializers.IntegerField()
    unverified = serializers.IntegerField()


class DeskArticleOut(serializers.Serializer):
    article = serializers.IntegerField()
    sentences = serializers.IntegerField()
    open = serializers.IntegerField()
    verdicts = DeskVerdictCountsOut()
    ready = serializers.BooleanField()
    blockers = serializers.ListField(child=serializers.CharField())


class DeskChangesOut(serializers.Serializer):
    cursor = serializers.IntegerField(help_text="Send as `after` on the next poll.")
    version_cursor = serializers.IntegerField(help_text="Send as `versions_after` next time.")
    more = serializers.BooleanField(help_text="More changes wait; poll again at once.")
    sentences = DeskSentenceOut(many=True)
    imports = DeskImportOut(many=True)
    jobs = DeskJobOut(many=True)
    articles = DeskArticleOut(many=True, help_text="Figures of listed articles that changed.")
    queue_count = serializers.IntegerField(
        required=False,
        help_text="With `queue=true`: the filtered queue's size, when it may differ.",
    )


def desk_out(changes: DeskChanges) -> dict[str, Any]:
    return {
        "cursor": changes.cursor,
        "version_cursor": changes.version_cursor,
        "more": changes.more,
        "sentences": changes.sentences,
        "imports": changes.imports,
        "jobs": changes.jobs,
        "articles": changes.articles,
    }


class DeskChangesView(ApiView):
    """``GET``: what changed in the caller's newsrooms since the cursors."""

    @extend_schema(
        operation_id="desk_changes",
        parameters=[
            DeskChangesQuery,
            OpenApiParameter(
                "If-None-Match",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                description="The ETag of the last answer: 304 when nothing changed.",
            ),
        ],
        responses={
            200: OpenApiResponse(DeskChangesOut, description="What changed."),
            304: OpenApiResponse(description="Nothing changed since the answer tagged so."),
            **errors(*READ_ERRORS),
        },
    )
    def get(self, request: Request) -> Response | HttpResponse:
        query = DeskChangesQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        changes = list_desk_changes(
            user=request.user,
            after=data.get("after"),
            versions_after=data.get("versions_after"),
            listed=data.get("articles") or [],
            refresh=data.get("refresh") or [],
        )
        body = desk_out(changes)
        first = data.get("after") is None
        if data["queue"] and (changes.changed or first):
            body["queue_count"] = list_review_queue(
                user=request.user,
                article=data.get("article"),
                verdict=data.get("verdict"),
                review_state=data.get("review_state"),
                assignee=data.get("assignee"),
                checkworthy=data.get("checkworthy"),
            ).count()
        tag = body_etag(body)
        if tag in (request.headers.get("If-None-Match") or ""):
            response = HttpResponse(status=status.HTTP_304_NOT_MODIFIED)
        else:
            response = Response(body)
        response["ETag"] = tag
        response["Cache-Control"] = "private, no-cache"
        return response
