"""JSON (one array, streamed) and JSON Lines: the queue rows with their evidence nested."""

import json
from collections.abc import Iterable, Iterator
from typing import Any

import orjson

from .rows import Row

FIELDS = (
    "sentence_id", "article_id", "article_title", "article_url", "article_language",
    "article_published", "article_version", "article_text_hash", "newsroom", "ordinal",
    "paragraph", "start", "end", "text",
    "checkworthiness", "claim", "attribution", "attribution_check", "assignee", "verdict",
    "review_state",
    "review_comment", "rationale", "version", "created_by", "editor", "reviewer", "evidence",
    "created_at", "updated_at", "submitted_at", "reviewed_at", "matches", "comments",
)  # fmt: skip
FLUSH_AT = 64 * 1024
# Escapes that keep JSON inert inside an HTML <script> element (and in old JavaScript parsers).
_HTML_UNSAFE = str.maketrans(
    {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
)


def dumps(value: Any) -> str:
    """Compact JSON of a row (plain JSON values only), as ``json.dumps(value,
    ensure_ascii=False, separators=(",", ":"))`` writes it, at orjson's speed."""
    return orjson.dumps(value).decode()


def html_safe_dumps(value: Any, *, indent: int | None = None) -> str:
    """JSON that cannot close a ``<script>`` element it is embedded in; parses to the same data.

    The characters only occur inside JSON strings, where ``\\u003c`` means the same as ``<``.
    """
    return json.dumps(value, ensure_ascii=False, indent=indent).translate(_HTML_UNSAFE)


def _fields(row: Row) -> dict[str, Any]:
    return {key: row[key] for key in FIELDS}


def stream_array(
    items: Iterable[Any], *, encode: Any = dumps, opening: str = "[", closing: str = "]"
) -> Iterator[str]:
    """Yield ``opening item,item,... closing`` in chunks, never holding the whole array."""
    parts: list[str] = [opening, "\n"]
    size = 0
    first = True
    for item in items:
        text = encode(item)
        parts.append(text if first else ",\n" + text)
        first = False
        size += len(text)
        if size >= FLUSH_AT:
            yield "".join(parts)
            parts, size = [], 0
    parts.append("\n" + closing + "\n")
    yield "".join(parts)


def render_json(rows: Iterable[Row]) -> Iterator[str]:
    """One JSON array of row objects."""
    return stream_array(_fields(row) for row in rows)


def render_jsonl(rows: Iterable[Row]) -> Iterator[str]:
    """One JSON object per line (JSON Lines), newline-terminated."""
    parts: list[str] = []
    size = 0
    for row in rows:
        line = dumps(_fields(row)) + "\n"
        parts.append(line)
        size += len(line)
        if size >= FLUSH_AT:
            yield "".join(parts)
            parts, size = [], 0
    yield "".join(parts)
