"""Background work yields to people: a job's thread runs at a lower CPU priority than the web.

On Linux a niceness set with ``setpriority(PRIO_PROCESS, thread id)`` applies to that one thread,
so the job threads of ``manage.py serve`` (a Celery worker with a thread pool) give way to its
gunicorn child and to the database, while an idle worker costs nothing. The web server is a
process of its own and keeps its priority. A prefork worker's job runs in the child's main
thread, so the whole child is lowered, which is what a dedicated worker machine wants too.
Raising niceness needs no privilege; lowering it again would, so this only ever raises it.
Long jobs also give way between their chunks (``give_way``), so a request that waited for the
CPU or for the database's write lock gets it before the job's next chunk.
"""

import logging
import os
import threading
import time

from django.conf import settings

logger = logging.getLogger(__name__)

_thread = threading.local()


def lower_thread_priority(niceness: int | None = None) -> int | None:
    """Raise this thread's niceness to ``niceness`` (default ``FACTCHECK_JOB_NICENESS``) once.

    Returns the niceness the thread has afterwards, or None where the platform has no per-thread
    priority or the setting is 0.
    """
    wanted = settings.FACTCHECK_JOB_NICENESS if niceness is None else niceness
    if wanted <= 0 or not hasattr(os, "setpriority") or getattr(_thread, "lowered", False):
        return getattr(_thread, "niceness", None)
    thread_id = threading.get_native_id()
    try:
        current = os.getpriority(os.PRIO_PROCESS, thread_id)
        if current < wanted:
            os.setpriority(os.PRIO_PROCESS, thread_id, wanted)
        _thread.niceness = max(current, wanted)
    except OSError as exc:  # a sandbox without the call: run at normal priority
        logger.info("job thread priority left as it is: %s", exc)
        _thread.niceness = None
    _thread.lowered = True
    return _thread.niceness


def give_way() -> None:
    """Between two chunks of a job: let any thread that waits run first (the web server's, and
    a save waiting for the write lock the chunk just released). Costs a job a few microseconds
    a chunk when nothing waits. ``sched_yield`` releases the interpreter lock too."""
    if hasattr(os, "sched_yield"):
        os.sched_yield()
    else:
        time.sleep(0)
