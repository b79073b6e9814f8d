"""Article versions: import a corrected text, list the versions, and the orphans it left."""

from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from annotations.models import ArticleVersion, Role
from annotations.selectors.articles import get_sentence
from annotations.selectors.status import get_article_status
from annotations.selectors.verdicts import get_annotation
from annotations.selectors.versions import list_orphans, list_versions
from annotations.services.access import signed_in
from annotations.services.uploads import read_upload
from annotations.services.versions import close_orphan, import_version, reattach_orphan

from .article_views import article_or_404
from .base import READ_ERRORS, WRITE_ERRORS, ApiView, ListApiView, Pagination, errors, with_etag
from .idempotency import IDEMPOTENCY_KEY, idempotent
from .output import annotation_out, article_detail_out, job_out, orphan_out, version_out
from .parsers import Utf8JSONParser
from .serializers import (
    AnnotationOut,
    CloseOrphanIn,
    OrphanOut,
    ReattachIn,
    VersionCreatedOut,
    VersionFileIn,
    VersionIn,
    VersionOut,
)

NO_CHANGE = {"kept": 0, "changed": 0, "orphaned": 0, "new": 0}


class ArticleVersionsView(ListApiView):
    """``GET``: the article's versions, oldest first. ``POST``: import a corrected text."""

    parser_classes = [Utf8JSONParser, MultiPartParser]
    pagination_class = Pagination
    required_roles = {"POST": Role.EDITOR}
    queryset = ArticleVersion.objects.none()  # for the schema; requests use the selector

    @extend_schema(
        operation_id="articles_versions_list",
        responses={200: VersionOut(many=True), **errors(*READ_ERRORS)},
    )
    def get(self, request: Request, pk: int) -> Response:
        article = article_or_404(self, request, pk, with_text=False)
        page = self.paginate_queryset(list_versions(article=article)) or []
        return self.get_paginated_response([version_out(v, current=article.version) for v in page])

    @extend_schema(
        operation_id="articles_versions_create",
        request={"application/json": VersionIn, "multipart/form-data": VersionFileIn},
        parameters=[IDEMPOTENCY_KEY],
        responses={
            201: OpenApiResponse(
                VersionCreatedOut, description="The new version, its anchoring and its job."
            ),
            200: OpenApiResponse(
                VersionCreatedOut, description="The text is the current one; nothing changed."
            ),
            **errors(*WRITE_ERRORS, 409, 422),
        },
    )
    def post(self, request: Request, pk: int) -> Response:
        """Make a corrected text the article's next version; verdicts follow their sentences.

        Unchanged sentences keep their verdicts; a changed one carries its verdict back to
        draft with ``needs_recheck``; a verdict whose sentence is gone stays on the old version
        (see ``orphans/``). 409 ``article_version_changed`` when another version came first.
        """
        article = article_or_404(self, request, pk, with_text=False)
        return idempotent(request, f"versions:{article.pk}", lambda: self._import(request, article))

    def _import(self, request: Request, article) -> Response:
        is_upload = (request.content_type or "").startswith("multipart/")
        form = (VersionFileIn if is_upload else VersionIn)(data=request.data)
        form.is_valid(raise_exception=True)
        data = dict(form.validated_data)
        text = read_upload(data.pop("file")).text if is_upload else data["text"]
        result = import_version(
            article=article,
            text=text,
            note=data.get("note") or "",
            imported_by=signed_in(request.user),
            base_version=data.get("base_version"),
        )
        body = article_detail_out(result.article, status=get_article_status(article=article))
        body["anchoring"] = result.anchoring if result.created else dict(NO_CHANGE)
        body["job"] = job_out(result.job) if result.job else None
        code = status.HTTP_201_CREATED if result.created else status.HTTP_200_OK
        return Response(body, status=code)


class ArticleOrphansView(ListApiView):
    pagination_class = Pagination
    queryset = ArticleVersion.objects.none()  # for the schema; requests use the selector

    @extend_schema(
        operation_id="articles_orphans_list",
        responses={200: OrphanOut(many=True), **errors(*READ_ERRORS)},
    )
    def get(self, request: Request, pk: int) -> Response:
        """Verdicts a new version left on an older one, with the sentence they judged."""
        article = article_or_404(self, request, pk, with_text=False)
        page = self.paginate_queryset(list_orphans(article=article)) or []
        return self.get_paginated_response([orphan_out(a) for a in page])


class OrphanReattachView(ApiView):
    required_roles = {"POST": Role.EDITOR}

    @extend_schema(
        operation_id="articles_orphans_reattach",
        request=ReattachIn,
        responses={200: AnnotationOut, **errors(*WRITE_ERRORS, 409)},
    )
    def post(self, request: Request, pk: int, annotation_id: int) -> Response:
        """Put the orphaned verdict on a sentence of the current version (back to draft, to be
        re-checked); the move is kept in the sentence's history."""
        article = article_or_404(self, request, pk, with_text=False)
        form = ReattachIn(data=request.data)
        form.is_valid(raise_exception=True)
        sentence = get_sentence(user=request.user, sentence_id=form.validated_data["sentence"])
        if sentence is None or sentence.article_id != article.pk:
            raise Http404
        reattach_orphan(
            article=article,
            annotation_id=annotation_id,
            sentence=sentence,
            editor=signed_in(request.user),
        )
        annotation = get_annotation(sentence=sentence)
        body = annotation_out(annotation, sentence_id=sentence.pk)
        return with_etag(Response(body), sentence.pk, body["version"])


class OrphanCloseView(ApiView):
    required_roles = {"POST": Role.EDITOR}

    @extend_schema(
        operation_id="articles_orphans_close",
        request=CloseOrphanIn,
        responses={200: OrphanOut, **errors(*WRITE_ERRORS)},
    )
    def post(self, request: Request, pk: int, annotation_id: int) -> Response:
        """Close an orphan: it stays on its old version and no longer blocks the article."""
        article = article_or_404(self, request, pk, with_text=False)
        form = CloseOrphanIn(data=request.data)
        form.is_valid(raise_exception=True)
        closed = close_orphan(
            article=article,
            annotation_id=annotation_id,
            editor=signed_in(request.user),
            reason=form.validated_data["reason"],
        )
        return Response(orphan_out(list_orphans(article=article, closed=True).get(pk=closed.pk)))
