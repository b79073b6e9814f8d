"""The workers' heartbeat: a timestamp in the cache that every running worker refreshes.

``/healthz`` reads it to tell whether any worker is alive. The cache, not a table: nothing to
migrate or clean up, and every process of one deployment already shares it (Redis in production,
the var dir's file cache when embedded).
"""

import logging
import threading
import time
from typing import Any

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

KEY = "workbench:worker-heartbeat"


def beat_interval() -> float:
    """How often a worker beats: four times within the window that calls it down."""
    return max(0.5, settings.FACTCHECK_WORKER_STALE_AFTER / 4)


def record_worker_beat(*, worker: str) -> None:
    """Say that ``worker`` is alive now. Raises whatever the cache raises when it is down."""
    cache.set(
        KEY,
        {"at": time.time(), "worker": worker},
        timeout=settings.FACTCHECK_WORKER_STALE_AFTER * 2,
    )


def last_worker_beat() -> dict[str, Any] | None:
    """The latest beat of any worker (``at``: seconds since the epoch), None when there is none."""
    return cache.get(KEY)


def start_worker_heartbeat(*, worker: str) -> threading.Event:
    """Beat from a daemon thread until the returned event is set (at the worker's shutdown)."""
    stop = threading.Event()

    def beat() -> None:
        while True:
            try:
                record_worker_beat(worker=worker)
            except Exception as exc:  # the cache (Redis) is away: the next beat tries again
                logger.warning("worker heartbeat not saved: %s", exc)
            if stop.wait(beat_interval()):
                return

    threading.Thread(target=beat, name="worker-heartbeat", daemon=True).start()
    return stop
