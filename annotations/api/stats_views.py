"""``GET /api/stats/``: how the desk is doing, the figures of the statistics page as JSON.

Verdict mix per week, articles imported and ready per week, time from import to ready,
review turnaround, per-editor throughput, the changes-requested rate and each pre-tagger
version's precision, recall and F1; one newsroom (``?newsroom=`` for members of several), in a
constant number of queries.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from annotations.selectors.desk_stats import get_desk_stats

from .base import READ_ERRORS, ApiView, errors
from .outcome_views import PretagStatsRowOut, chosen_newsroom


class VerdictWeekOut(serializers.Serializer):
    week = serializers.DateField(help_text="The week's Monday.")
    verified = serializers.IntegerField()
    disputed = serializers.IntegerField()
    unverified = serializers.IntegerField()
    total = serializers.IntegerField()


class ArticleWeekOut(serializers.Serializer):
    week = serializers.DateField()
    imported = serializers.IntegerField()
    ready = serializers.IntegerField()


class ImportToReadyOut(serializers.Serializer):
    articles = serializers.IntegerField(help_text="Articles ready now.")
    median_hours = serializers.FloatField(allow_null=True)
    mean_hours = serializers.FloatField(allow_null=True)


class TurnaroundWeekOut(serializers.Serializer):
    week = serializers.DateField()
    reviewed = serializers.IntegerField()
    mean_hours = serializers.FloatField(allow_null=True, help_text="Submission to review.")


class EditorOut(serializers.Serializer):
    editor = serializers.CharField()
    verdicts = serializers.IntegerField()
    approved = serializers.IntegerField()
    changes_requested = serializers.IntegerField()


class ChangesWeekOut(serializers.Serializer):
    week = serializers.DateField()
    reviews = serializers.IntegerField()
    changes_requested = serializers.IntegerField()
    rate = serializers.FloatField()


class DeskStatsOut(serializers.Serializer):
    newsroom = serializers.IntegerField()
    verdict_mix = VerdictWeekOut(many=True)
    articles_per_week = ArticleWeekOut(many=True)
    import_to_ready = ImportToReadyOut()
    review_turnaround = TurnaroundWeekOut(many=True)
    editor_throughput = EditorOut(many=True)
    changes_requested = ChangesWeekOut(many=True)
    pretag_versions = PretagStatsRowOut(many=True)


class DeskStatsView(ApiView):
    @extend_schema(
        operation_id="stats_desk",
        parameters=[
            OpenApiParameter(
                "newsroom", OpenApiTypes.INT, description="Needed by members of several newsrooms."
            )
        ],
        responses={200: DeskStatsOut, **errors(*READ_ERRORS)},
    )
    def get(self, request: Request) -> Response:
        """The desk's figures for one newsroom (a constant number of queries)."""
        return Response(get_desk_stats(newsroom_id=chosen_newsroom(request)))
