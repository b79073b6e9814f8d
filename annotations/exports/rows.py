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

from annotations.models import Comment, Sentence, SentenceMatch
from annotations.selectors.handwritten import id_list, value_rows
from annotations.services.attributed_words import message_of

# Characters of article text on each side of a quote, as web annotation tools anchor them.
CONTEXT_CHARS = 32
# Rows fetched per database round trip, and per query of the matches and comments.
CHUNK_SIZE = 2000

Row = dict[str, Any]


def _iso(value: datetime.date | datetime.datetime | str | None) -> str | None:
    """ISO 8601 text of a date or time; text as ``value_rows(iso_dates=True)`` gave it."""
    if value is None or isinstance(value, str):
        return value
    return value.isoformat()


def attribution_of(spans: Iterable[dict[str, Any]]) -> dict[str, str] | None:
    """Who the sentence attributes its claim to, from the pre-tagger's ``attribution`` span.

    ``{"name": ..., "type": "Person" | "Organization"}`` or None when no source was named. The
    name is the source, or for a pronoun ("Er sagte") the person it was resolved to. The type is
    Organization when the pre-tagger said so (``source_kind``) or an ``organization`` span carries
    the same name.
    """
    spans = list(spans or [])
    organizations = {
        (s.get("payload") or {}).get("name") for s in spans if s.get("kind") == "organization"
    }
    for span in spans:
        if span.get("kind") != "attribution":
            continue
        payload = span.get("payload") or {}
        name = payload.get("source") or payload.get("resolved")
        if isinstance(name, str) and name.strip():
            name = name.strip()
            organization = payload.get("source_kind") == "organization" or name in organizations
            return {"name": name, "type": "Organization" if organization else "Person"}
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
        ("factcheck_url", "article__newsroom__factcheck_url"),
        *((f"attribution_{name}", f"annotation__attribution_check__{name}") for name in CHECK),
    )


# The attribution check's fields, carried as ``row["attribution_check"]`` (None without one).
CHECK = ("result", "source", "source_type", "rationale", "evidence_url")


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
    """The export row of one queue record (see ``iter_rows``) and its evidence.

    A record read without the pre-tagger's spans (``spans=False``) gets no ``attribution`` and
    no ``attributed_words``: the formats that do not publish them are spared the work.
    """
    row = dict(record)
    for key in DATES:
        row[key] = _iso(row[key])
    if "spans" in row:
        spans = row.pop("spans") or []
        row["attribution"] = attribution_of(spans)
        row["attributed_words"] = message_of(row["text"], row["start"], spans)
    check = {name: row.pop(f"attribution_{name}") for name in CHECK}
    row["attribution_check"] = check if check["result"] else None
    row["evidence"] = evidence
    row.setdefault("prefix", None)
    row.setdefault("suffix", None)
    row["article_url"] = row["article_url"] or None
    if row["annotation_id"] is None:
        row.update(rationale="", review_comment="", version=0)
    del row["annotation_id"]
    return row


# The evidence columns joined onto each row: one row per evidence item, in the item's order.
EVIDENCE_COLUMNS = (
    ("url", "annotation__evidence__url"),
    ("title", "annotation__evidence__title"),
    ("publisher", "annotation__evidence__publisher"),
    ("excerpt", "annotation__evidence__excerpt"),
    ("stance", "annotation__evidence__stance"),
)


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


def iter_rows(
    queryset: QuerySet[Sentence],
    *,
    chunk_size: int = CHUNK_SIZE,
    matches: bool = False,
    comments: bool = False,
    spans: bool = True,
) -> Iterator[Row]:
    """Rows of a queue queryset, streamed from one query so memory stays flat however many.

    The rows are read as plain values (building model instances would cost several times
    more) with their evidence joined on: a sentence with three evidence items comes as three
    consecutive result rows, folded back into one here. So CSV, ClaimReview and Web Annotation
    are one query whatever the number of rows. ``matches`` adds each row's "checked before"
    matches (``row["matches"]``, empty otherwise), one more query per ``chunk_size`` rows;
    ``comments`` the sentence's comment thread (``row["comments"]``), one more per chunk.
    ``spans=False`` leaves out the pre-tagger's spans and what is read from them (see
    ``build_row``).
    """
    columns = [c for c in _columns() if spans or c[0] != "spans"]
    context = [(key, name) for key, name in CONTEXT_COLUMNS if name in queryset.query.annotations]
    keys = [key for key, _path in columns] + [key for key, _name in context]
    width = len(keys)
    # Every row of a sentence together, its evidence in order; "pk" ends ties of any ordering.
    ordering = [*(queryset.query.order_by or ()), "pk"]
    records = (
        queryset.prefetch_related(None)
        .values_list(
            *(path for _key, path in columns),
            *(name for _key, name in context),
            *(path for _key, path in EVIDENCE_COLUMNS),
        )
        .order_by(*ordering, "annotation__evidence__position", "annotation__evidence__id")
    )
    evidence_keys = [key for key, _path in EVIDENCE_COLUMNS]
    batch: list[tuple[dict[str, Any], list[dict[str, str]]]] = []
    last_id = None
    for record in value_rows(records, chunk_size=chunk_size, iso_dates=True):
        sentence_id = record[0]
        if sentence_id != last_id:
            if len(batch) >= chunk_size:
                yield from _rows_of(batch, matches, comments)
                batch = []
            batch.append((dict(zip(keys, record[:width], strict=True)), []))
            last_id = sentence_id
        if record[width] is not None:  # an evidence item (its URL is never empty)
            batch[-1][1].append(dict(zip(evidence_keys, record[width:], strict=True)))
    yield from _rows_of(batch, matches, comments)


def _matches_of(sentence_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """The "checked before" matches of a chunk's sentences, in one query."""
    found: dict[int, list[dict[str, Any]]] = defaultdict(list)
    if not sentence_ids:
        return found
    items = (
        SentenceMatch.objects.filter(sentence_id__in=id_list(sentence_ids))
        .order_by("sentence_id", "rank", "id")
        .values_list(
            "sentence_id", "rank", "similarity", "annotation__sentence_id",
            "annotation__sentence__article_id", "annotation__verdict", "fact_check__url",
            "fact_check__claim", "fact_check__rating",
        )
    )  # fmt: skip
    for sentence_id, rank, similarity, other, article, verdict, url, claim, rating in items:
        if other is not None:
            match = {"kind": "verdict", "sentence_id": other, "article_id": article,
                     "verdict": verdict}  # fmt: skip
        else:
            match = {"kind": "fact_check", "url": url or None, "claim": claim, "rating": rating}
        found[sentence_id].append({"rank": rank, "similarity": similarity, **match})
    return found


def _comments_of(sentence_ids: list[int]) -> dict[int, list[dict[str, Any]]]:
    """The comment threads of a chunk's sentences, oldest first, in one query."""
    found: dict[int, list[dict[str, Any]]] = defaultdict(list)
    if not sentence_ids:
        return found
    user = get_user_model().USERNAME_FIELD
    items = (
        Comment.objects.filter(sentence_id__in=id_list(sentence_ids))
        .order_by("sentence_id", "created_at", "id")
        .values_list(
            "sentence_id", "id", f"author__{user}", "body", "mentions", "created_at",
            "edited_at", "resolved_at", f"resolved_by__{user}",
        )
    )  # fmt: skip
    for sentence_id, pk, author, body, mentions, created, edited, resolved, resolver in items:
        found[sentence_id].append(
            {
                "id": pk,
                "author": author,
                "body": body,
                "mentions": mentions,
                "created_at": _iso(created),
                "edited_at": _iso(edited),
                "resolved": resolved is not None,
                "resolved_at": _iso(resolved),
                "resolved_by": resolver,
            }  # fmt: skip
        )
    return found


def _rows_of(
    batch: list[tuple[dict[str, Any], list[dict[str, str]]]],
    with_matches: bool,
    with_comments: bool = False,
) -> Iterator[Row]:
    ids = [record["sentence_id"] for record, _evidence in batch]
    matches = _matches_of(ids) if with_matches and batch else {}
    comments = _comments_of(ids) if with_comments and batch else {}
    for record, evidence in batch:
        row = build_row(record, evidence)
        row["matches"] = matches.get(record["sentence_id"], [])
        row["comments"] = comments.get(record["sentence_id"], [])
        yield row
