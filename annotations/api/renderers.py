"""JSON responses written by orjson: the bytes DRF's renderer writes, in a fraction of the time.

DRF's ``JSONRenderer`` runs the standard library's encoder with a Python ``default`` for every
timestamp; a page of 100 sentences spends a fifth of its time there. orjson writes the same
JSON (compact, UTF-8, timestamps as ISO 8601 with ``Z`` for UTC, U+2028/U+2029 escaped) and
hands what it does not know (lazy translations, decimals, querysets) to DRF's encoder. A client
asking for indented JSON (``Accept: application/json; indent=2``) gets DRF's own rendering.
Rows may carry JSON as the text the database stored (``orjson.Fragment``, see
``selectors/handwritten.py``): orjson writes it as it is, DRF's encoder gets it parsed.
"""

from collections.abc import Mapping
from typing import Any

import orjson
from rest_framework.renderers import JSONRenderer
from rest_framework.utils.encoders import JSONEncoder

_OPTIONS = orjson.OPT_UTC_Z | orjson.OPT_NON_STR_KEYS
_fallback = JSONEncoder().default


class FragmentEncoder(JSONEncoder):
    """DRF's encoder, reading stored JSON text (``orjson.Fragment``) as the value it holds."""

    def default(self, obj: Any) -> Any:
        if isinstance(obj, orjson.Fragment):
            return orjson.loads(orjson.dumps(obj))  # a fragment is written as it is
        return super().default(obj)


class FastJSONRenderer(JSONRenderer):
    encoder_class = FragmentEncoder

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> bytes:
        if data is None:
            return b""
        if self.get_indent(accepted_media_type or "", renderer_context or {}) is not None:
            return super().render(data, accepted_media_type, renderer_context)
        body = orjson.dumps(data, default=_fallback, option=_OPTIONS)
        # As DRF: the two line separators JSON allows raw but JavaScript strings did not.
        if b"\xe2\x80\xa8" in body or b"\xe2\x80\xa9" in body:
            body = body.replace(b"\xe2\x80\xa8", b"\\u2028").replace(b"\xe2\x80\xa9", b"\\u2029")
        return body
