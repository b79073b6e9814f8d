"""Request body parsers: JSON in UTF-8 only, with messages a person understands."""

import json
from collections.abc import Mapping
from typing import Any

from django.utils.http import parse_header_parameters
from rest_framework import exceptions
from rest_framework.parsers import JSONParser


class Utf8JSONParser(JSONParser):
    """JSON as RFC 8259 wants it: UTF-8, no NaN/Infinity, no lone surrogates.

    Another declared charset is refused with 415 rather than guessed at; bytes that are not
    UTF-8 and text a database could not store are a 400 before any view sees them.
    """

    def parse(
        self,
        stream: Any,
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        _type, params = parse_header_parameters(media_type or "")
        charset = params.get("charset", "utf-8").strip().lower()
        if charset not in ("utf-8", "utf8"):
            raise exceptions.UnsupportedMediaType(
                media_type or "",
                detail=f"The body is declared as {charset!r}; send JSON encoded as UTF-8.",
            )
        raw = stream.read() if stream is not None else b""
        if not raw:
            raise exceptions.ParseError("The request body is empty; send a JSON object.")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise exceptions.ParseError(
                f"The body is not valid UTF-8 (byte 0x{raw[exc.start]:02x} at position "
                f"{exc.start})."
            ) from exc
        try:
            data = json.loads(text, parse_constant=_refuse_constant)
        except ValueError as exc:
            raise exceptions.ParseError(f"The body is not valid JSON: {exc}") from exc
        if "\\u" in text and _has_surrogate(data):
            raise exceptions.ParseError("The body contains a lone surrogate (invalid Unicode).")
        return data


def _refuse_constant(name: str) -> None:
    raise ValueError(f"{name} is not a JSON number")


def _has_surrogate(value: Any) -> bool:
    """Only reached when the text has escapes: a lone ``\\ud800`` cannot be stored anywhere."""
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False
