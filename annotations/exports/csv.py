"""CSV (RFC 4180, UTF-8): one line per sentence, safe to open in a spreadsheet."""

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

from .rows import Row

COLUMNS: tuple[tuple[str, str], ...] = (
    ("article_id", "article_id"),
    ("article_title", "article_title"),
    ("article_version", "article_version"),
    ("sentence_id", "sentence_id"),
    ("ordinal", "ordinal"),
    ("sentence", "text"),
    ("verdict", "verdict"),
    ("review_state", "review_state"),
    ("editor", "editor"),
    ("reviewer", "reviewer"),
    ("rationale", "rationale"),
    ("evidence_urls", "evidence"),
    ("attribution_result", "attribution_result"),
    ("attribution_source", "attribution_source"),
    ("attribution_rationale", "attribution_rationale"),
    ("checkworthiness", "checkworthiness"),
    ("claim", "claim"),
    ("assignee", "assignee"),
    ("created_at", "created_at"),
    ("updated_at", "updated_at"),
    ("submitted_at", "submitted_at"),
    ("reviewed_at", "reviewed_at"),
)
HEADER = [name for name, _key in COLUMNS]
# Cells of the attribution check, read from ``row["attribution_check"]`` by the name after
# "attribution_".
CHECK_COLUMNS = frozenset(key for _name, key in COLUMNS if key.startswith("attribution_"))
# Spreadsheets run a cell starting with these as a formula ("CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
FLUSH_AT = 64 * 1024


def neutralise(value: str) -> str:
    """Prefix a formula-looking cell with a single quote, so spreadsheets show it as text."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):  # evidence: one URL per line inside the cell
        return "\n".join(item["url"] for item in value)
    return neutralise(str(value))


def render_csv(rows: Iterable[Row], *, bom: bool = False) -> Iterator[str]:
    """Yield the CSV in chunks of about 64 KB: header first, CRLF line ends, every cell text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    if bom:
        buffer.write(BOM)
    writer.writerow(HEADER)
    for row in rows:
        check = row["attribution_check"] or {}
        writer.writerow(
            [
                _cell(check.get(key[12:]) if key in CHECK_COLUMNS else row[key])
                for _name, key in COLUMNS
            ]
        )
        if buffer.tell() >= FLUSH_AT:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
