"""One plain row per queue sentence: what every export format is rendered from.

Rows are dicts of JSON-ready values (strings, numbers, booleans, None, lists), so the format
modules stay pure functions over iterables of rows and never touch the database.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import F, QuerySet, Value
from django.db.models.functions import Greatest, Least, Substr

from annotations.models import Evidence, Sentence

# Characters of article text on each side of a quote, as web annotation tools anchor them.
CONTEXT_CHARS = 32
# Rows fetched per database round trip; their evidence is prefetched per chunk.
CHUNK_SIZE = 2000

Row = dict[str, Any]


def _iso(value: datetime.date | datetime.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def attribution_of(spans: Iterable[dict[str, Any]]) -> dict[str, str] | None:
    """Who the sentence attributes its claim to, from the pre-tagger's ``attribution`` span.

    ``{"name": ..., "type": "Person" | "Organization"}`` or None when no source was named. The
    type is Organization when an ``organization`` span carries the same name.
    """
    spans = list(spans or [])
    for span in spans:
        payload = span.get("payload") or {}
        source = payload.get("source") if span.get("kind") == "attribution" else None
        if isinstance(source, str) and source.strip():
            source = source.strip()
            organizations = {
                (s.get("payload") or {}).get("name")
                for s in spans
                if s.get("kind") == "organization"
            }
            kind = "Organization" if source in organizations else "Person"
            return {"name": source, "type": kind}
    return None


def _columns() -> tuple[tuple[str, str], ...]:
    user = get_user_model().USERNAME_FIELD
    return (
        ("sentence_id", "pk"),
        ("article_id", "article_id"),
        ("article_title", "article__title"),
        ("article_url", "article__source_url"),
        ("article_language", "article__language"),
        ("article_published", "article__published_at"),
        ("article_version", "article__version"),
        ("article_text_hash", "article__text_hash"),
        ("article_version_created", "article__current_version__created_at"),
        ("newsroom", "article__newsroom__name"),
        ("ordinal", "ordinal"),
        ("paragraph", "paragraph"),
        ("start", "start"),
        ("end", "end"),
        ("text", "text"),
        ("checkworthiness", "pretag__checkworthiness"),
        ("claim", "pretag__claim"),
        ("spans", "pretag__spans"),
        ("assignee", f"assignee__{user}"),
        ("annotation_id", "annotation__id"),
        ("verdict", "annotation__verdict"),
        ("review_state", "annotation__review_state"),
        ("review_comment", "annotation__review_comment"),
        ("rationale", "annotation__rationale"),
        ("version", "annotation__version"),
        ("created_by", f"annotation__created_by__{user}"),
        ("editor", f"annotation__updated_by__{user}"),
        ("reviewer", f"annotation__reviewed_by__{user}"),
        ("created_at", "annotation__created_at"),
        ("updated_at", "annotation__updated_at"),
        ("submitted_at", "annotation__submitted_at"),
        ("reviewed_at", "annotation__reviewed_at"),
    )


DATES = (
    "article_published",
    "article_version_created",
    "created_at",
    "updated_at",
    "submitted_at",
    "reviewed_at",
)
CONTEXT_COLUMNS = (("prefix", "quote_prefix"), ("suffix", "quote_suffix"))


def build_row(record: dict[str, Any], evidence: list[dict[str, str]]) -> Row:
    """The export row of one queue record (see ``iter_rows``) and its evidence."""
    row = dict(record)
    for key in DATES:
        row[key] = _iso(row[key])
    row["attribution"] = attribution_of(row.pop("spans") or [])
    row["evidence"] = evidence
    row.setdefault("prefix", None)
    row.setdefault("suffix", None)
    row["article_url"] = row["article_url"] or None
    if row["annotation_id"] is None:
        row.update(rationale="", review_comment="", version=0)
    del row["annotation_id"]
    return row


def _evidence_of(annotation_ids: list[int]) -> dict[int, list[dict[str, str]]]:
    found: dict[int, list[dict[str, str]]] = defaultdict(list)
    if not annotation_ids:
        return found
    items = (
        Evidence.objects.filter(annotation_id__in=annotation_ids)
        .order_by("annotation_id", "position", "id")
        .values_list("annotation_id", "url", "title", "publisher", "excerpt", "stance")
    )
    for annotation_id, url, title, publisher, excerpt, stance in items:
        found[annotation_id].append(
            {"url": url, "title": title, "publisher": publisher, "excerpt": excerpt,
             "stance": stance}
        )  # fmt: skip
    return found


def with_quote_context(queryset: QuerySet[Sentence]) -> QuerySet[Sentence]:
    """Add ``quote_prefix``/``quote_suffix``: the article text around each sentence.

    Cut by the database (SUBSTR counts characters, as our offsets do), so an article's text is
    never loaded into Python once per row.
    """
    first = Greatest(F("start") - CONTEXT_CHARS, Value(0))
    return queryset.annotate(
        quote_prefix=Substr("article__text", first + 1, Least(F("start"), Value(CONTEXT_CHARS))),
        quote_suffix=Substr("article__text", F("end") + 1, Value(CONTEXT_CHARS)),
    )


def iter_rows(queryset: QuerySet[Sentence], *, chunk_size: int = CHUNK_SIZE) -> Iterator[Row]:
    """Rows of a queue queryset, read in chunks so memory stays flat however many there are.

    The rows are read as plain values (building model instances would cost several times
    more), ``chunk_size`` at a time, each chunk's evidence in one more query: two queries for a
    small queue, one more per further chunk, none per row.
    """
    columns = _columns()
    context = [(key, name) for key, name in CONTEXT_COLUMNS if name in queryset.query.annotations]
    keys = [key for key, _path in columns] + [key for key, _name in context]
    records = queryset.prefetch_related(None).values_list(
        *(path for _key, path in columns), *(name for _key, name in context)
    )
    batch: list[dict[str, Any]] = []
    for record in records.iterator(chunk_size=chunk_size):
        batch.append(dict(zip(keys, record, strict=True)))
        if len(batch) >= chunk_size:
            yield from _rows_of(batch)
            batch = []
    yield from _rows_of(batch)


def _rows_of(batch: list[dict[str, Any]]) -> Iterator[Row]:
    evidence = _evidence_of([r["annotation_id"] for r in batch if r["annotation_id"] is not None])
    for record in batch:
        yield build_row(record, evidence.get(record["annotation_id"], []))
