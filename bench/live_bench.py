"""What 50 open workspaces cost the server, and whether a verdict save feels them.

Starts gunicorn as `make run` does (gthread, WEB_CONCURRENCY workers x WEB_THREADS threads) on
127.0.0.1 on the embedded default (SQLite, file cache), or on PostgreSQL when DATABASE_URL is set.
50 pollers, as 50 open pages would, each ask ``/changes/`` once a second with the last ETag and
report presence every 5 s. Per run it measures: verdict save latency alone, then with the 50
pollers, the polls per second, their latency, the server's CPU, threads and connections.
Queries per poll are counted in this process with the same code. Prints medians over the runs.

    .venv/bin/python bench/live_bench.py [--runs 3] [--pages 50]
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
import requests

ROOT = Path(__file__).resolve().parent.parent
SAVES = 40  # verdict saves timed per run and condition
WINDOW_S = 10.0  # pollers alone, for CPU and polls per second
WARM_S = 3.0
POLL_S = 1.0
PRESENCE_EVERY = 5  # polls
DEADLINE_S = 420  # the whole bench stops by then whatever happens


def setup(var_dir: str, pages: int) -> tuple[int, list[int], str, list[str]]:
    """Database, users and an article of 300 sentences; returns ids and tokens."""
    sys.path.insert(0, str(ROOT))
    os.environ["FACTCHECK_VAR_DIR"] = var_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    os.environ["CELERY_BROKER_URL"] = "memory://"
    import django

    django.setup()
    from django.core.management import call_command

    from annotations.models import Role, Sentence
    from annotations.services.articles import import_article
    from annotations.services.tokens import issue_token
    from bench.api_bench import article_text
    from tests.factories import NewsroomFactory, member

    call_command("migrate", interactive=False, verbosity=0)
    newsroom = NewsroomFactory(name="Live bench", slug="live-bench")
    editor = member(newsroom, Role.EDITOR, "live-editor")
    readers = [member(newsroom, Role.EDITOR, f"reader-{i}") for i in range(pages)]
    article, _job = import_article(
        newsroom=newsroom, title="Live", text=article_text(300, 7), language="de"
    )
    ids = list(
        Sentence.objects.filter(article=article, heading=False)
        .order_by("ordinal")
        .values_list("pk", flat=True)
    )
    return (
        article.pk,
        ids,
        issue_token(user=editor),
        [issue_token(user=user) for user in readers],
    )


def queries_per_poll(article_id: int, token: str, sentence_id: int) -> tuple[int, int]:
    """Queries of one poll (quiet, then right after a change), counted by Django itself."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_AUTHORIZATION=f"Token {token}", HTTP_HOST="127.0.0.1")
    url = f"/api/articles/{article_id}/changes/"
    first = client.get(url).json()
    cursors = {
        "after": first["cursor"],
        "comments_after": first["comment_cursor"],
        "matches_after": first["match_cursor"],
    }
    with CaptureQueriesContext(connection) as quiet:
        client.get(url, cursors)
    client.put(
        f"/api/sentences/{sentence_id}/annotation/",
        {"verdict": "verified", "rationale": "", "evidence": []},
        content_type="application/json",
        HTTP_IF_MATCH=f'"{sentence_id}-0"',
    )
    with CaptureQueriesContext(connection) as busy:
        client.get(url, cursors)
    return len(quiet), len(busy)


class Pollers:
    """``pages`` threads, each behaving as one open workspace."""

    def __init__(self, url: str, article_id: int, tokens: list[str]) -> None:
        self.url, self.article_id, self.tokens = url, article_id, tokens
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.statuses: dict[int, int] = {}
        self.threads = [threading.Thread(target=self.page, args=(t,)) for t in tokens]

    def page(self, token: str) -> None:
        session = requests.Session()
        session.headers["Authorization"] = f"Token {token}"
        base = f"{self.url}/api/articles/{self.article_id}/"
        params: dict[str, int] = {}  # the cursors live.js sends back
        tag, count = None, 0
        time.sleep(random.random() * POLL_S)  # pages do not open in step
        while not self.stop.is_set():
            started = time.perf_counter()
            headers = {"If-None-Match": tag} if tag else {}
            response = session.get(base + "changes/", params=params, headers=headers, timeout=30)
            if response.status_code == 200:
                body = response.json()
                tag = response.headers.get("ETag")
                params = {
                    "after": body["cursor"],
                    "comments_after": body["comment_cursor"],
                    "matches_after": body["match_cursor"],
                }
            polled = time.perf_counter() - started
            if count % PRESENCE_EVERY == 0:
                session.post(base + "presence/", json={"sentence": None}, timeout=30)
            count += 1
            elapsed = time.perf_counter() - started
            with self.lock:
                self.latencies.append(polled * 1000)
                self.statuses[response.status_code] = self.statuses.get(response.status_code, 0) + 1
            self.stop.wait(max(0.0, POLL_S - elapsed))

    def start(self) -> None:
        for thread in self.threads:
            thread.start()

    def reset(self) -> None:
        with self.lock:
            self.latencies, self.statuses = [], {}

    def finish(self) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=40)


def save_latencies(url: str, token: str, sentence_ids: list[int]) -> list[float]:
    session = requests.Session()
    session.headers["Authorization"] = f"Token {token}"
    timings = []
    for sentence_id in sentence_ids:
        started = time.perf_counter()
        response = session.put(
            f"{url}/api/sentences/{sentence_id}/annotation/",
            json={
                "verdict": "disputed",
                "rationale": "Die Zahl widerspricht dem Bericht.",
                "evidence": [{"url": "https://example.org/bericht", "stance": "refutes"}],
            },
            headers={"If-Match": f'"{sentence_id}-0"'},
            timeout=30,
        )
        timings.append((time.perf_counter() - started) * 1000)
        response.raise_for_status()
    return timings


def server_processes(pid: int) -> list[psutil.Process]:
    master = psutil.Process(pid)
    return [master, *master.children(recursive=True)]


def cpu_seconds(processes: list[psutil.Process]) -> float:
    total = 0.0
    for process in processes:
        times = process.cpu_times()
        total += times.user + times.system
    return total


def one_run(server, article_id, ids, editor_token, tokens) -> dict[str, float]:
    alone = save_latencies(server.url, editor_token, ids[:SAVES])
    del ids[:SAVES]
    pollers = Pollers(server.url, article_id, tokens)
    pollers.start()
    try:
        time.sleep(WARM_S)
        processes = server_processes(server.process.pid)
        pollers.reset()
        cpu_before, started = cpu_seconds(processes), time.monotonic()
        time.sleep(WINDOW_S)
        wall = time.monotonic() - started
        cpu = (cpu_seconds(processes) - cpu_before) / wall
        with pollers.lock:
            polls = list(pollers.latencies)
            statuses = dict(pollers.statuses)
        threads = sum(p.num_threads() for p in processes)
        connections = sum(
            1
            for p in processes
            for c in p.net_connections(kind="tcp")
            if c.status == psutil.CONN_ESTABLISHED
        )
        loaded = save_latencies(server.url, editor_token, ids[:SAVES])
        del ids[:SAVES]
    finally:
        pollers.finish()
    polls.sort()
    return {
        "save_alone_p50": statistics.median(alone),
        "save_loaded_p50": statistics.median(loaded),
        "save_loaded_p95": sorted(loaded)[int(len(loaded) * 0.95) - 1],
        "polls_per_s": len(polls) / wall,
        "poll_p50": statistics.median(polls),
        "poll_p95": polls[int(len(polls) * 0.95) - 1],
        "share_304": statuses.get(304, 0) / max(1, len(polls)),
        "cpu_share": cpu,
        "threads": threads,
        "connections": connections,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pages", type=int, default=50)
    args = parser.parse_args()
    running: list = []

    def give_up() -> None:
        for server in running:
            server.stop()
        print(f"stopped after {DEADLINE_S} s", file=sys.stderr)
        os._exit(3)

    deadline = threading.Timer(DEADLINE_S, give_up)
    deadline.daemon = True
    deadline.start()
    with tempfile.TemporaryDirectory(prefix="live-bench-") as var_dir:
        article_id, ids, editor_token, tokens = setup(var_dir, args.pages)
        quiet, busy = queries_per_poll(article_id, editor_token, ids.pop())
        from bench.api_bench import Server

        env = dict(os.environ, LOG_LEVEL="WARNING")
        server = Server(env)
        running.append(server)
        try:  # the server is stopped whatever happens
            results = []
            for run in range(args.runs):
                results.append(one_run(server, article_id, ids, editor_token, tokens))
                print(f"run {run}: {results[-1]}", file=sys.stderr)
        finally:
            server.stop()
            running.clear()
    deadline.cancel()
    median = {key: statistics.median(r[key] for r in results) for key in results[0]}
    database = os.environ.get("DATABASE_URL", "").split("@")[-1] or "SQLite (embedded default)"
    workers = os.environ.get("WEB_CONCURRENCY", "1")
    threads = os.environ.get("WEB_THREADS", "8")
    print(f"database: {database}; gunicorn gthread {workers} x {threads}; {os.cpu_count()} cores")
    print(f"{args.pages} open pages, polling every {POLL_S:.0f} s; median of {args.runs} runs")
    print(f"polls per second:                 {median['polls_per_s']:8.1f}")
    print(
        f"poll latency p50 / p95:           {median['poll_p50']:8.1f} / {median['poll_p95']:.1f} ms"
    )
    print(f"answers that were 304:            {median['share_304'] * 100:8.0f} %")
    print(f"queries per poll (quiet / busy):  {quiet:8d} / {busy}")
    print(f"database queries per second:      {median['polls_per_s'] * quiet:8.0f} (quiet polls)")
    print(f"server CPU:                       {median['cpu_share'] * 100:8.0f} % of one core")
    print(
        f"server threads / TCP connections: {median['threads']:8.0f} / {median['connections']:.0f}"
    )
    print(f"verdict save p50, 0 open pages:   {median['save_alone_p50']:8.1f} ms")
    print(
        f"verdict save p50 / p95, {args.pages} open pages: {median['save_loaded_p50']:.1f} / "
        f"{median['save_loaded_p95']:.1f} ms"
    )


if __name__ == "__main__":
    main()
