"""Fault drills on the production topology: gunicorn and Celery processes of their own against the
test database on PostgreSQL, with Redis as the broker. Each drill breaks one thing for real
(Redis, PostgreSQL, a worker, a job), bounds every wait, and checks that nothing was lost.

Every drill runs beside busy processes that keep the machine's cores loaded (two by default;
``DRILL_BUSY_PROCESSES`` sets how many, 0 for none), because that is where timing assumptions
break: the drills assert invariants (a job is done once, one tag row per sentence, at least two
attempts after a takeover), never counts a slow moment could change.

PostgreSQL and Redis are always running again when a drill ends, however it ends.
"""

import os
import random
import re
import threading
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.db.models import Count

from annotations.models import Annotation, Article, Job, Revision, Sentence, SentenceTag
from annotations.services.articles import import_article
from annotations.services.jobs import create_job
from annotations.services.tokens import issue_token
from tests.conftest import ROOT, purge_broker, subprocess_env, wait_for

from .drills_support import (
    PRODUCTION_LEG,
    REQUEST_BOUND,
    Api,
    Process,
    Processes,
    busy_processes,
    long_article_text,
    pause_outside_a_transaction,
    postgres_ready,
    postgres_stopped,
    redis_stopped,
)

pytestmark = [
    pytest.mark.integration,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not PRODUCTION_LEG, reason="production leg only"),
    pytest.mark.timeout(480),
]

VERDICTS = ("verified", "disputed", "unverified")
BUSY_PROCESSES = int(os.environ.get("DRILL_BUSY_PROCESSES", "2"))


@pytest.fixture(autouse=True)
def loaded_machine():
    """Part of every drill: the machine's cores kept busy while it runs."""
    with busy_processes(BUSY_PROCESSES) as burners:
        yield burners


@pytest.fixture(autouse=True)
def clean_broker(loaded_machine):
    """No message of an earlier test for the drill's workers (job ids are reused)."""
    purge_broker()


@pytest.fixture
def processes(tmp_path):
    started = Processes(tmp_path)
    yield started
    started.stop_all()


@pytest.fixture
def api_for(processes):
    """A client for ``user`` against a fresh gunicorn (2 workers)."""
    web = None

    def make(user) -> Api:
        nonlocal web
        web = web or processes.web()
        return Api(web.extra["url"], issue_token(user=user))

    return make


def _job(job_id: int) -> Job:
    return Job.objects.get(pk=job_id)


def _finished(job_id: int, timeout: float, failure: str) -> Job:
    """The job once it is done or failed (fails the drill when it takes longer)."""

    def finished() -> Job | None:
        job = _job(job_id)
        return job if job.finished else None

    return wait_for(finished, timeout=timeout, failure=failure)


def _running_early(job_id: int) -> Job:
    """The job once a worker runs it and has stored some but under half of its tags: a stop
    near the end could come after the last chunk was stored."""
    return wait_for(
        lambda: (j := _job(job_id)).state == "running" and 0 < j.progress < 0.5 and j,
        timeout=180,
        failure="the pre-tag job never showed progress",
        interval=0.05,
    )


def _attempts_that_returned(outcome: str, *workers: Process) -> int:
    """How many run_job tasks ended with ``outcome`` in these workers' logs."""
    line = re.compile(rf"annotations\.tasks\.run_\w*job\[[^]]+\] succeeded in [^:]+: '{outcome}'")
    return sum(len(line.findall(worker.log())) for worker in workers)


def _assert_tagged_once(article: Article) -> None:
    """One tag row per sentence, and every sentence points at its tags."""
    tags = SentenceTag.objects.filter(sentence__article=article)
    assert tags.count() == article.sentences.count()
    per_sentence = tags.values("sentence").annotate(n=Count("id")).values_list("n", flat=True)
    assert set(per_sentence) == {1}
    assert not Sentence.objects.filter(article=article, pretag__isnull=True).exists()


def _assert_degraded(api: Api, check: str) -> None:
    """/healthz answers 503 degraded, naming ``check`` as down."""
    response = api.get("/healthz")
    assert response.status_code == 503, response.text
    body = response.json()
    assert body["status"] == "degraded" and body["checks"][check] == "down"
    assert any(reason.startswith(f"{check}: ") for reason in body["reasons"]), body


def _row_versions(article: Article, job: Job) -> dict[str, list[tuple[int, str]]]:
    """PostgreSQL's row version (xmin) of the job, the article's sentences and their tags: any
    write to one of these rows, even of the same values, changes it."""
    queries = {
        "job": ("SELECT id, xmin::text FROM annotations_job WHERE id = %s", job.pk),
        "sentences": (
            "SELECT id, xmin::text FROM annotations_sentence WHERE article_id = %s ORDER BY id",
            article.pk,
        ),
        "tags": (
            "SELECT t.id, t.xmin::text FROM annotations_sentencetag t JOIN annotations_sentence s"
            " ON s.id = t.sentence_id WHERE s.article_id = %s ORDER BY t.id",
            article.pk,
        ),
    }
    versions = {}
    with connection.cursor() as cursor:
        for name, (sql, param) in queries.items():
            cursor.execute(sql, [param])
            versions[name] = cursor.fetchall()
    return versions


def test_with_redis_down_saves_work_imports_wait_queued_and_run_once_redis_is_back(
    processes, api_for, editor, article
):
    api = api_for(editor)
    worker = processes.worker("drill-a")
    sentences = list(article.sentences.order_by("ordinal").values_list("pk", flat=True)[:3])
    # An idle worker rides out the outage; one holding an unacknowledged task at that moment
    # exits (kombu's Redis transport fails to restore it), which a process supervisor restarts.
    _finished(article.jobs.get().pk, 180, "the seed article was not pre-tagged")

    with redis_stopped():
        for sentence_id in sentences:
            response = api.save_verdict(sentence_id, 0, "disputed", "Redis is down.")
            assert response.status_code == 200, response.text
            assert response.json()["version"] == 1
        imported = api.request(
            "POST",
            "/api/articles/",
            json={
                "newsroom": article.newsroom_id,
                "title": "Imported while Redis is down",
                "language": "de",
                "text": long_article_text(40),
            },
        )
        assert imported.status_code == 201, imported.text
        job = Job.objects.get(article_id=imported.json()["id"])
        assert job.state == "queued" and job.dispatched_at is None
        assert api.get(f"/api/jobs/{job.pk}/").json()["state"] == "queued"
        _assert_degraded(api, "broker")

    time.sleep(2.1)  # the sweeper leaves jobs younger than 2 s to their own dispatch
    swept = _manage("sweep_jobs")
    assert "dispatched: 0" not in swept, swept
    finished = _finished(job.pk, 180, "the queued import was not pre-tagged")
    assert finished.state == "done" and finished.attempts >= 1, finished.error
    assert worker.alive(), "the idle worker did not survive the outage"
    assert Annotation.objects.filter(sentence_id__in=sentences, version=1).count() == 3
    assert api.slowest < REQUEST_BOUND


def test_worker_killed_mid_job_another_worker_finishes_it_once(processes, newsroom, editor):
    first, second = processes.worker("drill-a"), processes.worker("drill-b")
    processes.beat()
    article, job = import_article(
        newsroom=newsroom, title="Long", text=long_article_text(3000), language="de"
    )
    assert article.sentences.count() >= 3000

    running = _running_early(job.pk)
    victim, survivor = (first, second) if "drill-a@" in running.worker else (second, first)
    victim.kill()

    finished = _finished(job.pk, 240, "no other worker finished the job")
    assert finished.state == "done" and finished.attempts >= 2, finished.error
    assert f"{survivor.name}@" in finished.worker
    assert _attempts_that_returned("done", first, second) == 1
    _assert_tagged_once(article)


def test_worker_paused_past_the_stale_window_writes_nothing_once_it_resumes(processes, newsroom):
    first, second = processes.worker("drill-a"), processes.worker("drill-b")
    processes.beat()
    article, job = import_article(
        newsroom=newsroom, title="Long", text=long_article_text(3000), language="de"
    )
    running = _running_early(job.pk)
    paused, other = (first, second) if "drill-a@" in running.worker else (second, first)

    pause_outside_a_transaction(paused)
    try:
        wait_for(
            lambda: (j := _job(job.pk)).attempts >= 2 and f"{other.name}@" in j.worker,
            timeout=120,
            failure="the sweeper did not hand the paused worker's job to the other worker",
        )
        finished = _finished(job.pk, 240, "the other worker did not finish the job")
        assert finished.state == "done", finished.error
        before = _row_versions(article, finished)
    finally:
        paused.resume()

    wait_for(
        lambda: _attempts_that_returned("superseded", paused) == 1,
        timeout=120,
        failure=lambda: f"the resumed attempt did not stop as superseded:\n{paused.log()}",
    )
    assert _row_versions(article, finished) == before, "the superseded attempt wrote"
    final = _job(job.pk)
    assert (final.state, final.worker, final.finished_at) == (
        "done",
        finished.worker,
        finished.finished_at,
    )
    assert final.attempts >= 2 and f"{other.name}@" in final.worker
    assert _attempts_that_returned("done", first, second) == 1
    _assert_tagged_once(article)


def test_during_a_postgres_restart_requests_get_503_json_and_then_recover(api_for, editor, article):
    api = api_for(editor)
    sentence_id = article.sentences.order_by("ordinal").values_list("pk", flat=True)[0]
    assert api.get("/api/articles/").status_code == 200

    with postgres_stopped():
        for method, path, kwargs in [
            ("GET", "/api/articles/", {}),
            ("GET", f"/api/sentences/{sentence_id}/annotation/", {}),
            (
                "PUT",
                f"/api/sentences/{sentence_id}/annotation/",
                {"json": {"verdict": "verified", "evidence": []}, "headers": {"If-Match": "*"}},
            ),
        ]:
            response = api.request(method, path, **kwargs)
            assert response.status_code == 503, response.text
            body = response.json()
            assert body["code"] == "unavailable" and body["message"]
        _assert_degraded(api, "database")

    assert postgres_ready()
    statuses = [api.get("/api/articles/").status_code for _ in range(8)]
    assert statuses == [200] * 8
    saved = api.save_verdict(sentence_id, 0, "verified", "After the restart.")
    assert saved.status_code == 200, saved.text
    assert Annotation.objects.get(sentence_id=sentence_id).version == 1


def test_fifty_clients_on_twenty_sentences_lose_no_write(api_for, editor, second_editor, article):
    clients = [api_for(editor if n % 2 else second_editor) for n in range(50)]
    sentences = list(article.sentences.order_by("ordinal").values_list("pk", flat=True)[:20])
    assert len(sentences) == 20
    wins: dict[int, list[tuple[int, str]]] = defaultdict(list)
    refused: list[int] = []
    lock = threading.Lock()

    def client(number: int) -> None:
        api, rnd = clients[number], random.Random(number)
        for attempt in range(6):
            sentence_id = rnd.choice(sentences)
            current = api.get(f"/api/sentences/{sentence_id}/annotation/")
            assert current.status_code == 200, current.text
            version = current.json()["version"]
            rationale = f"client {number}, attempt {attempt}"
            response = api.save_verdict(sentence_id, version, rnd.choice(VERDICTS), rationale)
            assert response.status_code in (200, 412), response.text
            with lock:
                if response.status_code == 200:
                    wins[sentence_id].append((response.json()["version"], rationale))
                else:
                    assert response.json()["code"] == "stale_version"
                    refused.append(sentence_id)

    with ThreadPoolExecutor(max_workers=50) as pool:
        for future in [pool.submit(client, n) for n in range(50)]:
            future.result()

    assert sum(len(w) for w in wins.values()) + len(refused) == 300
    print(f"50 clients: {sum(len(w) for w in wins.values())} saves, {len(refused)} refused (412)")
    for sentence_id, writes in wins.items():
        versions = sorted(version for version, _ in writes)
        assert versions == list(range(1, len(writes) + 1)), "two writes shared a version"
        annotation = Annotation.objects.get(sentence_id=sentence_id)
        assert annotation.version == len(writes)
        assert annotation.rationale == max(writes)[1], "the final state is not the last write"
        assert Revision.objects.filter(sentence_id=sentence_id).count() == len(writes)
    untouched = set(sentences) - set(wins)
    assert not Annotation.objects.filter(sentence_id__in=untouched).exists()


def test_job_that_kills_its_worker_each_time_fails_after_max_attempts_and_blocks_nothing(
    processes, newsroom
):
    processes.worker(
        "drill-crash", app="tests.integration.drills_crash_app", pool="prefork", concurrency=1
    )
    processes.beat()
    crashing = create_job(newsroom=newsroom, kind="export")
    _article, pretag = import_article(
        newsroom=newsroom, title="After the crash", text=long_article_text(30), language="de"
    )
    _article, later = import_article(
        newsroom=newsroom, title="Later still", text=long_article_text(30), language="de"
    )

    failed = _finished(crashing.pk, 240, "the crashing job never finished")
    assert failed.state == "failed" and failed.attempts >= 3
    assert "Gave up after 3 attempts" in failed.error
    for job in (pretag, later):
        finished = _finished(job.pk, 180, "the queue is blocked")
        assert finished.state == "done" and finished.attempts >= 1, finished.error


def _manage(*args: str) -> str:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=subprocess_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout
