"""A sentence's verdict (ETag / If-Match), its review transitions and its assignee."""

from typing import Any

from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.request import Request
from rest_framework.response import Response

from annotations.models import Annotation, Role, Sentence
from annotations.selectors.articles import get_sentence, list_sentences
from annotations.selectors.verdicts import get_annotation
from annotations.services import review
from annotations.services.access import signed_in
from annotations.services.verdicts import EvidenceInput, set_verdict

from .base import (
    ETAG_HEADER,
    READ_ERRORS,
    WRITE_ERRORS,
    ApiView,
    errors,
    expected_version,
    if_match,
    with_etag,
)
from .output import annotation_out, sentence_out
from .serializers import AnnotationOut, AssigneeIn, CommentIn, SentenceOut, VerdictIn


def sentence_or_404(view: Any, request: Request, sentence_id: int) -> Sentence:
    sentence = get_sentence(user=request.user, sentence_id=sentence_id)
    if sentence is None:
        raise Http404
    view.check_object_permissions(request, sentence)
    return sentence


def annotation_response(sentence: Sentence, annotation: Annotation | None = None) -> Response:
    """AnnotationOut with its ETag: of ``annotation`` as a service returned it, or as stored."""
    if annotation is None:
        annotation = get_annotation(sentence=sentence)
    body = annotation_out(annotation, sentence_id=sentence.pk)
    return with_etag(Response(body), sentence.pk, body["version"])


class AnnotationView(ApiView):
    required_roles = {"PUT": Role.EDITOR}

    @extend_schema(
        operation_id="sentences_annotation_retrieve",
        responses={200: AnnotationOut, **errors(*READ_ERRORS)},
        parameters=[ETAG_HEADER],
    )
    def get(self, request: Request, pk: int) -> Response:
        """The verdict (version 0, verdict null while there is none) and its ETag."""
        return annotation_response(sentence_or_404(self, request, pk))

    @extend_schema(
        operation_id="sentences_annotation_update",
        request=VerdictIn,
        parameters=[if_match(required=True), ETAG_HEADER],
        responses={200: AnnotationOut, **errors(*WRITE_ERRORS, 412, 428)},
    )
    def put(self, request: Request, pk: int) -> Response:
        """Save the verdict, rationale and evidence; If-Match must carry the ETag last read.

        Any change sends the verdict back to draft. Authors, times, review state and version are
        set by the server; such keys in the body are ignored.
        """
        sentence = sentence_or_404(self, request, pk)
        version = expected_version(sentence, request.headers.get("If-Match"), required=True)
        form = VerdictIn(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        annotation = set_verdict(
            sentence=sentence,
            editor=signed_in(request.user),
            verdict=data["verdict"],
            rationale=data["rationale"],
            evidence=[EvidenceInput(**item) for item in data["evidence"]],
            expected_version=version,  # type: ignore[arg-type]
        )
        return annotation_response(sentence, annotation)


class TransitionView(ApiView):
    """Base for submit / approve / request-changes: optional If-Match, AnnotationOut back."""

    required_roles = {"POST": Role.EDITOR}

    def transition(self, request: Request, sentence: Sentence, version: int | None) -> None:
        raise NotImplementedError

    def post(self, request: Request, pk: int) -> Response:
        sentence = sentence_or_404(self, request, pk)
        version = expected_version(sentence, request.headers.get("If-Match"), required=False)
        self.transition(request, sentence, version)
        return annotation_response(sentence)


TRANSITION_RESPONSES = {200: AnnotationOut, **errors(*WRITE_ERRORS, 409, 412)}


@extend_schema_view(
    post=extend_schema(
        operation_id="sentences_annotation_submit",
        request=None,
        parameters=[if_match(required=False), ETAG_HEADER],
        responses=TRANSITION_RESPONSES,
        description="Send a draft (or a verdict with changes requested) to review.",
    )
)
class SubmitView(TransitionView):
    def transition(self, request: Request, sentence: Sentence, version: int | None) -> None:
        review.submit(sentence=sentence, editor=signed_in(request.user), expected_version=version)


@extend_schema_view(
    post=extend_schema(
        operation_id="sentences_annotation_approve",
        request=None,
        parameters=[if_match(required=False), ETAG_HEADER],
        responses=TRANSITION_RESPONSES,
        description="Approve a submitted verdict; never by its last editor (403 `four_eyes`).",
    )
)
class ApproveView(TransitionView):
    required_roles = {"POST": Role.REVIEWER}

    def transition(self, request: Request, sentence: Sentence, version: int | None) -> None:
        review.approve(
            sentence=sentence, reviewer=signed_in(request.user), expected_version=version
        )


@extend_schema_view(
    post=extend_schema(
        operation_id="sentences_annotation_request_changes",
        request=CommentIn,
        parameters=[if_match(required=False), ETAG_HEADER],
        responses=TRANSITION_RESPONSES,
        description="Send a submitted or approved verdict back to its editor with a comment.",
    )
)
class RequestChangesView(TransitionView):
    required_roles = {"POST": Role.REVIEWER}

    def transition(self, request: Request, sentence: Sentence, version: int | None) -> None:
        form = CommentIn(data=request.data)
        form.is_valid(raise_exception=True)
        review.request_changes(
            sentence=sentence,
            reviewer=signed_in(request.user),
            comment=form.validated_data["comment"],
            expected_version=version,
        )


class SentenceAssigneeView(ApiView):
    required_roles = {"PUT": Role.EDITOR}

    @extend_schema(
        operation_id="sentences_assignee",
        request=AssigneeIn,
        responses={200: SentenceOut, **errors(*WRITE_ERRORS)},
    )
    def put(self, request: Request, pk: int) -> Response:
        """Give the sentence to an editor, reviewer or admin of its newsroom (null: nobody)."""
        sentence = sentence_or_404(self, request, pk)
        form = AssigneeIn(data=request.data)
        form.is_valid(raise_exception=True)
        review.assign_sentence(
            sentence=sentence,
            assignee_id=form.validated_data["assignee"],
            by=signed_in(request.user),
        )
        fresh = list_sentences(article=sentence.article).get(pk=sentence.pk)
        return Response(sentence_out(fresh))
