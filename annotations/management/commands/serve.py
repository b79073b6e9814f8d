"""``manage.py serve``: the embedded workbench in one command (what ``make run`` calls).

Migrates, sets up the demo newsroom and seeds, starts the web server (gunicorn) as a child, and
then becomes the Celery worker itself, with the job sweeper as a thread beside it: two process
groups instead of four, and no process that only waits. Ctrl-C stops the worker (after its
running task), then the web server.
"""

import logging
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from argparse import ArgumentParser
from typing import Any

from celery.signals import worker_ready
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import close_old_connections

from annotations.services.demo import set_up_demo
from annotations.services.jobs import sweep_jobs
from factcheck.celery import app as celery_app

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Run the web server and a worker together (Ctrl-C stops both)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--no-demo", action="store_true", help="Skip demo users and seeds.")

    def handle(self, *args: Any, **options: Any) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        credentials = {} if options["no_demo"] else set_up_demo()
        url = f"http://{options['host']}:{options['port']}/"
        web = self._start(self._web_command(options["host"], options["port"]))
        stopping = threading.Event()
        self.web_failed = ""
        self.worker_ready = threading.Event()
        worker_ready.connect(lambda **kwargs: self.worker_ready.set(), weak=False)
        threading.Thread(
            target=self._sweep, args=(stopping,), name="job-sweeper", daemon=True
        ).start()
        threading.Thread(
            target=self._watch_web, args=(web, url, credentials, stopping), daemon=True
        ).start()
        try:
            self._run_worker()  # returns after Ctrl-C, SIGTERM, or the watcher's stop signal
        finally:
            stopping.set()
            self._stop(web)
        if self.web_failed:
            raise CommandError(self.web_failed)
        self.stdout.write("Stopped.")

    def _run_worker(self) -> None:
        # The banner and log-ins go to the terminal, not through the worker's logger.
        celery_app.conf.worker_redirect_stdouts = False
        celery_app.worker_main(
            [
                "worker", "--pool", "threads",
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

    def _watch_web(
        self,
        web: subprocess.Popen[bytes],
        url: str,
        credentials: dict[str, dict[str, str]],
        stopping: threading.Event,
    ) -> None:
        """Print the banner once the web server answers; stop the worker if it dies."""
        deadline = time.monotonic() + 60
        while not self._answers(url):
            if web.poll() is not None or time.monotonic() > deadline:
                self._give_up(f"The web server did not answer at {url}; see the log above.")
                return
            if stopping.wait(0.3):
                return
        self._print_banner(url, credentials)
        while not stopping.wait(0.2):
            if web.poll() is not None:
                self._give_up("The web server stopped unexpectedly; see the log above.")
                return

    def _give_up(self, message: str) -> None:
        self.web_failed = message
        # The worker's own warm shutdown, once it listens for it (before, SIGTERM would kill).
        self.worker_ready.wait(timeout=120)
        os.kill(os.getpid(), signal.SIGTERM)

    @staticmethod
    def _answers(url: str) -> bool:
        try:
            with urllib.request.urlopen(url + "healthz", timeout=2) as response:
                return response.status == 200
        except OSError:
            return False

    def _web_command(self, host: str, port: int) -> list[str]:
        return [
            sys.executable, "-m", "gunicorn", "factcheck.wsgi:application",
            "--bind", f"{host}:{port}",
            "--workers", os.environ.get("WEB_CONCURRENCY", "1"),
            "--threads", os.environ.get("WEB_THREADS", "8"),
            "--worker-class", "gthread",
            "--graceful-timeout", "5",
            # Not a shared socket in the home directory, which a second instance would take over.
            "--no-control-socket",
        ]  # fmt: skip

    def _start(self, command: list[str]) -> subprocess.Popen[bytes]:
        # A session of its own: Ctrl-C reaches only us; we stop it after the worker.
        return subprocess.Popen(command, cwd=settings.BASE_DIR, start_new_session=True)

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
