"""What `make run` runs: on a fresh var dir, the web server and the worker come up with the seed
article imported and pre-tagged, print where to log in, and stop cleanly on Ctrl-C."""

import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request

import psutil
import pytest

from tests.conftest import ROOT, wait_for

pytestmark = pytest.mark.integration


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _embedded_env(var_dir) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.pop("CELERY_BROKER_URL", None)
    env["FACTCHECK_VAR_DIR"] = str(var_dir)
    return env


def _query(db_path, sql: str):
    with sqlite3.connect(db_path, timeout=10) as connection:
        return connection.execute(sql).fetchall()


def _serve(var_dir, port: int, *options: str) -> subprocess.Popen[str]:
    """serve on a fresh var dir; its log (stderr) goes to serve.log there, never into a pipe
    nobody reads."""
    with open(var_dir / "serve.log", "w") as log:
        return subprocess.Popen(
            [sys.executable, "manage.py", "serve", "--port", str(port), *options],
            cwd=ROOT,
            env=_embedded_env(var_dir),
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
        )


def _banner(process: subprocess.Popen[str]) -> str:
    """What serve prints up to "Press Ctrl-C"."""
    banner = ""
    deadline = time.monotonic() + 120
    while "Press Ctrl-C" not in banner and time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line and process.poll() is not None:
            break
        banner += line
    return banner


def test_serve_starts_web_and_worker_with_the_seed_article_pretagged(tmp_path):
    port = _free_port()
    process = _serve(tmp_path, port)
    try:
        banner = _banner(process)
        assert f"http://127.0.0.1:{port}/" in banner
        credentials = dict(re.findall(r"^\s+\w+\s+(\w+)\s+(\S+)$", banner, re.MULTILINE))
        assert set(credentials) == {"editor", "reviewer", "viewer", "admin"}

        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
            assert response.status == 200

        db_path = tmp_path / "workbench.sqlite3"
        assert _query(db_path, "SELECT count(*) FROM annotations_article") == [(1,)]
        wait_for(
            lambda: _query(db_path, "SELECT state FROM annotations_job") == [("done",)],
            timeout=90,
        )
        untagged = "SELECT count(*) FROM annotations_sentence WHERE pretag_id IS NULL"
        assert _query(db_path, untagged) == [(0,)]
        assert _query(db_path, "SELECT count(*) FROM annotations_sentence")[0][0] > 25
    finally:
        process.send_signal(signal.SIGINT)
        try:
            returncode = process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
    assert returncode == 0
    with pytest.raises(OSError):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)


def test_serve_stops_with_an_error_when_the_web_server_dies(tmp_path):
    process = _serve(tmp_path, _free_port(), "--no-demo")
    try:
        assert "Press Ctrl-C" in _banner(process)
        tree = psutil.Process(process.pid).children(recursive=True)
        web = [p for p in tree if "gunicorn" in " ".join(p.cmdline()) and p.ppid() == process.pid]
        assert len(web) == 1
        web[0].kill()  # the web server's master, as an out-of-memory killer would
        returncode = process.wait(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert returncode != 0
    assert "The web server stopped unexpectedly" in (tmp_path / "serve.log").read_text()
    wait_for(lambda: not any(p.is_running() and p.status() != "zombie" for p in tree), timeout=30)


def test_serve_says_so_when_its_port_is_taken(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        process = _serve(tmp_path, taken.getsockname()[1], "--no-demo")
        try:
            returncode = process.wait(timeout=90)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
    log = (tmp_path / "serve.log").read_text()
    assert returncode != 0
    assert "Address already in use" in log and "CommandError: The web server did not" in log
