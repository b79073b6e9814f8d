"""Live updates for open workspaces: what changed since a cursor, and who is where.

The page polls ``changes`` about once a second while it is visible. A poll costs four queries
whatever happened (two in ``selectors.changes``, one for comments in
``selectors.comment_changes``, one for stored matches in ``selectors.match_changes``); an
answer equal to the last one is a 304 by its ETag.
Presence is reported every few seconds and kept in the cache, never in the database.
"""

import hashlib
import json
from typing import Any

from django.http import Http404, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from annotations.models import CommentAction
from annotations.selectors.changes import ArticleState, Changes, get_article_state, list_changes
from annotations.selectors.comment_changes import list_comment_changes
from annotations.selectors.match_changes import list_match_changes
from annotations.services.access import signed_in
from annotations.services.presence import TTL_SECONDS, leave, list_presence, report_presence

from .base import READ_ERRORS, ApiView, errors
from .serializers import cursor_field, id_field


class ChangesQuery(serializers.Serializer):
    after = cursor_field("cursor")
    version = id_field(required=False, help_text="The article version the page shows.")
    comments_after = cursor_field("`comment_cursor`")
    matches_after = cursor_field("`match_cursor`")


class PresenceIn(serializers.Serializer):
    sentence = id_field(allow_null=True, help_text="The sentence open in the page, or null.")


class JobStateOut(serializers.Serializer):
    id = serializers.IntegerField()
    state = serializers.CharField()
    progress = serializers.FloatField()


class ArticleLiveOut(serializers.Serializer):
    version = serializers.IntegerField()
    assignee = serializers.CharField(allow_null=True)
    job = JobStateOut(allow_null=True)


class SentenceChangeOut(serializers.Serializer):
    sentence = serializers.IntegerField()
    revision = serializers.IntegerField(help_text="The latest revision of the sentence.")
    action = serializers.CharField()
    by = serializers.CharField(allow_null=True, help_text="Who made that revision.")
    at = serializers.DateTimeField()
    current = serializers.BooleanField(help_text="On the article's current version.")
    verdict = serializers.CharField(allow_null=True)
    review_state = serializers.CharField(allow_blank=True)
    version = serializers.IntegerField()
    etag = serializers.CharField()
    needs_recheck = serializers.BooleanField()
    assignee = serializers.CharField(allow_null=True)


class CommentChangeOut(serializers.Serializer):
    revision = serializers.IntegerField(help_text="The comment's trail entry.")
    comment = serializers.IntegerField()
    sentence = serializers.IntegerField(allow_null=True, help_text="Null: on the article.")
    action = serializers.ChoiceField(choices=CommentAction.choices)
    by = serializers.CharField(allow_null=True)
    at = serializers.DateTimeField()


class PresenceOut(serializers.Serializer):
    user = serializers.CharField()
    user_id = serializers.IntegerField()
    sentence = serializers.IntegerField(allow_null=True)


class ChangesOut(serializers.Serializer):
    cursor = serializers.IntegerField(help_text="Send as `after` on the next poll.")
    more = serializers.BooleanField(help_text="More changes wait; poll again at once.")
    version_changed = serializers.BooleanField()
    article = ArticleLiveOut()
    sentences = SentenceChangeOut(many=True)
    presence = PresenceOut(many=True)
    comments = CommentChangeOut(many=True, help_text="Comments written, edited, (re)opened.")
    comment_cursor = serializers.IntegerField(help_text="Send as `comments_after` next time.")
    matches = serializers.ListField(
        child=serializers.IntegerField(),
        help_text='Sentences whose "checked before" matches were stored anew.',
    )
    match_cursor = serializers.IntegerField(help_text="Send as `matches_after` next time.")


def _state_or_404(request: Request, article_id: int) -> ArticleState:
    state = get_article_state(user=request.user, article_id=article_id)
    if state is None:
        raise Http404
    return state


def changes_out(changes: Changes, presence: list, shown_version: int | None) -> dict[str, Any]:
    article = changes.article
    return {
        "cursor": changes.cursor,
        "more": changes.more,
        "version_changed": shown_version is not None and shown_version != article.version,
        "article": {"version": article.version, "assignee": article.assignee, "job": article.job},
        "sentences": changes.sentences,
        "presence": [
            {"user": p.username, "user_id": p.user_id, "sentence": p.sentence} for p in presence
        ],
    }


def with_comments(body: dict[str, Any], state: ArticleState, after: int | None) -> None:
    """Add the comments' part of the feed (``selectors.comment_changes``) to an answer."""
    found = list_comment_changes(article_id=state.id, after=after)
    body["comments"] = found.comments
    body["comment_cursor"] = found.cursor
    body["more"] = body["more"] or found.more


def with_matches(body: dict[str, Any], state: ArticleState, after: int | None) -> None:
    """Add the sentences with newly stored matches (``selectors.match_changes``)."""
    found = list_match_changes(article_id=state.id, after=after)
    body["matches"] = found.sentences
    body["match_cursor"] = found.cursor
    body["more"] = body["more"] or found.more


def body_etag(body: dict[str, Any]) -> str:
    """A weak tag of the answer: the same facts give the same tag, whichever process asks."""
    digest = hashlib.blake2b(
        json.dumps(body, sort_keys=True, default=str).encode(), digest_size=12
    ).hexdigest()
    return f'W/"{digest}"'


class ArticleChangesView(ApiView):
    """``GET``: the article's changes after a cursor, its version and job, and who is where."""

    @extend_schema(
        operation_id="articles_changes",
        parameters=[
            ChangesQuery,
            OpenApiParameter(
                "If-None-Match",
                OpenApiTypes.STR,
                OpenApiParameter.HEADER,
                description="The ETag of the last answer: 304 when nothing changed.",
            ),
        ],
        responses={
            200: OpenApiResponse(ChangesOut, description="What changed."),
            304: OpenApiResponse(description="Nothing changed since the answer tagged so."),
            **errors(*READ_ERRORS),
        },
    )
    def get(self, request: Request, pk: int) -> Response | HttpResponse:
        query = ChangesQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        state = _state_or_404(request, pk)
        changes = list_changes(article=state, after=query.validated_data.get("after"))
        body = changes_out(
            changes, list_presence(article_id=pk), query.validated_data.get("version")
        )
        with_comments(body, state, query.validated_data.get("comments_after"))
        with_matches(body, state, query.validated_data.get("matches_after"))
        tag = body_etag(body)
        if tag in (request.headers.get("If-None-Match") or ""):
            response = HttpResponse(status=status.HTTP_304_NOT_MODIFIED)
        else:
            response = Response(body)
        response["ETag"] = tag
        # Every poll asks the server: the answer depends on the cursor and on time.
        response["Cache-Control"] = "private, no-cache"
        return response


class ArticlePresenceView(ApiView):
    """``POST``: "I have this article (and this sentence) open". ``DELETE``: "I left"."""

    @extend_schema(
        operation_id="articles_presence",
        request=PresenceIn,
        responses={204: OpenApiResponse(description="Recorded."), **errors(*READ_ERRORS, 415)},
        description=f"Report every few seconds; an entry not renewed goes after {TTL_SECONDS} s.",
    )
    def post(self, request: Request, pk: int) -> Response:
        form = PresenceIn(data=request.data)
        form.is_valid(raise_exception=True)
        state = _state_or_404(request, pk)
        report_presence(
            article_id=state.id,
            user=signed_in(request.user),
            sentence_id=form.validated_data["sentence"],
        )
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        operation_id="articles_presence_leave",
        responses={204: OpenApiResponse(description="Gone."), **errors(*READ_ERRORS)},
    )
    def delete(self, request: Request, pk: int) -> Response:
        state = _state_or_404(request, pk)
        leave(article_id=state.id, user=signed_in(request.user))
        return Response(status=status.HTTP_204_NO_CONTENT)
