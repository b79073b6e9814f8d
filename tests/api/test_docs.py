"""The schema and its docs page: served from our own files, under the strict CSP."""

import re

import pytest

pytestmark = pytest.mark.django_db


def test_docs_page_loads_swagger_from_our_own_static_files(client, editor):
    client.force_login(editor)
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "cdn." not in html and "https://" not in html.split("<body")[0]
    # Every script is a file; the policy allows no inline script.
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "'unsafe-inline'" not in policy.split("style-src")[0]


def test_docs_page_is_for_members_only(client):
    assert client.get("/api/docs/").status_code in (401, 403)


def test_schema_is_valid_openapi(client, editor):
    client.force_login(editor)
    response = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert response.status_code == 200
    assert "/api/sentences/{id}/annotation/" in response.content.decode()
