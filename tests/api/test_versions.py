"""Corrected articles over HTTP: new versions, anchors in listings, orphans, 409s, idempotency."""

import threading

import pytest
import requests
from django.core.files.uploadedfile import SimpleUploadedFile

from annotations.models import Annotation, Article, ArticleVersion, Job, Revision, RevisionAction
from annotations.services.articles import import_article
from annotations.services.tokens import issue_token
from tests.annotations.test_versions_service import DELETED, REWORDED, V1
from tests.review.conftest import approve

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(newsroom, editor, reviewer):
    """Version 1 with every sentence approved."""
    article, _job = import_article(
        newsroom=newsroom, title="Zahlen", text=V1, language="de", imported_by=editor
    )
    for sentence in article.sentences.order_by("ordinal"):
        approve(sentence, editor, reviewer, "verified")
    return article


def new_version(client, article, text, *, key=None, **fields):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post(
        f"/api/articles/{article.pk}/versions/", {"text": text, **fields}, format="json", **headers
    )


def sentences(client, article, **params):
    response = client.get(f"/api/articles/{article.pk}/sentences/", params)
    assert response.status_code == 200, response.json()
    return response.json()["results"]


def test_a_new_version_answers_201_with_the_article_its_number_and_the_anchoring(as_editor, story):
    response = new_version(as_editor, story, REWORDED, note="Korrektur: 14 statt 12 Prozent")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["id"] == story.pk and body["version"] == 2 and body["text"] == REWORDED
    assert body["anchoring"] == {"kept": 5, "changed": 1, "orphaned": 0, "new": 0}
    job = Job.objects.get(pk=body["job"]["id"])
    assert job.kind == "pretag" and job.state == "queued"
    assert job.params["version_id"] == ArticleVersion.objects.get(article=story, number=2).pk
    assert body["status"]["ready"] is False
    assert "needs_recheck" in [b["code"] for b in body["status"]["blockers"]]


def test_the_detail_shows_the_current_version_and_the_list_shows_all(as_viewer, as_editor, story):
    new_version(as_editor, story, REWORDED, note="Korrektur")
    detail = as_viewer.get(f"/api/articles/{story.pk}/").json()
    assert detail["version"] == 2 and detail["text"] == REWORDED
    assert detail["status"]["sentences"] == 6  # the current version's only
    listed = as_viewer.get(f"/api/articles/{story.pk}/versions/").json()
    assert [(v["number"], v["current"]) for v in listed["results"]] == [(1, False), (2, True)]
    second = listed["results"][1]
    assert second["note"] == "Korrektur" and second["created_by"]["username"] == "editor"
    assert second["anchoring"]["changed"] == 1 and second["sentences"] == 6
    assert second["text_hash"] == detail["text_hash"]
    listing = as_viewer.get("/api/articles/").json()["results"][0]
    assert listing["version"] == 2 and listing["sentences"] == 6 and listing["annotated"] == 6


def test_sentence_listings_carry_the_anchor_and_needs_recheck(as_viewer, as_editor, story):
    old = {s["id"]: s for s in sentences(as_viewer, story)}
    new_version(as_editor, story, REWORDED)
    current = sentences(as_viewer, story)
    assert {s["version"] for s in current} == {2} and not set(old) & {s["id"] for s in current}
    changed = [s for s in current if s["annotation"]["anchor"]["state"] == "changed"]
    kept = [s for s in current if s["annotation"]["anchor"]["state"] == "kept"]
    assert len(changed) == 1 and len(kept) == 5
    (item,) = changed
    assert item["annotation"]["needs_recheck"] is True
    assert item["annotation"]["review_state"] == "draft"
    assert "12 Prozent" in item["annotation"]["anchor"]["previous_text"]
    assert "14 Prozent" in item["text"]
    assert 0.7 <= item["annotation"]["anchor"]["score"] < 1
    assert all(s["annotation"]["needs_recheck"] is False for s in kept)
    assert all(s["annotation"]["anchor"]["score"] == 1.0 for s in kept)
    first = sentences(as_viewer, story, version=1)
    assert [s["id"] for s in first] == list(old) and {s["version"] for s in first} == {1}
    assert all(s["annotation"] is None for s in first)  # every verdict moved on


def test_an_unknown_version_is_a_404_and_a_bad_one_a_400(as_viewer, story):
    url = f"/api/articles/{story.pk}/sentences/"
    assert as_viewer.get(url, {"version": 7}).status_code == 404
    assert as_viewer.get(url, {"version": "zwei"}).status_code == 400


def test_sentence_listing_of_an_old_version_costs_one_query_more(
    as_viewer, as_editor, story, django_assert_num_queries
):
    new_version(as_editor, story, REWORDED)
    with django_assert_num_queries(5):  # token+user, article, count, page, evidence
        as_viewer.get(f"/api/articles/{story.pk}/sentences/")
    with django_assert_num_queries(5):  # ... and the version, but no verdicts left there
        as_viewer.get(f"/api/articles/{story.pk}/sentences/?version=1")


def test_orphans_are_listed_with_their_old_text_verdict_and_evidence(as_viewer, as_editor, story):
    response = new_version(as_editor, story, DELETED)
    assert response.json()["anchoring"]["orphaned"] == 1
    body = as_viewer.get(f"/api/articles/{story.pk}/orphans/").json()
    (orphan,) = body["results"]
    assert orphan["text"] == "Sie verlangt eine unabhängige Prüfung bis Ende Juni."
    assert orphan["version"] == 1 and orphan["verdict"] == "verified"
    assert orphan["evidence"][0]["url"] == "https://example.org/report"
    assert orphan["anchor"]["state"] == "orphaned"
    assert "orphaned" in [b["code"] for b in response.json()["status"]["blockers"]]


def test_an_editor_reattaches_an_orphan_and_the_move_is_audited(as_editor, story):
    new_version(as_editor, story, DELETED + "\n\nEin ganz anderer Satz steht jetzt hier am Ende.")
    (orphan,) = as_editor.get(f"/api/articles/{story.pk}/orphans/").json()["results"]
    target = [s for s in sentences(as_editor, story) if s["annotation"] is None][0]
    url = f"/api/articles/{story.pk}/orphans/{orphan['id']}/reattach/"
    response = as_editor.post(url, {"sentence": target["id"]}, format="json")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["sentence"] == target["id"] and body["needs_recheck"] is True
    assert body["anchor"]["state"] == "changed" and body["anchor"]["method"] == "manual"
    assert body["anchor"]["previous_text"] == orphan["text"]
    assert response["ETag"] == body["etag"]
    assert as_editor.get(f"/api/articles/{story.pk}/orphans/").json()["results"] == []
    revision = Revision.objects.get(action=RevisionAction.REATTACH)
    assert revision.before["sentence"] == orphan["sentence"]
    history = as_editor.get(f"/api/sentences/{target['id']}/revisions/").json()
    assert "reattach" in [r["action"] for r in history]


def test_an_orphan_cannot_go_onto_a_sentence_with_a_verdict_or_of_an_old_version(as_editor, story):
    new_version(as_editor, story, DELETED)
    (orphan,) = as_editor.get(f"/api/articles/{story.pk}/orphans/").json()["results"]
    url = f"/api/articles/{story.pk}/orphans/{orphan['id']}/reattach/"
    taken = sentences(as_editor, story)[0]["id"]
    response = as_editor.post(url, {"sentence": taken}, format="json")
    assert response.status_code == 409 and response.json()["code"] == "sentence_taken"
    old = sentences(as_editor, story, version=1)[0]["id"]
    response = as_editor.post(url, {"sentence": old}, format="json")
    assert response.status_code == 409 and response.json()["code"] == "article_version_changed"


def test_closing_an_orphan_is_audited_and_needs_an_editor(as_viewer, as_editor, story):
    new_version(as_editor, story, DELETED)
    (orphan,) = as_editor.get(f"/api/articles/{story.pk}/orphans/").json()["results"]
    url = f"/api/articles/{story.pk}/orphans/{orphan['id']}/close/"
    assert as_viewer.post(url, {}, format="json").status_code == 403
    response = as_editor.post(url, {"reason": "Satz gestrichen"}, format="json")
    assert response.status_code == 200 and response.json()["anchor"]["state"] == "closed"
    assert Revision.objects.get(action=RevisionAction.CLOSE).after["comment"] == "Satz gestrichen"
    assert as_editor.post(url, {}, format="json").status_code == 404


def test_writes_to_a_superseded_version_answer_409(as_editor, as_reviewer, story):
    old = sentences(as_editor, story)[3]
    new_version(as_editor, story, DELETED)
    url = f"/api/sentences/{old['id']}/annotation/"
    tag = old["annotation"]["etag"]
    response = as_editor.put(url, {"verdict": "disputed"}, format="json", HTTP_IF_MATCH=tag)
    assert response.status_code == 409 and response.json()["code"] == "article_version_changed"
    for action in ("submit", "approve"):
        client = as_reviewer if action == "approve" else as_editor
        response = client.post(url + f"{action}/")
        assert response.status_code == 409, action
    response = as_editor.put(
        f"/api/sentences/{old['id']}/assignee/", {"assignee": None}, format="json"
    )
    assert response.status_code == 409
    assert as_editor.get(url).status_code == 200  # reading an old version stays possible


def test_identical_text_answers_200_and_creates_nothing(as_editor, story):
    response = new_version(as_editor, story, V1)
    assert response.status_code == 200
    body = response.json()
    assert body["version"] == 1 and body["job"] is None
    assert body["anchoring"] == {"kept": 0, "changed": 0, "orphaned": 0, "new": 0}
    assert ArticleVersion.objects.filter(article=story).count() == 1
    assert Job.objects.filter(article=story).count() == 1


def test_another_newsrooms_article_is_a_404(as_outsider, story):
    response = new_version(as_outsider, story, REWORDED)
    assert response.status_code == 404
    assert as_outsider.get(f"/api/articles/{story.pk}/versions/").status_code == 404
    assert as_outsider.get(f"/api/articles/{story.pk}/orphans/").status_code == 404
    assert ArticleVersion.objects.filter(article=story).count() == 1


def test_a_viewer_cannot_import_a_version(as_viewer, story):
    assert new_version(as_viewer, story, REWORDED).status_code == 403


@pytest.mark.parametrize(
    ("text", "code"), [(V1 + "\x07", "forbidden_character"), ("   ", "required")]
)
def test_an_invalid_text_is_a_400_and_the_current_version_stays(as_editor, story, text, code):
    response = new_version(as_editor, story, text)
    assert response.status_code == 400 and response.json()["code"] == code
    story.refresh_from_db()
    assert story.version == 1 and story.text == V1
    assert ArticleVersion.objects.filter(article=story).count() == 1


def test_a_version_can_be_uploaded_as_a_text_file(as_editor, story):
    upload = SimpleUploadedFile("korrektur.txt", REWORDED.encode(), content_type="text/plain")
    response = as_editor.post(
        f"/api/articles/{story.pk}/versions/", {"file": upload, "note": "Datei"}, format="multipart"
    )
    assert response.status_code == 201, response.json()
    assert response.json()["anchoring"]["changed"] == 1


def test_a_stale_base_version_is_a_409(as_editor, story):
    assert new_version(as_editor, story, REWORDED, base_version=1).status_code == 201
    response = new_version(as_editor, story, DELETED, base_version=1)
    assert response.status_code == 409 and response.json()["code"] == "article_version_changed"
    assert Article.objects.get(pk=story.pk).version == 2


def test_the_same_idempotency_key_replays_the_first_version_import(as_editor, story):
    first = new_version(as_editor, story, REWORDED, key="k-1")
    again = new_version(as_editor, story, REWORDED, key="k-1")
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert ArticleVersion.objects.filter(article=story).count() == 2
    assert Revision.objects.filter(action=RevisionAction.REANCHOR).count() == 6


def test_an_idempotency_key_is_per_user_and_per_request(as_editor, as_second_editor, story):
    new_version(as_editor, story, REWORDED, key="k-2")
    other = new_version(as_second_editor, story, DELETED, key="k-2")
    assert other.status_code == 201 and other.json()["version"] == 3
    reused = as_editor.post(
        "/api/articles/", {"title": "T", "text": V1}, format="json", HTTP_IDEMPOTENCY_KEY="k-2"
    )
    assert reused.status_code == 400 and reused.json()["code"] == "idempotency_key_reused"


def test_an_idempotency_key_older_than_a_day_imports_again(as_editor, story):
    from datetime import timedelta

    from django.utils import timezone

    from annotations.models import IdempotentRequest

    new_version(as_editor, story, REWORDED, key="k-3")
    IdempotentRequest.objects.update(created_at=timezone.now() - timedelta(hours=25))
    response = new_version(as_editor, story, DELETED, key="k-3")
    assert response.status_code == 201 and response.json()["version"] == 3


def test_the_same_idempotency_key_replays_the_first_article_import(as_editor, newsroom):
    body = {"title": "Zahlen", "text": V1}
    first = as_editor.post("/api/articles/", body, format="json", HTTP_IDEMPOTENCY_KEY="a-1")
    again = as_editor.post("/api/articles/", body, format="json", HTTP_IDEMPOTENCY_KEY="a-1")
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json()["id"] == first.json()["id"]
    assert Article.objects.count() == 1 and Job.objects.count() == 1


def test_the_same_idempotency_key_with_another_body_gets_422_and_imports_nothing(
    as_editor, newsroom
):
    first = as_editor.post(
        "/api/articles/", {"title": "Zahlen", "text": V1}, format="json", HTTP_IDEMPOTENCY_KEY="a-3"
    )
    other = as_editor.post(
        "/api/articles/", {"title": "Andere", "text": V1}, format="json", HTTP_IDEMPOTENCY_KEY="a-3"
    )
    assert (first.status_code, other.status_code) == (201, 422)
    assert other.json()["code"] == "idempotency_key_reused"
    assert "different body" in other.json()["message"]
    assert "Idempotent-Replayed" not in other
    assert Article.objects.count() == 1


def test_a_version_import_retried_with_another_text_gets_422(as_editor, story):
    assert new_version(as_editor, story, REWORDED, key="k-4").status_code == 201
    other = new_version(as_editor, story, DELETED, key="k-4")
    assert other.status_code == 422 and other.json()["code"] == "idempotency_key_reused"
    assert ArticleVersion.objects.filter(article=story).count() == 2


def test_an_upload_retried_with_a_new_multipart_boundary_replays(as_editor, newsroom):
    from django.test.client import encode_multipart

    def upload(boundary):
        file = SimpleUploadedFile("a.txt", V1.encode(), content_type="text/plain")
        body = encode_multipart(boundary, {"title": "Datei", "language": "de", "file": file})
        return as_editor.generic(
            "POST",
            "/api/articles/",
            body,
            content_type=f"multipart/form-data; boundary={boundary}",
            HTTP_IDEMPOTENCY_KEY="a-4",
        )

    first, again = upload("first-boundary"), upload("second-boundary")
    assert (first.status_code, again.status_code) == (201, 201)
    assert again["Idempotent-Replayed"] == "true" and again.json()["id"] == first.json()["id"]


def test_a_failed_import_does_not_burn_its_idempotency_key(as_editor, newsroom):
    bad = as_editor.post(
        "/api/articles/", {"title": " ", "text": V1}, format="json", HTTP_IDEMPOTENCY_KEY="a-2"
    )
    good = as_editor.post(
        "/api/articles/", {"title": "T", "text": V1}, format="json", HTTP_IDEMPOTENCY_KEY="a-2"
    )
    assert (bad.status_code, good.status_code) == (400, 201)


@pytest.mark.django_db(transaction=True)
def test_two_version_imports_racing_one_wins_the_other_gets_409(live_server, newsroom, editor):
    """Real threads against a real server; on PostgreSQL in the production leg."""
    article, _job = import_article(newsroom=newsroom, title="Z", text=V1, language="de")
    token = issue_token(user=editor)
    url = f"{live_server.url}/api/articles/{article.pk}/versions/"
    barrier = threading.Barrier(2)
    results: list[int] = []

    def post(text: str) -> None:
        session = requests.Session()
        session.headers["Authorization"] = f"Token {token}"
        barrier.wait(timeout=30)
        response = session.post(url, json={"text": text, "base_version": 1}, timeout=60)
        results.append(response.status_code)

    threads = [threading.Thread(target=post, args=(t,)) for t in (REWORDED, DELETED)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [201, 409]
    assert ArticleVersion.objects.filter(article=article).count() == 2
    assert Article.objects.get(pk=article.pk).version == 2
    assert Annotation.objects.count() == 0
