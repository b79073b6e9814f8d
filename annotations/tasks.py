"""Celery's way in. Each task takes ids, calls one service, and is safe to run twice."""

import socket

from celery import shared_task

from annotations.services import jobs


@shared_task(
    name="annotations.tasks.run_job",
    autoretry_for=jobs.TRANSIENT_ERRORS,
    retry_backoff=2,
    retry_backoff_max=60,
    max_retries=5,
)
def run_job(job_id: int) -> str:
    """Run a durable job by id; returns quietly when it is gone, taken or finished, and stops
    without writing ("superseded") when the sweeper handed it to another worker meanwhile."""
    return jobs.run_job(job_id, worker=f"{socket.gethostname()}:{run_job.request.hostname}")


@shared_task(name="annotations.tasks.sweep_jobs", ignore_result=True)
def sweep_jobs() -> dict[str, int]:
    """Periodic: send again jobs never picked up, take back jobs of dead workers."""
    return jobs.sweep_jobs()
