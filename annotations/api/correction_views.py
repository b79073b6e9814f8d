"""Corrections of a sentence's pre-tags: ``GET`` / ``PUT /api/sentences/{id}/pretag-corrections/``.

``GET`` lists the correctable tags of the sentence's current pre-tags (quotes' speakers,
attributions' sources, dates) with the value the desk holds now. ``PUT`` with
``{"kind", "start", "field", "value"}`` corrects one of them (the pre-tagger's own value
withdraws the correction) and answers the list. Bad input: 400 naming the field, nothing
written; another newsroom's sentence: 404.
"""

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from annotations.correctable import FIELDS
from annotations.models import CorrectedField, CorrectionOrigin, PretagCorrection, Role, Sentence
from annotations.selectors.pretag_corrections import get_pretag_corrections
from annotations.services.access import signed_in
from annotations.services.pretag_corrections import MAX_VALUE, correct_pretag

from .base import READ_ERRORS, WRITE_ERRORS, ApiView, errors
from .output import user_out
from .sentence_views import sentence_or_404
from .serializers import TextField, UserRefOut

KINDS = list(FIELDS)


def _choice(name: str, choices: list[str], **kwargs: Any) -> serializers.ChoiceField:
    allowed = ", ".join(choices)
    return serializers.ChoiceField(
        choices=choices,
        error_messages={
            "invalid_choice": f"Unknown {name} {{input!r}}; choose from {allowed}.",
            "required": f"Give the {name}: {allowed}.",
        },
        **kwargs,
    )


class PretagCorrectionIn(serializers.Serializer):
    kind = _choice("kind", KINDS, help_text="The tag's kind.")
    start = serializers.IntegerField(
        min_value=0, max_value=2**31 - 1, help_text="The tag's start offset in the article text."
    )
    field = _choice("field", list(CorrectedField.values), help_text="speaker, source or date.")
    value = TextField(
        max_length=MAX_VALUE,
        allow_blank=True,
        allow_newlines=False,
        help_text="The editor's value; the pre-tagger's own value withdraws the correction.",
    )


class CorrectionOut(serializers.Serializer):
    origin = serializers.ChoiceField(choices=CorrectionOrigin.choices)
    by = UserRefOut(allow_null=True)
    at = serializers.DateTimeField()


class CorrectableTagOut(serializers.Serializer):
    kind = serializers.ChoiceField(choices=KINDS)
    field = serializers.ChoiceField(choices=CorrectedField.choices)
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    text = serializers.CharField(help_text="The words the tag covers.")
    pretag_value = serializers.CharField(
        allow_blank=True, help_text="The pre-tagger's value (blank: a date it did not resolve)."
    )
    value = serializers.CharField(allow_blank=True, help_text="The value the desk holds now.")
    correction = CorrectionOut(allow_null=True, help_text="Null while the pre-tagger's stands.")


class PretagCorrectionsOut(serializers.Serializer):
    sentence = serializers.IntegerField()
    tagger_version = serializers.CharField(allow_null=True)
    tags = CorrectableTagOut(many=True)


def corrections_response(sentence: Sentence) -> Response:
    found = get_pretag_corrections(sentence=sentence)
    tags = [{**tag, "correction": _correction_out(tag["correction"])} for tag in found["tags"]]
    return Response({**found, "tags": tags})


def _correction_out(correction: PretagCorrection | None) -> dict[str, Any] | None:
    if correction is None:
        return None
    return {"origin": correction.origin, "by": user_out(correction.by), "at": correction.at}


class PretagCorrectionsView(ApiView):
    required_roles = {"PUT": Role.EDITOR}

    @extend_schema(
        operation_id="sentences_pretag_corrections_retrieve",
        responses={200: PretagCorrectionsOut, **errors(*READ_ERRORS)},
    )
    def get(self, request: Request, pk: int) -> Response:
        """The sentence's correctable pre-tags (speakers, sources, dates) and their corrections."""
        return corrections_response(sentence_or_404(self, request, pk))

    @extend_schema(
        operation_id="sentences_pretag_corrections_update",
        request=PretagCorrectionIn,
        responses={200: PretagCorrectionsOut, **errors(*WRITE_ERRORS)},
    )
    def put(self, request: Request, pk: int) -> Response:
        """Correct one tag's speaker, source or date (the tag named by kind and start); the
        pre-tagger's own value withdraws the correction. Answers the sentence's list."""
        sentence = sentence_or_404(self, request, pk)
        form = PretagCorrectionIn(data=request.data)
        form.is_valid(raise_exception=True)
        correct_pretag(sentence=sentence, editor=signed_in(request.user), **form.validated_data)
        return corrections_response(sentence)
