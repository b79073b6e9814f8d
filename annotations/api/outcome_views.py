"""Dismissing a sentence's pre-tag as not a claim (and undoing it), and the precision of each
tagger version as the desk's outcomes show it.

``POST /api/sentences/{id}/dismiss/`` with ``{"reason": ..., "note": ...}``: 201 with the new
dismissal, 200 when the sentence was dismissed already (reason and note updated). 409
``has_verdict`` when the sentence has a verdict: a verdict says the desk took the claim up, so
both at once would contradict each other. ``DELETE`` on the same URL, or
``POST .../dismiss/undo/``, undoes it (409 ``not_dismissed`` when there is nothing to undo).
Another newsroom's sentence: 404.
"""

from typing import Any

from django.utils.translation import gettext_noop
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from annotations.models import Dismissal, DismissalReason, Role
from annotations.selectors.members import list_memberships
from annotations.selectors.pretag_stats import list_pretag_stats
from annotations.services.access import signed_in
from annotations.services.errors import InvalidInput, NotFound
from annotations.services.outcomes import allowed_reasons, dismiss, undo_dismissal

from .base import READ_ERRORS, WRITE_ERRORS, ApiView, errors
from .output import user_out
from .sentence_views import sentence_or_404
from .serializers import UserRefOut, id_field

REASON_MESSAGE = f"Unknown reason {{input!r}}; choose from {allowed_reasons()}."


class DismissIn(serializers.Serializer):
    reason = serializers.ChoiceField(
        choices=DismissalReason.choices,
        error_messages={
            "invalid_choice": REASON_MESSAGE,
            "required": f"Give a reason: {allowed_reasons()}.",
        },
    )
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=1000)


class DismissalOut(serializers.Serializer):
    sentence = serializers.IntegerField()
    reason = serializers.ChoiceField(choices=DismissalReason.choices)
    note = serializers.CharField(allow_blank=True)
    by = UserRefOut(allow_null=True)
    at = serializers.DateTimeField()
    undone_at = serializers.DateTimeField(allow_null=True)
    undone_by = UserRefOut(allow_null=True)


def dismissal_out(dismissal: Dismissal) -> dict[str, Any]:
    return {
        "sentence": dismissal.sentence_id,
        "reason": dismissal.reason,
        "note": dismissal.note,
        "by": user_out(dismissal.by),
        "at": dismissal.at,
        "undone_at": dismissal.undone_at,
        "undone_by": user_out(dismissal.undone_by),
    }


DISMISS_ERRORS = errors(*WRITE_ERRORS)


class DismissView(ApiView):
    required_roles = {"POST": Role.EDITOR, "DELETE": Role.EDITOR}

    @extend_schema(
        operation_id="sentences_dismiss",
        request=DismissIn,
        responses={201: DismissalOut, 200: DismissalOut, **DISMISS_ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        """Dismiss the sentence's pre-tag as not a claim, with a reason (201; 200 if it was
        dismissed already); 409 ``has_verdict`` if it has a verdict."""
        sentence = sentence_or_404(self, request, pk)
        form = DismissIn(data=request.data)
        form.is_valid(raise_exception=True)
        dismissal, created = dismiss(
            sentence=sentence,
            editor=signed_in(request.user),
            reason=form.validated_data["reason"],
            note=form.validated_data["note"],
        )
        code = status.HTTP_201_CREATED if created else status.HTTP_200_OK
        return Response(dismissal_out(dismissal), status=code)

    @extend_schema(
        operation_id="sentences_dismiss_undo_delete",
        request=None,
        responses={200: DismissalOut, **DISMISS_ERRORS},
    )
    def delete(self, request: Request, pk: int) -> Response:
        """Undo the dismissal (409 ``not_dismissed`` when there is none)."""
        return undo_response(self, request, pk)


def undo_response(view: ApiView, request: Request, pk: int) -> Response:
    sentence = sentence_or_404(view, request, pk)
    return Response(
        dismissal_out(undo_dismissal(sentence=sentence, editor=signed_in(request.user)))
    )


class UndoDismissView(ApiView):
    required_roles = {"POST": Role.EDITOR}

    @extend_schema(
        operation_id="sentences_dismiss_undo",
        request=None,
        responses={200: DismissalOut, **DISMISS_ERRORS},
    )
    def post(self, request: Request, pk: int) -> Response:
        """Undo the dismissal, for clients that cannot send DELETE."""
        return undo_response(self, request, pk)


class EstimateOut(serializers.Serializer):
    value = serializers.FloatField()
    low = serializers.FloatField(help_text="Lower end of the 95 % interval.")
    high = serializers.FloatField(help_text="Upper end of the 95 % interval.")


class AcceptanceOut(serializers.Serializer):
    tags = serializers.IntegerField(help_text="Tags of this kind on sentences the desk acted on.")
    accepted = serializers.IntegerField(help_text="Of those, left as the pre-tagger had them.")
    rate = EstimateOut(allow_null=True, help_text="accepted / tags, with its 95 % interval.")


class PretagStatsRowOut(serializers.Serializer):
    tagger_version = serializers.CharField()
    tagged = serializers.IntegerField(help_text="Sentences of current versions it tagged.")
    flagged = serializers.IntegerField(help_text="Of those, called a claim.")
    confirmed = serializers.IntegerField(help_text="Flagged and given a verdict.")
    dismissed = serializers.IntegerField(help_text="Flagged, no verdict, dismissed.")
    open = serializers.IntegerField(help_text="Flagged, neither confirmed nor dismissed yet.")
    missed = serializers.IntegerField(help_text="Not flagged, yet given a verdict.")
    precision = EstimateOut(allow_null=True, help_text="confirmed / (confirmed + dismissed).")
    recall = EstimateOut(allow_null=True, help_text="confirmed / (confirmed + missed).")
    f1 = EstimateOut(allow_null=True)
    speakers = AcceptanceOut(
        help_text="Quotes' speakers and attributions' sources not corrected by an editor."
    )
    dates = AcceptanceOut(help_text="Dates not corrected by an editor.")
    first_tagged_at = serializers.DateTimeField()
    last_tagged_at = serializers.DateTimeField()


class PretagStatsOut(serializers.Serializer):
    newsroom = serializers.IntegerField()
    versions = PretagStatsRowOut(many=True)


class PretagStatsQuery(serializers.Serializer):
    newsroom = id_field(required=False)


def chosen_newsroom(request: Request) -> int:
    """The newsroom asked for with ``?newsroom=`` (404 unless the caller is a member), or the
    caller's only one; a member of several must choose (400 naming them)."""
    query = PretagStatsQuery(data=request.query_params)
    query.is_valid(raise_exception=True)
    wanted = query.validated_data.get("newsroom")
    ids = [m.newsroom_id for m in list_memberships(user=request.user)]
    if wanted is not None:
        if wanted not in ids:
            raise NotFound(gettext_noop("Not found."))
        return wanted
    if not ids:
        raise NotFound(gettext_noop("You belong to no newsroom."))
    if len(ids) > 1:
        raise InvalidInput(
            gettext_noop("You belong to several newsrooms; choose one with ?newsroom= (%(ids)s)."),
            field="newsroom",
            params={"ids": ", ".join(map(str, ids))},
        )
    return ids[0]


class PretagStatsView(ApiView):
    @extend_schema(
        operation_id="stats_pretag",
        parameters=[
            OpenApiParameter(
                "newsroom",
                OpenApiTypes.INT,
                description="Needed by members of several newsrooms.",
            )
        ],
        responses={200: PretagStatsOut, **errors(*READ_ERRORS)},
    )
    def get(self, request: Request) -> Response:
        """Per tagger version: flagged, confirmed, dismissed, missed; precision, recall and F1
        with 95 % intervals, from the newsroom's outcomes; the acceptance of its speakers and
        dates on the sentences the desk acted on (a constant number of queries)."""
        newsroom_id = chosen_newsroom(request)
        return Response(
            {"newsroom": newsroom_id, "versions": list_pretag_stats(newsroom_id=newsroom_id)}
        )
