#!/usr/bin/env python3
"""The production topology on one machine, on loopback: ``start`` / ``stop`` / ``status``.

    .venv/bin/python scripts/production.py start    # PostgreSQL + Redis up, migrate, serve
    .venv/bin/python scripts/production.py status
    .venv/bin/python scripts/production.py stop

``start`` brings up PostgreSQL and Redis when they are down (loopback only), creates the database,
migrates, collects static files, sets up the demo newsroom, then starts gunicorn (``WEB_WORKERS``
processes, default 2), ``WORKERS`` separate Celery worker processes (default 2) and exactly one
Celery beat (the job sweeper). Every process gets its own session, a pid file and a log under the
var dir; ``stop`` ends them by those pids (TERM, then KILL after a grace period).

Environment (defaults in brackets): ``DATABASE_URL``
[postgres://postgres@127.0.0.1:5432/workbench_production], ``REDIS_URL``
[redis://127.0.0.1:6379/0], ``FACTCHECK_VAR_DIR`` [var/production], ``PORT`` [8000],
``WEB_WORKERS`` [2], ``WEB_THREADS`` [4], ``WORKERS`` [2], ``WORKER_POOL`` [prefork],
``WORKER_CONCURRENCY`` [1]. A strong ``SECRET_KEY`` is generated on the first start and kept in
``<var dir>/production.env`` (mode 0600), together with every variable the processes run with,
so ``set -a; . <var dir>/production.env`` gives a shell the same configuration.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import secrets
import shlex
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
LOOPBACK = {"127.0.0.1", "localhost", "::1", ""}
DEFAULTS = {
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/workbench_production",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "PORT": "8000",
    "WEB_WORKERS": "2",
    "WEB_THREADS": "4",
    "WORKERS": "2",
    "WORKER_POOL": "prefork",
    "WORKER_CONCURRENCY": "1",
}
REDIS_START = [
    "redis-server", "--daemonize", "yes", "--bind", "127.0.0.1", "--port", "6379",
    "--save", "", "--appendonly", "no",
]  # fmt: skip
STOP_GRACE = 30.0


def var_dir() -> Path:
    return Path(os.environ.get("FACTCHECK_VAR_DIR") or ROOT / "var" / "production").resolve()


def setting(name: str) -> str:
    return os.environ.get(name) or DEFAULTS[name]


def log(message: str) -> None:
    print(message, flush=True)


# --- configuration ------------------------------------------------------------------------------
def production_env(var: Path) -> dict[str, str]:
    """The variables every process runs with; the secret key is generated once and kept."""
    env_file = var / "production.env"
    kept = read_env_file(env_file)
    port = setting("PORT")
    config = {
        "FACTCHECK_DEPLOYMENT": "production",
        "SECRET_KEY": kept.get("SECRET_KEY") or secrets.token_urlsafe(64),
        "DATABASE_URL": setting("DATABASE_URL"),
        "REDIS_URL": setting("REDIS_URL"),
        "FACTCHECK_VAR_DIR": str(var),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "CSRF_TRUSTED_ORIGINS": f"http://127.0.0.1:{port},http://localhost:{port}",
        # Plain http on loopback: no redirect to https, cookies not limited to https.
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
    }
    for name in (
        "FACTCHECK_JOB_STALE_AFTER",
        "FACTCHECK_JOB_MAX_ATTEMPTS",
        "FACTCHECK_SWEEP_EVERY",
    ):
        if os.environ.get(name):
            config[name] = os.environ[name]
    env_file.write_text("".join(f"{k}={shlex.quote(v)}\n" for k, v in config.items()))
    env_file.chmod(0o600)
    return {**os.environ, **config, "PYTHONUNBUFFERED": "1"}


def read_env_file(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    pairs = (line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)
    return {key: (shlex.split(value) or [""])[0] for key, value in pairs}


# --- PostgreSQL and Redis -----------------------------------------------------------------------
def ensure_postgres(database_url: str) -> None:
    """Start the local cluster when it does not answer, then create the database if missing."""
    parts = urlsplit(database_url)
    host, port = parts.hostname or "127.0.0.1", str(parts.port or 5432)
    if not _pg_ready(host, port):
        if host not in LOOPBACK:
            sys.exit(f"PostgreSQL at {host}:{port} does not answer.")
        version = sorted(os.listdir("/etc/postgresql"))[-1]
        log(f"starting PostgreSQL {version}")
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", version, "main", "start"], check=True
        )
        _wait(lambda: _pg_ready(host, port), 60, "PostgreSQL did not start")
    _create_database(parts)


def _pg_ready(host: str, port: str) -> bool:
    result = subprocess.run(["pg_isready", "-q", "-h", host, "-p", port], check=False)
    return result.returncode == 0


def _create_database(parts) -> None:
    import psycopg
    from psycopg import sql

    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True, connect_timeout=5) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            log(f"creating database {name}")
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def ensure_redis(redis_url: str) -> None:
    import redis

    parts = urlsplit(redis_url)
    client = redis.Redis.from_url(redis_url, socket_connect_timeout=1, socket_timeout=1)

    def answers() -> bool:
        try:
            return bool(client.ping())
        except redis.RedisError:
            return False

    if answers():
        return
    if (parts.hostname or "") not in LOOPBACK:
        sys.exit(f"Redis at {parts.hostname} does not answer.")
    log("starting Redis")
    subprocess.run(REDIS_START, check=True, stdout=subprocess.DEVNULL)
    _wait(answers, 30, "Redis did not start")


# --- processes ----------------------------------------------------------------------------------
def process_commands(var: Path) -> dict[str, list[str]]:
    """name -> command line; names are the pid files' names."""
    celery = [PYTHON, "-m", "celery", "-A", "factcheck"]
    commands = {
        "web": [
            PYTHON, "-m", "gunicorn", "factcheck.wsgi:application",
            # By path: the package's __init__ would load Celery into the master (12 MB).
            "--config", str(ROOT / "factcheck" / "gunicorn_config.py"),
            "--bind", f"127.0.0.1:{setting('PORT')}",
            "--workers", setting("WEB_WORKERS"), "--threads", setting("WEB_THREADS"),
            "--worker-class", "gthread", "--graceful-timeout", "20", "--timeout", "60",
            # One control socket per topology, not the shared default in the home folder.
            "--control-socket", str(var / "run" / "gunicorn.ctl"),
        ],
        "beat": [*celery, "beat", "--loglevel", "INFO", "--schedule", str(var / "celerybeat")],
    }  # fmt: skip
    for number in range(1, int(setting("WORKERS")) + 1):
        commands[f"worker{number}"] = [
            *celery, "worker", "--hostname", f"worker{number}@%h", "--queues", "celery,links",
            "--pool", setting("WORKER_POOL"), "--concurrency", setting("WORKER_CONCURRENCY"),
            "--loglevel", "INFO", "--without-gossip", "--without-mingle",
        ]  # fmt: skip
    return commands


def pid_file(var: Path, name: str) -> Path:
    return var / "run" / f"{name}.pid"


def running(var: Path) -> dict[str, int | None]:
    """name -> pid of every process with a pid file; None when that pid is gone."""
    found: dict[str, int | None] = {}
    for path in sorted((var / "run").glob("*.pid")):
        pid = int(path.read_text().strip() or 0)
        found[path.stem] = pid if pid and _alive(pid) else None
    return found


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # A zombie (exited, not yet reaped) counts as gone.
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0] != "Z"
    except OSError:
        return False


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stderr[-3000:]}")
    return result.stdout


def start(args: argparse.Namespace) -> int:
    var = var_dir()
    (var / "run").mkdir(parents=True, exist_ok=True)
    (var / "logs").mkdir(parents=True, exist_ok=True)
    if any(running(var).values()):
        log("already running; `status` shows what, `stop` stops it")
        return 1
    env = production_env(var)
    ensure_postgres(env["DATABASE_URL"])
    ensure_redis(env["REDIS_URL"])
    log("migrating, collecting static files, checking the deployment settings")
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "collectstatic", "--noinput", "-v", "0")
    manage(env, "check", "--deploy", "--fail-level", "ERROR")
    credentials = manage(env, "setup_demo")
    for name, command in process_commands(var).items():
        with open(var / "logs" / f"{name}.log", "ab") as out:
            # A session of its own: a Ctrl-C in this shell does not reach it; stop uses the pid.
            child = subprocess.Popen(
                command, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, start_new_session=True,
            )  # fmt: skip
        pid_file(var, name).write_text(f"{child.pid}\n")
    url = f"http://127.0.0.1:{setting('PORT')}/"
    try:
        _wait(lambda: _healthy(url), 60, "gunicorn did not answer /healthz")
        for name in process_commands(var):
            if name.startswith("worker"):
                _wait(lambda n=name: b" ready." in _log_bytes(var, n), 60, f"{name} not ready")
        _wait(lambda: all(running(var).values()), 5, "a process stopped")
    except SystemExit:
        stop(args)
        raise
    log(f"running at {url} (database {urlsplit(env['DATABASE_URL']).path.lstrip('/')})")
    for name, pid in running(var).items():
        log(f"  {name:<8} pid {pid}")
    log(f"logs in {var / 'logs'}; configuration in {var / 'production.env'}")
    if credentials.strip():
        log("demo members (role, user, password):\n" + credentials.rstrip())
    return 0


def stop(args: argparse.Namespace) -> int:
    var = var_dir()
    pids = {name: pid for name, pid in running(var).items() if pid}
    # The web server first (no new work comes in), then beat, then the workers finish their task.
    order = sorted(pids, key=lambda n: (n != "web", n != "beat", n))
    for name in order:
        _signal(pids[name], signal.SIGTERM)
    deadline = time.monotonic() + STOP_GRACE
    while time.monotonic() < deadline and any(_alive(pid) for pid in pids.values()):
        time.sleep(0.2)
    for name, pid in pids.items():
        if _alive(pid):
            log(f"{name} (pid {pid}) did not stop within {STOP_GRACE:.0f} s; killing it")
            _signal(pid, signal.SIGKILL, group=True)
    for name in running(var):
        pid_file(var, name).unlink(missing_ok=True)
    log(f"stopped {len(pids)} process(es)" if pids else "nothing was running")
    return 0


def status(args: argparse.Namespace) -> int:
    var = var_dir()
    states = running(var)
    if not states:
        log("not running")
        return 3
    for name, pid in states.items():
        log(f"{name:<8} {'pid ' + str(pid) if pid else 'STOPPED'}")
    env = read_env_file(var / "production.env")
    url = f"http://127.0.0.1:{setting('PORT')}/"
    healthy = _healthy(url)
    log(f"{url}healthz: {'ok' if healthy else 'no answer'}")
    if args.json:
        print(json.dumps({"processes": states, "healthy": healthy, "url": url, "env": bool(env)}))
    return 0 if healthy and all(states.values()) else 3


def _signal(pid: int, signum: int, *, group: bool = False) -> None:
    # Each process leads its own session, so its group holds only what it started.
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signum) if group else os.kill(pid, signum)


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "healthz", timeout=2) as response:
            return response.status == 200
    except (OSError, urllib.error.URLError):
        return False


def _log_bytes(var: Path, name: str) -> bytes:
    try:
        return (var / "logs" / f"{name}.log").read_bytes()[-200_000:]
    except OSError:
        return b""


def _wait(predicate, timeout: float, failure: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.3)
    sys.exit(f"{failure} within {timeout:.0f} s; see the logs under {var_dir() / 'logs'}.")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("start", help="start PostgreSQL/Redis if needed, migrate, start the processes")
    sub.add_parser("stop", help="stop every process this script started")
    status_parser = sub.add_parser("status", help="which processes run; does /healthz answer")
    status_parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    return {"start": start, "stop": stop, "status": status}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
