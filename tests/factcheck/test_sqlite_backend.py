"""The SQLite backend queues a process's transactions on a Python lock, and always lets it go."""

import threading

import pytest
from django.db import OperationalError, connection, connections, transaction

from annotations.models import Newsroom

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite backend only"),
]


def writer_lock() -> threading.Lock:
    from factcheck.backends.sqlite3.base import _writer_lock

    return _writer_lock(str(connection.settings_dict["NAME"]))


def in_thread(work) -> list[object]:
    """Run ``work`` in a thread of its own (its own connection); what it returned or raised."""
    out: list[object] = []

    def run() -> None:
        try:
            out.append(work())
        except Exception as error:  # handed back to the test
            out.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=60)
    assert not thread.is_alive()
    return out


def test_the_embedded_default_uses_it():
    assert connection.settings_dict["ENGINE"] == "factcheck.backends.sqlite3"
    assert connection.vendor == "sqlite"


def test_a_transaction_holds_the_lock_until_it_commits():
    assert not writer_lock().locked()
    with transaction.atomic():
        Newsroom.objects.create(name="Held", slug="held")
        assert writer_lock().locked()
        with transaction.atomic():  # a savepoint takes nothing more
            assert writer_lock().locked()
    assert not writer_lock().locked()
    assert Newsroom.objects.filter(name="Held").exists()


def test_a_rolled_back_transaction_lets_it_go():
    with pytest.raises(ValueError), transaction.atomic():
        Newsroom.objects.create(name="Rolled back", slug="rolled-back")
        raise ValueError("the block fails")
    assert not writer_lock().locked()
    assert not Newsroom.objects.filter(name="Rolled back").exists()


def test_closing_the_connection_inside_a_transaction_lets_it_go():
    connection.set_autocommit(False, force_begin_transaction_with_broken_autocommit=True)
    assert writer_lock().locked()
    connection.close()
    assert not writer_lock().locked()
    assert in_thread(lambda: Newsroom.objects.create(name="After close", slug="after-close").pk)[0]


def test_another_thread_waits_for_the_commit_then_goes_on():
    started, order = threading.Event(), []

    def second() -> str:
        started.set()
        with transaction.atomic():
            order.append("second")
            return Newsroom.objects.create(name="Second", slug="second").name

    with transaction.atomic():
        Newsroom.objects.create(name="First", slug="first")
        thread = threading.Thread(target=lambda: order.append(in_thread(second)[0]))
        thread.start()
        assert started.wait(timeout=30)
        order.append("first commits")
    thread.join(timeout=60)
    assert order == ["first commits", "second", "Second"]


def test_a_wait_past_the_busy_timeout_fails_as_sqlite_does(settings):
    options = connection.settings_dict["OPTIONS"]
    lock = writer_lock()
    lock.acquire()
    try:
        original, options["timeout"] = options["timeout"], 0.05

        def write() -> object:
            with transaction.atomic():
                return Newsroom.objects.create(name="Too late", slug="too-late")

        try:
            (error,) = in_thread(write)
        finally:
            options["timeout"] = original
    finally:
        lock.release()
    assert isinstance(error, OperationalError)
    assert "database is locked" in str(error)
    assert not Newsroom.objects.filter(name="Too late").exists()


def test_a_forked_child_starts_with_the_locks_free():
    from factcheck.backends.sqlite3 import base

    lock = writer_lock()
    with lock:
        base._forget_locks()  # what the child runs after a fork
        assert not writer_lock().locked()
    base._forget_locks()


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
