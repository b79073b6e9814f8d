"""Job claiming and the sweeper, without a worker: the rules that keep jobs from being lost."""

from datetime import timedelta

import pytest
from django.test import override_settings
from django.utils import timezone

from annotations.models import Job, JobState
from annotations.services.jobs import claim_job, sweep_jobs

pytestmark = pytest.mark.django_db


@pytest.fixture
def job(article):
    return article.jobs.get()


def test_a_job_is_claimed_once(job):
    assert claim_job(job.pk, worker="a") is not None
    assert claim_job(job.pk, worker="b") is None
    job.refresh_from_db()
    assert (job.state, job.attempts, job.worker) == ("running", 1, "a")


def test_a_job_of_a_dead_worker_is_queued_again(job):
    claim_job(job.pk)
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(hours=1))
    counts = sweep_jobs()
    job.refresh_from_db()
    assert counts["requeued"] == 1 and job.state == JobState.QUEUED


@override_settings(FACTCHECK_JOB_MAX_ATTEMPTS=2)
def test_a_job_that_keeps_killing_its_worker_ends_failed(job):
    for _ in range(2):
        claim_job(job.pk)
        Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(hours=1))
        sweep_jobs()
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert "Gave up after 2 attempts" in job.error
