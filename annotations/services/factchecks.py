"""Importing reference fact-checks: ClaimReview JSON-LD and JSON Lines archives.

Accepted shapes: one ClaimReview object, a list of them, a schema.org ``DataFeed`` whose
``dataFeedElement[].item`` holds them (an item may be one review or a list), or JSON Lines with
one claim per line as the CheckThat! archives have them (``vclaim``, ``title``, ``subtitle``,
``page_url``, ``date``, and ``vclaim_id`` when there is no page URL).

A file is read and checked whole before anything is written: a malformed one is refused with
the line (JSON Lines) or the JSON path (JSON-LD) of its first fault, and nothing of it is
imported. Then it is written in one transaction; a fact-check already there (same URL, or same
archive id when it has no URL) is updated, so importing a file twice lists nothing twice. Each
new or changed claim is embedded on the way in (``vector``), so a worker builds its index from
the database without running the encoder over the archive.
"""

import datetime
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from annotations.models import FactCheckSource, Newsroom, ReferenceFactCheck
from annotations.pretag.matching import claim_vectors, guess_language

from .errors import InvalidInput
from .text import check_characters, clean_url, decode_utf8

MAX_CLAIM_CHARS = 5000
# Rows looked up per query when matching a file against what is stored.
LOOKUP_CHUNK = 500
_DATE_FORMATS = ("%d %B %Y", "%d %b %Y", "%B %d, %Y", "%b %d, %Y", "%Y-%m-%d")
_ISO_PREFIX = re.compile(r"^\d{4}-\d{2}-\d{2}")
_REVIEW_TYPES = {"ClaimReview", "schema:ClaimReview", "http://schema.org/ClaimReview",
                 "https://schema.org/ClaimReview"}  # fmt: skip
# Our field -> the file's key, for messages.
_LINE_KEYS = {"claim": "vclaim", "url": "page_url", "external_id": "vclaim_id", "title": "title",
              "subtitle": "subtitle", "rating": "rating", "published": "date"}  # fmt: skip
_REVIEW_KEYS = {"claim": "claimReviewed", "url": "url", "external_id": "@id", "title": "headline",
                "subtitle": "description", "rating": "reviewRating.alternateName",
                "published": "datePublished"}  # fmt: skip
_FIELDS = ("claim", "title", "subtitle", "rating", "published", "language", "source")


_LINE = re.compile(r"line (\d+)(.*)", re.DOTALL)


class MalformedFile(InvalidInput):
    """A fact-check file that cannot be imported; ``where`` is "line 3", "line 3, 'vclaim'" or
    "$[2].url".

    ``message`` (a message id, with its ``params``) says what is wrong there; the whole reads
    "where: message", in English in ``str()`` and in the reader's language in ``.message``
    (the word "line" too; a JSON path stays as written).
    """

    code = "malformed_file"

    def __init__(self, where: str, message: str, *, params: dict[str, Any] | None = None) -> None:
        super().__init__(message, field="file", params=params)
        self.where = where
        self.args = (f"{where}: {self.args[0]}",)

    @property
    def message(self) -> str:
        line = _LINE.fullmatch(self.where)
        where = gettext("line %(number)s") % {"number": line[1]} + line[2] if line else self.where
        return f"{where}: {super().message}"


@dataclass(frozen=True, slots=True)
class FactCheckInput:
    """One fact-check as a file gave it, checked."""

    claim: str
    url: str = ""
    external_id: str = ""
    title: str = ""
    subtitle: str = ""
    rating: str = ""
    published: datetime.date | None = None
    language: str = ""


@dataclass(frozen=True, slots=True)
class ImportResult:
    created: int
    updated: int

    @property
    def total(self) -> int:
        return self.created + self.updated


def import_fact_checks(*, newsroom: Newsroom, raw: bytes | str, name: str = "") -> ImportResult:
    """Read a whole file (bytes or text) and import its fact-checks, all or nothing.

    ``name`` ending in ``.jsonl``/``.ndjson`` reads it as JSON Lines; otherwise a file that is
    one JSON document is JSON-LD and one with a JSON object per line is JSON Lines.
    """
    text = decode_utf8(raw, field="file") if isinstance(raw, bytes) else raw.removeprefix("\ufeff")
    items = parse_fact_checks(text, lines=name.lower().endswith((".jsonl", ".ndjson")))
    return store_fact_checks(newsroom=newsroom, items=items)


def parse_fact_checks(text: str, *, lines: bool = False) -> list[FactCheckInput]:
    """The fact-checks of a file's text; raises MalformedFile at the first fault."""
    if not text.strip():
        raise MalformedFile("line 1", gettext_noop("the file is empty."))
    if not lines:
        try:
            document = json.loads(text)
        except json.JSONDecodeError as exc:
            if not _looks_like_lines(text):
                raise MalformedFile(
                    f"line {exc.lineno}",
                    gettext_noop("not valid JSON (%(error)s)."),
                    params={"error": exc.msg},
                ) from exc
        else:
            return list(_from_json_ld(document))
    return list(_from_lines(text))


def _looks_like_lines(text: str) -> bool:
    rows = [row for row in text.splitlines() if row.strip()]
    return len(rows) > 1 and rows[0].lstrip().startswith("{")


def _from_lines(text: str) -> Iterator[FactCheckInput]:
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"line {number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise MalformedFile(
                where, gettext_noop("not valid JSON (%(error)s)."), params={"error": exc.msg}
            ) from exc
        if not isinstance(row, dict):
            raise MalformedFile(where, gettext_noop("expected a JSON object."))
        yield _checked(
            where,
            keys=_LINE_KEYS,
            claim=_string(row, "vclaim", where, required=True),
            url=_string(row, "page_url", where),
            external_id=_string(row, "vclaim_id", where),
            title=_string(row, "title", where),
            subtitle=_string(row, "subtitle", where),
            rating=_string(row, "rating", where),
            published=_string(row, "date", where),
            language=_string(row, "language", where),
        )


def _from_json_ld(document: Any) -> Iterator[FactCheckInput]:
    if isinstance(document, list):
        for index, item in enumerate(document):
            yield from _from_json_ld_at(item, f"$[{index}]")
    else:
        yield from _from_json_ld_at(document, "$")


def _from_json_ld_at(node: Any, path: str) -> Iterator[FactCheckInput]:
    if not isinstance(node, dict):
        raise MalformedFile(
            path, gettext_noop("expected a JSON object (a ClaimReview or a DataFeed).")
        )
    types = node.get("@type")
    types = set(types) if isinstance(types, list) else {types}
    if "DataFeed" in types or "dataFeedElement" in node:
        elements = node.get("dataFeedElement")
        if not isinstance(elements, list):
            raise MalformedFile(
                f"{path}.dataFeedElement", gettext_noop("expected a list of feed items.")
            )
        for index, element in enumerate(elements):
            where = f"{path}.dataFeedElement[{index}]"
            if not isinstance(element, dict) or "item" not in element:
                raise MalformedFile(where, gettext_noop("expected a feed item with an 'item'."))
            items = element["item"]
            if isinstance(items, list):
                for position, item in enumerate(items):
                    yield _review(item, f"{where}.item[{position}]")
            else:
                yield _review(items, f"{where}.item")
        return
    if "@graph" in node and isinstance(node["@graph"], list):
        for index, item in enumerate(node["@graph"]):
            yield from _from_json_ld_at(item, f"{path}.@graph[{index}]")
        return
    yield _review(node, path)


def _review(node: Any, path: str) -> FactCheckInput:
    if not isinstance(node, dict):
        raise MalformedFile(path, gettext_noop("expected a ClaimReview object."))
    types = node.get("@type")
    types = set(types) if isinstance(types, list) else {types}
    if not types & _REVIEW_TYPES:
        raise MalformedFile(
            f"{path}.@type",
            gettext_noop("expected ClaimReview, found %(found)s."),
            params={"found": repr(node.get("@type"))},
        )
    rating = node.get("reviewRating") or {}
    if not isinstance(rating, dict):
        raise MalformedFile(f"{path}.reviewRating", gettext_noop("expected a Rating object."))
    title_key = "headline" if "headline" in node else "name"
    return _checked(
        path,
        keys=_REVIEW_KEYS,
        claim=_string(node, "claimReviewed", path, required=True),
        url=_string(node, "url", path, required=True),
        title=_string(node, title_key, path),
        subtitle=_string(node, "description", path),
        rating=_string(rating, "alternateName", f"{path}.reviewRating"),
        published=_string(node, "datePublished", path),
        language=_language_of(node.get("inLanguage"), f"{path}.inLanguage"),
    )


def _language_of(value: Any, path: str) -> str:
    if isinstance(value, dict):  # a schema.org Language object
        value = value.get("alternateName") or value.get("name") or ""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise MalformedFile(path, gettext_noop("expected a language code such as 'en' or 'de'."))
    return value


def _string(node: dict[str, Any], key: str, where: str, *, required: bool = False) -> str:
    value = node.get(key)
    if value is None or value == "":
        if required:
            raise MalformedFile(_at(where, key), gettext_noop("missing; it is required."))
        return ""
    if not isinstance(value, str):
        raise MalformedFile(
            _at(where, key),
            gettext_noop("expected a string, found %(found)s."),
            params={"found": type(value).__name__},
        )
    if required and not value.strip():
        raise MalformedFile(_at(where, key), gettext_noop("must not be blank."))
    return value.strip()


def _at(where: str, key: str) -> str:
    """``$[2].url`` for a JSON path; ``line 3, 'vclaim'`` for a line."""
    return f"{where}.{key}" if where.startswith("$") else f"{where}, {key!r}"


def _checked(
    where: str, *, keys: dict[str, str], published: str, language: str, **fields: str
) -> FactCheckInput:
    """The checked input; a fault is reported under the key the file used (``keys``)."""
    url = fields.pop("url")
    if url:
        try:
            url = clean_url(url)
        except InvalidInput as exc:
            raise MalformedFile(_at(where, keys["url"]), exc.msgid, params=exc.params) from exc
    elif not fields["external_id"]:
        raise MalformedFile(
            where, gettext_noop("needs a page URL or an id, to be found again on re-import.")
        )
    limits = {"claim": MAX_CLAIM_CHARS, "title": 500, "subtitle": MAX_CLAIM_CHARS,
              "rating": 200, "external_id": 200}  # fmt: skip
    for name, value in fields.items():
        if len(value) > limits[name]:
            raise MalformedFile(
                _at(where, keys[name]),
                gettext_noop("longer than %(limit)s characters."),
                params={"limit": limits[name]},
            )
        try:
            check_characters(value, field=name)
        except InvalidInput as exc:
            raise MalformedFile(_at(where, keys[name]), exc.msgid, params=exc.params) from exc
    code = language.split("-")[0].casefold()[:8]
    if not code:
        code = guess_language(" ".join((fields["claim"], fields["title"], fields["subtitle"])))
    return FactCheckInput(
        url=url, published=_date(published, _at(where, keys["published"])), language=code, **fields
    )


def _date(value: str, at: str) -> datetime.date | None:
    if not value:
        return None
    if _ISO_PREFIX.match(value):
        value = value[:10]
    for form in _DATE_FORMATS:
        try:
            return datetime.datetime.strptime(value, form).date()
        except ValueError:
            continue
    raise MalformedFile(
        at,
        gettext_noop("%(value)s is not a date (e.g. 2024-11-30)."),
        params={"value": repr(value)},
    )


def vector_bytes(vector: np.ndarray) -> bytes:
    """A claim vector as stored: float16 (half the bytes; the index keeps 4 bits anyway)."""
    return np.asarray(vector, dtype="<f2").tobytes()


def vectors_of(stored: list[bytes]) -> np.ndarray:
    """The float32 (n, 512) matrix of stored vectors (``vector_bytes``)."""
    return np.frombuffer(b"".join(stored), dtype="<f2").astype(np.float32).reshape(len(stored), -1)


def _key(item: FactCheckInput | ReferenceFactCheck) -> tuple[str, str]:
    return ("url", item.url) if item.url else ("id", item.external_id)


@transaction.atomic
def store_fact_checks(*, newsroom: Newsroom, items: list[FactCheckInput]) -> ImportResult:
    """Create or update the newsroom's fact-checks; a key given twice keeps its last entry."""
    wanted = {_key(item): item for item in items}
    stored = _stored(newsroom, list(wanted))
    created, updated = [], []
    for key, item in wanted.items():
        row = stored.get(key)
        values = {**{name: getattr(item, name) for name in _FIELDS if name != "source"},
                  "source": FactCheckSource.IMPORT}  # fmt: skip
        if row is None:
            created.append(
                ReferenceFactCheck(
                    newsroom=newsroom, url=item.url, external_id=item.external_id, **values
                )
            )
        elif any(getattr(row, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(row, name, value)
            updated.append(row)
    changed = created + updated
    vectors = claim_vectors(
        [row.claim for row in changed],
        [row.title for row in changed],
        [row.subtitle for row in changed],
    )
    for row, vector in zip(changed, vectors, strict=True):
        row.vector = vector_bytes(vector)
    ReferenceFactCheck.objects.bulk_create(created, batch_size=LOOKUP_CHUNK)
    # bulk_update skips auto_now: updated_at is set here, as the matcher's index watches it.
    now = timezone.now()
    for row in updated:
        row.updated_at = now
    ReferenceFactCheck.objects.bulk_update(
        updated, [*_FIELDS, "vector", "updated_at"], batch_size=LOOKUP_CHUNK
    )
    return ImportResult(created=len(created), updated=len(updated))


def _stored(
    newsroom: Newsroom, keys: list[tuple[str, str]]
) -> dict[tuple[str, str], ReferenceFactCheck]:
    """The newsroom's stored fact-checks under the file's keys, a query per kind and chunk."""
    found: dict[tuple[str, str], ReferenceFactCheck] = {}
    for kind, field in (("url", "url"), ("id", "external_id")):
        values = [value for k, value in keys if k == kind]
        for first in range(0, len(values), LOOKUP_CHUNK):
            chunk = values[first : first + LOOKUP_CHUNK]
            rows = ReferenceFactCheck.objects.filter(newsroom=newsroom, **{f"{field}__in": chunk})
            for row in rows:
                found[(kind, getattr(row, field))] = row
    return found
