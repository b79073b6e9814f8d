"""What changed in an article since a cursor: the read side of the workspace's live updates.

The revision log is append-only and its ids grow, so "everything after id N" is a range scan on
the primary key, the same on SQLite and PostgreSQL and across any number of web processes. One
query reads the article (with the caller's role, its version, assignee and pre-tag job), one
reads the current state of every sentence with a revision after the cursor, whatever happened.

Ids are handed out when a row is inserted, not when its transaction commits: on PostgreSQL a slow
transaction can commit id 10 after id 11 is visible. So the cursor handed back stops short of
rows younger than ``SETTLE_SECONDS``; those are sent again on the next polls (the client applies
a sentence's state once per revision id, and an unchanged answer is a 304), and a transaction
that commits within that window is never skipped.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from django.contrib.auth import get_user_model
from django.db import connection
from django.utils import timezone

from annotations.models import (
    Annotation,
    Article,
    ArticleVersion,
    Job,
    Membership,
    Revision,
    Sentence,
)
from annotations.services.access import remember_role
from annotations.services.verdicts import etag_of

from .articles import AnyUser
from .handwritten import tables

SETTLE_SECONDS = 5
# A first poll (no cursor) sends what changed this long before it, so a change made between
# the page's rendering and its first poll is not lost.
FIRST_POLL_WINDOW = timedelta(seconds=60)
# A re-import can move hundreds of verdicts at once; more than this comes in several polls.
MAX_ROWS = 500


@dataclass(frozen=True, slots=True)
class ArticleState:
    id: int
    newsroom_id: int
    version: int
    current_version_id: int | None
    assignee: str | None
    job: dict[str, Any] | None


@dataclass(frozen=True, slots=True)
class Changes:
    """The answer to one poll: the article's state, the changed sentences, the next cursor."""

    article: ArticleState
    sentences: list[dict[str, Any]] = field(default_factory=list)
    cursor: int = 0
    more: bool = False


@cache
def live_tables() -> dict[str, str]:
    """The table names the workspace feed and the desk feed write into their SQL."""
    return tables(
        article=Article,
        version=ArticleVersion,
        job=Job,
        membership=Membership,
        revision=Revision,
        sentence=Sentence,
        annotation=Annotation,
        user=get_user_model(),
    )


@cache
def _article_sql() -> str:
    # Written out: the ORM spends longer building this query than the database answering it,
    # and every open page asks once a second (see ``handwritten``).
    return """
        SELECT a.id, a.newsroom_id, a.version, a.current_version_id, assignee.username, m.role,
               j.id, j.state, j.progress
        FROM {article} a
        JOIN {membership} m ON m.newsroom_id = a.newsroom_id AND m.user_id = %s
        LEFT JOIN {user} assignee ON assignee.id = a.assignee_id
        LEFT JOIN {job} j ON j.id = (
            SELECT j2.id FROM {job} j2
            WHERE j2.article_id = a.id AND j2.kind IN ('pretag', 'retag')
            ORDER BY j2.created_at DESC, j2.id DESC LIMIT 1)
        WHERE a.id = %s
    """.format(**live_tables())


@cache
def _changes_sql(first: bool) -> str:
    since = "r2.created_at >= %s" if first else "r2.id > %s"
    return """
        SELECT r.id, r.sentence_id, r.action, actor.username, r.created_at, s.version_id,
               assignee.username, an.verdict, an.review_state, an.version, an.needs_recheck
        FROM {revision} r
        JOIN {sentence} s ON s.id = r.sentence_id
        LEFT JOIN {user} actor ON actor.id = r.actor_id
        LEFT JOIN {user} assignee ON assignee.id = s.assignee_id
        LEFT JOIN {annotation} an ON an.sentence_id = s.id
        WHERE r.id IN (
            SELECT MAX(r2.id) FROM {revision} r2 JOIN {sentence} s2 ON s2.id = r2.sentence_id
            WHERE s2.article_id = %s AND {since} GROUP BY r2.sentence_id)
        ORDER BY r.id
        LIMIT %s
    """.format(since=since, **live_tables())


@cache
def _created_at_reading() -> tuple[list, Any]:
    column = Revision._meta.get_field("created_at").get_col(Revision._meta.db_table)
    return connection.ops.get_db_converters(column) + column.get_db_converters(connection), column


def _timestamp(value: Any) -> datetime:
    """A timestamp as the ORM would read it (SQLite hands back text)."""
    converters, column = _created_at_reading()
    for convert in converters:
        value = convert(value, column, connection)
    return value


def get_article_state(*, user: AnyUser, article_id: int) -> ArticleState | None:
    """The article's live facts if the user may see it (None for missing and foreign alike)."""
    if not user.is_authenticated:
        return None
    with connection.cursor() as cursor:
        cursor.execute(_article_sql(), [user.pk, article_id])
        row = cursor.fetchone()
    if row is None:
        return None
    pk, newsroom_id, version, current_version_id, assignee, role, job_id, state, progress = row
    remember_role(user, newsroom_id, role)
    job = None if job_id is None else {"id": job_id, "state": state, "progress": progress}
    return ArticleState(pk, newsroom_id, version, current_version_id, assignee, job)


def list_changes(*, article: ArticleState, after: int | None) -> Changes:
    """The current state of each sentence of ``article`` with a revision after ``after``.

    One row per sentence (its latest revision names who changed it and how); ``after=None``
    means a first poll. Reads in one query (a first poll with nothing to send, in two).
    """
    now = timezone.now()
    if after is None:
        since = connection.ops.adapt_datetimefield_value(now - FIRST_POLL_WINDOW)
        params = [article.id, since, MAX_ROWS + 1]
    else:
        params = [article.id, after, MAX_ROWS + 1]
    with connection.cursor() as cursor:
        cursor.execute(_changes_sql(after is None), params)
        rows = [_row(values) for values in cursor.fetchall()]
    more = len(rows) > MAX_ROWS
    rows = rows[:MAX_ROWS]
    return Changes(
        article=article,
        sentences=[_sentence_out(row, article) for row in rows],
        cursor=_next_cursor(rows, after, now=now, more=more),
        more=more,
    )


COLUMNS = (
    "id",
    "sentence_id",
    "action",
    "by",
    "created_at",
    "version_id",
    "assignee",
    "verdict",
    "review_state",
    "version",
    "needs_recheck",
)


def _row(values: tuple) -> dict[str, Any]:
    row = dict(zip(COLUMNS, values, strict=True))
    row["created_at"] = _timestamp(row["created_at"])
    return row


def _next_cursor(rows: list[dict], after: int | None, *, now: Any, more: bool) -> int:
    """Just below the oldest row that has not settled yet, else past every row read (see the
    module's docstring). A first poll starts from the newest id of the whole log."""
    if more:
        return rows[-1]["id"]
    settled = now - timedelta(seconds=SETTLE_SECONDS)
    unsettled = [row["id"] for row in rows if row["created_at"] >= settled]
    if unsettled:
        return min(unsettled) - 1
    if after is None:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT MAX(id) FROM {live_tables()['revision']}")
            return cursor.fetchone()[0] or 0
    return max([after, *(row["id"] for row in rows)])


def _sentence_out(row: dict, article: ArticleState) -> dict[str, Any]:
    version = row["version"] or 0
    return {
        "sentence": row["sentence_id"],
        "revision": row["id"],
        "action": row["action"],
        "by": row["by"],
        "at": row["created_at"].isoformat(),
        "current": row["version_id"] == article.current_version_id,
        "verdict": row["verdict"] or None,
        "review_state": row["review_state"] or "",
        "version": version,
        "etag": etag_of(row["sentence_id"], version),
        "needs_recheck": bool(row["needs_recheck"]),
        "assignee": row["assignee"],
    }
