"""Job claiming, fencing and the sweeper, without a worker: the rules that keep jobs from being
lost, and keep an attempt that was taken over from writing."""

import time
from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from annotations.models import Job, JobKind, JobState
from annotations.services import jobs
from annotations.services.jobs import (
    JobSuperseded,
    claim_job,
    create_job,
    fail_job,
    fenced_write,
    finish_job,
    release_job,
    report_progress,
    run_job,
    sweep_jobs,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def job(article):
    return article.jobs.get()


def _take_over(job_id: int, worker: str = "b") -> Job:
    """What the sweeper and a second worker do to a job whose worker stopped beating."""
    Job.objects.filter(pk=job_id).update(heartbeat_at=timezone.now() - timedelta(hours=1))
    assert sweep_jobs()["requeued"] == 1
    second = claim_job(job_id, worker=worker)
    assert second is not None
    return second


def _row(job_id: int) -> dict:
    return Job.objects.values().get(pk=job_id)


def test_a_job_is_claimed_once(job):
    assert claim_job(job.pk, worker="a") is not None
    assert claim_job(job.pk, worker="b") is None
    job.refresh_from_db()
    assert (job.state, job.attempts, job.worker) == ("running", 1, "a")


def test_each_claim_gets_the_next_fencing_token(job):
    first = claim_job(job.pk, worker="a")
    second = _take_over(job.pk)
    assert (first.attempts, second.attempts) == (1, 2)


def test_the_attempt_that_holds_the_job_writes_progress_and_done(job):
    mine = claim_job(job.pk, worker="a")
    report_progress(mine, 0.5)
    assert _row(job.pk)["progress"] == 0.5
    finish_job(mine, result={"n": 1})
    row = _row(job.pk)
    assert (row["state"], row["progress"], row["result"]) == ("done", 1.0, {"n": 1})


@pytest.mark.parametrize(
    "write",
    [
        lambda job: report_progress(job, 0.9),
        lambda job: finish_job(job, result={"from": "the first attempt"}),
        lambda job: fail_job(job, error="from the first attempt"),
        release_job,
    ],
    ids=["progress", "finish", "fail", "release"],
)
def test_a_superseded_attempt_writes_nothing(job, write):
    first = claim_job(job.pk, worker="a")
    second = _take_over(job.pk)
    report_progress(second, 0.25)
    before = _row(job.pk)
    with pytest.raises(JobSuperseded):
        write(first)
    assert _row(job.pk) == before
    assert (before["state"], before["attempts"], before["worker"]) == ("running", 2, "b")


def test_a_superseded_attempt_writes_nothing_while_the_job_waits_requeued(job):
    first = claim_job(job.pk, worker="a")
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(hours=1))
    sweep_jobs()
    with pytest.raises(JobSuperseded):
        report_progress(first, 0.9)
    assert _row(job.pk)["state"] == JobState.QUEUED


def test_a_fenced_write_of_a_superseded_attempt_never_runs_its_block(job):
    first = claim_job(job.pk, worker="a")
    _take_over(job.pk)
    ran = []
    with pytest.raises(JobSuperseded), fenced_write(first):
        ran.append(True)
    assert ran == []


def test_run_job_returns_superseded_and_leaves_the_row_to_the_new_attempt(
    job, newsroom, monkeypatch
):
    other = create_job(newsroom=newsroom, kind=JobKind.LINK_CHECK)

    def taken_over_midway(mine: Job) -> dict:
        report_progress(mine, 0.5)
        _take_over(mine.pk, worker="b")
        report_progress(mine, 0.75)  # raises: the first attempt stops here
        raise AssertionError("a superseded attempt went on")

    monkeypatch.setitem(jobs._handlers, JobKind.LINK_CHECK, taken_over_midway)
    assert run_job(other.pk, worker="a") == "superseded"
    row = _row(other.pk)
    assert (row["state"], row["attempts"], row["worker"], row["error"]) == ("running", 2, "b", "")


def test_a_handler_error_fails_the_job_of_its_own_attempt(newsroom, monkeypatch):
    other = create_job(newsroom=newsroom, kind=JobKind.LINK_CHECK)

    def broken(mine: Job) -> dict:
        raise ValueError("no such link")

    monkeypatch.setitem(jobs._handlers, JobKind.LINK_CHECK, broken)
    assert run_job(other.pk) == "failed"
    row = _row(other.pk)
    assert row["state"] == "failed" and row["error"] == "ValueError: no such link"


@pytest.mark.django_db(transaction=True)
@override_settings(FACTCHECK_JOB_STALE_AFTER=2)
def test_a_long_step_keeps_beating_so_it_is_not_taken_for_dead(newsroom, monkeypatch):
    other = create_job(newsroom=newsroom, kind=JobKind.LINK_CHECK)
    beats = []

    def slow(mine: Job) -> dict:
        started = _row(mine.pk)["heartbeat_at"]
        time.sleep(1.5)  # three beats' worth (every 0.5 s), no progress reported
        beats.append(_row(mine.pk)["heartbeat_at"] > started)
        return {}

    monkeypatch.setitem(jobs._handlers, JobKind.LINK_CHECK, slow)
    assert run_job(other.pk) == "done"
    assert beats == [True]


def test_a_job_of_a_dead_worker_is_queued_again(job):
    claim_job(job.pk)
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(hours=1))
    counts = sweep_jobs()
    job.refresh_from_db()
    assert counts["requeued"] == 1 and job.state == JobState.QUEUED


def test_a_job_that_beats_is_left_to_its_worker(job):
    claim_job(job.pk)
    assert sweep_jobs()["requeued"] == 0
    job.refresh_from_db()
    assert job.state == JobState.RUNNING


@override_settings(FACTCHECK_JOB_MAX_ATTEMPTS=2)
def test_a_job_that_keeps_killing_its_worker_ends_failed(job):
    for _ in range(2):
        claim_job(job.pk)
        Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(hours=1))
        sweep_jobs()
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert "Gave up after 2 attempts" in job.error
