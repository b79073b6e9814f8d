"""What every API view shares: JSON in and out, auth, role checks, pagination, If-Match."""

import re
from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse
from rest_framework import exceptions, status
from rest_framework.generics import GenericAPIView
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import IsAuthenticated
from rest_framework.views import APIView

from annotations.models import Sentence
from annotations.services.verdicts import current_version, etag_of

from .parsers import Utf8JSONParser
from .permissions import HasNewsroomRole
from .renderers import FastJSONRenderer
from .serializers import ErrorOut, StaleErrorOut


class ApiView(APIView):
    """JSON only (no HTML rendering per request), authenticated, role-checked per object."""

    renderer_classes = [FastJSONRenderer]
    parser_classes = [Utf8JSONParser]
    permission_classes = [IsAuthenticated, HasNewsroomRole]


class ListApiView(GenericAPIView):
    renderer_classes = [FastJSONRenderer]
    parser_classes = [Utf8JSONParser]
    permission_classes = [IsAuthenticated, HasNewsroomRole]


class Pagination(PageNumberPagination):
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 500


class PreconditionRequired(exceptions.APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_detail = (
        "Send the If-Match header with the ETag you last read, so nobody's save is overwritten."
    )
    default_code = "precondition_required"


ETAG = re.compile(r'(?:W/)?"(\d{1,18})-(\d{1,18})"')
# Matches no stored version: a malformed or foreign ETag must fail like a stale one.
NO_VERSION = -1


def expected_version(sentence: Sentence, header: str | None, *, required: bool) -> int | None:
    """The version the client last saw, from If-Match; None when optional and absent.

    ``*`` ("whatever is there") is accepted only while there is no verdict yet: on an existing
    one it would overwrite a state the client never saw, so it is a 428 like a missing header.
    A tag naming another sentence, or one we never issued, yields a version that cannot match,
    so the service answers 412 with the current state.
    """
    header = (header or "").strip()
    if not header:
        if required:
            raise PreconditionRequired()
        return None
    if header == "*":
        version = current_version(sentence)
        if version:
            raise PreconditionRequired(
                "If-Match: * is not accepted on an existing verdict; send the ETag you last "
                "read, so nobody's save is overwritten."
            )
        return version
    for tag in header.split(","):
        match = ETAG.fullmatch(tag.strip())
        if match and int(match[1]) == sentence.pk:
            return int(match[2])
    return NO_VERSION


# --- schema helpers --------------------------------------------------------------------------
ERROR_DESCRIPTIONS = {
    400: "Invalid input; `fields` names what to fix.",
    401: "Not logged in (send a token or a session cookie).",
    403: "Your role in this newsroom does not allow it.",
    404: "Not found (also for other newsrooms' objects).",
    405: "Method not allowed.",
    406: "Only JSON responses are offered.",
    409: "Not possible in the current state (review state, or an older version of the article).",
    412: "Someone saved first; `current` holds the state to look at.",
    413: "The request body is too large.",
    415: "Send JSON in UTF-8 (or multipart where a file is accepted).",
    422: "This Idempotency-Key was first sent with a different body; send a new key.",
    428: "The If-Match header is required.",
    429: "Too many attempts.",
    503: "The database is not reachable.",
}
READ_ERRORS = (400, 401, 404, 405, 406, 503)
# 409: every write to a sentence of a superseded article version is refused.
WRITE_ERRORS = (400, 401, 403, 404, 405, 406, 409, 413, 415, 503)


def errors(*codes: int) -> dict[int, OpenApiResponse]:
    return {
        code: OpenApiResponse(
            StaleErrorOut if code == 412 else ErrorOut, description=ERROR_DESCRIPTIONS[code]
        )
        for code in codes
    }


# One or more ETags as this API issues them; `*` is left out: it is refused on an existing verdict.
_TAG = r'(W/)?"[0-9]{1,18}-[0-9]{1,18}"'
IF_MATCH_PATTERN = rf"^ *{_TAG}( *, *{_TAG})* *$"


def if_match(*, required: bool) -> OpenApiParameter:
    return OpenApiParameter(
        "If-Match",
        OpenApiTypes.STR,
        OpenApiParameter.HEADER,
        required=required,
        pattern=IF_MATCH_PATTERN,
        description='The ETag last read, e.g. `"42-3"`; a `W/` prefix is accepted.',
    )


ETAG_HEADER = OpenApiParameter(
    "ETag",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    response=True,
    description='`"<sentence id>-<version>"`',
)


def with_etag(response: Any, sentence_id: int, version: int) -> Any:
    response["ETag"] = etag_of(sentence_id, version)
    return response
