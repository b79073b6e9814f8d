"""The Celery app. Broker and timeouts come from Django settings (``CELERY_*``).

Every worker started from it beats a heartbeat (see ``annotations.services.heartbeat``) from the
moment it is ready until it shuts down, so ``/healthz`` can say whether any worker runs. Every
task runs at a lower CPU priority than the web server (``annotations.services.priority``), and
the allocator is set to give large freed blocks back (``factcheck.malloc``) before the worker
starts its job threads or processes; once it is up, what it loaded is frozen out of the garbage
collector's full passes (``gc.freeze``).
"""

import gc
import os
import threading

from celery import Celery
from celery.signals import (
    task_prerun,
    worker_init,
    worker_process_init,
    worker_ready,
    worker_shutdown,
)

from . import malloc

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")

app = Celery("factcheck")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

_heartbeats: list[threading.Event] = []


@worker_init.connect
def _tune_allocator(**kwargs: object) -> None:
    malloc.tune()


@worker_ready.connect
@worker_process_init.connect
def _freeze_loaded_objects(**kwargs: object) -> None:
    """What the worker has loaded stays: keep full collections from walking it again."""
    gc.collect()
    gc.freeze()


@worker_ready.connect
def _start_heartbeat(sender: object = None, **kwargs: object) -> None:
    # Imported here: this module is imported before Django is set up.
    from annotations.services.heartbeat import start_worker_heartbeat

    _heartbeats.append(start_worker_heartbeat(worker=str(getattr(sender, "hostname", ""))))


@worker_shutdown.connect
def _stop_heartbeat(**kwargs: object) -> None:
    while _heartbeats:
        _heartbeats.pop().set()


@task_prerun.connect
def _yield_to_people(**kwargs: object) -> None:
    from annotations.services.priority import lower_thread_priority

    lower_thread_priority()
