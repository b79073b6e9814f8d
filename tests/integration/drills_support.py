"""What the fault drills share: their own gunicorn / Celery processes on the test database, an
HTTP client with a token, and stopping and starting the real PostgreSQL and Redis on loopback."""

from __future__ import annotations

import os
import random
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import requests

from tests.conftest import ROOT, subprocess_env, wait_for

DATABASE_URL = os.environ.get("DATABASE_URL", "")
REDIS_URL = os.environ.get("REDIS_URL", "")
PRODUCTION_LEG = DATABASE_URL.startswith(("postgres://", "postgresql://")) and bool(REDIS_URL)
REDIS_START = [
    "redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "--port", "6379",
    "--save", "", "--appendonly", "no",
]  # fmt: skip
# Every drill request must come back within this many seconds, even with a dependency down and
# the machine loaded (a hang waits for a 30 s timeout or for ever; a slow answer is not a hang).
REQUEST_BOUND = 10.0
# The drills' processes take a lost worker for dead within seconds and sweep every second. A job's
# heartbeat beats from its own thread every quarter of the window, so a loaded machine has to
# starve a worker for 10 s before its job is taken over.
DRILL_ENV = {
    "FACTCHECK_JOB_STALE_AFTER": "10",
    "FACTCHECK_JOB_MAX_ATTEMPTS": "3",
    "FACTCHECK_SWEEP_EVERY": "1",
    "FACTCHECK_JOB_REDISPATCH_AFTER": "5",
}


@dataclass
class Process:
    """A process a drill started, with its log; stopped by its own pid."""

    name: str
    popen: subprocess.Popen[bytes]
    log_path: Path
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def pid(self) -> int:
        return self.popen.pid

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

    def alive(self) -> bool:
        return self.popen.poll() is None

    def kill(self) -> None:
        """SIGKILL the process and everything it forked (its own process group)."""
        if self.alive():
            os.killpg(self.pid, signal.SIGKILL)
        self.popen.wait(timeout=10)

    def pause(self) -> None:
        """SIGSTOP the process group, as a long GC pause, a frozen VM or a lost network would."""
        os.killpg(self.pid, signal.SIGSTOP)

    def resume(self) -> None:
        if self.alive():
            os.killpg(self.pid, signal.SIGCONT)

    def stop(self, grace: float = 15.0) -> None:
        if not self.alive():
            return
        self.resume()  # a paused process would keep SIGTERM pending until the grace ran out
        os.kill(self.pid, signal.SIGTERM)
        try:
            self.popen.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            self.kill()


class Processes:
    """Starts the drill's processes; ``stop_all`` ends every one of them (fixture teardown)."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.started: list[Process] = []

    def _spawn(self, name: str, command: list[str], **env: str) -> Process:
        log_path = self.workdir / f"{name}.log"
        with open(log_path, "wb") as out:
            popen = subprocess.Popen(
                command, cwd=ROOT, env=subprocess_env(**DRILL_ENV, **env), stdout=out,
                stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True,
            )  # fmt: skip
        process = Process(name, popen, log_path)
        self.started.append(process)
        return process

    def web(self, workers: int = 2, threads: int = 4) -> Process:
        port = free_port()
        process = self._spawn(
            "web",
            [
                sys.executable, "-m", "gunicorn", "factcheck.wsgi:application",
                "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
                "--threads", str(threads), "--worker-class", "gthread",
                "--graceful-timeout", "5", "--timeout", "60",
                "--control-socket", str(self.workdir / "gunicorn.ctl"),
            ],
        )  # fmt: skip
        process.extra["url"] = f"http://127.0.0.1:{port}"
        wait_for(
            lambda: _healthz(process),
            timeout=120,
            failure=lambda: (
                f"gunicorn did not come up (last answer: {process.extra.get('answer')}):\n"
                f"{process.log()}"
            ),
        )
        return process

    def worker(
        self, name: str, *, app: str = "factcheck", pool: str = "threads", concurrency: int = 2
    ) -> Process:
        process = self._spawn(
            name,
            [
                sys.executable, "-m", "celery", "-A", app, "worker", "--hostname", f"{name}@%h",
                "--pool", pool, "--concurrency", str(concurrency), "--loglevel", "INFO",
                "--without-gossip", "--without-mingle", "--without-heartbeat",
            ],
        )  # fmt: skip
        wait_for(
            lambda: " ready." in process.log(),
            timeout=120,
            failure=lambda: f"{name} not ready:\n{process.log()}",
        )
        return process

    def beat(self) -> Process:
        schedule = self.workdir / "celerybeat-schedule"
        command = [sys.executable, "-m", "celery", "-A", "factcheck", "beat", "--loglevel", "INFO"]
        process = self._spawn("beat", [*command, "--schedule", str(schedule)])
        wait_for(
            lambda: "beat: Starting" in process.log(),
            timeout=60,
            failure=lambda: f"beat:\n{process.log()}",
        )
        return process

    def stop_all(self) -> None:
        for process in reversed(self.started):
            process.stop()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthz(process: Process) -> bool:
    """Is the web server ready? Its database answers (the drills start workers on their own)."""
    if not process.alive():
        pytest.fail(f"{process.name} exited:\n{process.log()}")
    url = process.extra["url"] + "/healthz?check=database"
    try:
        response = requests.get(url, timeout=5)
    except requests.RequestException as exc:
        process.extra["answer"] = repr(exc)
        return False
    process.extra["answer"] = f"{response.status_code} {response.text[:500]}"
    return response.status_code == 200


@contextmanager
def busy_processes(count: int, *, seconds: float = 900.0) -> Iterator[list[subprocess.Popen]]:
    """``count`` processes that each keep a core busy, for the drills to prove they hold on a
    loaded machine. Each ends by itself after ``seconds`` should the block never end."""
    burn = f"import time\nend = time.monotonic() + {seconds}\nwhile time.monotonic() < end: pass"
    burners = [
        subprocess.Popen([sys.executable, "-c", burn], stdin=subprocess.DEVNULL)
        for _ in range(count)
    ]
    try:
        yield burners
    finally:
        for burner in burners:
            burner.kill()
            burner.wait(timeout=10)


# --- HTTP ---------------------------------------------------------------------------------------
class Api:
    """A token-authenticated client that measures and bounds every request."""

    def __init__(self, base_url: str, token: str) -> None:
        self.base = base_url.rstrip("/")
        self.session = requests.Session()
        self.session.headers.update(
            {"Authorization": f"Token {token}", "Accept": "application/json"}
        )
        self.slowest = 0.0

    def request(self, method: str, path: str, **kwargs) -> requests.Response:
        started = time.monotonic()
        response = self.session.request(
            method, self.base + path, timeout=REQUEST_BOUND + 10, **kwargs
        )
        elapsed = time.monotonic() - started
        self.slowest = max(self.slowest, elapsed)
        assert elapsed < REQUEST_BOUND, f"{method} {path} took {elapsed:.1f} s"
        return response

    def get(self, path: str, **kwargs) -> requests.Response:
        return self.request("GET", path, **kwargs)

    def save_verdict(
        self, sentence_id: int, version: int, verdict: str, rationale: str
    ) -> requests.Response:
        body = {"verdict": verdict, "rationale": rationale, "evidence": []}
        headers = {"If-Match": f'"{sentence_id}-{version}"'}
        return self.request(
            "PUT", f"/api/sentences/{sentence_id}/annotation/", json=body, headers=headers
        )


# --- PostgreSQL and Redis -----------------------------------------------------------------------
def redis_up() -> bool:
    result = subprocess.run(
        ["redis-cli", "-p", "6379", "ping"], capture_output=True, text=True, check=False
    )
    return result.stdout.strip() == "PONG"


@contextmanager
def redis_stopped() -> Iterator[None]:
    """Redis down inside the block; started again (and answering) however the block ends."""
    subprocess.run(["redis-cli", "-p", "6379", "shutdown", "nosave"], check=False)
    try:
        wait_for(lambda: not redis_up(), timeout=10, failure="Redis did not stop")
        yield
    finally:
        if not redis_up():
            subprocess.run(REDIS_START, check=True, stdout=subprocess.DEVNULL)
        wait_for(redis_up, timeout=30, failure="Redis did not come back")


def _cluster() -> list[str]:
    version = sorted(os.listdir("/etc/postgresql"))[-1]
    return ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main"]


def postgres_ready() -> bool:
    result = subprocess.run(["pg_isready", "-q", "-h", "127.0.0.1", "-p", "5432"], check=False)
    return result.returncode == 0


@contextmanager
def postgres_stopped() -> Iterator[None]:
    """PostgreSQL down inside the block; started again and accepting connections afterwards,
    with this process's Django connections closed so its next query opens a fresh one."""
    from django.db import connections

    connections.close_all()
    subprocess.run([*_cluster(), "stop", "-m", "fast"], check=True, capture_output=True)
    try:
        yield
    finally:
        if not postgres_ready():
            subprocess.run([*_cluster(), "start"], check=False, capture_output=True)
        wait_for(postgres_ready, timeout=60, failure="PostgreSQL did not come back")
        connections.close_all()


def connections_in_a_transaction() -> int:
    """How many other connections to the test database sit inside an open transaction now."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            " AND pid <> pg_backend_pid() AND state LIKE 'idle in transaction%%'"
        )
        return cursor.fetchone()[0]


def pause_outside_a_transaction(process: Process, *, tries: int = 50) -> None:
    """SIGSTOP ``process`` at a moment it holds no transaction open: paused inside one, it would
    hold its row locks, and the drill would test a stuck lock instead of a lost worker."""
    for _ in range(tries):
        process.pause()
        time.sleep(0.3)  # a statement sent before the stop finishes on the server meanwhile
        if not connections_in_a_transaction():
            return
        process.resume()
        time.sleep(random.uniform(0.05, 0.3))
    pytest.fail(f"{process.name} was inside a transaction each of {tries} times it was paused")


# --- articles -----------------------------------------------------------------------------------
_SUBJECTS = ["Der Bundestag", "Die Bundesregierung", "Das Statistische Bundesamt", "Die Polizei"]
_VERBS = ["meldete am Dienstag", "bestätigte am Mittwoch", "veröffentlichte gestern"]
_OBJECTS = [
    "einen Anstieg der Arbeitslosigkeit um 3,2 Prozent",
    "Fördermittel in Höhe von 4,5 Milliarden Euro",
    "einen Rückgang der Straftaten um 12 Prozent",
]


def long_article_text(sentences: int, *, seed: int = 7) -> str:
    """German news-like text, five sentences to a paragraph."""
    rnd = random.Random(seed)
    lines = [
        f"{rnd.choice(_SUBJECTS)} {rnd.choice(_VERBS)} {rnd.choice(_OBJECTS)} (Meldung {n + 1})."
        for n in range(sentences)
    ]
    return "\n\n".join(" ".join(lines[i : i + 5]) for i in range(0, len(lines), 5))
