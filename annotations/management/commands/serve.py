"""``manage.py serve``: the embedded workbench in one command (what ``make run`` calls).

Migrates, sets up the demo newsroom and seeds, starts the web server (one gunicorn threaded
worker without gunicorn's master, ``factcheck.web_server``) as a child, and then becomes the
Celery worker itself, with the job sweeper as a thread beside it (and, on SQLite, one that
checkpoints the write-ahead log, so saves need not): two processes, and none that only
waits. A web server that dies is started again (up to three times a minute; then serve
stops with an error). Ctrl-C stops the worker (after its running task), then the web server.

The web server dies with this process however it ends (on Linux the kernel sends it SIGTERM
when its parent goes, even after ``kill -9``). A pid file in the var dir names the server of that
var dir, so a start finds a server left behind and replaces it, refuses while another serve of
the same var dir runs, and says which program holds the port when it is not ours.
"""

import ctypes
import errno
import functools
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from argparse import ArgumentParser
from collections.abc import Callable
from pathlib import Path
from typing import Any

from celery.signals import worker_ready
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections

from annotations.services.demo import set_up_demo
from annotations.tasks import sweep_jobs  # jobs, and stale link checks now and then
from factcheck import malloc
from factcheck.backends.sqlite3.checkpoint import checkpoint
from factcheck.celery import app as celery_app

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Run the web server and a worker together (Ctrl-C stops both)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--no-demo", action="store_true", help="Skip demo users and seeds.")

    def handle(self, *args: Any, **options: Any) -> None:
        malloc.tune()  # before migrating and loading the seeds, not only when the worker starts
        self.web_workers = _web_workers()
        host, port = options["host"], options["port"]
        pid_file = Path(settings.VAR_DIR) / PID_FILE
        self._replace_stale_server(pid_file)
        _require_free_port(host, port)
        call_command("migrate", interactive=False, verbosity=0)
        credentials = {} if options["no_demo"] else set_up_demo()
        url = f"http://{host}:{port}/"
        self.web_lock = threading.Lock()
        start_web = functools.partial(self._start_web, host, port, pid_file, url)
        self.web = start_web()
        stopping = threading.Event()
        self.web_failed = ""
        self.worker_ready = threading.Event()
        worker_ready.connect(lambda **kwargs: self.worker_ready.set(), weak=False)
        threading.Thread(
            target=self._sweep, args=(stopping,), name="job-sweeper", daemon=True
        ).start()
        if settings.FACTCHECK_SQLITE_CHECKPOINT_EVERY > 0:
            threading.Thread(
                target=self._checkpoint, args=(stopping,), name="wal-checkpoint", daemon=True
            ).start()
        threading.Thread(
            target=self._watch_web,
            args=(start_web, url, credentials, stopping),
            daemon=True,
        ).start()
        try:
            self._run_worker()  # returns after Ctrl-C, SIGTERM, or the watcher's stop signal
        finally:
            stopping.set()
            with self.web_lock:
                self._stop(self.web)
            pid_file.unlink(missing_ok=True)
        if self.web_failed:
            raise CommandError(self.web_failed)
        self.stdout.write("Stopped.")

    def _run_worker(self) -> None:
        # The banner and log-ins go to the terminal, not through the worker's logger.
        celery_app.conf.worker_redirect_stdouts = False
        celery_app.worker_main(
            [
                "worker", "--pool", "threads", "--queues", "celery,links",
                "--concurrency", os.environ.get("WORKER_CONCURRENCY", "2"),
                "--loglevel", "INFO", "--without-gossip", "--without-mingle",
            ]
        )  # fmt: skip

    def _sweep(self, stopping: threading.Event) -> None:
        """What Celery beat does in production: send again lost jobs, take back dead ones."""
        while not stopping.wait(settings.CELERY_BEAT_SCHEDULE["sweep-jobs"]["schedule"]):
            try:
                sweep_jobs()
            except Exception:  # a locked or lost database: the next round tries again
                logger.exception("job sweep failed")
            finally:
                close_old_connections()

    def _checkpoint(self, stopping: threading.Event) -> None:
        """Copy SQLite's write-ahead log into the database now and then, so saves need not."""
        while not stopping.wait(settings.FACTCHECK_SQLITE_CHECKPOINT_EVERY):
            try:
                if checkpoint() is None:
                    return  # not SQLite in WAL mode: nothing to do, ever
            except Exception:  # a locked or lost database: the next round tries again
                logger.exception("checkpoint of the write-ahead log failed")
        close_old_connections()

    def _start_web(self, host: str, port: int, pid_file: Path, url: str) -> subprocess.Popen[bytes]:
        web = self._start(self._web_command(host, port))
        pid_file.write_text(json.dumps({"serve": os.getpid(), "web": web.pid, "url": url}))
        return web

    def _watch_web(
        self,
        start_web: Callable[[], subprocess.Popen[bytes]],
        url: str,
        credentials: dict[str, dict[str, str]],
        stopping: threading.Event,
    ) -> None:
        """Print the banner once the web server answers; start it again when it dies, and stop
        the worker when it keeps dying or does not come up."""
        if not self._wait_for_web(url, stopping):
            return
        self._print_banner(url, credentials)
        restarts: list[float] = []
        while not stopping.wait(0.2):
            if self.web.poll() is None:
                continue
            now = time.monotonic()
            restarts = [at for at in restarts if now - at < RESTART_WINDOW]
            if len(restarts) >= MAX_RESTARTS:
                self._give_up(
                    f"The web server stopped unexpectedly ({len(restarts) + 1} times within "
                    f"{RESTART_WINDOW:.0f} s); see the log above."
                )
                return
            restarts.append(now)
            with self.web_lock:
                if stopping.is_set():
                    return
                self.stderr.write(
                    f"The web server (pid {self.web.pid}) stopped unexpectedly (exit status "
                    f"{self.web.returncode}); starting it again."
                )
                self.web = start_web()
            # One that dies again before it answers counts as another restart, above.
            if not self._wait_for_web(url, stopping, first=False):
                return

    def _wait_for_web(self, url: str, stopping: threading.Event, *, first: bool = True) -> bool:
        """Wait until the web server answers; False when watching should end (told to stop, or
        it did not come up: the worker is then told to stop). The first start that dies did not
        come up; a restarted one that dies is left to the caller (True)."""
        deadline = time.monotonic() + 90
        while not self._answers(url):
            died = self.web.poll() is not None
            if died and not first:
                return True
            if died or time.monotonic() > deadline:
                self._give_up(f"The web server did not answer at {url}; see the log above.")
                return False
            if stopping.wait(0.3):
                return False
        return True

    def _give_up(self, message: str) -> None:
        self.web_failed = message
        # The worker's own warm shutdown, once it listens for it (before, SIGTERM would kill).
        self.worker_ready.wait(timeout=120)
        os.kill(os.getpid(), signal.SIGTERM)

    @staticmethod
    def _answers(url: str) -> bool:
        # Ready once the database answers: the worker (this process) starts after the banner.
        try:
            with urllib.request.urlopen(url + "healthz?check=database", timeout=5) as response:
                return response.status == 200
        except OSError:
            return False

    def _web_command(self, host: str, port: int) -> list[str]:
        workers = self.web_workers
        # One worker needs no gunicorn master to watch it: serve does (25 MB less).
        server = (
            ["factcheck.web_server"] if workers == 1 else ["gunicorn", "--workers", str(workers)]
        )
        return [
            sys.executable, "-m", *server, "factcheck.wsgi:application",
            # By path, not as python:factcheck.gunicorn_config: importing the factcheck package
            # would bring Celery into gunicorn's master, which only watches its workers (12 MB).
            "--config", str(Path(settings.BASE_DIR) / "factcheck" / "gunicorn_config.py"),
            "--bind", f"{host}:{port}",
            "--threads", os.environ.get("WEB_THREADS", "8"),
            "--worker-class", "gthread",
            "--graceful-timeout", "5",
            # Not a shared socket in the home directory, which a second instance would take over.
            "--no-control-socket",
        ]  # fmt: skip

    def _start(self, command: list[str]) -> subprocess.Popen[bytes]:
        # A session of its own: Ctrl-C reaches only us; we stop it after the worker.
        return subprocess.Popen(
            command,
            cwd=settings.BASE_DIR,
            start_new_session=True,
            preexec_fn=_die_with_parent(os.getpid()),
        )

    def _replace_stale_server(self, pid_file: Path) -> None:
        """Stop the web server a killed serve of this var dir left behind; refuse if that serve
        still runs."""
        try:
            recorded = json.loads(pid_file.read_text())
        except (OSError, ValueError):
            return
        serve_pid, web_pid = int(recorded.get("serve", 0)), int(recorded.get("web", 0))
        if serve_pid != os.getpid() and _runs(serve_pid, "manage.py", "serve"):
            raise CommandError(
                f"The workbench already runs from this var dir ({settings.VAR_DIR}) at "
                f"{recorded.get('url', '?')}, as pid {serve_pid}. Stop it first (Ctrl-C in its "
                f"terminal, or kill {serve_pid})."
            )
        if _runs(web_pid, "factcheck.wsgi"):  # ours, or an older serve's gunicorn
            self.stderr.write(
                f"Stopping the web server (pid {web_pid}) a stopped serve of this var dir "
                "left behind."
            )
            _stop_group(web_pid)
        pid_file.unlink(missing_ok=True)

    def _print_banner(self, url: str, credentials: dict[str, dict[str, str]]) -> None:
        lines = [f"The workbench is running at {url}"]
        if credentials:
            lines.append("Log in as (role, user, password):")
            for username, entry in credentials.items():
                lines.append(f"  {entry['role']:<9} {username:<10} {entry['password']}")
        lines.append("Press Ctrl-C to stop.")
        self.stdout.write("\n".join(lines))
        self.stdout.flush()

    def _stop(self, child: subprocess.Popen[bytes]) -> None:
        if child.poll() is None:
            child.send_signal(signal.SIGTERM)
        try:
            child.wait(timeout=15)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()


PID_FILE = "serve.pid"
MAX_RESTARTS = 3  # of the web server within
RESTART_WINDOW = 60.0  # seconds
PR_SET_PDEATHSIG = 1


def _web_workers() -> int:
    """``WEB_CONCURRENCY``: how many web worker processes (1 when unset)."""
    raw = os.environ.get("WEB_CONCURRENCY") or "1"
    try:
        workers = int(raw)
    except ValueError:
        workers = 0
    if workers < 1:
        raise CommandError(
            f"WEB_CONCURRENCY must be a whole number of web processes, 1 or more (not {raw!r})."
        )
    return workers


def _die_with_parent(parent: int) -> Callable[[], None] | None:
    """What the web server runs before it starts: ask the kernel for SIGTERM when its parent
    (this serve) dies, however it dies. Linux only; elsewhere the pid file is the fallback."""
    if not sys.platform.startswith("linux"):
        return None
    libc = ctypes.CDLL(None, use_errno=True)  # loaded here: no imports after the fork

    def preexec() -> None:
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
        if os.getppid() != parent:  # the parent died before the request took effect
            os.kill(os.getpid(), signal.SIGTERM)

    return preexec


def _command_line(pid: int) -> str:
    """The command line of ``pid``; empty when it is gone or cannot be read (not Linux)."""
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return ""
    return raw.replace(b"\0", b" ").decode(errors="replace").strip()


def _runs(pid: int, *words: str) -> bool:
    """Is ``pid`` alive and its command line the one we expect (not a reused pid)?"""
    if pid <= 0:
        return False
    command = _command_line(pid)
    return bool(command) and all(word in command for word in words)


def _stop_group(pid: int, grace: float = 10.0) -> None:
    """SIGTERM a process and its group (a gunicorn master leads its own), SIGKILL after grace."""
    for signum in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(pid, signum)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline:
            if not _command_line(pid) or _is_zombie(pid):
                return
            time.sleep(0.1)


def _is_zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1].startswith("Z")
    except (OSError, IndexError):
        return True


def _require_free_port(host: str, port: int) -> None:
    """Fail now, naming who holds the port, rather than after migrating and starting."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gunicorn binds
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE:
                raise CommandError(f"Cannot listen on {host}:{port}: {exc.strerror}.") from exc
            holder = _port_holder(port)
            who = f"pid {holder[0]} ({holder[1]})" if holder else "another program"
            raise CommandError(
                f"Port {port} on {host} is in use by {who}. Stop it, or choose another port "
                "with --port (or PORT=... make run)."
            ) from exc


def _port_holder(port: int) -> tuple[int, str] | None:
    """The pid and command line of the process listening on ``port`` (Linux, our own user's
    processes); None when it cannot be told."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:  # LISTEN
                inodes.add(f"socket:[{fields[9]}]")
    if not inodes:
        return None
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            links = {os.readlink(fd) for fd in (entry / "fd").iterdir()}
        except OSError:
            continue
        if links & inodes:
            return int(entry.name), _command_line(int(entry.name))
    return None
