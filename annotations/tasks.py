"""Celery's way in. Each task takes ids, calls one service, and is safe to run twice.

One task per job kind, all on one durable-job base (``DurableJobTask``): the job row, its claim,
heartbeat and fencing stay in ``services.jobs``; a task only names its kind, and its queue comes
from ``jobs.TASKS`` (link checks on their own).
"""

import socket

from celery import Task, shared_task

from annotations.models import JobKind
from annotations.services import jobs, link_checks, webhook_delivery


class DurableJobTask(Task):
    """Runs the durable job whose id it was sent, if it is of the task's kind. Retries only the
    errors that can clear by themselves; returns quietly when the job is gone, taken or
    finished, and "superseded" when the sweeper handed it to another worker meanwhile."""

    autoretry_for = jobs.TRANSIENT_ERRORS
    retry_backoff = 2
    retry_backoff_max = 60
    max_retries = 5

    def run_kind(self, job_id: int, kind: str | None) -> str:
        worker = f"{socket.gethostname()}:{self.request.hostname}"
        return jobs.run_job(job_id, worker=worker, kind=kind)


def _durable(kind: JobKind):  # type: ignore[no-untyped-def]  # celery ships no types
    name, queue = jobs.TASKS[kind]
    return shared_task(base=DurableJobTask, bind=True, name=name, queue=queue)


@_durable(JobKind.PRETAG)
def run_pretag_job(self: DurableJobTask, job_id: int) -> str:
    return self.run_kind(job_id, JobKind.PRETAG)


@_durable(JobKind.RETAG)
def run_retag_job(self: DurableJobTask, job_id: int) -> str:
    return self.run_kind(job_id, JobKind.RETAG)


@_durable(JobKind.LINK_CHECK)
def run_link_check_job(self: DurableJobTask, job_id: int) -> str:
    return self.run_kind(job_id, JobKind.LINK_CHECK)


@_durable(JobKind.EXPORT)
def run_export_job(self: DurableJobTask, job_id: int) -> str:
    return self.run_kind(job_id, JobKind.EXPORT)


@_durable(JobKind.WEBHOOK)
def run_webhook_job(self: DurableJobTask, job_id: int) -> str:
    return self.run_kind(job_id, JobKind.WEBHOOK)


@_durable(JobKind.MATCH)
def run_match_job(self: DurableJobTask, job_id: int) -> str:
    return self.run_kind(job_id, JobKind.MATCH)


@shared_task(base=DurableJobTask, bind=True, name="annotations.tasks.run_job")
def run_job(self: DurableJobTask, job_id: int) -> str:
    """Messages sent before jobs had a task per kind: any kind, on the default queue."""
    return self.run_kind(job_id, None)


@shared_task(name="annotations.tasks.sweep_jobs", ignore_result=True)
def sweep_jobs() -> dict[str, int]:
    """Periodic: send again jobs never picked up, take back jobs of dead workers, and (every
    FACTCHECK_LINKCHECK_SWEEP_EVERY seconds) queue checks of links gone stale, and send again
    webhook deliveries whose message was lost."""
    counts = jobs.sweep_jobs()
    counts["links_queued"] = link_checks.sweep_links()
    counts["webhooks_queued"] = webhook_delivery.sweep_deliveries()
    return counts
