"""``/healthz``: can this deployment do its work? For load balancers, monitors and the run command.

Three checks: the database answers, the broker takes a connection, and a worker has beaten its
heartbeat recently. 200 ``{"status": "ok", "checks": {...}}`` when all hold; 503
``{"status": "degraded", "reasons": [...], "checks": {...}}`` naming what does not.

``?check=database`` (or any comma-separated subset) asks only those: a web server is ready to
serve once its database answers, before any worker has started, and that is what the run
command and the drills wait for.
"""

import os
import time
from collections.abc import Callable

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import HttpRequest, JsonResponse

from annotations.services.heartbeat import last_worker_beat


def _database() -> str | None:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return "The database is not reachable."
    return None


def _broker() -> str | None:
    from factcheck.celery import app

    if app.conf.broker_url.startswith("filesystem://"):
        folder = (app.conf.broker_transport_options or {}).get("data_folder_in", "")
        if not os.access(folder, os.W_OK):
            return "The broker's queue folder is missing or not writable."
        return None
    try:
        with app.connection_for_write() as broker:
            broker.ensure_connection(max_retries=0)  # one try, bounded by the connect timeout
    except Exception as exc:  # kombu raises the transport's own errors
        return f"The broker is not reachable ({type(exc).__name__})."
    return None


def _worker() -> str | None:
    try:
        beat = last_worker_beat()
    except Exception as exc:  # the cache holding the heartbeat is down (Redis)
        return f"The worker heartbeat cannot be read ({type(exc).__name__})."
    window = settings.FACTCHECK_WORKER_STALE_AFTER
    if not beat:
        return f"No worker has beaten its heartbeat in the last {window:.0f} s."
    age = time.time() - beat["at"]
    if age > window:
        return f"The last worker heartbeat is {age:.0f} s old (more than {window:.0f} s)."
    return None


CHECKS: dict[str, Callable[[], str | None]] = {
    "database": _database,
    "broker": _broker,
    "worker": _worker,
}


def healthz(request: HttpRequest) -> JsonResponse:
    asked = request.GET.get("check")
    names = [name.strip() for name in asked.split(",")] if asked else list(CHECKS)
    unknown = [name for name in names if name not in CHECKS]
    if unknown:
        return JsonResponse(
            {
                "code": "invalid",
                "message": f"Unknown check {unknown[0]!r}; known: {', '.join(CHECKS)}.",
            },
            status=400,
        )
    checks: dict[str, str] = {}
    reasons: list[str] = []
    for name in names:
        problem = CHECKS[name]()
        checks[name] = "down" if problem else "ok"
        if problem:
            reasons.append(f"{name}: {problem}")
    if reasons:
        return JsonResponse(
            {"status": "degraded", "reasons": reasons, "checks": checks}, status=503
        )
    return JsonResponse({"status": "ok", "checks": checks})
