"""Webhook figures: deliveries per second of one worker, and what registered endpoints cost a save.

1. Deliveries per second per worker: ``--deliveries`` test events are queued to one endpoint on a
   local receiver (127.0.0.1, answering 200 at once), then one Celery worker process (one thread,
   the "links" queue) is started on the bench's own database and filesystem broker. The rate is
   taken between the first and the last request the receiver got, so the worker's start-up is
   not in it. Each delivery is a webhook job: claim, signed POST through the guarded fetcher,
   outcome written.
2. Verdict-save latency with 0 and with 10 endpoints registered (every event type subscribed):
   p50 of ``--saves`` saves (``set_verdict``, each its own transaction) and of as many submits
   (each writes a ``verdict.submitted`` event with 10 deliveries when endpoints are there),
   ``--pause`` seconds apart, so one write's job dispatch (the dispatcher thread sends it and
   marks it sent) does not sit in the next write's timing, as with an editor's pace.

Every figure is the median over ``--runs`` runs.

Usage: ``python bench/webhook_bench.py [--deliveries 200] [--saves 200] [--runs 3]
[--database-url URL]``
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))

from bench.django_setup import configure  # noqa: E402  (after the path is set)
from tests.fetch_servers import serving  # noqa: E402
from tests.webhook_receiver import Receiver  # noqa: E402


def build(tag: str):  # type: ignore[no-untyped-def]
    from django.contrib.auth import get_user_model

    from annotations.models import Membership, Newsroom
    from annotations.services.articles import import_article

    newsroom = Newsroom.objects.create(name=f"Bench {tag}", slug=f"bench-hooks-{tag}")
    users = {}
    for role in ("admin", "editor"):
        users[role] = get_user_model().objects.create_user(f"bench-hook-{role}-{tag}")
        Membership.objects.create(user=users[role], newsroom=newsroom, role=role)
    text = "\n\n".join(f"Satz {n} sagt, dass am {n}. Mai 3{n} Menschen kamen." for n in range(50))
    article, _job = import_article(
        newsroom=newsroom, title="Bench", text=text, language="de", imported_by=users["editor"]
    )
    return newsroom, users, article


def deliveries_per_second(url: str, receiver: Receiver, count: int, var_dir: Path) -> float:
    from django.conf import settings
    from django.db import connection

    from annotations.services.webhooks import EVENT_TYPES, create_endpoint, send_test_event

    newsroom, users, _article = build(str(time.time_ns()))
    endpoint = create_endpoint(
        newsroom=newsroom, admin=users["admin"], url=url, events=EVENT_TYPES
    ).endpoint
    for _ in range(count):
        send_test_event(endpoint=endpoint, admin=users["admin"])
    time.sleep(3)  # the dispatcher thread sends the ids to the broker
    connection.close()
    receiver.got.clear()
    env = dict(os.environ)
    env["DATABASE_URL"] = (
        os.environ.get("DATABASE_URL") or f"sqlite:///{settings.DATABASES['default']['NAME']}"
    )
    command = [
        sys.executable, "-m", "celery", "-A", "factcheck", "worker", "--pool", "threads",
        "--concurrency", "1", "-Q", "links", "--loglevel", "WARNING", "--without-gossip",
        "--without-mingle", "--without-heartbeat", "--hostname", f"bench-{time.time_ns()}@%h",
    ]  # fmt: skip
    log = open(var_dir / "bench-worker.log", "wb")  # noqa: SIM115
    worker = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=log)
    try:
        deadline = time.monotonic() + 300
        while len(receiver.got) < count and time.monotonic() < deadline:
            time.sleep(0.2)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        log.close()
    got = receiver.got
    if len(got) < 2:
        raise SystemExit(f"the receiver got {len(got)} deliveries; see {var_dir}/bench-worker.log")
    return (len(got) - 1) / (got[-1].at - got[0].at)


def save_latencies(article, editor, saves: int, pause: float) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """p50 milliseconds of a verdict save and of a submit, ``pause`` seconds apart (untimed)."""
    from annotations.services.review import submit
    from annotations.services.verdicts import current_version, set_verdict

    sentence = article.sentences.filter(heading=False).order_by("ordinal").first()
    save_ms, submit_ms = [], []
    for n in range(saves):
        sentence.refresh_from_db()
        version = current_version(sentence)
        verdict = ("verified", "disputed", "unverified")[n % 3]
        started = time.perf_counter()
        set_verdict(
            sentence=sentence, editor=editor, verdict=verdict, rationale=f"Lauf {n}",
            expected_version=version,
        )  # fmt: skip
        save_ms.append((time.perf_counter() - started) * 1000)
        time.sleep(pause)
        started = time.perf_counter()
        submit(sentence=sentence, editor=editor)
        submit_ms.append((time.perf_counter() - started) * 1000)
        time.sleep(pause)
    return statistics.median(save_ms), statistics.median(submit_ms)


def latency_run(
    url: str, endpoints: int, saves: int, pause: float, readiness: bool = True
) -> tuple[float, float]:
    from annotations.services.webhooks import EVENT_TYPES, create_endpoint

    events = [e for e in EVENT_TYPES if readiness or not e.startswith("article.")]

    newsroom, users, article = build(str(time.time_ns()))
    for n in range(endpoints):
        create_endpoint(newsroom=newsroom, admin=users["admin"], url=f"{url}?n={n}", events=events)
    return save_latencies(article, users["editor"], saves, pause)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deliveries", type=int, default=200)
    parser.add_argument("--saves", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--database-url")
    parser.add_argument("--skip-deliveries", action="store_true")
    parser.add_argument(
        "--verdict-events-only",
        action="store_true",
        help="endpoints subscribe to the verdict.* events only (no readiness to work out)",
    )
    parser.add_argument(
        "--pause", type=float, default=0.05, help="seconds between writes, as editors leave"
    )
    args = parser.parse_args()
    var_dir = Path(tempfile.mkdtemp(prefix="webhook-bench-"))
    receiver = Receiver()
    try:
        with serving({"/hook": receiver}) as server:
            os.environ["FACTCHECK_LINKCHECK_ALLOW"] = f"127.0.0.1:{server.port}"
            configure(var_dir, args.database_url)
            from django.core.management import call_command

            call_command("migrate", verbosity=0)
            url = server.url("/hook")
            rates = [
                deliveries_per_second(url, receiver, args.deliveries, var_dir)
                for _ in range(0 if args.skip_deliveries else args.runs)
            ]
            if rates:
                print(
                    f"deliveries per second, one worker (1 thread): "
                    f"{statistics.median(rates):.1f} (runs: {', '.join(f'{r:.1f}' for r in rates)})"
                )
            # Interleaved, so both conditions share the machine's ups and downs.
            runs: dict[int, list[tuple[float, float]]] = {0: [], 10: []}
            for _ in range(args.runs):
                for endpoints in runs:
                    runs[endpoints].append(
                        latency_run(
                            url, endpoints, args.saves, args.pause, not args.verdict_events_only
                        )
                    )
            for endpoints, figures in runs.items():
                saves = statistics.median(r[0] for r in figures)
                submits = statistics.median(r[1] for r in figures)
                print(
                    f"{endpoints:>2} endpoints: verdict save p50 {saves:.2f} ms, "
                    f"submit p50 {submits:.2f} ms (median of {args.runs} runs x {args.saves}; "
                    f"save runs: {', '.join(f'{r[0]:.1f}' for r in figures)})"
                )
    finally:
        shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
