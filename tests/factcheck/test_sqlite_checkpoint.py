"""SQLite's write-ahead log is checkpointed by a thread of serve, not inside the saves."""

import threading

import pytest
from django.db import connection

from annotations.models import Newsroom

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite only"),
]


def test_saves_leave_the_write_ahead_log_to_the_checkpoint_thread():
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA wal_autocheckpoint")
        assert cursor.fetchone()[0] == 10_000
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"


def test_a_checkpoint_copies_the_log_into_the_database():
    from factcheck.backends.sqlite3.checkpoint import checkpoint

    checkpoint()
    for index in range(20):
        Newsroom.objects.create(name=f"Room {index}", slug=f"room-{index}")
    done = checkpoint()
    assert done is not None and not done.busy
    assert done.log_pages > 0
    assert done.copied_pages == done.log_pages  # no reader held an older snapshot


def test_serve_checkpoints_from_a_thread_of_its_own(settings):
    import os
    import time

    from annotations.management.commands.serve import Command

    settings.FACTCHECK_SQLITE_CHECKPOINT_EVERY = 0.01
    database = str(connection.settings_dict["NAME"])
    for index in range(20):
        Newsroom.objects.create(name=f"Room {index}", slug=f"room-{index}")
    before = os.stat(database).st_mtime_ns
    stopping = threading.Event()
    thread = threading.Thread(target=Command()._checkpoint, args=(stopping,))
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while os.stat(database).st_mtime_ns == before and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        stopping.set()
        thread.join(timeout=30)
    assert os.stat(database).st_mtime_ns != before  # the log's pages were copied in
    assert not thread.is_alive()
