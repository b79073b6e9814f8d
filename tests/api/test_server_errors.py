"""What gunicorn itself answers, before Django sees a request (``factcheck.gunicorn_config``):
the API's JSON error shape with the app's security headers, not gunicorn's bare page. Both
ways it runs: gunicorn with its master (production) and the embedded default's single worker
(``factcheck.web_server``)."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
import requests

from factcheck.gunicorn_config import error_response

ROOT = Path(__file__).resolve().parents[2]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


SERVERS = {
    "gunicorn": ["gunicorn", "--workers", "1", "--config", "python:factcheck.gunicorn_config"],
    "embedded": ["factcheck.web_server", "--config", "factcheck/gunicorn_config.py"],
}


@pytest.fixture(scope="module", params=sorted(SERVERS))
def server(request, tmp_path_factory):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL")}
    env.update(FACTCHECK_VAR_DIR=str(tmp_path_factory.mktemp("gunicorn")), LOG_LEVEL="ERROR")
    process = subprocess.Popen(
        [sys.executable, "-m", *SERVERS[request.param], "factcheck.wsgi:application",
         "--bind", f"127.0.0.1:{port}", "--log-level", "error", "--no-control-socket"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                requests.get(f"{url}/api/", timeout=60)
                break
            except requests.ConnectionError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        assert process.wait(timeout=30) == 0  # a graceful stop on SIGTERM


def test_a_url_over_the_request_line_limit_is_a_414_in_the_json_shape(server):
    response = requests.get(f"{server}/api/search/?q={'a' * 9000}", timeout=60)
    assert response.status_code == 414
    assert response.headers["Content-Type"] == "application/json"
    assert response.json()["code"] == "uri_too_long"
    assert "8,190 bytes" in response.json()["message"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "default-src 'none'" in response.headers["Content-Security-Policy"]


def test_the_longest_search_the_schema_allows_reaches_the_app(server):
    """500 four-byte characters, percent-encoded, with every filter: answered by Django (401
    without a token), not refused by the server in front of it."""
    q = quote("\U0001f600" * 500)
    filters = (
        "&language=de&date_field=published&date_from=2000-01-01&date_to=2000-01-01"
        "&verdict=disputed&review_state=changes_requested&assignee=12345678901234567890"
        "&checkworthy=true&needs_recheck=false&versions=current&page=999999&page_size=500"
    )
    response = requests.get(f"{server}/api/search/?q={q}{filters}", timeout=60)
    assert response.status_code == 401
    assert response.json()["code"] == "not_authenticated"


def test_too_large_headers_are_a_431_in_the_json_shape(server):
    response = requests.get(f"{server}/api/", headers={"X-Big": "x" * 9000}, timeout=60)
    assert response.status_code in (400, 431)
    assert response.headers["Content-Type"] == "application/json"
    assert response.json()["code"] in ("bad_request", "headers_too_large")


def test_an_unknown_status_still_gets_the_shape_and_no_echo():
    answer = error_response(499, "Odd")
    head, body = answer.split(b"\r\n\r\n", 1)
    assert head.startswith(b"HTTP/1.1 499 Odd\r\n") and b"Content-Length: " in head
    assert body == b'{"code": "bad_request", "message": "The request was refused (Odd)."}'
