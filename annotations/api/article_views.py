"""Articles: list, import, detail with review status, sentences, re-tagging, assignee."""

from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_noop
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from annotations.models import Article, Newsroom, Role, Sentence
from annotations.selectors.articles import (
    SentenceRowPages,
    evidence_by_annotation,
    get_article,
    list_articles,
)
from annotations.selectors.members import list_memberships
from annotations.selectors.status import get_article_status
from annotations.selectors.versions import get_version
from annotations.services.access import signed_in
from annotations.services.articles import import_article, retag_article
from annotations.services.errors import InvalidInput
from annotations.services.review import assign_article
from annotations.services.uploads import read_upload

from .base import READ_ERRORS, WRITE_ERRORS, ApiView, ListApiView, Pagination, errors
from .filters import ArticleFilter
from .idempotency import IDEMPOTENCY_KEY, idempotent
from .output import article_detail_out, article_out, job_out, sentence_row_out
from .parsers import Utf8JSONParser
from .serializers import (
    ArticleCreatedOut,
    ArticleDetailOut,
    ArticleFileIn,
    ArticleIn,
    ArticleOut,
    ArticleStatusOut,
    AssigneeIn,
    JobOut,
    SentenceOut,
    VersionQuery,
)


def article_or_404(
    view: Any, request: Request, article_id: int, *, with_text: bool = True
) -> Article:
    """The article from the caller's newsrooms, after the view's role check."""
    article = get_article(user=request.user, article_id=article_id, with_text=with_text)
    if article is None:
        raise Http404
    view.check_object_permissions(request, article)
    return article


class ArticleListView(ListApiView):
    """``GET``: the caller's articles, newest first. ``POST``: import one (JSON or a file)."""

    parser_classes = [Utf8JSONParser, MultiPartParser]
    pagination_class = Pagination
    filter_backends = [DjangoFilterBackend]
    filterset_class = ArticleFilter
    required_roles = {"POST": Role.EDITOR}

    def get_queryset(self) -> QuerySet[Article]:
        body = Q(sentences__heading=False, sentences__version_id=F("current_version_id"))
        return (
            list_articles(user=self.request.user)
            .select_related("assignee")
            .annotate(
                sentence_count=Count("sentences", filter=body),
                annotated_count=Count("sentences__annotation", filter=body),
            )
            # GROUP BY drops the model's default ordering; pages need a stable one.
            .order_by("-created_at", "-id")
        )

    @extend_schema(
        operation_id="articles_list",
        responses={200: ArticleOut(many=True), **errors(*READ_ERRORS)},
    )
    def get(self, request: Request) -> Response:
        queryset = self.filter_queryset(self.get_queryset())
        page = self.paginate_queryset(queryset)
        return self.get_paginated_response([article_out(a) for a in page or []])

    @extend_schema(
        operation_id="articles_create",
        request={"application/json": ArticleIn, "multipart/form-data": ArticleFileIn},
        parameters=[IDEMPOTENCY_KEY],
        responses={
            201: OpenApiResponse(ArticleCreatedOut, description="The article and its job."),
            **errors(*WRITE_ERRORS, 422),
        },
    )
    def post(self, request: Request) -> Response:
        """Import an article; pre-tagging runs in the background (see ``job``)."""
        return idempotent(request, "articles", lambda: self._import(request))

    def _import(self, request: Request) -> Response:
        is_upload = (request.content_type or "").startswith("multipart/")
        form = (ArticleFileIn if is_upload else ArticleIn)(data=request.data)
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        if is_upload:
            upload = read_upload(data.pop("file"))
            data["text"] = upload.text
            data["title"] = data.get("title") or upload.title
        newsroom = self.target_newsroom(request, data.pop("newsroom", None))
        self.check_object_permissions(request, newsroom)
        article, job = import_article(
            newsroom=newsroom,
            title=data["title"],
            text=data["text"],
            language=data.get("language") or None,
            source_url=data.get("source_url") or "",
            published_at=data.get("published_at"),
            imported_by=signed_in(request.user),
        )
        body = article_detail_out(article, status=get_article_status(article=article))
        body["job"] = job_out(job)
        return Response(body, status=status.HTTP_201_CREATED)

    @staticmethod
    def target_newsroom(request: Request, newsroom_id: int | None) -> Newsroom:
        """The named newsroom, or the only one where the caller may import."""
        memberships = list(list_memberships(user=request.user))
        if newsroom_id is not None:
            for membership in memberships:
                if membership.newsroom_id == newsroom_id:
                    return membership.newsroom
            # Same words for a missing and a foreign newsroom: existence stays hidden.
            raise InvalidInput(
                gettext_noop("You are not a member of this newsroom."), field="newsroom"
            )
        writable = [m for m in memberships if Role(m.role).at_least(Role.EDITOR)]
        if len(writable) == 1:
            return writable[0].newsroom
        if not writable:
            return memberships[0].newsroom if memberships else _no_newsroom()
        raise InvalidInput(
            gettext_noop("You are in several newsrooms; say which one."), field="newsroom"
        )


def _no_newsroom() -> Newsroom:
    raise InvalidInput(gettext_noop("You are not a member of any newsroom."), field="newsroom")


class ArticleDetailView(ApiView):
    @extend_schema(
        operation_id="articles_retrieve",
        responses={200: ArticleDetailOut, **errors(*READ_ERRORS)},
    )
    def get(self, request: Request, pk: int) -> Response:
        """The article, its text and its review status."""
        article = article_or_404(self, request, pk)
        return Response(article_detail_out(article, status=get_article_status(article=article)))


class ArticleSentencesView(ListApiView):
    pagination_class = Pagination
    queryset = Sentence.objects.none()  # for the schema; requests use the selector

    @extend_schema(
        operation_id="articles_sentences",
        parameters=[
            OpenApiParameter(
                "version", int, description="An older version's number (default: the current)."
            )
        ],
        responses={200: SentenceOut(many=True), **errors(*READ_ERRORS)},
    )
    def get(self, request: Request, pk: int) -> Response:
        """Sentences of the current version (or of ``?version=N``, read-only) in reading order,
        each with its pre-tags and verdict; a verdict says how it was anchored (``anchor``)."""
        article = article_or_404(self, request, pk, with_text=False)
        query = VersionQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        number = query.validated_data.get("version")
        version_id = article.current_version_id
        if number is not None and number != article.version:
            version = get_version(article=article, number=number)
            if version is None:
                raise Http404
            version_id = version.pk
        number = number or article.version
        # A sliceable with a count, which is all DRF's paginator asks of a queryset.
        pages = SentenceRowPages(version_id)  # type: ignore[arg-type]  # the version exists
        page = self.paginate_queryset(pages)  # type: ignore[arg-type]  # a sliceable, see above
        rows: list[dict[str, Any]] = list(page or [])  # type: ignore[arg-type]  # its rows are dicts
        evidence = evidence_by_annotation(
            [row["annotation__id"] for row in rows if row["annotation__id"] is not None]
        )
        return self.get_paginated_response(
            [sentence_row_out(row, evidence, article_version=number) for row in rows]
        )


class ArticleStatusView(ApiView):
    @extend_schema(
        operation_id="articles_status",
        responses={200: ArticleStatusOut, **errors(*READ_ERRORS)},
    )
    def get(self, request: Request, pk: int) -> Response:
        """Counts by verdict and review state, progress, and the pre-tag job."""
        article = article_or_404(self, request, pk)
        return Response(get_article_status(article=article))


class ArticleRetagView(ApiView):
    required_roles = {"POST": Role.EDITOR}

    @extend_schema(
        operation_id="articles_retag",
        request=None,
        responses={202: JobOut, **errors(*WRITE_ERRORS)},
    )
    def post(self, request: Request, pk: int) -> Response:
        """Queue a fresh pre-tag run; follow it at ``/api/jobs/{id}/``."""
        article = article_or_404(self, request, pk)
        job = retag_article(article=article, requested_by=signed_in(request.user))
        return Response(job_out(job), status=status.HTTP_202_ACCEPTED)


class ArticleAssigneeView(ApiView):
    required_roles = {"PUT": Role.EDITOR}

    @extend_schema(
        operation_id="articles_assignee",
        request=AssigneeIn,
        responses={200: ArticleDetailOut, **errors(*WRITE_ERRORS)},
    )
    def put(self, request: Request, pk: int) -> Response:
        """Give the article to an editor, reviewer or admin of its newsroom (null: nobody)."""
        article = article_or_404(self, request, pk)
        form = AssigneeIn(data=request.data)
        form.is_valid(raise_exception=True)
        article = assign_article(
            article=article, assignee_id=form.validated_data["assignee"], by=signed_in(request.user)
        )
        return Response(article_detail_out(article, status=get_article_status(article=article)))
