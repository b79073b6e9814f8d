"""Shared fixtures: newsrooms with a member per role, imported articles, and a real worker."""

import datetime
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings

from annotations.models import Role
from annotations.services.articles import import_article
from tests.factories import NewsroomFactory, member

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "nordkorea-russland-selbstverteidigung.txt"
IN_CI = os.environ.get("CI") == "true"


# A transactional test empties the database with one TRUNCATE. A request the live server was
# still answering, or a job the worker was still running, can hold a table the TRUNCATE needs
# while waiting for one it holds: PostgreSQL then ends one of the two as a deadlock, and when
# it picks the TRUNCATE the test's teardown fails and leaves its rows to the next test. The
# other side goes on and finishes, so the flush is tried again a few times before it fails.
FLUSH_ATTEMPTS = 4


def flush_again_after_a_deadlock(teardown: Callable, pause: float = 0.5) -> Callable:
    """``teardown`` (a TransactionTestCase's flush) tried again when it lost a deadlock."""
    from django.core.management.base import CommandError

    def fixture_teardown(self: object) -> None:
        for attempt in range(1, FLUSH_ATTEMPTS + 1):
            try:
                return teardown(self)
            except CommandError as exc:
                if "deadlock detected" not in str(exc.__cause__) or attempt == FLUSH_ATTEMPTS:
                    raise
                time.sleep(pause * attempt)

    return fixture_teardown


def _flush_again_after_a_deadlock() -> None:
    from django.test import TransactionTestCase

    TransactionTestCase._fixture_teardown = flush_again_after_a_deadlock(  # type: ignore[method-assign]
        TransactionTestCase._fixture_teardown
    )


_flush_again_after_a_deadlock()


def pytest_sessionstart(session: pytest.Session) -> None:
    # Messages left by an earlier run would only be skipped by the worker; start clean.
    queue = Path(settings.VAR_DIR) / "broker" / "queue"
    if queue.exists() and settings.CELERY_BROKER_URL.startswith("filesystem://"):
        shutil.rmtree(queue)
        queue.mkdir(parents=True)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The production hasher is slow on purpose; tests create many users.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def newsroom(db):
    return NewsroomFactory(name="Desk", slug="desk")


@pytest.fixture
def other_newsroom(db):
    return NewsroomFactory(name="Elsewhere", slug="elsewhere")


@pytest.fixture
def viewer(newsroom):
    return member(newsroom, Role.VIEWER, "viewer")


@pytest.fixture
def editor(newsroom):
    return member(newsroom, Role.EDITOR, "editor")


@pytest.fixture
def second_editor(newsroom):
    return member(newsroom, Role.EDITOR, "editor2")


@pytest.fixture
def reviewer(newsroom):
    return member(newsroom, Role.REVIEWER, "reviewer")


@pytest.fixture
def admin_member(newsroom):
    return member(newsroom, Role.ADMIN, "admin")


@pytest.fixture
def outsider(other_newsroom):
    return member(other_newsroom, Role.ADMIN, "outsider")


@pytest.fixture
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture
def article(newsroom, editor, seed_text):
    article, _job = import_article(
        newsroom=newsroom,
        title="Nordkorea verspricht Russland Unterstützung",
        text=seed_text,
        language="de",
        published_at=datetime.date(2024, 11, 30),
        imported_by=editor,
    )
    return article


def database_url_for_tests() -> str:
    """A DATABASE_URL naming the test database, for processes the tests start."""
    from django.db import connection

    params = connection.settings_dict
    if params["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{params['NAME']}"
    user = params.get("USER") or ""
    password = f":{params['PASSWORD']}" if params.get("PASSWORD") else ""
    auth = f"{user}{password}@" if user else ""
    port = f":{params['PORT']}" if params.get("PORT") else ""
    return f"postgres://{auth}{params['HOST'] or '127.0.0.1'}{port}/{params['NAME']}"


def purge_broker() -> None:
    """Drop the messages earlier tests sent and no worker ran, on every queue a worker reads:
    ids are reused once the test database is rolled back or flushed, so a worker would take
    them for the next test's jobs (``control.purge`` alone empties only the default queue)."""
    from annotations.services.jobs import DEFAULT_QUEUE, LINK_QUEUE
    from factcheck.celery import app

    with app.connection_for_write() as connection:
        channel = connection.default_channel
        for name in (DEFAULT_QUEUE, LINK_QUEUE):
            channel.queue_purge(name)


def worker_report() -> str:
    """What a test that waited for the worker in vain shows: the jobs, the messages waiting on
    the filesystem broker, and the end of the worker's log."""
    from annotations.models import Job

    jobs = "\n".join(
        f"  job {pk} {kind} {state} attempts={attempts} worker={worker!r} {error[:200]}"
        for pk, kind, state, attempts, worker, error in Job.objects.order_by("pk").values_list(
            "pk", "kind", "state", "attempts", "worker", "error"
        )
    )
    queue = Path(settings.VAR_DIR) / "broker" / "queue"
    waiting = len(list(queue.iterdir())) if queue.exists() else "n/a"
    log = Path(settings.VAR_DIR) / "test-worker.log"
    tail = log.read_text(errors="replace")[-4000:] if log.exists() else "(no log)"
    return f"jobs:\n{jobs}\nmessages waiting on the broker: {waiting}\nworker log:\n{tail}"


def subprocess_env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env["DATABASE_URL"] = database_url_for_tests()
    env.update(extra)
    return env


@pytest.fixture(scope="module")
def worker_niceness() -> str | None:
    """The niceness the module's worker gives its job threads; None: the app's setting (10)."""
    return None


@pytest.fixture(scope="module")
def worker_process(django_db_setup, django_db_blocker, worker_niceness):
    """A real Celery worker process on the configured broker, using the test database.

    One per test module, stopped when the module ends: a worker left running would take jobs
    meant for the workers that other tests (the fault drills) start themselves.
    """
    extra = {"FACTCHECK_JOB_STALE_AFTER": "5"}
    if worker_niceness is not None:
        extra["FACTCHECK_JOB_NICENESS"] = worker_niceness
    with django_db_blocker.unblock():
        env = subprocess_env(**extra)
    purge_broker()
    command = [
        sys.executable, "-m", "celery", "-A", "factcheck", "worker",
        "--pool", "threads", "--concurrency", "2", "--loglevel", "INFO", "-Q", "celery,links",
        "--without-gossip", "--without-mingle", "--without-heartbeat",
        "--hostname", f"tests-{os.getpid()}@%h",
    ]  # fmt: skip
    log = open(Path(settings.VAR_DIR) / "test-worker.log", "wb")  # noqa: SIM115
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    time.sleep(0.5)
    if process.poll() is not None:
        pytest.fail("The Celery worker did not start; see var/test/test-worker.log.")
    yield process
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
    log.close()


def wait_for(
    predicate,
    *,
    timeout: float = 60.0,
    interval: float = 0.2,
    failure: str | Callable[[], str] = "Condition not met",
):
    """Poll until ``predicate()`` is truthy and return its value; otherwise fail the test with
    ``failure`` (a callable is asked only then, e.g. for a log as it stands at that moment)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    message = failure() if callable(failure) else failure
    pytest.fail(f"{message} (waited {timeout:.0f} s)")
