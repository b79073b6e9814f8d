"""The review queue, its exports, and a sentence's audit trail (all read-only)."""

from collections.abc import Iterable
from typing import Any

from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_noop
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.parsers import BaseParser
from rest_framework.renderers import BaseRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from annotations.exports import get_format, stream_export
from annotations.models import Revision, Sentence
from annotations.selectors.articles import get_sentence
from annotations.selectors.queue import list_review_queue
from annotations.selectors.revisions import list_revisions
from annotations.services.errors import NotFound

from .base import READ_ERRORS, ApiView, Pagination, errors
from .output import sentence_out, user_out
from .review_serializers import ExportIn, QueueFilterIn, QueueItemOut, RevisionOut


def queue_for(request: Request, serializer_class: type[QueueFilterIn] = QueueFilterIn) -> Any:
    """Validate the query string and return (the caller's queue queryset, validated data)."""
    params = serializer_class(data=request.query_params)
    params.is_valid(raise_exception=True)
    data = params.validated_data
    queryset = list_review_queue(
        user=request.user,
        article=data.get("article"),
        verdict=data.get("verdict"),
        review_state=data.get("review_state"),
        assignee=data.get("assignee"),
        checkworthy=data.get("checkworthy"),
        ordering=data.get("ordering"),
    )
    return queryset, data


def queue_item_out(sentence: Sentence) -> dict[str, Any]:
    data = sentence_out(sentence)
    data["article_title"] = sentence.article.title
    return data


class ReviewQueueView(ApiView):
    """Sentences of the caller's newsrooms, filtered; each with its article's title."""

    pagination_class = Pagination

    @extend_schema(
        operation_id="review_queue_list",
        parameters=[QueueFilterIn],
        responses={200: QueueItemOut(many=True), **errors(*READ_ERRORS)},
    )
    def get(self, request: Request) -> Response:
        queryset, _data = queue_for(request)
        paginator = self.pagination_class()
        page: list[Any] | None = paginator.paginate_queryset(queryset, request, view=self)
        return paginator.get_paginated_response([queue_item_out(s) for s in page or []])


class IgnoreFormatParameter(BaseContentNegotiation):
    """``?format=`` names the export here, not a DRF renderer; errors are always JSON."""

    def select_parser(self, request: Request, parsers: Iterable[BaseParser]) -> Any:
        return next(iter(parsers), None)

    def select_renderer(
        self, request: Request, renderers: Iterable[BaseRenderer], format_suffix: str | None = None
    ) -> tuple[BaseRenderer, str]:
        renderer = next(iter(renderers))
        return renderer, renderer.media_type


class ReviewQueueExportView(ApiView):
    """The filtered queue as a file, streamed: csv, json, jsonl, claimreview, webannotation."""

    content_negotiation_class = IgnoreFormatParameter

    @extend_schema(
        operation_id="review_queue_export",
        parameters=[ExportIn],
        responses={
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="RFC 4180 CSV"),
            (200, "application/json"): OpenApiResponse(OpenApiTypes.ANY, description="An array"),
            (200, "application/x-ndjson"): OpenApiResponse(OpenApiTypes.STR),
            (200, "application/ld+json"): OpenApiResponse(
                OpenApiTypes.ANY, description="ClaimReview array or W3C AnnotationCollection"
            ),
            **{(code, "application/json"): out for code, out in errors(*READ_ERRORS).items()},
        },
    )
    def get(self, request: Request) -> StreamingHttpResponse:
        # The format is checked first, so an unknown one gets its own clear message.
        export_format = get_format(request.query_params.get("format"))
        queryset, data = queue_for(request, ExportIn)
        chunks = stream_export(
            queryset,
            export_format,
            bom=data.get("bom", False),
            base_url=request.build_absolute_uri("/"),
        )
        response = StreamingHttpResponse(chunks, content_type=export_format.content_type)
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        response["Content-Disposition"] = content_disposition_header(
            as_attachment=True, filename=f"review-queue-{stamp}.{export_format.extension}"
        )
        response["Cache-Control"] = "private, no-store"
        return response


def revision_out(revision: Revision) -> dict[str, Any]:
    return {
        "id": revision.pk,
        "action": revision.action,
        "actor": user_out(revision.actor),
        "version": revision.version,
        "created_at": revision.created_at,
        "before": revision.before,
        "after": revision.after,
    }


class SentenceRevisionsView(ApiView):
    """The audit trail of one sentence, oldest first. History is read-only through every door."""

    http_method_names = ["get", "head", "options"]

    @extend_schema(
        operation_id="sentence_revisions",
        responses={200: RevisionOut(many=True), **errors(*READ_ERRORS)},
    )
    def get(self, request: Request, pk: int) -> Response:
        sentence = get_sentence(user=request.user, sentence_id=pk)
        if sentence is None:
            raise NotFound(gettext_noop("Not found."))
        return Response([revision_out(r) for r in list_revisions(sentence=sentence)])
