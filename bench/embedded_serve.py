"""``manage.py serve`` (what ``make run`` runs) for a benchmark: a fresh var dir, a loopback port.

    with embedded_serve(var_dir) as served:
        requests.get(f"{served.url}/api/me/", headers={"Authorization": f"Token {served.token}"})

The server runs on the embedded default (SQLite, the filesystem broker) whatever the caller's
environment names, answers before the block starts, and is stopped when it ends.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
# What would move the server off the embedded default.
_PRODUCTION_SETTINGS = ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL")


@dataclass(frozen=True)
class Served:
    url: str  # without a trailing slash
    token: str  # the demo editor's API token
    process: subprocess.Popen[bytes]
    env: dict[str, str]  # the server's environment, for other manage.py commands


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(url: str, server: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit("manage.py serve stopped while starting")
        try:
            if requests.get(f"{url}/healthz", timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise SystemExit("manage.py serve did not answer within 180 s")


def editor_token(env: dict[str, str]) -> str:
    """The demo editor's API token (made when missing), in the database ``env`` names."""
    return subprocess.run(
        [sys.executable, "manage.py", "create_token", "editor"],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    ).stdout.split()[-1]  # fmt: skip


def stop(server: subprocess.Popen[bytes]) -> None:
    server.terminate()
    try:
        server.wait(timeout=60)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


@contextmanager
def embedded_serve(var_dir: str, **settings: str) -> Iterator[Served]:
    """Start ``manage.py serve`` on ``var_dir`` with ``settings`` added to its environment."""
    env = {k: v for k, v in os.environ.items() if k not in _PRODUCTION_SETTINGS}
    env.update(FACTCHECK_VAR_DIR=var_dir, LOG_LEVEL="WARNING", **settings)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [sys.executable, "manage.py", "serve", "--port", str(port)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_until_up(url, server)
        yield Served(url, editor_token(env), server, env)
    finally:
        stop(server)
