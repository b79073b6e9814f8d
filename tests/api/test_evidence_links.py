"""Evidence links over HTTP: the ``link`` of every evidence item, re-checks on demand, and the
page snapshot served as plain text only (real fetches to a local server on 127.0.0.1)."""

import pytest

from annotations.models import Evidence, Job, JobKind
from annotations.services.jobs import run_job
from tests.fetch_servers import page, serving

pytestmark = pytest.mark.django_db

HOSTILE = (
    b"<html><head><title>Bericht<script>alert(1)</script></title></head><body><article>"
    b"<p>Die Regierung hat die Zahlen am Montag vorgelegt und erklaert, der Anteil sei auf "
    b"57 Prozent gestiegen.</p><script>document.title='x'</script>"
    b"<p>Die Opposition kritisierte die Zahlen als geschoent.</p></article></body></html>"
)
LINK_KEYS = {"status", "http_status", "final_url", "checked_at", "excerpt_match", "snapshot_url"}
# What the badges read besides the names: passages, attribution match, rot, change.
FOUND_KEYS = {"excerpt_passage", "quote_match", "quote_passage", "first_ok_at", "broken_since",
              "changed_at"}  # fmt: skip


@pytest.fixture
def site(settings):
    with serving({"/report": page(HOSTILE)}) as server:
        settings.FACTCHECK_LINKCHECK_ALLOW = [f"127.0.0.1:{server.port}"]
        settings.FACTCHECK_LINKCHECK_HOST_INTERVAL = 0
        yield server


def put_verdict(client, sentence, evidence, version=0):
    return client.put(
        f"/api/sentences/{sentence.pk}/annotation/",
        {"verdict": "verified", "rationale": "", "evidence": evidence},
        format="json",
        HTTP_IF_MATCH=f'"{sentence.pk}-{version}"',
    )


@pytest.fixture
def checked(as_editor, sentence, site):
    """An evidence item whose link check has run: (its id, the PUT response's body)."""
    body = put_verdict(
        as_editor, sentence, [{"url": site.url("/report"), "excerpt": "auf 57 Prozent gestiegen"}]
    ).json()
    run_job(Job.objects.get(kind=JobKind.LINK_CHECK).pk)
    return body["evidence"][0]["id"], body


def test_a_saved_item_carries_its_link_as_checking(as_editor, sentence, site):
    response = put_verdict(as_editor, sentence, [{"url": site.url("/report")}])
    assert response.status_code == 200, response.json()
    item = response.json()["evidence"][0]
    assert set(item["link"]) == LINK_KEYS | FOUND_KEYS
    assert item["link"]["status"] == "checking" and item["link"]["snapshot_url"] is None
    assert Evidence.objects.get(pk=item["id"]).url == site.url("/report")


def test_after_the_check_every_door_shows_the_link(as_viewer, sentence, checked, site):
    evidence_id, _ = checked
    annotation = as_viewer.get(f"/api/sentences/{sentence.pk}/annotation/").json()
    link = annotation["evidence"][0]["link"]
    assert link["status"] == "ok" and link["http_status"] == 200
    assert link["final_url"] == site.url("/report")
    assert link["excerpt_match"] == "verbatim" and link["checked_at"]
    assert link["snapshot_url"] == f"/api/evidence/{evidence_id}/snapshot/"
    assert annotation["evidence"][0]["title"] == "Bericht"  # filled in, without the script
    rows = as_viewer.get(f"/api/articles/{sentence.article_id}/sentences/").json()["results"]
    row = next(r for r in rows if r["id"] == sentence.pk)
    assert row["annotation"]["evidence"][0] == annotation["evidence"][0]


def test_the_snapshot_is_plain_text_never_html(as_viewer, checked):
    evidence_id, _ = checked
    response = as_viewer.get(f"/api/evidence/{evidence_id}/snapshot/", HTTP_ACCEPT="text/html")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline")
    text = response.content.decode()
    assert "57 Prozent" in text and "<script" not in text and "alert" not in text


def test_the_snapshot_answers_a_client_that_asks_for_text(as_viewer, checked):
    evidence_id, _ = checked
    response = as_viewer.get(f"/api/evidence/{evidence_id}/snapshot/", HTTP_ACCEPT="text/plain")
    assert response.status_code == 200 and b"57 Prozent" in response.content


def test_no_snapshot_yet_is_404(as_editor, sentence, site):
    item = put_verdict(as_editor, sentence, [{"url": site.url("/report")}]).json()["evidence"][0]
    assert as_editor.get(f"/api/evidence/{item['id']}/snapshot/").status_code == 404


def test_an_editor_rechecks_a_link_and_gets_the_job(as_editor, checked, site):
    evidence_id, _ = checked
    site.routes["/report"] = page(b"weg", status=404)
    response = as_editor.post(f"/api/evidence/{evidence_id}/recheck/")
    assert response.status_code == 202, response.json()
    job = response.json()
    assert job["kind"] == "link_check" and job["state"] == "queued"
    assert Evidence.objects.get(pk=evidence_id).link_status == "checking"
    assert run_job(job["id"]) == "done"
    row = Evidence.objects.get(pk=evidence_id)
    assert row.link_status == "not_found" and row.link_broken_since is not None
    assert row.link_first_ok_at is not None and row.snapshot_at is not None


def test_a_viewer_may_not_recheck(as_viewer, checked):
    evidence_id, _ = checked
    response = as_viewer.post(f"/api/evidence/{evidence_id}/recheck/")
    assert response.status_code == 403
    assert Evidence.objects.get(pk=evidence_id).link_status == "ok"


@pytest.mark.parametrize("suffix", ["recheck/", "snapshot/"])
def test_another_newsrooms_evidence_is_404(as_outsider, checked, suffix):
    evidence_id, _ = checked
    call = as_outsider.post if suffix == "recheck/" else as_outsider.get
    response = call(f"/api/evidence/{evidence_id}/{suffix}")
    assert response.status_code == 404
    assert Job.objects.filter(kind=JobKind.LINK_CHECK).count() == 1


def test_an_unknown_evidence_id_is_404(as_editor, db):
    assert as_editor.post("/api/evidence/999999/recheck/").status_code == 404
    assert as_editor.get("/api/evidence/999999/snapshot/").status_code == 404


def test_an_edit_of_other_fields_keeps_the_ids_and_the_link(as_editor, sentence, checked, site):
    evidence_id, body = checked
    edited = [{"url": site.url("/report"), "title": "Eigener Titel"}]
    response = put_verdict(as_editor, sentence, edited, version=body["version"])
    item = response.json()["evidence"][0]
    assert item["id"] == evidence_id and item["title"] == "Eigener Titel"
    assert item["link"]["status"] == "ok" and item["link"]["snapshot_url"]
    assert Job.objects.filter(kind=JobKind.LINK_CHECK).count() == 1
