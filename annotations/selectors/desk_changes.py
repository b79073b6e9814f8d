"""What changed on the desk since a cursor: the home page's and the queue's live updates.

The same mechanism as the workspace's feed (``changes``): the append-only revision log read by
id after a cursor, across every newsroom of the caller instead of one article, plus the article
versions (an import, first or corrected, is a new ``ArticleVersion`` row with a growing id) and
the pre-tag job of each article the page lists. A quiet poll costs three queries whatever the
number of articles on the page; the counts and readiness of the articles that changed are read
only then, in two more (``overview``, ``readiness``), never one per article.

Cursors stop short of rows younger than ``changes.SETTLE_SECONDS`` (ids are handed out at
insert, not at commit); the page applies each revision once and redraws an article only when
its figures changed.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache
from typing import Any

from django.db import connection
from django.utils import timezone

from annotations.models import (
    Verdict,
)

from .articles import AnyUser
from .changes import FIRST_POLL_WINDOW, MAX_ROWS, SETTLE_SECONDS, _timestamp, live_tables
from .overview import list_articles_with_progress
from .readiness import list_article_readiness

# Imports reported per poll; a page that sees this many offers a reload.
MAX_IMPORTS = 20


@dataclass(frozen=True, slots=True)
class DeskChanges:
    """One poll's answer: changed sentences, imports, the listed articles' jobs and figures."""

    cursor: int = 0
    version_cursor: int = 0
    more: bool = False
    sentences: list[dict[str, Any]] = field(default_factory=list)
    imports: list[dict[str, Any]] = field(default_factory=list)
    jobs: list[dict[str, Any]] = field(default_factory=list)
    articles: list[dict[str, Any]] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.sentences or self.imports)


@cache
def _revisions_sql(first: bool) -> str:
    since = "r2.created_at >= %s" if first else "r2.id > %s"
    return """
        SELECT r.id, r.created_at, r.sentence_id, s.article_id, r.action, actor.username,
               an.verdict, an.review_state, an.needs_recheck, assignee.username
        FROM {revision} r
        JOIN {sentence} s ON s.id = r.sentence_id
        LEFT JOIN {user} actor ON actor.id = r.actor_id
        LEFT JOIN {user} assignee ON assignee.id = s.assignee_id
        LEFT JOIN {annotation} an ON an.sentence_id = s.id
        WHERE r.id IN (
            SELECT MAX(r2.id) FROM {revision} r2
            JOIN {sentence} s2 ON s2.id = r2.sentence_id
            JOIN {article} a2 ON a2.id = s2.article_id
            JOIN {membership} m ON m.newsroom_id = a2.newsroom_id AND m.user_id = %s
            WHERE {since} GROUP BY r2.sentence_id)
        ORDER BY r.id
        LIMIT %s
    """.format(since=since, **live_tables())


@cache
def _versions_sql(first: bool) -> str:
    since = "v.created_at >= %s" if first else "v.id > %s"
    return """
        SELECT v.id, v.created_at, v.article_id, v.number, a.title, creator.username
        FROM {version} v
        JOIN {article} a ON a.id = v.article_id
        JOIN {membership} m ON m.newsroom_id = a.newsroom_id AND m.user_id = %s
        LEFT JOIN {user} creator ON creator.id = v.created_by_id
        WHERE {since}
        ORDER BY v.id
        LIMIT %s
    """.format(since=since, **live_tables())


@cache
def _jobs_sql(n: int) -> str:
    marks = ", ".join(["%s"] * n)
    return """
        SELECT a.id, a.version, j.id, j.state, j.progress
        FROM {article} a
        JOIN {membership} m ON m.newsroom_id = a.newsroom_id AND m.user_id = %s
        LEFT JOIN {job} j ON j.id = (
            SELECT j2.id FROM {job} j2
            WHERE j2.article_id = a.id AND j2.kind IN ('pretag', 'retag')
            ORDER BY j2.created_at DESC, j2.id DESC LIMIT 1)
        WHERE a.id IN ({marks})
        ORDER BY a.id
    """.format(marks=marks, **live_tables())


def _since(after: int | None, now: datetime) -> Any:
    if after is None:
        return connection.ops.adapt_datetimefield_value(now - FIRST_POLL_WINDOW)
    return after


def _read(sql: str, params: list[Any]) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(row[0], _timestamp(row[1]), *row[2:]) for row in cursor.fetchall()]


def settled_cursor(
    rows: Sequence[tuple], after: int | None, now: datetime, more: bool, newest: Callable[[], int]
) -> int:
    """Past every row read, but just below the oldest one that has not settled yet (rows are
    ``(id, created_at, ...)``); a first poll starts from ``newest()``."""
    if more:
        return rows[-1][0]
    settled = now - timedelta(seconds=SETTLE_SECONDS)
    unsettled = [row[0] for row in rows if row[1] >= settled]
    if unsettled:
        return min(unsettled) - 1
    if after is None:
        return newest()
    return max([after, *(row[0] for row in rows)])


def _newest(table: str) -> Callable[[], int]:
    def read() -> int:
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT MAX(id) FROM {live_tables()[table]}")
            return cursor.fetchone()[0] or 0

    return read


def list_desk_changes(
    *,
    user: AnyUser,
    after: int | None,
    versions_after: int | None,
    listed: Sequence[int] = (),
    refresh: Sequence[int] = (),
) -> DeskChanges:
    """What changed in the user's newsrooms since the cursors (``None``: a first poll, which
    sends the last minute's). ``listed``: the articles the page shows, whose pre-tag jobs are
    read every time and whose counts and readiness are read when a revision or a version
    touched them, or when the page asks for them (``refresh``: a job it saw finish)."""
    if not user.is_authenticated:
        return DeskChanges()
    now = timezone.now()
    revisions = _read(_revisions_sql(after is None), [user.pk, _since(after, now), MAX_ROWS + 1])
    more = len(revisions) > MAX_ROWS
    revisions = revisions[:MAX_ROWS]
    versions = _read(
        _versions_sql(versions_after is None), [user.pk, _since(versions_after, now), MAX_IMPORTS]
    )
    jobs = _jobs(user, listed)
    touched = {row[3] for row in revisions} | {row[2] for row in versions} | set(refresh)
    return DeskChanges(
        cursor=settled_cursor(revisions, after, now, more, _newest("revision")),
        version_cursor=settled_cursor(
            versions, versions_after, now, len(versions) >= MAX_IMPORTS, _newest("version")
        ),
        more=more,
        sentences=[_sentence_out(row) for row in revisions],
        imports=[
            {"article": a, "version": number, "title": title, "by": by}
            for _pk, _at, a, number, title, by in versions
        ],
        jobs=jobs,
        articles=_figures(user, [pk for pk in listed if pk in touched]),
    )


def _sentence_out(row: tuple) -> dict[str, Any]:
    pk, at, sentence, article, action, by, verdict, state, recheck, assignee = row
    return {
        "revision": pk,
        "sentence": sentence,
        "article": article,
        "action": action,
        "by": by,
        "at": at.isoformat(),
        "verdict": verdict or None,
        "review_state": state or "",
        "needs_recheck": bool(recheck),
        "assignee": assignee,
    }


def _jobs(user: AnyUser, listed: Sequence[int]) -> list[dict[str, Any]]:
    if not listed:
        return []
    with connection.cursor() as cursor:
        cursor.execute(_jobs_sql(len(listed)), [user.pk, *listed])
        rows = cursor.fetchall()
    return [
        {
            "article": article,
            "version": version,
            "job": None if job is None else {"id": job, "state": state, "progress": progress},
        }
        for article, version, job, state, progress in rows
    ]


def _figures(user: AnyUser, ids: list[int]) -> list[dict[str, Any]]:
    """Counts and readiness of the articles ``ids``: two queries whatever their number."""
    if not ids:
        return []
    articles = list(list_articles_with_progress(user=user).filter(pk__in=ids))
    readiness = list_article_readiness(articles=articles)
    return [article_figures(a, readiness[a.pk]) for a in articles]


def article_figures(article: Any, readiness: dict[str, Any]) -> dict[str, Any]:
    """An article of ``list_articles_with_progress`` as the home page's row shows it."""
    return {
        "article": article.pk,
        "sentences": article.n_sentences,
        "open": article.n_sentences - article.n_annotated,
        "verdicts": {v: getattr(article, f"n_{v}") for v in Verdict.values},
        "ready": readiness["ready"],
        "blockers": [b["message"] for b in readiness["blockers"]],
    }
