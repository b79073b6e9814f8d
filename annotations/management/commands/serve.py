"""``manage.py serve``: the embedded workbench in one command (what ``make run`` calls).

Migrates, sets up the demo newsroom and seeds, then runs the web server (gunicorn) and a Celery
worker with the job sweeper side by side until Ctrl-C, which stops both.
"""

import os
import signal
import subprocess
import sys
import time
import urllib.request
from argparse import ArgumentParser
from types import FrameType
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from annotations.services.demo import set_up_demo


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
        children = [
            self._start(self._web_command(options["host"], options["port"])),
            self._start(self._worker_command()),
        ]
        stopping = False

        def stop(signum: int, frame: FrameType | None) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)
        try:
            self._wait_until_up(url, children)
            self._print_banner(url, credentials)
            while not stopping and all(child.poll() is None for child in children):
                time.sleep(0.2)
        finally:
            self._stop(children)
        if not stopping:
            raise CommandError("A process stopped unexpectedly; see the log above.")
        self.stdout.write("Stopped.")

    def _web_command(self, host: str, port: int) -> list[str]:
        return [
            sys.executable, "-m", "gunicorn", "factcheck.wsgi:application",
            "--bind", f"{host}:{port}",
            "--workers", os.environ.get("WEB_CONCURRENCY", "2"),
            "--threads", os.environ.get("WEB_THREADS", "4"),
            "--worker-class", "gthread",
            "--graceful-timeout", "5",
        ]  # fmt: skip

    def _worker_command(self) -> list[str]:
        return [
            sys.executable, "-m", "celery", "-A", "factcheck", "worker",
            "--beat", "--schedule", str(settings.CELERY_BEAT_SCHEDULE_FILENAME),
            "--pool", "threads", "--concurrency", os.environ.get("WORKER_CONCURRENCY", "2"),
            "--loglevel", "INFO", "--without-gossip", "--without-mingle",
        ]  # fmt: skip

    def _start(self, command: list[str]) -> subprocess.Popen[bytes]:
        # A session of their own: Ctrl-C reaches only us, and we stop the children in order.
        return subprocess.Popen(command, cwd=settings.BASE_DIR, start_new_session=True)

    def _wait_until_up(self, url: str, children: list[subprocess.Popen[bytes]]) -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if any(child.poll() is not None for child in children):
                raise CommandError("The web server or the worker failed to start.")
            try:
                with urllib.request.urlopen(url + "healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise CommandError(f"The web server did not answer at {url} within 60 s.")

    def _print_banner(self, url: str, credentials: dict[str, dict[str, str]]) -> None:
        lines = [f"The workbench is running at {url}"]
        if credentials:
            lines.append("Log in as (role, user, password):")
            for username, entry in credentials.items():
                lines.append(f"  {entry['role']:<9} {username:<10} {entry['password']}")
        lines.append("Press Ctrl-C to stop.")
        self.stdout.write("\n".join(lines))
        self.stdout.flush()

    def _stop(self, children: list[subprocess.Popen[bytes]]) -> None:
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 15
        for child in children:
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
                child.wait()
