"""Comment threads on sentences and articles, and one comment's edit, resolve and reopen."""

from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.request import Request
from rest_framework.response import Response

from annotations.models import Comment, Role
from annotations.selectors.articles import get_article
from annotations.selectors.comments import (
    get_comment,
    list_article_comments,
    list_sentence_comments,
)
from annotations.services import comments
from annotations.services.access import signed_in

from .base import READ_ERRORS, WRITE_ERRORS, ApiView, errors
from .comment_serializers import ArticleCommentsQuery, CommentBodyIn, CommentOut, comment_out
from .sentence_views import sentence_or_404


def _body(request: Request) -> str:
    form = CommentBodyIn(data=request.data)
    form.is_valid(raise_exception=True)
    return form.validated_data["body"]


def _created(comment: Comment) -> Response:
    return Response(comment_out(comment), status=status.HTTP_201_CREATED)


class SentenceCommentsView(ApiView):
    """``GET``: the sentence's thread, oldest first. ``POST``: add a comment (editors)."""

    required_roles = {"POST": Role.EDITOR}

    @extend_schema(
        operation_id="sentences_comments_list",
        responses={200: CommentOut(many=True), **errors(*READ_ERRORS)},
    )
    def get(self, request: Request, pk: int) -> Response:
        sentence = sentence_or_404(self, request, pk)
        return Response([comment_out(c) for c in list_sentence_comments(sentence=sentence)])

    @extend_schema(
        operation_id="sentences_comments_create",
        request=CommentBodyIn,
        responses={201: CommentOut, **errors(*WRITE_ERRORS)},
    )
    def post(self, request: Request, pk: int) -> Response:
        sentence = sentence_or_404(self, request, pk)
        comment = comments.add_comment(
            author=signed_in(request.user),
            article=sentence.article,
            sentence=sentence,
            body=_body(request),
        )
        return _created(comment)


class ArticleCommentsView(ApiView):
    """``GET``: the article's own thread (``?all=true``: with its sentences' threads).
    ``POST``: add a comment on the article (editors)."""

    required_roles = {"POST": Role.EDITOR}

    def _article(self, request: Request, pk: int) -> Any:
        article = get_article(user=signed_in(request.user), article_id=pk, with_text=False)
        if article is None:
            raise Http404
        self.check_object_permissions(request, article)
        return article

    @extend_schema(
        operation_id="articles_comments_list",
        parameters=[ArticleCommentsQuery],
        responses={200: CommentOut(many=True), **errors(*READ_ERRORS)},
    )
    def get(self, request: Request, pk: int) -> Response:
        query = ArticleCommentsQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        article = self._article(request, pk)
        rows = list_article_comments(article=article, everything=query.validated_data["all"])
        return Response([comment_out(c) for c in rows])

    @extend_schema(
        operation_id="articles_comments_create",
        request=CommentBodyIn,
        responses={201: CommentOut, **errors(*WRITE_ERRORS)},
    )
    def post(self, request: Request, pk: int) -> Response:
        article = self._article(request, pk)
        comment = comments.add_comment(
            author=signed_in(request.user), article=article, body=_body(request)
        )
        return _created(comment)


def _comment_or_404(request: Request, pk: int) -> Comment:
    comment = get_comment(user=signed_in(request.user), comment_id=pk)
    if comment is None:
        raise Http404
    return comment


def _fresh(comment: Comment) -> Response:
    return Response(comment_out(get_comment_again(comment)))


def get_comment_again(comment: Comment) -> Comment:
    """The comment as stored now, with its people (a service returns its own copy)."""
    return Comment.objects.select_related("author", "resolved_by").get(pk=comment.pk)


class CommentView(ApiView):
    """``GET``: one comment. ``PATCH``: change its text (its author, within the edit window)."""

    http_method_names = ["get", "patch", "head", "options"]

    @extend_schema(
        operation_id="comments_retrieve", responses={200: CommentOut, **errors(*READ_ERRORS)}
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(comment_out(_comment_or_404(request, pk)))

    @extend_schema(
        operation_id="comments_update",
        request=CommentBodyIn,
        responses={200: CommentOut, **errors(*WRITE_ERRORS)},
        description="Only the author, and only within `FACTCHECK_COMMENT_EDIT_SECONDS` (300 s) "
        "of writing it; later 403 `edit_window_closed`.",
    )
    def patch(self, request: Request, pk: int) -> Response:
        comment = _comment_or_404(request, pk)
        body = _body(request)
        return _fresh(
            comments.edit_comment(comment=comment, editor=signed_in(request.user), body=body)
        )


class CommentResolveView(ApiView):
    @extend_schema(
        operation_id="comments_resolve",
        request=None,
        responses={200: CommentOut, **errors(*WRITE_ERRORS)},
        description="Mark the comment resolved (editors); 409 when it already is.",
    )
    def post(self, request: Request, pk: int) -> Response:
        comment = _comment_or_404(request, pk)
        return _fresh(comments.resolve_comment(comment=comment, by=signed_in(request.user)))


class CommentReopenView(ApiView):
    @extend_schema(
        operation_id="comments_reopen",
        request=None,
        responses={200: CommentOut, **errors(*WRITE_ERRORS)},
        description="Reopen a resolved comment (editors); 409 when it is open.",
    )
    def post(self, request: Request, pk: int) -> Response:
        comment = _comment_or_404(request, pk)
        return _fresh(comments.reopen_comment(comment=comment, by=signed_in(request.user)))
