"""Jobs through a real worker process on the configured broker (filesystem or Redis)."""

import os
import subprocess
import sys
import time

import pytest

from annotations.models import Job, SentenceTag
from annotations.pretag.pipeline import TAGGER_VERSION
from annotations.services.jobs import sweep_jobs
from tests.conftest import ROOT, SEED, subprocess_env, wait_for, worker_report

from .niceness import thread_niceness

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def _job_state(job_id: int) -> str:
    return Job.objects.get(pk=job_id).state


def test_pretag_job_reaches_done_through_a_real_worker(worker_process, article):
    job = article.jobs.get()
    wait_for(lambda: _job_state(job.pk) == "done", timeout=180, failure=worker_report)
    job.refresh_from_db()
    assert job.progress == 1.0 and job.attempts == 1
    sentences = article.sentences.count()
    assert SentenceTag.objects.filter(sentence__article=article).count() == sentences
    assert not article.sentences.filter(pretag__isnull=True).exists()
    assert job.result["tagger_version"] == TAGGER_VERSION


@pytest.mark.skipif(sys.platform != "linux", reason="per-thread niceness is Linux's")
def test_the_worker_runs_jobs_in_lowered_threads_and_the_rest_of_it_stays(worker_process, article):
    """The thread that ran the job keeps the niceness it was given (it is never raised back);
    the worker's main thread (the consumer, the heartbeat) keeps the niceness it started with."""
    job = article.jobs.get()
    wait_for(lambda: _job_state(job.pk) == "done", timeout=180)
    started_at = os.getpriority(os.PRIO_PROCESS, os.getpid())  # the worker inherits ours
    if started_at >= 10:
        pytest.skip("the tests already run at niceness 10 or more: nothing to lower")
    niceness = thread_niceness(worker_process.pid)
    assert niceness[worker_process.pid] == started_at
    lowered = [tid for tid, value in niceness.items() if value == max(started_at, 10)]
    assert lowered and worker_process.pid not in lowered


def test_running_a_finished_job_again_changes_nothing(worker_process, article):
    from annotations.services.jobs import run_job

    job = article.jobs.get()
    wait_for(lambda: _job_state(job.pk) == "done", timeout=180, failure=worker_report)
    assert run_job(job.pk) == "skipped"
    job.refresh_from_db()
    assert job.attempts == 1
    assert SentenceTag.objects.filter(sentence__article=article).count() == (
        article.sentences.count()
    )


def test_job_created_while_the_broker_is_down_runs_once_it_is_back(worker_process, newsroom):
    """Import from a process whose broker is unreachable; the sweeper sends the job later."""
    started = time.monotonic()
    result = subprocess.run(
        [
            sys.executable, "manage.py", "import_article", str(SEED),
            "--title", "Broker down", "--language", "de", "--newsroom", newsroom.name,
        ],
        cwd=ROOT,
        env=subprocess_env(CELERY_BROKER_URL="redis://127.0.0.1:1/0"),
        capture_output=True,
        text=True,
        timeout=60,
    )  # fmt: skip
    elapsed = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    assert elapsed < 45, "the import must not hang on a dead broker"
    job = Job.objects.get(article__title="Broker down")
    assert job.state == "queued" and job.dispatched_at is None

    time.sleep(2.1)  # the sweeper leaves jobs younger than 2 s to their own dispatch
    assert sweep_jobs()["dispatched"] >= 1
    wait_for(lambda: _job_state(job.pk) == "done", timeout=180, failure=worker_report)
