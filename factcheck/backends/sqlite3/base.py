"""Django's SQLite backend, with one transaction at a time per process and database file.

Every transaction starts with ``BEGIN IMMEDIATE`` (settings), which takes SQLite's write lock
up front. A thread that finds the lock taken waits in SQLite's busy handler, which polls: it
sleeps 1, 2, 5, 10, 15, 20, 25 ms and so on between tries, however soon the lock is free, so
with four clients saving at once a save could start milliseconds after the one before it had
committed.

Here a thread takes a process-wide lock for the database file before its ``BEGIN`` and gives it
back at ``COMMIT``, ``ROLLBACK`` or close, so threads of one process queue on a Python lock and
the next one starts the moment the last one commits. The lock stands for the one SQLite already
holds (an IMMEDIATE transaction holds the write lock from its start, even when it only reads),
so nothing waits here that would not have waited in SQLite; the wait has the same limit as
SQLite's busy timeout and fails the same way ("database is locked"). Other processes still meet
on SQLite's own lock.
"""

import os
import threading
from typing import Any

from django.db import OperationalError
from django.db.backends.sqlite3 import base

_locks: dict[str, threading.Lock] = {}
_locks_lock = threading.Lock()


def _writer_lock(name: str) -> threading.Lock:
    with _locks_lock:
        return _locks.setdefault(name, threading.Lock())


def _forget_locks() -> None:
    # A child forked while another thread held a lock would inherit it held, by nobody.
    global _locks_lock
    _locks.clear()
    _locks_lock = threading.Lock()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_locks)


class DatabaseWrapper(base.DatabaseWrapper):
    """SQLite whose transactions queue per process on a Python lock before ``BEGIN``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._writer: threading.Lock | None = None

    def _start_transaction_under_autocommit(self) -> None:
        lock = _writer_lock(str(self.settings_dict["NAME"]))
        timeout = float(self.settings_dict.get("OPTIONS", {}).get("timeout", 5))
        if not lock.acquire(timeout=timeout):
            raise OperationalError("database is locked")
        self._writer = lock
        try:
            super()._start_transaction_under_autocommit()  # type: ignore[misc]  # private in Django, not in the stubs
        except BaseException:
            self._release_writer()
            raise

    def _commit(self) -> None:
        try:
            super()._commit()  # type: ignore[misc]  # private in Django, not in the stubs
        finally:
            self._release_writer()

    def _rollback(self) -> None:
        try:
            super()._rollback()  # type: ignore[misc]  # private in Django, not in the stubs
        finally:
            self._release_writer()

    def _close(self) -> None:
        try:
            super()._close()  # type: ignore[misc]  # private in Django, not in the stubs
        finally:
            self._release_writer()

    def _release_writer(self) -> None:
        lock, self._writer = self._writer, None
        if lock is not None:
            lock.release()
