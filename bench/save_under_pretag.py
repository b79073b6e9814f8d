"""Verdict saves with and without a 2,000-sentence pre-tag job running beside them.

Each run starts ``manage.py serve`` (what ``make run`` runs: the web server, and the Celery worker
with its job threads) on a fresh var dir and a free loopback port, waits for the seed article's own
pre-tag job, and imports a small article to save verdicts on. Then, one client, one request at a
time:

- *quiet*: ``--saves`` first verdicts with nothing else running;
- *pre-tag*: a 2,000-sentence article is imported (its pre-tag job starts in the worker) and
  as many verdicts are saved, in batches of 10, while that job runs; a batch counts when the
  job was still running after it. The time from the import to the job's end is printed too.

It prints the p50 / p95 of each phase per run and the medians over the runs, and the server's
memory (RSS of serve and its children, by process) idle and at its peak during the pre-tag phase
(sampled every 0.1 s). ``--niceness 0`` starts the server
with ``FACTCHECK_JOB_NICENESS=0`` (jobs at the web server's priority), for comparison.

    .venv/bin/python bench/save_under_pretag.py --runs 3 [--niceness 0]
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
import requests

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.api_bench import german_news  # noqa: E402  (after the path is set)
from bench.embedded_serve import embedded_serve  # noqa: E402

BIG = 2000
SMALL = 2000


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def rss_of_tree(pid: int) -> dict[str, float]:
    """RSS in MB of the process and each child, by a short name: serve, the web server (its
    child), and with ``WEB_CONCURRENCY`` above 1 gunicorn's workers under it."""
    found: dict[str, float] = {}
    try:
        root = psutil.Process(pid)
        tree = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return found
    for process in tree:
        try:
            name = "serve" if process.pid == pid else "web worker"
            if name == "web worker" and process.ppid() == pid:
                name = "web server"
            found[f"{name} {process.pid}"] = process.memory_info().rss / 2**20
        except psutil.NoSuchProcess:
            continue
    return found


class Sampler(threading.Thread):
    """The largest sum of the tree's RSS seen, sampled every 0.1 s, and each process's at that
    moment."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak, self.at_peak = pid, 0.0, {}
        self.halt = threading.Event()

    def run(self) -> None:
        while not self.halt.wait(0.1):
            sample = rss_of_tree(self.pid)
            if sum(sample.values()) > self.peak:
                self.peak, self.at_peak = sum(sample.values()), sample


class Desk:
    def __init__(self, url: str, token: str) -> None:
        self.url = url
        self.http = requests.Session()
        self.http.headers["Authorization"] = f"Token {token}"
        me = self.http.get(f"{url}/api/me/", timeout=30).json()
        self.newsroom = me["newsrooms"][0]["id"]

    def import_article(self, sentences: int, seed: int) -> tuple[int, int]:
        body = {
            "newsroom": self.newsroom,
            "title": f"Bench {seed}",
            "language": "de",
            "text": german_news(sentences, seed),
        }
        response = self.http.post(f"{self.url}/api/articles/", json=body, timeout=300)
        response.raise_for_status()
        created = response.json()
        return created["id"], created["job"]["id"]

    def job_state(self, job_id: int) -> str:
        return self.http.get(f"{self.url}/api/jobs/{job_id}/", timeout=30).json()["state"]

    def wait_for_job(self, job_id: int) -> None:
        deadline = time.monotonic() + 600
        while self.job_state(job_id) not in ("done", "failed"):
            if time.monotonic() > deadline:
                raise SystemExit(f"job {job_id} did not finish within 600 s")
            time.sleep(0.2)

    def sentence_ids(self, article_id: int) -> list[int]:
        ids, page = [], 1
        while True:
            body = self.http.get(
                f"{self.url}/api/articles/{article_id}/sentences/",
                params={"page": page, "page_size": 500},
                timeout=60,
            ).json()
            ids += [row["id"] for row in body["results"]]
            if not body.get("next"):
                return ids
            page += 1

    def save(self, sentence_id: int) -> float:
        started = time.perf_counter()
        response = self.http.put(
            f"{self.url}/api/sentences/{sentence_id}/annotation/",
            json={"verdict": "disputed", "rationale": "Die Behörde nennt andere Zahlen."},
            headers={"If-Match": f'"{sentence_id}-0"'},
            timeout=60,
        )
        elapsed = time.perf_counter() - started
        if response.status_code != 200:
            raise SystemExit(f"save answered {response.status_code}: {response.text[:300]}")
        return elapsed * 1000


def one_run(run: int, saves: int, niceness: int | None) -> dict[str, float]:
    settings = {} if niceness is None else {"FACTCHECK_JOB_NICENESS": str(niceness)}
    with (
        tempfile.TemporaryDirectory(prefix="save-under-pretag-") as var_dir,
        embedded_serve(var_dir, **settings) as served,
    ):
        desk = Desk(served.url, served.token)
        # Enough sentences for a save every few ms while the big job runs on a slow machine.
        small, small_job = desk.import_article(SMALL, seed=run)
        desk.wait_for_job(small_job)
        time.sleep(2)  # the match job a first verdict queues, and start-up work, settle
        idle_by_process = rss_of_tree(served.process.pid)
        idle = sum(idle_by_process.values())
        sampler = Sampler(served.process.pid)
        sampler.start()
        ids = iter(desk.sentence_ids(small))
        quiet = [desk.save(next(ids)) for _ in range(saves)]
        job_started = time.perf_counter()
        _big, big_job = desk.import_article(BIG, seed=1000 + run)
        during: list[float] = []
        while len(during) < saves:
            state = desk.job_state(big_job)
            if state in ("done", "failed"):
                break
            if state != "running":  # queued behind the match job the quiet saves queued
                time.sleep(0.05)
                continue
            batch = [desk.save(sentence) for sentence in itertools.islice(ids, 10)]
            if not batch:
                raise SystemExit(f"all {SMALL} sentences saved before the job ended")
            if desk.job_state(big_job) == "running":  # the whole batch ran beside the job
                during += batch
        desk.wait_for_job(big_job)
        job_seconds = time.perf_counter() - job_started
        sampler.halt.set()
        sampler.join()
        peak = sampler.peak
    figures = {
        "quiet_p50": statistics.median(quiet),
        "quiet_p95": percentile(quiet, 0.95),
        "pretag_p50": statistics.median(during) if during else float("nan"),
        "pretag_p95": percentile(during, 0.95) if during else float("nan"),
        "pretag_saves": len(during),
        "job_s": job_seconds,
        "rss_idle_mb": idle,
        "rss_peak_mb": peak,
    }
    print(
        f"run {run}: quiet p50/p95 {figures['quiet_p50']:.1f}/{figures['quiet_p95']:.1f} ms; "
        f"during pre-tag p50/p95 {figures['pretag_p50']:.1f}/{figures['pretag_p95']:.1f} ms "
        f"({len(during)} saves; the job took {job_seconds:.1f} s); "
        f"RSS {idle:.0f} MB idle, {peak:.0f} MB at the peak",
        flush=True,
    )
    for name, mb in idle_by_process.items():
        at_peak = next((v for k, v in sampler.at_peak.items() if k == name), float("nan"))
        print(f"    {name:<20} idle {mb:6.1f} MB, at the peak {at_peak:6.1f} MB")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--saves", type=int, default=150, help="saves in the quiet phase")
    parser.add_argument("--niceness", type=int, help="FACTCHECK_JOB_NICENESS for the server")
    args = parser.parse_args()
    load = os.getloadavg()[0]
    niceness = "default" if args.niceness is None else args.niceness
    print(f"load average {load:.1f} on {os.cpu_count()} cores; job niceness {niceness}")
    results = [one_run(run, args.saves, args.niceness) for run in range(1, args.runs + 1)]
    print(f"median of {args.runs} runs:")
    for key in results[0]:
        print(f"  {key:<14}{statistics.median(r[key] for r in results):>10.1f}")


if __name__ == "__main__":
    main()
