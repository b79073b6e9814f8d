"""Review status across the caller's newsrooms, and background jobs."""

from django.http import Http404
from drf_spectacular.utils import extend_schema
from rest_framework.request import Request
from rest_framework.response import Response

from annotations.selectors.articles import get_job, list_visible_sentences
from annotations.selectors.members import list_memberships
from annotations.selectors.status import get_newsroom_status

from .base import READ_ERRORS, ApiView, errors
from .output import job_out
from .serializers import JobOut, OverallStatusOut


class StatusView(ApiView):
    @extend_schema(operation_id="status", responses={200: OverallStatusOut, **errors(*READ_ERRORS)})
    def get(self, request: Request) -> Response:
        """Counts over everything the caller may see, and per newsroom."""
        visible = list_visible_sentences(user=request.user)
        newsrooms = [
            {
                "id": m.newsroom_id,
                "name": m.newsroom.name,
                "role": m.role,
                "status": get_newsroom_status(
                    sentences=visible.filter(article__newsroom_id=m.newsroom_id)
                ),
            }
            for m in list_memberships(user=request.user)
        ]
        return Response({"total": get_newsroom_status(sentences=visible), "newsrooms": newsrooms})


class JobView(ApiView):
    @extend_schema(operation_id="jobs_retrieve", responses={200: JobOut, **errors(*READ_ERRORS)})
    def get(self, request: Request, pk: int) -> Response:
        """A background job's state and progress, as stored in the database."""
        job = get_job(user=request.user, job_id=pk)
        if job is None:
            raise Http404
        self.check_object_permissions(request, job)
        return Response(job_out(job))
