"""Durable background jobs: the row is the truth, the broker only carries its id.

A job is created in the caller's transaction and sent after commit. A worker claims it with a
conditional UPDATE, so two deliveries of one message never run it twice at once. The sweeper sends
again what was never picked up and takes back what a dead worker held.

Each claim is an attempt, and ``Job.attempts`` after the claim is that attempt's fencing token.
Every write an attempt makes (progress, heartbeat, its output, done, failed, released) is
conditional on the row still being running under that token. A worker that was paused or cut off
long enough for the sweeper to hand its job to another one therefore writes nothing once it wakes
up: its next write raises ``JobSuperseded`` and the attempt stops.

Each kind has its own Celery task (named in TASKS, defined in ``annotations.tasks`` on one
durable-job base) and queue: link checks wait for slow hosts and for their host's fetch slot,
so they run on the "links" queue and never hold up pre-tagging on the default one. Which
service carries out a kind is written out in HANDLERS, not collected by importing modules.
"""

import logging
import queue
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction
from django.db.models import F, Q, QuerySet
from django.utils import timezone
from django.utils.module_loading import import_string

from annotations.models import Article, Job, JobKind, JobState, Newsroom

from .priority import give_way

logger = logging.getLogger(__name__)

DEFAULT_QUEUE = "celery"
LINK_QUEUE = "links"
# kind -> (its Celery task, its queue). Workers consume both queues (see ``manage.py serve``
# and scripts/production.py).
TASKS: dict[str, tuple[str, str]] = {
    JobKind.PRETAG: ("annotations.tasks.run_pretag_job", DEFAULT_QUEUE),
    JobKind.RETAG: ("annotations.tasks.run_retag_job", DEFAULT_QUEUE),
    JobKind.LINK_CHECK: ("annotations.tasks.run_link_check_job", LINK_QUEUE),
    JobKind.EXPORT: ("annotations.tasks.run_export_job", DEFAULT_QUEUE),
    # Webhook deliveries wait for slow receivers, as link checks wait for slow hosts.
    JobKind.WEBHOOK: ("annotations.tasks.run_webhook_job", LINK_QUEUE),
    JobKind.MATCH: ("annotations.tasks.run_match_job", DEFAULT_QUEUE),
}
# kind -> the service that carries it out. Dotted paths, imported on first use: those services
# import this module for its fencing, so it cannot import them while it loads.
HANDLERS: dict[str, str] = {
    JobKind.PRETAG: "annotations.services.pretagging.pretag_article",
    JobKind.RETAG: "annotations.services.pretagging.pretag_article",
    JobKind.LINK_CHECK: "annotations.services.link_checks.check_links",
    JobKind.WEBHOOK: "annotations.services.webhook_delivery.deliver_webhooks",
    JobKind.MATCH: "annotations.services.rematch.rematch_newsroom",
}
# Errors that can clear by themselves (a dropped connection); the task retries these.
TRANSIENT_ERRORS: tuple[type[BaseException], ...] = (OperationalError, InterfaceError)

JobHandler = Callable[[Job], dict[str, Any] | None]
# HANDLERS as functions, filled on first use; a test or drill may put its own in (job_handler).
_handlers: dict[str, JobHandler] = {}


class JobSuperseded(Exception):
    """This attempt no longer owns its job (the sweeper took it back, another attempt holds it)."""

    def __init__(self, job: Job) -> None:
        super().__init__(f"job {job.pk}: attempt {job.attempts} was superseded")
        self.job = job


def job_handler(kind: str) -> Callable[[JobHandler], JobHandler]:
    """Replace the service that carries out one kind (the crash drills' dying handler)."""

    def register(func: JobHandler) -> JobHandler:
        _handlers[kind] = func
        return func

    return register


def handler_for(kind: str) -> JobHandler | None:
    """The service that carries out jobs of this kind; None for a kind without one."""
    if kind not in _handlers and kind in HANDLERS:
        _handlers[kind] = import_string(HANDLERS[kind])
    return _handlers.get(kind)


def create_job(
    *,
    newsroom: Newsroom | int,
    kind: JobKind,
    article: Article | int | None = None,
    created_by: User | None = None,
    params: dict[str, Any] | None = None,
    in_background: bool = False,
    countdown: float | None = None,
) -> Job:
    """Write a queued job and send it once the surrounding transaction commits.

    ``newsroom`` and ``article`` may be given as ids (a caller that has only those saves a read).
    ``in_background`` sends it from this process's dispatcher thread instead of the caller's:
    for work the request does not wait for (link checks after a verdict save), so the request
    does not wait for the broker either. ``countdown`` asks the broker to hold the message
    that many seconds (a retry after a backoff, a match job gathering a burst of saves), from
    either thread; the sweeper counts its wait from then.
    """
    job = Job.objects.create(
        newsroom_id=newsroom if isinstance(newsroom, int) else newsroom.pk,
        article_id=article if article is None or isinstance(article, int) else article.pk,
        kind=kind,
        created_by=created_by if created_by and created_by.is_authenticated else None,
        params=params or {},
    )
    if in_background:
        transaction.on_commit(lambda: _dispatcher.send(job.pk, kind, countdown))
    elif countdown:
        transaction.on_commit(lambda: dispatch_job(job.pk, kind, countdown=countdown))
    else:
        transaction.on_commit(lambda: dispatch_job(job.pk, kind))
    return job


def join_waiting_job(waiting: QuerySet[Job]) -> bool:
    """Let a change ride on a job of the same work that is still queued, instead of queuing
    another; False when none waits (the caller queues one). Call it in the change's transaction.

    The waiting job's row is written (a no-op update), which holds it until the change commits:
    a worker's claim waits for the commit, so the job, which reads its input after its claim,
    sees the change. A job claimed a moment earlier is no longer queued, and the caller queues a
    new one. (Only looking whether one waits would lose a change whose job was claimed and read
    its input between the look and the commit.)
    """
    return bool(waiting.filter(state=JobState.QUEUED).update(params=F("params")))


class _Dispatcher:
    """Sends job ids to the broker from a thread of its own, one process-wide.

    Nothing is lost when the process ends with ids still waiting: those jobs stay queued with no
    dispatch time, and the sweeper sends them (after 2 s, as any job whose dispatch failed).
    """

    IDLE = 2.0  # seconds without work after which the thread gives its connection back

    def __init__(self) -> None:
        self._waiting: queue.SimpleQueue[tuple[int, str, float | None]] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def send(self, job_id: int, kind: str, countdown: float | None = None) -> None:
        self._waiting.put((job_id, kind, countdown))
        with self._lock:  # after a fork the parent's thread is gone: start one of our own
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._run, name="job-dispatcher", daemon=True
                )
                self._thread.start()

    def _run(self) -> None:
        while True:
            try:
                batch = [self._waiting.get(timeout=self.IDLE)]
            except queue.Empty:
                connection.close()
                continue
            with suppress(queue.Empty):  # what came meanwhile is marked in the same write
                while len(batch) < 100:
                    batch.append(self._waiting.get_nowait())
            try:
                sent: dict[float, list[int]] = {}
                for job_id, kind, countdown in batch:
                    if _send(job_id, kind, countdown=countdown):
                        sent.setdefault(countdown or 0.0, []).append(job_id)
                for delay, job_ids in sent.items():
                    _mark_dispatched(job_ids, delay=delay)
            except Exception:  # the sweeper sends them; this thread must not die
                logger.exception("jobs %s: background dispatch failed", batch)


_dispatcher = _Dispatcher()


def dispatch_job(job_id: int, kind: str, *, countdown: float | None = None) -> bool:
    """Send a job's id to its kind's task and queue; on failure the job stays queued for the
    sweeper."""
    if not _send(job_id, kind, countdown=countdown):
        return False
    _mark_dispatched([job_id], delay=countdown or 0.0)
    return True


def _send(job_id: int, kind: str, *, countdown: float | None = None) -> bool:
    from factcheck.celery import app

    task, task_queue = TASKS[kind]
    try:
        app.send_task(task, args=[job_id], queue=task_queue, retry=False, countdown=countdown)
    except Exception as exc:
        logger.warning("job %s not sent, the sweeper will retry: %s", job_id, exc)
        return False
    return True


def _mark_dispatched(job_ids: list[int], *, delay: float = 0.0) -> None:
    # A held message counts as sent when the broker lets it go, so the sweeper waits for that.
    try:
        Job.objects.filter(pk__in=job_ids, state=JobState.QUEUED).update(
            dispatched_at=timezone.now() + timedelta(seconds=delay)
        )
    except DatabaseError as exc:
        logger.warning("jobs %s sent but their dispatch time was not saved: %s", job_ids, exc)


def claim_job(job_id: int, *, worker: str = "", kind: str | None = None) -> Job | None:
    """Take a queued job for this worker; None when it is gone, taken, finished or used up, or
    of another kind than ``kind`` (a message that reached the wrong task).

    The returned job's ``attempts`` is this attempt's fencing token.
    """
    now = timezone.now()
    queued = Job.objects.filter(pk=job_id, state=JobState.QUEUED)
    if kind is not None:
        queued = queued.filter(kind=kind)
    claimed = queued.update(
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
        with suppress(JobSuperseded):  # the sweeper or another claim already ended it
            fail_job(job, error=_gave_up_message(job.attempts - 1))
        return None
    return job


def _fence(job: Job) -> QuerySet[Job]:
    """The job's row, only while it is running under this attempt's token."""
    return Job.objects.filter(pk=job.pk, state=JobState.RUNNING, attempts=job.attempts)


def _fenced_update(job: Job, **fields: Any) -> None:
    if not _fence(job).update(**fields):
        raise JobSuperseded(job)


@contextmanager
def fenced_write(job: Job) -> Iterator[None]:
    """A transaction in which this attempt still owns its job, for writing the job's output.

    The job row is updated (its heartbeat) first, which takes its row lock: the sweeper cannot
    take the job back until the output is committed, and an attempt that was taken back raises
    ``JobSuperseded`` before it writes anything.
    """
    with transaction.atomic():
        _fenced_update(job, heartbeat_at=timezone.now())
        yield


def report_progress(job: Job, progress: float) -> None:
    """Record progress (0-1); doubles as the heartbeat. Raises JobSuperseded once taken over."""
    job.progress = max(0.0, min(1.0, progress))
    _fenced_update(job, progress=job.progress, heartbeat_at=timezone.now())
    give_way()  # progress is reported between chunks: a request waiting goes first


def finish_job(job: Job, *, result: dict[str, Any] | None = None) -> None:
    """Mark this attempt's job done; raises JobSuperseded (and writes nothing) once taken over."""
    result = result or {}
    _fenced_update(
        job, state=JobState.DONE, progress=1.0, result=result, finished_at=timezone.now(), error=""
    )
    job.state, job.progress, job.result = JobState.DONE, 1.0, result


def fail_job(job: Job, *, error: str) -> None:
    """Mark this attempt's job failed; raises JobSuperseded (and writes nothing) once taken over."""
    _fenced_update(job, state=JobState.FAILED, error=error[:2000], finished_at=timezone.now())
    job.state, job.error = JobState.FAILED, error


def release_job(job: Job) -> None:
    """Hand this attempt's job back to the queue after a transient failure."""
    _fenced_update(job, state=JobState.QUEUED, dispatched_at=None)


def run_job(job_id: int, *, worker: str = "", kind: str | None = None) -> str:
    """Claim a job (of ``kind``, when given) and run its handler. Idempotent: a second delivery
    finds nothing to do.

    Returns "done", "failed", "skipped" (nothing to claim) or "superseded" (the job was taken
    over while this attempt ran; it stopped at its next write and wrote nothing). Transient
    errors hand the job back and propagate (the task retries); any other error marks the job
    failed with a message, and is not retried.
    """
    job = claim_job(job_id, worker=worker, kind=kind)
    if job is None:
        return "skipped"
    try:
        return _attempt(job)
    except JobSuperseded:
        logger.warning(
            "job %s: attempt %s was taken over; it stopped without writing", job.pk, job.attempts
        )
        return "superseded"


def _attempt(job: Job) -> str:
    handler = handler_for(job.kind)
    if handler is None:
        fail_job(job, error=f"No handler for jobs of kind {job.kind!r}.")
        return "failed"
    try:
        with _heartbeat(job):
            result = handler(job)
    except JobSuperseded:
        raise
    except TRANSIENT_ERRORS:
        release_job(job)
        raise
    except Exception as exc:
        logger.exception("job %s failed", job.pk)
        fail_job(job, error=f"{type(exc).__name__}: {exc}")
        return "failed"
    finish_job(job, result=result)
    return "done"


@contextmanager
def _heartbeat(job: Job) -> Iterator[None]:
    """Beat for the job from a thread while its handler runs.

    The heartbeat does not wait for the handler's next progress report, so a slow step on a
    loaded machine is not taken for a dead worker; a worker that is really gone (killed, paused,
    cut off) stops beating with it. The beat is fenced like every other write: once the job was
    taken over, the thread stops, and the handler learns it at its own next write.
    """
    stop = threading.Event()
    every = max(0.5, settings.FACTCHECK_JOB_STALE_AFTER / 4)

    def beat() -> None:
        try:
            while not stop.wait(every):
                try:
                    if not _fence(job).update(heartbeat_at=timezone.now()):
                        return
                except DatabaseError as exc:  # the database is away: try again next beat
                    logger.warning("job %s: heartbeat not saved: %s", job.pk, exc)
        finally:
            connection.close()  # this thread's own connection

    thread = threading.Thread(target=beat, name=f"job-{job.pk}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(timeout=every + 30)


def _gave_up_message(attempts: int) -> str:
    return (
        f"Gave up after {attempts} attempts: the worker stopped while running this job each time."
    )


def sweep_jobs(*, now: Any = None) -> dict[str, int]:
    """Send again what was never picked up; requeue or fail what a dead worker held.

    A stale job is taken back with the token it was read with, so an attempt that beat or
    finished in the meantime keeps its job. Rows locked by an attempt that is writing its output
    at this moment are left for the next round rather than waited for.
    """
    now = now or timezone.now()
    stale_before = now - timedelta(seconds=settings.FACTCHECK_JOB_STALE_AFTER)
    redispatch_before = now - timedelta(seconds=settings.FACTCHECK_JOB_REDISPATCH_AFTER)
    max_attempts = settings.FACTCHECK_JOB_MAX_ATTEMPTS

    stale = Job.objects.filter(state=JobState.RUNNING, heartbeat_at__lt=stale_before)
    # Looked at first outside a transaction: on SQLite a transaction takes the write lock.
    failed, requeued = _take_back(stale, max_attempts, now) if stale.exists() else (0, 0)
    lost = Job.objects.filter(state=JobState.QUEUED).filter(
        Q(dispatched_at__isnull=True, created_at__lt=now - timedelta(seconds=2))
        | Q(dispatched_at__lt=redispatch_before)
    )
    sent = sum(dispatch_job(job_id, kind) for job_id, kind in lost.values_list("pk", "kind")[:500])
    return {"failed": failed, "requeued": requeued, "dispatched": sent}


@transaction.atomic
def _take_back(stale: QuerySet[Job], max_attempts: int, now: Any) -> tuple[int, int]:
    """Fail the stale jobs that used up their attempts, requeue the others: (failed, requeued)."""
    failed = requeued = 0
    for job_id, attempts in stale.select_for_update(skip_locked=True).values_list("pk", "attempts"):
        still_stale = stale.filter(pk=job_id, attempts=attempts)
        if attempts >= max_attempts:
            error = _gave_up_message(attempts)
            failed += still_stale.update(state=JobState.FAILED, error=error, finished_at=now)
        else:
            requeued += still_stale.update(state=JobState.QUEUED, dispatched_at=None)
    return failed, requeued
