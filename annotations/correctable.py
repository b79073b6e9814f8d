"""Which parts of a pre-tag's payload the desk may correct: a quote's speaker, an
attribution's source and a date's ISO value.

Plain functions over the ``spans`` list of a ``SentenceTag`` (no queries), shared by the
service that records corrections and the selectors that count them, so both read a tag the
same way. A tag is addressed by its kind and its start offset in the article text: one
sentence may hold several quotes or dates, and the offsets of a tag set never change.
"""

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

# tag kind -> the payload field the desk corrects, and the payload keys holding its value
FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "quote": ("speaker", ("speaker",)),
    "attribution": ("source", ("source", "resolved")),
    "date": ("date", ("iso",)),
}
# A correction's field -> the group the statistics count it in.
GROUPS: dict[str, str] = {"speaker": "speakers", "source": "speakers", "date": "dates"}

_ISO = re.compile(r"\d{4}(-\d{2}(-\d{2})?|-W\d{2})?")


@dataclass(frozen=True, slots=True)
class CorrectableTag:
    kind: str
    field: str
    start: int
    end: int
    value: str  # the pre-tagger's value; empty for a date it could not resolve

    @property
    def key(self) -> tuple[str, int, str]:
        return (self.kind, self.start, self.field)


def _value(payload: dict[str, Any], keys: tuple[str, ...]) -> str | None:
    for key in keys:
        found = payload.get(key)
        if isinstance(found, str) and found.strip():
            return found.strip()
    return None


def correctable_tags(spans: Iterable[Any] | None) -> list[CorrectableTag]:
    """The tags of a tag set whose payload the desk can correct, in the order of the spans.

    Quotes count when the pre-tagger named a speaker, attributions when it named a source
    (a pronoun's resolved person counts), dates always (an unresolved one has an empty value).
    """
    found: list[CorrectableTag] = []
    for span in spans or []:
        if not isinstance(span, dict) or span.get("kind") not in FIELDS:
            continue
        kind = span["kind"]
        field, keys = FIELDS[kind]
        payload = span.get("payload") if isinstance(span.get("payload"), dict) else {}
        value = _value(payload or {}, keys)
        if value is None and kind != "date":
            continue
        try:
            start, end = int(span["start"]), int(span["end"])
        except (KeyError, TypeError, ValueError):
            continue
        found.append(CorrectableTag(kind, field, start, end, value or ""))
    return found


def first_source(spans: Iterable[Any] | None) -> CorrectableTag | None:
    """The attribution tag whose source an attribution check starts from (as
    ``exports.rows.attribution_of`` picks it): the first attribution naming a source."""
    return next((t for t in correctable_tags(spans) if t.kind == "attribution"), None)


def is_iso_date(value: str) -> bool:
    """A year, a month, an ISO week or a calendar day: ``2024``, ``2024-05``, ``2024-W19``,
    ``2024-05-03`` (the forms the date tagger writes)."""
    if not _ISO.fullmatch(value):
        return False
    try:
        if len(value) == 10:
            datetime.date.fromisoformat(value)
        elif len(value) == 7 and value[5] != "W":
            datetime.date(int(value[:4]), int(value[5:]), 1)
        elif len(value) == 8:
            datetime.date.fromisocalendar(int(value[:4]), int(value[6:]), 1)
    except ValueError:
        return False
    return True
