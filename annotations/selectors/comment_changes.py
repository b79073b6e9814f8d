"""New and changed comments of an article since a cursor: the comments' part of the live feed.

Read like ``changes`` reads the verdicts' revisions: the comments' trail (``CommentRevision``)
is append-only with growing ids, so "after id N" is a range scan on ``(article, id)``, one
query per poll, written by hand because every open page asks once a second. The cursor stops
short of rows younger than ``SETTLE_SECONDS`` for the same reason as there (ids are handed out
at insert, not at commit); the page applies each revision once.
"""

from dataclasses import dataclass, field
from datetime import timedelta
from functools import cache
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from annotations.models import Comment, CommentRevision

from .changes import FIRST_POLL_WINDOW, MAX_ROWS, SETTLE_SECONDS, _timestamp


@dataclass(frozen=True, slots=True)
class CommentChanges:
    comments: list[dict[str, Any]] = field(default_factory=list)
    cursor: int = 0
    more: bool = False


@cache
def _sql(first: bool) -> str:
    quote = connection.ops.quote_name
    since = "r.created_at >= %s" if first else "r.id > %s"
    username = quote(get_user_model().USERNAME_FIELD)
    return f"""
        SELECT r.id, r.comment_id, c.sentence_id, r.action, u.{username}, r.created_at
        FROM {quote(CommentRevision._meta.db_table)} r
        JOIN {quote(Comment._meta.db_table)} c ON c.id = r.comment_id
        LEFT JOIN {quote(get_user_model()._meta.db_table)} u ON u.id = r.actor_id
        WHERE r.article_id = %s AND {since}
        ORDER BY r.id
        LIMIT %s
    """


@cache
def _max_sql() -> str:
    table = connection.ops.quote_name(CommentRevision._meta.db_table)
    return f"SELECT MAX(id) FROM {table} WHERE article_id = %s"


def list_comment_changes(*, article_id: int, after: int | None) -> CommentChanges:
    """Comment revisions of the article after ``after`` (``None``: a first poll, which sends
    the last minute's and starts from the newest). One query (a quiet first poll: two)."""
    now = timezone.now()
    if after is None:
        start: Any = connection.ops.adapt_datetimefield_value(now - FIRST_POLL_WINDOW)
    else:
        start = after
    with connection.cursor() as cursor:
        cursor.execute(_sql(after is None), [article_id, start, MAX_ROWS + 1])
        rows = cursor.fetchall()
    more = len(rows) > MAX_ROWS
    rows = rows[:MAX_ROWS]
    out = [
        {
            "revision": pk,
            "comment": comment_id,
            "sentence": sentence_id,
            "action": action,
            "by": username,
            "at": _timestamp(created_at),
        }
        for pk, comment_id, sentence_id, action, username, created_at in rows
    ]
    next_cursor = _cursor(out, after, article_id, now, more)
    return CommentChanges(comments=out, cursor=next_cursor, more=more)


def _cursor(rows: list[dict], after: int | None, article_id: int, now: Any, more: bool) -> int:
    if more:
        return rows[-1]["revision"]
    settled = now - timedelta(seconds=SETTLE_SECONDS)
    unsettled = [row["revision"] for row in rows if row["at"] >= settled]
    if unsettled:
        return min(unsettled) - 1
    if after is None:
        with connection.cursor() as cursor:
            cursor.execute(_max_sql(), [article_id])
            return cursor.fetchone()[0] or 0
    return max([after, *(row["revision"] for row in rows)])
