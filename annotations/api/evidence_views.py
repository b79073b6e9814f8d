"""An evidence link's check on demand, and the text its page had when it was last checked.

The snapshot is served as plain text with ``nosniff`` and ``inline``, never as HTML: what a
source page said must not run as a page of our origin.
"""

from typing import Any

from django.http import Http404, HttpResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.negotiation import BaseContentNegotiation
from rest_framework.request import Request
from rest_framework.response import Response

from annotations.models import Evidence
from annotations.selectors.evidence import get_evidence, latest_snapshot
from annotations.services.access import signed_in
from annotations.services.link_checks import request_recheck

from .base import READ_ERRORS, WRITE_ERRORS, ApiView, errors
from .output import evidence_out, job_out
from .serializers import EvidenceOut, JobOut


def _evidence_or_404(request: Request, evidence_id: int) -> Evidence:
    evidence = get_evidence(user=request.user, evidence_id=evidence_id)
    if evidence is None:
        raise Http404
    return evidence


class EvidenceView(ApiView):
    @extend_schema(
        operation_id="evidence_retrieve", responses={200: EvidenceOut, **errors(*READ_ERRORS)}
    )
    def get(self, request: Request, pk: int) -> Response:
        """One evidence item with what the last check of its link found (for a page that
        waits for a check to finish)."""
        return Response(evidence_out(_evidence_or_404(request, pk)))


class EvidenceRecheckView(ApiView):
    @extend_schema(
        operation_id="evidence_recheck",
        request=None,
        responses={202: JobOut, **errors(*WRITE_ERRORS)},
    )
    def post(self, request: Request, pk: int) -> Response:
        """Check the link again now (editor); answers with the queued link-check job."""
        evidence = _evidence_or_404(request, pk)
        job = request_recheck(evidence=evidence, editor=signed_in(request.user))
        return Response(job_out(job), status=202)


class AnyAccept(BaseContentNegotiation):
    """The snapshot is plain text whatever the client accepts (a browser asks for HTML);
    errors come as the API's JSON."""

    def select_renderer(
        self, request: Request, renderers: Any, format_suffix: Any = None
    ) -> tuple[Any, str]:
        return renderers[0], renderers[0].media_type

    def select_parser(self, request: Request, parsers: Any) -> None:
        return None


class EvidenceSnapshotView(ApiView):
    content_negotiation_class = AnyAccept

    @extend_schema(
        operation_id="evidence_snapshot",
        responses={
            (200, "text/plain"): OpenApiResponse(
                OpenApiTypes.STR, description="The page's main text when it was last checked."
            ),
            **errors(*READ_ERRORS),
        },
    )
    def get(self, request: Request, pk: int) -> HttpResponse:
        """The main text of the page at its latest check, as plain text."""
        snapshot = latest_snapshot(evidence=_evidence_or_404(request, pk))
        if snapshot is None:
            raise Http404
        response = HttpResponse(snapshot.text, content_type="text/plain; charset=utf-8")
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Disposition"] = f'inline; filename="evidence-{pk}.txt"'
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
        response["Last-Modified"] = snapshot.fetched_at.strftime("%a, %d %b %Y %H:%M:%S GMT")
        response["X-Snapshot-SHA256"] = snapshot.sha256
        return response
