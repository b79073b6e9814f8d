"""Durable background jobs: the row is the truth, the broker only carries its id.

A job is created in the caller's transaction and sent after commit. A worker claims it with a
conditional UPDATE, so two deliveries of one message never run it twice at once. The sweeper sends
again what was never picked up and takes back what a dead worker held.
"""

import logging
import socket
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import DatabaseError, InterfaceError, OperationalError, transaction
from django.db.models import F, Q
from django.utils import timezone

from annotations.models import Article, Job, JobKind, JobState, Newsroom

logger = logging.getLogger(__name__)

RUN_JOB_TASK = "annotations.tasks.run_job"
# Errors that can clear by themselves (a dropped connection); the task retries these.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (OperationalError, InterfaceError)

JobHandler = Callable[[Job], dict[str, Any] | None]
_handlers: dict[str, JobHandler] = {}


def job_handler(kind: str) -> Callable[[JobHandler], JobHandler]:
    """Register the service that carries out jobs of one kind."""

    def register(func: JobHandler) -> JobHandler:
        _handlers[kind] = func
        return func

    return register


def create_job(
    *,
    newsroom: Newsroom,
    kind: JobKind,
    article: Article | None = None,
    created_by: AbstractBaseUser | None = None,
    params: dict[str, Any] | None = None,
) -> Job:
    """Write a queued job and send it once the surrounding transaction commits."""
    job = Job.objects.create(
        newsroom=newsroom,
        article=article,
        kind=kind,
        created_by=created_by if created_by and created_by.is_authenticated else None,
        params=params or {},
    )
    transaction.on_commit(lambda: dispatch_job(job.pk))
    return job


def dispatch_job(job_id: int) -> bool:
    """Send a job's id to the broker; on failure the job stays queued for the sweeper."""
    from factcheck.celery import app

    try:
        app.send_task(RUN_JOB_TASK, args=[job_id], retry=False)
    except Exception as exc:
        logger.warning("job %s not sent, the sweeper will retry: %s", job_id, exc)
        return False
    try:
        Job.objects.filter(pk=job_id, state=JobState.QUEUED).update(dispatched_at=timezone.now())
    except DatabaseError as exc:
        logger.warning("job %s sent but its dispatch time was not saved: %s", job_id, exc)
    return True


def claim_job(job_id: int, *, worker: str = "") -> Job | None:
    """Take a queued job for this worker; None when it is gone, taken, finished or used up."""
    now = timezone.now()
    claimed = Job.objects.filter(pk=job_id, state=JobState.QUEUED).update(
        state=JobState.RUNNING,
        attempts=F("attempts") + 1,
        started_at=now,
        heartbeat_at=now,
        worker=worker or socket.gethostname(),
    )
    if not claimed:
        return None
    job = Job.objects.select_related("article", "newsroom").get(pk=job_id)
    if job.attempts > settings.FACTCHECK_JOB_MAX_ATTEMPTS:
        fail_job(job, error=_gave_up_message(job.attempts - 1))
        return None
    return job


def report_progress(job: Job, progress: float) -> None:
    """Record progress (0-1); doubles as the heartbeat that tells the sweeper we are alive."""
    job.progress = max(0.0, min(1.0, progress))
    Job.objects.filter(pk=job.pk, state=JobState.RUNNING).update(
        progress=job.progress, heartbeat_at=timezone.now()
    )


def finish_job(job: Job, *, result: dict[str, Any] | None = None) -> None:
    job.state, job.progress, job.result = JobState.DONE, 1.0, result or {}
    Job.objects.filter(pk=job.pk, state=JobState.RUNNING).update(
        state=JobState.DONE, progress=1.0, result=job.result, finished_at=timezone.now(), error=""
    )


def fail_job(job: Job, *, error: str) -> None:
    job.state, job.error = JobState.FAILED, error
    Job.objects.filter(pk=job.pk).exclude(state=JobState.DONE).update(
        state=JobState.FAILED, error=error[:2000], finished_at=timezone.now()
    )


def release_job(job: Job) -> None:
    """Hand a running job back to the queue after a transient failure."""
    Job.objects.filter(pk=job.pk, state=JobState.RUNNING).update(
        state=JobState.QUEUED, dispatched_at=None
    )


def run_job(job_id: int, *, worker: str = "") -> str:
    """Claim a job and run its handler. Idempotent: a second delivery finds nothing to do.

    Transient errors hand the job back and propagate (the task retries); any other error marks
    the job failed with a message, and is not retried.
    """
    job = claim_job(job_id, worker=worker)
    if job is None:
        return "skipped"
    handler = _handlers.get(job.kind)
    if handler is None:
        fail_job(job, error=f"No handler for jobs of kind {job.kind!r}.")
        return "failed"
    try:
        result = handler(job)
    except TRANSIENT_ERRORS:
        release_job(job)
        raise
    except Exception as exc:
        logger.exception("job %s failed", job.pk)
        fail_job(job, error=f"{type(exc).__name__}: {exc}")
        return "failed"
    finish_job(job, result=result)
    return "done"


def _gave_up_message(attempts: int) -> str:
    return (
        f"Gave up after {attempts} attempts: the worker stopped while running this job each time."
    )


def sweep_jobs(*, now: Any = None) -> dict[str, int]:
    """Send again what was never picked up; requeue or fail what a dead worker held."""
    now = now or timezone.now()
    stale_before = now - timedelta(seconds=settings.FACTCHECK_JOB_STALE_AFTER)
    redispatch_before = now - timedelta(seconds=settings.FACTCHECK_JOB_REDISPATCH_AFTER)
    max_attempts = settings.FACTCHECK_JOB_MAX_ATTEMPTS

    stale = Job.objects.filter(state=JobState.RUNNING, heartbeat_at__lt=stale_before)
    failed = 0
    for job in stale.filter(attempts__gte=max_attempts):
        fail_job(job, error=_gave_up_message(job.attempts))
        failed += 1
    requeued = stale.filter(attempts__lt=max_attempts).update(
        state=JobState.QUEUED, dispatched_at=None
    )
    lost = Job.objects.filter(state=JobState.QUEUED).filter(
        Q(dispatched_at__isnull=True, created_at__lt=now - timedelta(seconds=2))
        | Q(dispatched_at__lt=redispatch_before)
    )
    sent = sum(dispatch_job(job_id) for job_id in lost.values_list("pk", flat=True)[:500])
    return {"failed": failed, "requeued": requeued, "dispatched": sent}
