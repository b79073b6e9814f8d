"""A Celery app for the drills only: the product's app, plus a handler for export jobs that kills
the worker process running it, the way a segfault or the kernel's OOM killer would.

Nothing in the product knows about it: the drill starts a worker with
``celery -A tests.integration.drills_crash_app worker --pool prefork``.
"""

import os

from celery.signals import worker_process_init

from factcheck.celery import app

__all__ = ["app"]


def _die(job) -> None:
    os._exit(1)


@worker_process_init.connect
def _register_crashing_export_handler(**kwargs) -> None:
    # Registered in each pool process after Django set itself up, so it replaces any export
    # handler the product registered.
    from annotations.models import JobKind
    from annotations.services.jobs import job_handler

    job_handler(JobKind.EXPORT)(_die)
