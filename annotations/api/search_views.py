"""``GET /api/search/?q=``: full-text search over the caller's newsrooms, with filters.

Texts come back as plain text with ``highlights``, [start, end) character offsets of the hits
in that text: nothing stored is ever sent as HTML, the client marks the hits itself.
"""

from typing import Any

from django.urls import reverse
from django.utils.http import urlencode
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from annotations.models import Article, Language
from annotations.selectors.search import (
    DATE_FIELDS,
    DEFAULT_PAGE_SIZE,
    MAX_PAGE,
    MAX_PAGE_SIZE,
    MAX_QUERY,
    SearchFilters,
    SearchHit,
    SearchPage,
    search,
)

from .base import READ_ERRORS, ApiView, errors
from .output import user_out
from .review_serializers import (
    AssigneeFilterField,
    review_state_filter_field,
    verdict_filter_field,
)


class SearchIn(serializers.Serializer):
    """Query parameters of ``/api/search/``.

    ``q`` is declared as the server takes it (1 to 500 characters), so the schema says what is
    accepted; the selector refuses a query of signs only, with a message that says why.
    """

    q = serializers.CharField(min_length=1, max_length=MAX_QUERY, trim_whitespace=False)
    language = serializers.ChoiceField(
        choices=Language.choices, required=False, allow_blank=True, help_text="de or en"
    )
    date_field = serializers.ChoiceField(
        choices=list(DATE_FIELDS), required=False, default="published",
        help_text="Which date the range applies to: the article's publication or its import.",
    )  # fmt: skip
    date_from = serializers.DateField(required=False)
    date_to = serializers.DateField(required=False)
    verdict = verdict_filter_field()
    review_state = review_state_filter_field()
    assignee = AssigneeFilterField(required=False, max_length=20)
    checkworthy = serializers.BooleanField(required=False, allow_null=True, default=None)
    needs_recheck = serializers.BooleanField(required=False, allow_null=True, default=None)
    versions = serializers.ChoiceField(
        choices=["current", "all"], required=False, default="current",
        help_text="all: search the sentences of superseded versions too.",
    )  # fmt: skip
    page = serializers.IntegerField(required=False, min_value=1, max_value=MAX_PAGE, default=1)
    page_size = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_PAGE_SIZE, default=DEFAULT_PAGE_SIZE
    )


class SearchHighlightOut(serializers.Serializer):
    field = serializers.ChoiceField(choices=["sentence", "rationale", "evidence", "comment"])
    text = serializers.CharField(help_text="Plain text, never HTML.")
    highlights = serializers.ListField(
        child=serializers.ListField(child=serializers.IntegerField(), min_length=2, max_length=2)
    )


class SearchResultOut(serializers.Serializer):
    sentence = serializers.IntegerField()
    ordinal = serializers.IntegerField()
    version = serializers.IntegerField()
    current = serializers.BooleanField()
    article = serializers.DictField()
    verdict = serializers.CharField(allow_null=True)
    review_state = serializers.CharField(allow_null=True)
    needs_recheck = serializers.BooleanField()
    checkworthy = serializers.BooleanField(allow_null=True)
    assignee = serializers.DictField(allow_null=True)
    matches = SearchHighlightOut(many=True)
    url = serializers.CharField(help_text="The sentence in its workspace.")


class SearchOut(serializers.Serializer):
    count = serializers.IntegerField()
    page = serializers.IntegerField()
    num_pages = serializers.IntegerField()
    next = serializers.CharField(allow_null=True)
    previous = serializers.CharField(allow_null=True)
    results = SearchResultOut(many=True)
    articles = serializers.ListField(child=serializers.DictField())


def workspace_url(hit: SearchHit) -> str:
    sentence = hit.sentence
    params: dict[str, Any] = {"sentence": sentence.pk}
    if sentence.version_id != sentence.article.current_version_id:
        params = {"version": sentence.version.number, **params}
    return f"{reverse('web:workspace', args=[sentence.article_id])}?{urlencode(params)}"


def article_ref(article: Article) -> dict[str, Any]:
    return {
        "id": article.pk,
        "title": article.title,
        "language": article.language,
        "published_at": article.published_at,
        "newsroom": article.newsroom.name,
        "url": reverse("web:workspace", args=[article.pk]),
    }


def hit_out(hit: SearchHit) -> dict[str, Any]:
    sentence = hit.sentence
    annotation = getattr(sentence, "annotation", None)
    tag = sentence.pretag
    return {
        "sentence": sentence.pk,
        "ordinal": sentence.ordinal,
        "version": sentence.version.number,
        "current": sentence.version_id == sentence.article.current_version_id,
        "article": article_ref(sentence.article),
        "verdict": annotation.verdict if annotation else None,
        "review_state": annotation.review_state if annotation else None,
        "needs_recheck": bool(annotation and annotation.needs_recheck),
        "checkworthy": tag.claim if tag else None,
        "assignee": user_out(sentence.assignee),
        "matches": [
            {"field": m.field, "text": m.text, "highlights": [list(h) for h in m.highlights]}
            for m in hit.matches
        ],
        "url": workspace_url(hit),
    }


def filters_from(data: dict[str, Any]) -> SearchFilters:
    return SearchFilters(
        language=data.get("language") or None,
        date_field=data.get("date_field") or "published",
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
        verdict=data.get("verdict"),
        review_state=data.get("review_state"),
        assignee=data.get("assignee"),
        checkworthy=data.get("checkworthy"),
        needs_recheck=data.get("needs_recheck"),
        include_old_versions=data.get("versions") == "all",
    )


def _page_link(request: Request, page: int) -> str:
    params = request.query_params.copy()
    params["page"] = str(page)
    return request.build_absolute_uri(f"{request.path}?{params.urlencode()}")


class SearchView(ApiView):
    """Sentences of the caller's newsrooms whose text, rationale, evidence title or comments match,
    best first; page 1 also lists articles whose title matches (when no filter speaks of
    sentences). German and English words match across inflection."""

    @extend_schema(
        operation_id="search",
        parameters=[SearchIn],
        responses={200: SearchOut, **errors(*READ_ERRORS)},
    )
    def get(self, request: Request) -> Response:
        params = SearchIn(data=request.query_params)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        found: SearchPage = search(
            user=request.user,
            query=data.get("q"),
            filters=filters_from(data),
            page=data["page"],
            page_size=data["page_size"],
        )
        return Response(
            {
                "count": found.total,
                "page": found.page,
                "num_pages": found.num_pages,
                "next": _page_link(request, found.page + 1) if found.has_next else None,
                "previous": _page_link(request, found.page - 1) if found.has_previous else None,
                "results": [hit_out(hit) for hit in found.hits],
                "articles": [article_ref(a) for a in found.articles],
            }
        )
