"""The long-running processes move what they loaded at start out of the collector's full
passes: the web worker once the application and its URL patterns are loaded, the Celery
worker once it is ready."""

import subprocess
import sys

from tests.conftest import ROOT

WEB = """
import gc, os, runpy
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
from factcheck.wsgi import application
config = runpy.run_path("factcheck/gunicorn_config.py")
before = gc.get_freeze_count()
config["post_worker_init"](None)
import sys
print(before, gc.get_freeze_count(), "annotations.api.sentence_views" in sys.modules)
"""

WORKER = """
import gc, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
import django
django.setup()
from celery.signals import worker_process_init, worker_ready
from factcheck.celery import _freeze_loaded_objects
connected = all(
    any(receiver() is _freeze_loaded_objects for _key, receiver in signal.receivers)
    for signal in (worker_ready, worker_process_init)
)
before = gc.get_freeze_count()
_freeze_loaded_objects()  # as the signals would (they would also start the heartbeat)
print(before, gc.get_freeze_count(), connected)
"""


def _run(probe: str) -> list[str]:
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout.split()


def test_a_web_worker_freezes_the_application_with_its_views_loaded():
    before, after, views_loaded = _run(WEB)
    assert int(before) == 0
    assert int(after) > 50_000
    assert views_loaded == "True"


def test_a_celery_worker_freezes_what_it_loaded_once_ready():
    before, after, connected = _run(WORKER)
    assert connected == "True"
    assert int(before) == 0 and int(after) > 20_000
