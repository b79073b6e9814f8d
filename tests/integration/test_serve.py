"""What `make run` runs: on a fresh var dir, the web server and the worker come up with the seed
article imported and pre-tagged, print where to log in, and stop cleanly on Ctrl-C. After a
`kill -9` the web server goes with it and the next start works; a server left behind by a serve
of the same var dir is replaced; anything else on the port is named."""

import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.request

import psutil
import pytest

from tests.conftest import ROOT, wait_for

from .niceness import thread_niceness

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

        ready = f"http://127.0.0.1:{port}/healthz?check=database"
        with urllib.request.urlopen(ready, timeout=5) as response:
            assert response.status == 200
        # Fully healthy once the worker (started after the banner) beats its heartbeat.
        wait_for(lambda: _health(port) == 200, timeout=120, failure="healthz stayed degraded")

        db_path = tmp_path / "workbench.sqlite3"
        assert _query(db_path, "SELECT count(*) FROM annotations_article") == [(1,)]
        wait_for(
            lambda: _query(db_path, "SELECT state FROM annotations_job") == [("done",)],
            timeout=90,
        )
        untagged = "SELECT count(*) FROM annotations_sentence WHERE pretag_id IS NULL"
        assert _query(db_path, untagged) == [(0,)]
        assert _query(db_path, "SELECT count(*) FROM annotations_sentence")[0][0] > 25
        _assert_jobs_ran_below_the_web_server(process)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            returncode = process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
    assert returncode == 0
    with pytest.raises(OSError):
        urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)


def test_a_web_server_that_dies_is_started_again(tmp_path):
    port = _free_port()
    process = _serve(tmp_path, port, "--no-demo")
    try:
        assert "Press Ctrl-C" in _banner(process)
        (web,) = _web_servers(process)  # one process: no gunicorn master beside it
        assert web.ppid() == process.pid
        web.kill()  # as an out-of-memory killer would
        wait_for(
            lambda: [p.pid for p in _web_servers(process) if _running(p)] not in ([], [web.pid]),
            timeout=60,
            failure="no new web server",
        )
        wait_for(lambda: _health(port) in (200, 503), timeout=90, failure="it did not answer")
        (again,) = _web_servers(process)
        recorded = json.loads((tmp_path / "serve.pid").read_text())
        assert recorded["web"] == again.pid != web.pid
        assert process.poll() is None
    finally:
        _interrupt(process)
    log = (tmp_path / "serve.log").read_text()
    assert f"The web server (pid {web.pid}) stopped unexpectedly" in log


def test_serve_stops_with_an_error_when_the_web_server_keeps_dying(tmp_path):
    port = _free_port()
    process = _serve(tmp_path, port, "--no-demo")
    killed: set[int] = set()
    try:
        assert "Press Ctrl-C" in _banner(process)
        deadline = time.monotonic() + 300
        while process.poll() is None and time.monotonic() < deadline:
            running = [p for p in _web_servers(process) if _running(p) and p.pid not in killed]
            if running and _health(port) in (200, 503):  # up again: kill it once more
                running[0].kill()
                killed.add(running[0].pid)
            time.sleep(0.2)
        # serve stops once its worker is up (it may still be starting on a loaded machine).
        returncode = process.wait(timeout=180)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert returncode != 0
    assert len(killed) == 4
    log = (tmp_path / "serve.log").read_text()
    assert "The web server stopped unexpectedly (4 times within 60 s)" in log, log[-3000:]


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
    assert f"is in use by pid {os.getpid()} (" in log, log
    assert "Traceback" not in log


@pytest.mark.parametrize("value", ["two", "0"])
def test_a_bad_web_concurrency_is_refused_before_anything_starts(tmp_path, value):
    env = {**_embedded_env(tmp_path), "WEB_CONCURRENCY": value}
    result = subprocess.run(
        [sys.executable, "manage.py", "serve", "--port", str(_free_port()), "--no-demo"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode != 0
    assert (
        f"WEB_CONCURRENCY must be a whole number of web processes, 1 or more (not '{value}')"
        in result.stderr
    )
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "workbench.sqlite3").exists()  # refused before migrating


def test_after_kill_9_the_web_server_goes_too_and_the_next_serve_starts(tmp_path):
    port = _free_port()
    process = _serve(tmp_path, port, "--no-demo")
    try:
        assert "Press Ctrl-C" in _banner(process)
        web = _web_servers(process)
        assert web
        process.kill()  # SIGKILL: no chance to stop its child
        process.wait(timeout=10)
        wait_for(
            lambda: not any(_running(p) for p in web),
            timeout=20,
            failure="the web server outlived its killed parent",
        )
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    _serve_then_stop(tmp_path, port)


def test_a_web_server_left_behind_on_the_var_dir_is_replaced(tmp_path):
    port = _free_port()
    orphan = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "factcheck.wsgi:application",
            "--bind", f"127.0.0.1:{port}", "--no-control-socket",
        ],
        cwd=ROOT, env=_embedded_env(tmp_path), start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_for(lambda: _listening(port), timeout=60, failure="gunicorn did not start")
        gone = subprocess.Popen(["true"])
        gone.wait()  # a serve that died: its pid names no process any more
        pid_file = tmp_path / "serve.pid"
        pid_file.write_text(json.dumps({"serve": gone.pid, "web": orphan.pid, "url": "?"}))
        log = _serve_then_stop(tmp_path, port)
        assert f"Stopping the web server (pid {orphan.pid})" in log
        assert orphan.poll() is not None
    finally:
        if orphan.poll() is None:
            os.killpg(orphan.pid, signal.SIGKILL)
        orphan.wait(timeout=10)


def test_a_second_serve_of_the_same_var_dir_is_refused_with_the_first_ones_pid(tmp_path):
    first = _serve(tmp_path, _free_port(), "--no-demo")
    try:
        assert "Press Ctrl-C" in _banner(first)
        second_dir = tmp_path / "second"
        second_dir.mkdir()
        with open(second_dir / "serve.log", "w") as log:
            second = subprocess.run(
                [sys.executable, "manage.py", "serve", "--port", str(_free_port()), "--no-demo"],
                cwd=ROOT, env=_embedded_env(tmp_path), stdout=subprocess.DEVNULL, stderr=log,
                timeout=120, check=False,
            )  # fmt: skip
        assert second.returncode != 0
        message = (second_dir / "serve.log").read_text()
        assert "already runs from this var dir" in message and f"pid {first.pid}" in message
    finally:
        _interrupt(first)


def _assert_jobs_ran_below_the_web_server(process: subprocess.Popen[str]) -> None:
    """The seed's pre-tag job ran in a worker thread at niceness 10 (kept after the job), while
    serve's main thread and every thread of the web server keep the niceness they started at."""
    if sys.platform != "linux":
        return
    started_at = os.getpriority(os.PRIO_PROCESS, os.getpid())
    if started_at >= 10:
        return  # nothing to lower
    worker = thread_niceness(process.pid)
    assert worker[process.pid] == started_at
    assert 10 in worker.values()
    web = _web_servers(process)
    assert web
    for server in web:
        assert set(thread_niceness(server.pid).values()) == {started_at}


def _health(port: int) -> int:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _web_servers(process: subprocess.Popen[str]) -> list[psutil.Process]:
    try:
        tree = psutil.Process(process.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []
    servers = []
    for child in tree:
        try:
            if "factcheck.wsgi" in " ".join(child.cmdline()):
                servers.append(child)
        except psutil.Error:  # gone meanwhile
            continue
    return servers


def _interrupt(process: subprocess.Popen[str]) -> None:
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def _running(process: psutil.Process) -> bool:
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def _serve_then_stop(var_dir, port: int) -> str:
    """Start serve on ``var_dir`` and ``port``, see its banner, stop it; returns its log."""
    process = _serve(var_dir, port, "--no-demo")
    try:
        banner = _banner(process)
        assert "Press Ctrl-C" in banner, (var_dir / "serve.log").read_text()
    finally:
        _interrupt(process)
    return (var_dir / "serve.log").read_text()
