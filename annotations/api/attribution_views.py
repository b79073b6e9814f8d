"""A sentence's attribution check: ``GET`` / ``PUT /api/sentences/{id}/attribution/``."""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from annotations.models import AttributionCheck, AttributionResult, Role, Sentence, SourceType
from annotations.selectors.attribution import get_attribution
from annotations.services.access import signed_in
from annotations.services.attribution_checks import set_attribution_check

from .base import READ_ERRORS, WRITE_ERRORS, ApiView, errors
from .output import user_out
from .sentence_views import sentence_or_404
from .serializers import TextField, UserRefOut


class AttributionIn(serializers.Serializer):
    result = serializers.ChoiceField(choices=AttributionResult.choices)
    source = TextField(max_length=200, allow_newlines=False)  # type: ignore[assignment]  # a field named like DRF's Field.source
    source_type = serializers.ChoiceField(choices=SourceType.choices, default=SourceType.PERSON)
    rationale = TextField(max_length=20_000, required=False, default="", allow_blank=True)
    evidence_url = TextField(
        max_length=2048, required=False, default="", allow_blank=True, allow_newlines=False
    )


class ClaimantOut(serializers.Serializer):
    name = serializers.CharField()
    type = serializers.ChoiceField(choices=SourceType.choices)


class AttributionCheckOut(serializers.Serializer):
    result = serializers.ChoiceField(choices=AttributionResult.choices)
    source = serializers.CharField()  # type: ignore[assignment]  # a field named like DRF's Field.source
    source_type = serializers.ChoiceField(choices=SourceType.choices)
    rationale = serializers.CharField(allow_blank=True)
    evidence_url = serializers.CharField(allow_null=True)
    updated_by = UserRefOut(allow_null=True)
    updated_at = serializers.DateTimeField()


class FoundOnOut(serializers.Serializer):
    evidence = serializers.IntegerField()
    url = serializers.CharField()
    match = serializers.ChoiceField(choices=["verbatim", "approximate", "not_found"])
    score = serializers.FloatField(allow_null=True)
    passage = serializers.CharField(allow_blank=True)


class AttributionOut(serializers.Serializer):
    sentence = serializers.IntegerField()
    suggested = ClaimantOut(allow_null=True, help_text="The pre-tagger's speaker or source.")
    words = serializers.CharField(
        allow_blank=True, help_text="What the sentence says the source said."
    )
    check = AttributionCheckOut(allow_null=True)
    found_on = FoundOnOut(many=True, help_text="Checked evidence pages holding the words.")


def check_out(check: AttributionCheck | None) -> dict[str, Any] | None:
    if check is None:
        return None
    return {
        "result": check.result,
        "source": check.source,
        "source_type": check.source_type,
        "rationale": check.rationale,
        "evidence_url": check.evidence_url or None,
        "updated_by": user_out(check.updated_by),
        "updated_at": check.updated_at,
    }


def attribution_response(sentence: Sentence) -> Response:
    found = get_attribution(sentence=sentence)
    return Response({**found, "check": check_out(found["check"])})


class AttributionView(ApiView):
    required_roles = {"PUT": Role.EDITOR}

    @extend_schema(
        operation_id="sentences_attribution_retrieve",
        responses={200: AttributionOut, **errors(*READ_ERRORS)},
    )
    def get(self, request: Request, pk: int) -> Response:
        """Who the sentence quotes, the desk's attribution check (null until one is saved) and
        the evidence pages where the quoted words were found."""
        return attribution_response(sentence_or_404(self, request, pk))

    @extend_schema(
        operation_id="sentences_attribution_update",
        request=AttributionIn,
        responses={200: AttributionOut, **errors(*WRITE_ERRORS)},
    )
    def put(self, request: Request, pk: int) -> Response:
        """Save the attribution check: ``confirmed`` (the source did say or report it),
        ``misattributed`` or ``not_found``, with the source as the desk reads it. The sentence
        needs a verdict first."""
        sentence = sentence_or_404(self, request, pk)
        form = AttributionIn(data=request.data)
        form.is_valid(raise_exception=True)
        set_attribution_check(
            sentence=sentence, editor=signed_in(request.user), **form.validated_data
        )
        return attribution_response(sentence)
