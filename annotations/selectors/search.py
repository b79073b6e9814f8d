"""Full-text search over the caller's newsrooms: sentences, rationales, evidence and titles.

One selector, two engines (``search_sqlite`` on the embedded default, ``search_postgres`` in
production); both give rows (sentence_id, score) that are joined here to the sentences the
caller may see, narrowed by the filters, so tenancy and filters are one ORM queryset whatever
the engine. A page costs a fixed number of queries: the ranked ids with the total, the rows
with their article, pre-tag, verdict and people, their evidence, and (page 1) matching titles.

Comments do not exist yet; when they do, their engine SQL adds one more source of rows
(sentence_id, score) beside rationales and evidence, and ``FIELDS`` one more field.
"""

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import connection
from django.db.models import Prefetch, Q, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.translation import gettext_noop

from annotations.models import Article, Comment, Evidence, ReviewState, Sentence, Verdict
from annotations.models.article import Language
from annotations.pretag.stemming import Term, hits, query_terms
from annotations.pretag.stemming import words as split_words
from annotations.services.errors import InvalidInput, grouped

from . import search_postgres, search_sqlite
from .articles import visible_newsrooms
from .queue import NO_VERDICT, split_values

AnyUser = User | AnonymousUser

# A query of 1,000 characters or more is refused: nobody types that, scripts get a clear 400.
# Far past any result list, and an offset every database takes (page 10**20 overflowed SQLite).
MAX_PAGE = 1_000_000
MAX_QUERY = 500  # characters; with every filter the URL stays within the server's request line
MAX_TERMS = 20
MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20
TITLE_HITS = 5
SNIPPET = 240  # characters of a rationale or evidence title shown around its first hit
DATE_FIELDS = {"published": "published_at", "imported": "created_at__date"}
FIELDS = ("sentence", "rationale", "evidence")

SELECT_RELATED = ("article", "article__newsroom", "version", "pretag", "assignee", "annotation")


@dataclass
class SearchFilters:
    """The filters of one search; every one narrows, so they combine."""

    language: str | None = None
    date_field: str = "published"
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    verdict: str | list[str] | None = None
    review_state: str | list[str] | None = None
    assignee: int | str | None = None
    checkworthy: bool | None = None
    needs_recheck: bool | None = None
    include_old_versions: bool = False

    def narrows_sentences(self) -> bool:
        """Whether a filter speaks of sentences, so article titles alone cannot answer it."""
        return any(
            v not in (None, "", [])
            for v in (
                self.verdict,
                self.review_state,
                self.assignee,
                self.checkworthy,
                self.needs_recheck,
            )
        )


@dataclass
class Match:
    """One field of a result with a hit: plain text and [start, end) offsets of the hits."""

    field: str
    text: str
    highlights: list[tuple[int, int]]


@dataclass
class SearchHit:
    sentence: Sentence
    score: float
    matches: list[Match] = field(default_factory=list)


@dataclass
class SearchPage:
    hits: list[SearchHit]
    total: int
    page: int
    page_size: int
    articles: list[Article]

    @property
    def has_next(self) -> bool:
        return self.page * self.page_size < self.total

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def num_pages(self) -> int:
        return max(1, -(-self.total // self.page_size))


def parse_terms(query: str | None) -> list[Term]:
    """The query's terms, or InvalidInput (400) with what to give instead."""
    query = (query or "").strip()
    if not query:
        raise InvalidInput(gettext_noop("Give some words to search for."), field="q")
    if len(query) > MAX_QUERY:
        raise InvalidInput(
            gettext_noop("The search is too long: at most %(limit)s characters."),
            field="q",
            params={"limit": MAX_QUERY},
        )
    terms = query_terms(query)
    if not terms:
        raise InvalidInput(gettext_noop("Give at least one word of letters or digits."), field="q")
    if len(terms) > MAX_TERMS:
        raise InvalidInput(
            gettext_noop("Search with at most %(limit)s different words."),
            field="q",
            params={"limit": MAX_TERMS},
        )
    return terms


def _engine() -> Any:
    if connection.vendor == "postgresql":
        return search_postgres
    if connection.vendor == "sqlite":
        return search_sqlite
    raise InvalidInput(
        gettext_noop("Search is not available on %(database)s."),
        params={"database": connection.vendor},
    )


def _in_or_none(name: str, values: list[str]) -> Q:
    condition = Q(**{f"annotation__{name}__in": [v for v in values if v != NO_VERDICT]})
    if NO_VERDICT in values:
        condition |= Q(annotation__isnull=True)
    return condition


def _assignee_id(assignee: int | str | None, user: AnyUser) -> int | None:
    if assignee in (None, ""):
        return None
    if assignee == "me":
        return user.pk
    try:
        return int(assignee)
    except (TypeError, ValueError):
        raise InvalidInput(
            gettext_noop("Give the assignee as a user id or 'me'."), field="assignee"
        ) from None


def _article_filters(filters: SearchFilters, prefix: str = "article__") -> Q:
    """Language and dates, spelled from the sentence ("article__") or the article ("")."""
    condition = Q()
    if filters.language:
        if filters.language not in Language.values:
            raise InvalidInput(
                gettext_noop("Unknown language %(language)s; choose from %(choices)s."),
                field="language",
                params={"language": repr(filters.language), "choices": ", ".join(Language.values)},
            )
        condition &= Q(**{f"{prefix}language": filters.language})
    if filters.date_field not in DATE_FIELDS:
        first, second = DATE_FIELDS  # the two dates a sentence is found by
        raise InvalidInput(
            gettext_noop("Filter dates by %(first)s or %(second)s."),
            field="date_field",
            params={"first": first, "second": second},
        )
    if filters.date_from and filters.date_to and filters.date_from > filters.date_to:
        raise InvalidInput(gettext_noop("The date range ends before it begins."), field="date_to")
    column = prefix + DATE_FIELDS[filters.date_field]
    if filters.date_from:
        condition &= Q(**{f"{column}__gte": filters.date_from})
    if filters.date_to:
        condition &= Q(**{f"{column}__lte": filters.date_to})
    return condition


def searchable_sentences(*, user: AnyUser, filters: SearchFilters) -> QuerySet[Sentence]:
    """The sentences a search may return: the user's newsrooms, the filters, current versions
    unless old ones are asked for. Another newsroom's rows never get past this queryset."""
    if not user.is_authenticated:
        return Sentence.objects.none()
    # Article conditions are asked once, as a short list of versions (or articles), so that a
    # hit is checked without reading its article's row (on SQLite the columns added after the
    # text sit behind the text's overflow pages).
    articles = Article.objects.filter(newsroom_id__in=visible_newsrooms(user)).filter(
        _article_filters(filters, prefix="")
    )
    if filters.include_old_versions:
        queryset = Sentence.objects.filter(article_id__in=articles.values("id"))
    else:
        queryset = Sentence.objects.filter(version_id__in=articles.values("current_version_id"))
    verdicts = split_values(filters.verdict, field="verdict", allowed=[*Verdict.values, NO_VERDICT])
    if verdicts:
        queryset = queryset.filter(_in_or_none("verdict", verdicts))
    states = split_values(
        filters.review_state, field="review_state", allowed=[*ReviewState.values, NO_VERDICT]
    )
    if states:
        queryset = queryset.filter(_in_or_none("review_state", states))
    assignee_id = _assignee_id(filters.assignee, user)
    if assignee_id is not None:
        # A sentence's own assignee wins; an unassigned sentence follows its article's.
        queryset = queryset.filter(
            Q(assignee_id=assignee_id) | Q(assignee__isnull=True, article__assignee_id=assignee_id)
        )
    if filters.checkworthy is True:
        queryset = queryset.filter(pretag__claim=True)
    elif filters.checkworthy is False:
        queryset = queryset.exclude(pretag__claim=True)
    if filters.needs_recheck is True:
        queryset = queryset.filter(annotation__needs_recheck=True)
    elif filters.needs_recheck is False:
        queryset = queryset.exclude(annotation__needs_recheck=True)
    return queryset


def _allowed_sql(allowed: QuerySet[Sentence]) -> tuple[str, list]:
    """``EXISTS`` over the allowed sentences, correlated to the hit row ``h``.

    Correlated rather than ``IN (...)``: SQLite would build the whole list of a newsroom's
    sentence ids for every search; this looks each hit up by its primary key instead. Each
    engine adds what keeps its planner doing so (``PER_HIT``).
    """
    correlated = allowed.filter(pk=RawSQL("h.sentence_id", [])).order_by().values("id")
    sql, params = correlated.query.sql_with_params()
    return f"EXISTS ({sql}{_engine().PER_HIT})", list(params)


def _ranked_ids(
    hit_sql: str, hit_params: list, allowed: QuerySet[Sentence], limit: int, offset: int
) -> tuple[list[tuple[int, float]], int | None]:
    """One page of (sentence id, best score) and the total (None when the page is empty)."""
    allowed_sql, allowed_params = _allowed_sql(allowed)
    sql = (
        "SELECT h.sentence_id, MIN(h.score) AS best, COUNT(*) OVER () AS total "
        f"FROM ({hit_sql}) h WHERE {allowed_sql} "
        "GROUP BY h.sentence_id ORDER BY best, h.sentence_id LIMIT %s OFFSET %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*hit_params, *allowed_params, limit, offset])
        rows = cursor.fetchall()
    if not rows:
        return [], None
    return [(row[0], row[1]) for row in rows], rows[0][2]


def _count(hit_sql: str, hit_params: list, allowed: QuerySet[Sentence]) -> int:
    allowed_sql, allowed_params = _allowed_sql(allowed)
    sql = f"SELECT COUNT(DISTINCT h.sentence_id) FROM ({hit_sql}) h WHERE {allowed_sql}"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*hit_params, *allowed_params])
        return cursor.fetchone()[0]


def snippet(text: str, terms: list[Term], width: int = SNIPPET) -> Match | None:
    """The text around its first hit (whole when short) with the hits' offsets in it."""
    found = hits(text, terms)
    if not found:
        return None
    if len(text) <= width:
        return Match("", text, found)
    start = max(0, found[0][0] - width // 4)
    end = min(len(text), start + width)
    window = text[start:end]
    return Match("", window, [(a - start, b - start) for a, b in found if a >= start and b <= end])


def _matches(sentence: Sentence, terms: list[Term]) -> list[Match]:
    """The fields of a sentence the terms hit; the sentence itself is always shown first."""
    shown = snippet(sentence.text, terms, width=len(sentence.text) or 1)
    matches = [Match("sentence", sentence.text, shown.highlights if shown else [])]
    annotation = getattr(sentence, "annotation", None)
    if annotation is not None:
        found = snippet(annotation.rationale, terms)
        if found:
            matches.append(Match("rationale", found.text, found.highlights))
        for evidence in annotation.evidence.all():
            found = snippet(evidence.title, terms)
            if found:
                matches.append(Match("evidence", found.text, found.highlights))
    for comment in sentence.comments.all():
        found = snippet(comment.body, terms)
        if found:
            matches.append(Match("comment", found.text, found.highlights))
    return matches


def _title_hits(
    *, user: AnyUser, engine: Any, terms: list[Term], words: str, filters: SearchFilters
) -> list[Article]:
    if filters.narrows_sentences():
        return []
    sql, params = engine.article_hits(terms, words)
    return list(
        Article.objects.filter(newsroom_id__in=visible_newsrooms(user))
        .filter(_article_filters(filters, prefix=""), id__in=RawSQL(sql, params))
        .defer("text")
        .select_related("newsroom")
        .order_by("-created_at", "-id")[:TITLE_HITS]
    )


def search(
    *,
    user: AnyUser,
    query: str | None,
    filters: SearchFilters | None = None,
    page: int = 1,
    page_size: int = DEFAULT_PAGE_SIZE,
) -> SearchPage:
    """One page of the sentences the query finds, best first, with their hits marked.

    Words match across inflection (German and English), in any case and with or without
    diacritics; every word must occur in one field (the sentence, its rationale, one evidence
    title or one comment on it). Raises InvalidInput for an empty, too long or signs-only query
    and for unknown filter values. Page 1 also lists up to five articles whose title matches.
    """
    filters = filters or SearchFilters()
    terms = parse_terms(query)
    if not 1 <= page <= MAX_PAGE:
        raise InvalidInput(
            gettext_noop("Pages are numbered from 1 to %(limit)s."),
            field="page",
            params={"limit": grouped(MAX_PAGE)},
        )
    if not 1 <= page_size <= MAX_PAGE_SIZE:
        raise InvalidInput(
            gettext_noop("Give a page size from 1 to %(limit)s."),
            field="page_size",
            params={"limit": MAX_PAGE_SIZE},
        )
    engine = _engine()
    # PostgreSQL stems by itself: it gets the words as written, signs left out.
    words = " ".join(word for _start, _end, word in split_words(query or ""))
    allowed = searchable_sentences(user=user, filters=filters)
    hit_sql, hit_params = engine.sentence_hits(terms, words)
    ranked, total = _ranked_ids(hit_sql, hit_params, allowed, page_size, (page - 1) * page_size)
    if total is None:
        total = _count(hit_sql, hit_params, allowed) if page > 1 else 0
    rows = (
        Sentence.objects.filter(id__in=[sentence_id for sentence_id, _ in ranked])
        .select_related(*SELECT_RELATED)
        .defer("article__text", "version__text")
        .prefetch_related(
            Prefetch("annotation__evidence", queryset=Evidence.objects.order_by("position", "id")),
            Prefetch("comments", queryset=Comment.objects.order_by("created_at", "id")),
        )
    )
    by_id = {s.pk: s for s in rows} if ranked else {}
    results = [
        SearchHit(by_id[sentence_id], score, _matches(by_id[sentence_id], terms))
        for sentence_id, score in ranked
        if sentence_id in by_id
    ]
    articles = (
        _title_hits(user=user, engine=engine, terms=terms, words=words, filters=filters)
        if page == 1 and user.is_authenticated
        else []
    )
    return SearchPage(results, total, page, page_size, articles)
