"""Verdicts over HTTP: ETag / If-Match, ignored fields, evidence checks, review transitions."""

import pytest

from annotations.models import Annotation, Revision

pytestmark = pytest.mark.django_db

VERDICT = {
    "verdict": "disputed",
    "rationale": "The ministry's figures say otherwise.",
    "evidence": [{"url": "https://example.org/figures", "title": "Figures", "stance": "refutes"}],
}


def url(sentence, suffix: str = "") -> str:
    return f"/api/sentences/{sentence.pk}/annotation/{suffix}"


def put(client, sentence, body, if_match):
    extra = {"HTTP_IF_MATCH": if_match} if if_match is not None else {}
    return client.put(url(sentence), body, format="json", **extra)


def test_sentence_without_verdict_reads_as_version_zero_with_etag(as_viewer, sentence):
    response = as_viewer.get(url(sentence))
    assert response.status_code == 200
    body = response.json()
    assert body["version"] == 0 and body["verdict"] is None and body["evidence"] == []
    assert response["ETag"] == f'"{sentence.pk}-0"' == body["etag"]


def test_put_with_current_etag_saves_and_returns_the_new_etag(as_editor, sentence, editor):
    response = put(as_editor, sentence, VERDICT, f'"{sentence.pk}-0"')
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["version"] == 1 and body["verdict"] == "disputed"
    assert body["review_state"] == "draft"
    assert body["evidence"][0]["url"] == "https://example.org/figures"
    assert body["evidence"][0]["stance"] == "refutes"
    assert body["created_by"] == {"id": editor.pk, "username": "editor"}
    assert response["ETag"] == f'"{sentence.pk}-1"'


def test_weak_etag_prefix_is_accepted(as_editor, sentence):
    assert put(as_editor, sentence, VERDICT, f'W/"{sentence.pk}-0"').status_code == 200


def test_put_without_if_match_gets_428(as_editor, sentence):
    response = put(as_editor, sentence, VERDICT, None)
    assert response.status_code == 428
    assert response.json()["code"] == "precondition_required"
    assert not Annotation.objects.exists()


def test_second_save_with_stale_etag_gets_412_with_the_current_state(
    as_editor, as_second_editor, sentence
):
    first = put(as_editor, sentence, VERDICT, f'"{sentence.pk}-0"')
    assert first.status_code == 200
    stale = put(
        as_second_editor, sentence, {**VERDICT, "verdict": "verified"}, f'"{sentence.pk}-0"'
    )
    assert stale.status_code == 412
    body = stale.json()
    assert body["code"] == "stale_version"
    assert body["current"]["version"] == 1 and body["current"]["verdict"] == "disputed"
    assert stale["ETag"] == first["ETag"]
    assert Revision.objects.filter(sentence=sentence).count() == 1


@pytest.mark.parametrize("header", ['"1-0"', "garbage", '"abc-def"', '"999999-0"'])
def test_if_match_naming_another_sentence_or_malformed_gets_412(as_editor, sentence, header):
    response = put(as_editor, sentence, VERDICT, header)
    assert response.status_code == 412 or sentence.pk == 1
    assert not Annotation.objects.exists() or sentence.pk == 1


def test_fields_a_client_must_not_set_are_ignored(as_editor, sentence, editor, reviewer):
    body = {
        **VERDICT,
        "id": 999,
        "sentence": 12345,
        "version": 77,
        "review_state": "approved",
        "created_by": reviewer.pk,
        "updated_by": {"id": reviewer.pk},
        "reviewed_by": reviewer.pk,
        "created_at": "2000-01-01T00:00:00Z",
        "etag": '"1-99"',
    }
    response = put(as_editor, sentence, body, f'"{sentence.pk}-0"')
    assert response.status_code == 200
    annotation = Annotation.objects.get(sentence=sentence)
    assert annotation.version == 1 and annotation.review_state == "draft"
    assert annotation.created_by_id == editor.pk and annotation.reviewed_by_id is None
    assert annotation.created_at.year > 2000


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(1)",
        "data:text/html,<b>x</b>",
        "ftp://example.org/file",
        "https://",
        "https://" + "a" * 2050 + ".org/",
        "not a url",
    ],
)
def test_bad_evidence_link_is_a_400_naming_the_field(as_editor, sentence, link):
    body = {**VERDICT, "evidence": [{"url": "https://ok.example.org/"}, {"url": link}]}
    response = put(as_editor, sentence, body, f'"{sentence.pk}-0"')
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["evidence[1].url"]
    assert not Annotation.objects.exists()


def test_unknown_verdict_is_a_400_naming_the_field(as_editor, sentence):
    response = put(as_editor, sentence, {"verdict": "true"}, f'"{sentence.pk}-0"')
    assert response.status_code == 400
    assert "verdict" in response.json()["fields"]


def test_unknown_stance_is_a_400_naming_the_field(as_editor, sentence):
    body = {"verdict": "verified", "evidence": [{"url": "https://e.org/", "stance": "maybe"}]}
    response = put(as_editor, sentence, body, f'"{sentence.pk}-0"')
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["evidence[0].stance"]


def test_bidi_override_in_rationale_is_a_400(as_editor, sentence):
    body = {"verdict": "verified", "rationale": "ok \u202e reversed"}
    response = put(as_editor, sentence, body, f'"{sentence.pk}-0"')
    assert response.status_code == 400
    assert list(response.json()["fields"]) == ["rationale"]


def test_submit_then_approve_by_another_person(as_editor, as_reviewer, sentence):
    saved = put(as_editor, sentence, VERDICT, f'"{sentence.pk}-0"')
    submitted = as_editor.post(url(sentence, "submit/"), HTTP_IF_MATCH=saved["ETag"])
    assert submitted.status_code == 200 and submitted.json()["review_state"] == "submitted"
    approved = as_reviewer.post(url(sentence, "approve/"), HTTP_IF_MATCH=submitted["ETag"])
    assert approved.status_code == 200
    assert approved.json()["review_state"] == "approved"
    assert approved.json()["reviewed_by"]["username"] == "reviewer"
    assert approved["ETag"] == f'"{sentence.pk}-3"'


def test_reviewer_who_edited_last_is_denied_approval_four_eyes(as_reviewer, sentence):
    saved = put(as_reviewer, sentence, VERDICT, f'"{sentence.pk}-0"')
    as_reviewer.post(url(sentence, "submit/"), HTTP_IF_MATCH=saved["ETag"])
    response = as_reviewer.post(url(sentence, "approve/"))
    assert response.status_code == 403
    assert response.json()["code"] == "four_eyes"


def test_approving_a_draft_is_a_409(as_editor, as_reviewer, sentence):
    put(as_editor, sentence, VERDICT, f'"{sentence.pk}-0"')
    response = as_reviewer.post(url(sentence, "approve/"))
    assert response.status_code == 409
    assert response.json()["code"] == "invalid_transition"


def test_submitting_without_a_verdict_is_a_409(as_editor, sentence):
    assert as_editor.post(url(sentence, "submit/")).status_code == 409


def test_transition_with_stale_etag_gets_412(as_editor, sentence):
    put(as_editor, sentence, VERDICT, f'"{sentence.pk}-0"')
    response = as_editor.post(url(sentence, "submit/"), HTTP_IF_MATCH=f'"{sentence.pk}-0"')
    assert response.status_code == 412
    assert response.json()["current"]["review_state"] == "draft"


def test_request_changes_needs_a_comment(as_editor, as_reviewer, sentence):
    saved = put(as_editor, sentence, VERDICT, f'"{sentence.pk}-0"')
    as_editor.post(url(sentence, "submit/"), HTTP_IF_MATCH=saved["ETag"])
    missing = as_reviewer.post(url(sentence, "request-changes/"), {}, format="json")
    assert missing.status_code == 400 and "comment" in missing.json()["fields"]
    done = as_reviewer.post(
        url(sentence, "request-changes/"), {"comment": "Source?"}, format="json"
    )
    assert done.status_code == 200
    assert done.json()["review_state"] == "changes_requested"
    assert done.json()["review_comment"] == "Source?"


def test_assigning_a_sentence_to_a_member(as_editor, sentence, second_editor):
    path = f"/api/sentences/{sentence.pk}/assignee/"
    response = as_editor.put(path, {"assignee": second_editor.pk}, format="json")
    assert response.status_code == 200
    assert response.json()["assignee"] == {"id": second_editor.pk, "username": "editor2"}
    cleared = as_editor.put(path, {"assignee": None}, format="json")
    assert cleared.json()["assignee"] is None


def test_assigning_a_sentence_to_a_viewer_or_outsider_is_a_400(
    as_editor, sentence, viewer, outsider
):
    path = f"/api/sentences/{sentence.pk}/assignee/"
    for user in (viewer, outsider):
        response = as_editor.put(path, {"assignee": user.pk}, format="json")
        assert response.status_code == 400
        assert list(response.json()["fields"]) == ["assignee"]


def test_assignee_key_is_required(as_editor, sentence):
    response = as_editor.put(f"/api/sentences/{sentence.pk}/assignee/", {}, format="json")
    assert response.status_code == 400 and "assignee" in response.json()["fields"]
