"""Every client mistake is a 4xx in the one JSON shape; a lost database is a 503, never a 500."""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from django.conf import settings

from annotations.models import Annotation, Article

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def raw(client, method: str, path: str, body: bytes, content_type: str, **extra):
    return getattr(client, method)(path, data=body, content_type=content_type, **extra)


def annotation_put(client, sentence, body: bytes, content_type="application/json", **extra):
    return raw(
        client,
        "put",
        f"/api/sentences/{sentence.pk}/annotation/",
        body,
        content_type,
        HTTP_IF_MATCH=f'"{sentence.pk}-0"',
        **extra,
    )


def assert_error(response, status: int, code: str | None = None) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) >= {"code", "message"} and body["message"]
    if code:
        assert body["code"] == code
    return body


def test_malformed_json_is_a_400(as_editor, sentence):
    assert_error(annotation_put(as_editor, sentence, b'{"verdict": '), 400, "malformed")


def test_nan_is_not_json(as_editor, sentence):
    body = b'{"verdict": "verified", "rationale": NaN}'
    assert_error(annotation_put(as_editor, sentence, body), 400, "malformed")


def test_invalid_utf8_is_a_400_saying_so(as_editor, sentence):
    body = '{"verdict": "verified", "rationale": "Grüße"}'.encode("latin-1")
    error = assert_error(annotation_put(as_editor, sentence, body), 400, "malformed")
    assert "UTF-8" in error["message"]


def test_lone_surrogate_is_a_400(as_editor, sentence):
    body = b'{"verdict": "verified", "rationale": "\\ud800"}'
    assert_error(annotation_put(as_editor, sentence, body), 400)
    assert not Annotation.objects.exists()


def test_other_charset_is_refused_with_415(as_editor, sentence):
    body = '{"verdict": "verified", "rationale": "Grüße"}'.encode("latin-1")
    response = annotation_put(as_editor, sentence, body, "application/json; charset=latin-1")
    error = assert_error(response, 415, "unsupported_media_type")
    assert "UTF-8" in error["message"]


def test_explicit_utf8_charset_is_fine(as_editor, sentence):
    body = '{"verdict": "verified", "rationale": "Grüße"}'.encode()
    response = annotation_put(as_editor, sentence, body, "application/json; charset=UTF-8")
    assert response.status_code == 200


def test_form_encoded_body_is_a_415(as_editor, sentence):
    response = annotation_put(
        as_editor, sentence, b"verdict=verified", "application/x-www-form-urlencoded"
    )
    assert_error(response, 415, "unsupported_media_type")


def test_json_array_instead_of_object_is_a_400(as_editor, sentence):
    assert_error(annotation_put(as_editor, sentence, b"[1, 2]"), 400, "invalid")


def test_empty_body_is_a_400(as_editor, sentence):
    assert_error(annotation_put(as_editor, sentence, b""), 400)


def test_oversized_body_is_a_413_before_parsing(as_editor, sentence):
    big = (
        b'{"verdict": "verified", "rationale": "'
        + b"x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)
        + b'"}'
    )
    assert_error(annotation_put(as_editor, sentence, big), 413, "too_large")


def test_declared_oversized_length_is_refused_without_reading(as_editor, sentence):
    response = annotation_put(
        as_editor,
        sentence,
        b"{}",
        CONTENT_LENGTH=str(settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1),
    )
    assert_error(response, 413, "too_large")


def test_article_text_over_the_limit_is_a_413_naming_text(as_editor, settings):
    settings.FACTCHECK_MAX_TEXT_BYTES = 1000
    response = as_editor.post("/api/articles/", {"title": "T", "text": "Satz. " * 400}, "json")
    assert assert_error(response, 413, "too_large")["fields"] == {
        "text": [response.json()["message"]]
    }
    assert not Article.objects.exists()


@pytest.mark.parametrize(
    "path",
    [
        "/api/articles/99999999999999999999999/",
        "/api/sentences/123456789012345678901234567890/annotation/",
        "/api/jobs/0/",
        "/api/no-such-thing/",
    ],
)
def test_unknown_or_impossible_ids_are_json_404s(as_viewer, path):
    assert_error(as_viewer.get(path), 404, "not_found")


def test_wrong_method_is_a_json_405(as_viewer, article):
    assert_error(as_viewer.delete(f"/api/articles/{article.pk}/"), 405, "method_not_allowed")


def test_huge_assignee_id_is_a_400(as_editor, sentence):
    response = as_editor.put(
        f"/api/sentences/{sentence.pk}/assignee/", {"assignee": 10**30}, format="json"
    )
    assert_error(response, 400, "invalid")


def test_nul_in_comment_is_a_400(as_editor, as_reviewer, sentence):
    response = as_reviewer.post(
        f"/api/sentences/{sentence.pk}/annotation/request-changes/",
        {"comment": "a\x00b"},
        format="json",
    )
    assert_error(response, 400, "invalid")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_database_down_is_a_503_in_the_json_shape(tmp_path):
    """A real server process whose database does not answer (nothing listens on its port)."""
    port = free_port()
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"postgres://nobody@127.0.0.1:{free_port()}/gone",
        FACTCHECK_VAR_DIR=str(tmp_path),
        DB_CONNECT_TIMEOUT="1",
    )
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "factcheck.wsgi:application",
         "--bind", f"127.0.0.1:{port}", "--workers", "1", "--log-level", "warning",
         "--no-control-socket"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                response = requests.get(
                    f"http://127.0.0.1:{port}/api/me/",
                    headers={"Authorization": "Token abc"},
                    # Generous: the first request starts Django, on a loaded machine too.
                    timeout=60,
                )
                break
            except requests.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        assert response.status_code == 503
        assert response.json()["code"] == "unavailable"
    finally:
        server.terminate()
        server.wait(timeout=20)
