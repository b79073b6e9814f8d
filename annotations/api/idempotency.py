"""The ``Idempotency-Key`` header on imports: a retry replays the first answer, creates nothing."""

import hashlib
import json
from collections.abc import Callable
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import DatabaseError, transaction
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response

from annotations.services.access import signed_in
from annotations.services.errors import ServiceError
from annotations.services.idempotency import clean_key, find_response, remember_response

IDEMPOTENCY_KEY = OpenApiParameter(
    "Idempotency-Key",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description=(
        "Any unique string (a UUID). The same key from the same user within 24 hours replays "
        "the first answer and imports nothing (header `Idempotent-Replayed: true`); the same "
        "key with a different body is refused (422 `idempotency_key_reused`)."
    ),
)


def request_fingerprint(request: Request) -> str:
    """A digest of what the request asks for: its media type and parsed fields, files by their
    name and content, so a retry with a new multipart boundary still matches."""

    def encode(value: Any) -> Any:
        if isinstance(value, UploadedFile):
            digest = hashlib.sha256()
            for chunk in value.chunks():
                digest.update(chunk)
            value.seek(0)
            return {"file": value.name, "sha256": digest.hexdigest()}
        raise TypeError(type(value).__name__)

    data = request.data
    fields = {key: data.getlist(key) for key in data} if hasattr(data, "getlist") else data
    media_type = (request.content_type or "").split(";")[0].strip().lower()
    canonical = json.dumps([media_type, fields], sort_keys=True, default=encode)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _replay(stored: Any) -> Response:
    return Response(stored.body, status=stored.status, headers={"Idempotent-Replayed": "true"})


def idempotent(request: Request, scope: str, run: Callable[[], Response]) -> Response:
    """Run ``run`` once per (user, key): its 2xx answer is stored with the work it did, in one
    transaction, and replayed to a retry. Without the header, just run it."""
    raw = request.headers.get("Idempotency-Key")
    if raw is None:
        return run()
    key = clean_key(raw)
    fingerprint = request_fingerprint(request)
    stored = find_response(
        user=signed_in(request.user), key=key, scope=scope, fingerprint=fingerprint
    )
    if stored is not None:
        return _replay(stored)
    try:
        with transaction.atomic():
            response = run()
            if 200 <= response.status_code < 300:
                body = json.loads(JSONRenderer().render(response.data))
                remember_response(
                    user=signed_in(request.user),
                    key=key,
                    scope=scope,
                    status=response.status_code,
                    body=body,
                    fingerprint=fingerprint,
                )
    except (DatabaseError, ServiceError):
        # A concurrent request with the same key may have won (the unique key, or the version
        # number it took): its answer is the one to give.
        stored = find_response(
            user=signed_in(request.user), key=key, scope=scope, fingerprint=fingerprint
        )
        if stored is not None:
            return _replay(stored)
        raise
    return response
