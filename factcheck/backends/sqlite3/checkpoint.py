"""Copying SQLite's write-ahead log into the database outside the requests.

With ``wal_autocheckpoint`` at its default, the commit that takes the log past 1,000 pages
copies it back and syncs the file, so every so often a verdict save pays for the pre-tag job's
writes: 8-19 % of a save's samples were in ``COMMIT`` while an import was tagged, 2-4 % with the
threshold raised. The embedded default raises it (``FACTCHECK_SQLITE_AUTOCHECKPOINT``, a
backstop for processes on their own) and ``manage.py serve`` calls ``checkpoint`` from a thread
of its own every second. A PASSIVE checkpoint copies what no reader still needs and waits for
nobody: readers and the writer go on meanwhile.
"""

from typing import NamedTuple

from django.db import connection


class Checkpoint(NamedTuple):
    """What one checkpoint found: ``busy`` when it could not finish, pages in the log, and pages
    copied into the database (SQLite's ``wal_checkpoint`` row)."""

    busy: bool
    log_pages: int
    copied_pages: int


def checkpoint() -> Checkpoint | None:
    """Copy the write-ahead log into the database (PASSIVE); None when not on SQLite or not in
    WAL mode."""
    if connection.vendor != "sqlite":
        return None
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_checkpoint(PASSIVE)")
        busy, log_pages, copied = cursor.fetchone()
    if log_pages < 0:  # -1: the database is not in WAL mode
        return None
    return Checkpoint(bool(busy), log_pages, copied)
