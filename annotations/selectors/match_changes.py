"""Sentences of an article whose "checked before" matches were stored since a cursor: the
matches' part of the live feed, so the panel of the selected sentence refreshes by itself when
the background match job (``services.matches``, ``services.rematch``) stores new ones.

A job replaces a sentence's matches by inserting new rows, whose ids grow: "after id N" reads
them as ``comment_changes`` reads the comments' trail, in one query per poll, and the cursor
stops short of rows younger than ``SETTLE_SECONDS`` for the same reason (ids are handed out at
insert, not at commit). A job that leaves a sentence with no match at all inserts nothing and
is not reported; the panel shows the old matches until the sentence is selected again.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from functools import cache
from typing import Any

from django.db import connection
from django.utils import timezone

from annotations.models import Sentence, SentenceMatch

from .changes import FIRST_POLL_WINDOW, MAX_ROWS, SETTLE_SECONDS, _timestamp


@dataclass(frozen=True, slots=True)
class MatchChanges:
    sentences: list[int] = field(default_factory=list)
    cursor: int = 0
    more: bool = False


@cache
def _sql(first: bool) -> str:
    quote = connection.ops.quote_name
    since = "m.created_at >= %s" if first else "m.id > %s"
    return f"""
        SELECT m.id, m.sentence_id, m.created_at
        FROM {quote(SentenceMatch._meta.db_table)} m
        JOIN {quote(Sentence._meta.db_table)} s ON s.id = m.sentence_id
        WHERE s.article_id = %s AND {since}
        ORDER BY m.id
        LIMIT %s
    """


@cache
def _max_sql() -> str:
    return f"SELECT MAX(id) FROM {connection.ops.quote_name(SentenceMatch._meta.db_table)}"


def list_match_changes(*, article_id: int, after: int | None) -> MatchChanges:
    """Ids of the article's sentences with matches stored after ``after``, each once
    (``None``: a first poll, which sends the last minute's). One query (a quiet first: two)."""
    now = timezone.now()
    start: Any = (
        connection.ops.adapt_datetimefield_value(now - FIRST_POLL_WINDOW)
        if after is None
        else after
    )
    with connection.cursor() as cursor:
        cursor.execute(_sql(after is None), [article_id, start, MAX_ROWS + 1])
        rows = [(pk, sentence_id, _timestamp(at)) for pk, sentence_id, at in cursor.fetchall()]
    more = len(rows) > MAX_ROWS
    rows = rows[:MAX_ROWS]
    sentences = list(dict.fromkeys(sentence_id for _pk, sentence_id, _at in rows))
    return MatchChanges(sentences=sentences, cursor=_cursor(rows, after, now, more), more=more)


def _cursor(rows: list[tuple], after: int | None, now: Any, more: bool) -> int:
    if more:
        return rows[-1][0]
    settled = now - timedelta(seconds=SETTLE_SECONDS)
    unsettled = [pk for pk, _sentence, at in rows if at >= settled]
    if unsettled:
        return min(unsettled) - 1
    if after is None:
        with connection.cursor() as cursor:
            cursor.execute(_max_sql())
            return cursor.fetchone()[0] or 0
    return max([after, *(pk for pk, _sentence, _at in rows)])
