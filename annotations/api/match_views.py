"""Checked before: a sentence's matches, and reusing one as the sentence's draft verdict.

``GET /api/sentences/{id}/matches/`` lists what the matcher found after pre-tagging: the desk's
own verdicts on other sentences (``kind`` "verdict", linked to their workspace) and reference
fact-checks (``kind`` "fact_check", linked to their page), best first, with the similarity.
``POST /api/sentences/{id}/matches/{match_id}/reuse/`` copies the match's verdict, rationale
and evidence into the sentence's verdict as a draft (If-Match optional: without it, only a
sentence that has no verdict yet takes the reuse; 412 otherwise).
"""

from typing import Any
from urllib.parse import urlencode

from django.urls import reverse
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from annotations.models import Role, SentenceMatch
from annotations.selectors.matches import list_matches
from annotations.services.access import signed_in
from annotations.services.reuse import reuse_match

from .base import (
    ETAG_HEADER,
    READ_ERRORS,
    WRITE_ERRORS,
    ApiView,
    errors,
    expected_version,
    if_match,
)
from .sentence_views import annotation_response, sentence_or_404
from .serializers import AnnotationOut


class MatchOut(serializers.Serializer):
    id = serializers.IntegerField()
    rank = serializers.IntegerField()
    similarity = serializers.FloatField(help_text="Cosine similarity of the two claims, 0-1.")
    score = serializers.FloatField(help_text="The matcher's fused score, which orders matches.")
    kind = serializers.ChoiceField(choices=["verdict", "fact_check"])
    claim = serializers.CharField()
    verdict = serializers.CharField(allow_null=True)
    review_state = serializers.CharField(allow_null=True)
    rating = serializers.CharField(allow_blank=True)
    date = serializers.DateField(allow_null=True)
    title = serializers.CharField(allow_blank=True)
    language = serializers.CharField(allow_blank=True)
    url = serializers.CharField(allow_blank=True)
    matcher_version = serializers.CharField()


class MatchListOut(serializers.Serializer):
    sentence = serializers.IntegerField()
    results = MatchOut(many=True)


def match_out(match: SentenceMatch) -> dict[str, Any]:
    base = {
        "id": match.pk,
        "rank": match.rank,
        "similarity": match.similarity,
        "score": match.score,
        "matcher_version": match.matcher_version,
    }
    annotation = match.annotation
    if annotation is not None:
        sentence = annotation.sentence
        article = sentence.article
        params: dict[str, Any] = {"sentence": sentence.pk}
        return {
            **base,
            "kind": "verdict",
            "claim": sentence.text,
            "verdict": annotation.verdict,
            "review_state": annotation.review_state,
            "rating": "",
            "date": annotation.updated_at.date(),
            "title": article.title,
            "language": article.language,
            "url": f"{reverse('web:workspace', args=[article.pk])}?{urlencode(params)}",
        }
    check = match.fact_check
    assert check is not None  # a match names an earlier verdict or a reference fact-check
    return {
        **base,
        "kind": "fact_check",
        "claim": check.claim,
        "verdict": None,
        "review_state": None,
        "rating": check.rating,
        "date": check.published,
        "title": check.title,
        "language": check.language,
        "url": check.url,
    }


class SentenceMatchesView(ApiView):
    @extend_schema(
        operation_id="sentences_matches_list", responses={200: MatchListOut, **errors(*READ_ERRORS)}
    )
    def get(self, request: Request, pk: int) -> Response:
        """Earlier checks of the same claim ("checked before"), best first."""
        sentence = sentence_or_404(self, request, pk)
        matches = list_matches(sentence_id=sentence.pk)
        return Response({"sentence": sentence.pk, "results": [match_out(m) for m in matches]})


class ReuseMatchView(ApiView):
    required_roles = {"POST": Role.EDITOR}

    @extend_schema(
        operation_id="sentences_matches_reuse",
        request=None,
        parameters=[if_match(required=False), ETAG_HEADER],
        responses={200: AnnotationOut, **errors(*WRITE_ERRORS, 412)},
    )
    def post(self, request: Request, pk: int, match_id: int) -> Response:
        """Copy the match's verdict, rationale and evidence as this sentence's draft verdict."""
        sentence = sentence_or_404(self, request, pk)
        version = expected_version(sentence, request.headers.get("If-Match"), required=False)
        annotation = reuse_match(
            sentence=sentence,
            match_id=match_id,
            editor=signed_in(request.user),
            expected_version=0 if version is None else version,
        )
        return annotation_response(sentence, annotation)
