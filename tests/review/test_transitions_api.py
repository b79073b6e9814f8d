"""The review workflow through the API: each transition allowed and refused, per role."""

import pytest

from annotations.models import Annotation
from annotations.services import review
from tests.review.conftest import annotate, client_for

pytestmark = pytest.mark.django_db


def post(user, sentence, action, body=None, if_match=None):
    headers = {"HTTP_IF_MATCH": if_match} if if_match else {}
    url = f"/api/sentences/{sentence.pk}/annotation/{action}/"
    return client_for(user).post(url, body or {}, format="json", **headers)


def test_editor_submits_over_the_api_and_gets_the_new_etag(draft, editor):
    response = post(editor, draft, "submit", if_match=f'"{draft.pk}-1"')
    assert response.status_code == 200
    assert response.json()["review_state"] == "submitted"
    assert response["ETag"] == f'"{draft.pk}-2"'


def test_viewer_is_denied_submit_over_the_api(draft, viewer):
    response = post(viewer, draft, "submit")
    assert response.status_code == 403 and response.json()["code"] == "forbidden"


def test_outsider_is_told_not_found_on_submit_over_the_api(draft, outsider):
    response = post(outsider, draft, "submit")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_reviewer_approves_over_the_api(submitted, reviewer):
    response = post(reviewer, submitted, "approve")
    assert response.status_code == 200
    data = response.json()
    assert data["review_state"] == "approved" and data["reviewed_by"]["id"] == reviewer.pk


def test_editor_is_denied_approve_over_the_api(submitted, second_editor):
    assert post(second_editor, submitted, "approve").status_code == 403
    assert Annotation.objects.get(sentence=submitted).review_state == "submitted"


def test_last_editor_is_denied_approve_over_the_api_with_code_four_eyes(sentence, reviewer):
    annotate(sentence, reviewer)
    review.submit(sentence=sentence, editor=reviewer)
    response = post(reviewer, sentence, "approve")
    assert response.status_code == 403 and response.json()["code"] == "four_eyes"


def test_approving_a_draft_over_the_api_is_409(draft, reviewer):
    response = post(reviewer, draft, "approve")
    assert response.status_code == 409 and response.json()["code"] == "invalid_transition"


def test_stale_if_match_on_a_transition_is_412_with_the_current_verdict(submitted, reviewer):
    response = post(reviewer, submitted, "approve", if_match=f'"{submitted.pk}-1"')
    assert response.status_code == 412
    assert response.json()["code"] == "stale_version"
    assert response.json()["current"]["version"] == 2


def test_reviewer_requests_changes_over_the_api(submitted, reviewer):
    response = post(reviewer, submitted, "request-changes", {"comment": "Which source?"})
    assert response.status_code == 200
    assert response.json()["review_state"] == "changes_requested"
    assert response.json()["review_comment"] == "Which source?"


def test_request_changes_without_comment_over_the_api_is_400(submitted, reviewer):
    response = post(reviewer, submitted, "request-changes", {})
    assert response.status_code == 400 and "comment" in response.json()["fields"]


def test_editor_is_denied_request_changes_over_the_api(submitted, second_editor):
    response = post(second_editor, submitted, "request-changes", {"comment": "No."})
    assert response.status_code == 403


def test_editing_an_approved_verdict_over_the_api_sends_it_back_to_draft(
    submitted, reviewer, editor
):
    review.approve(sentence=submitted, reviewer=reviewer)
    response = client_for(editor).put(
        f"/api/sentences/{submitted.pk}/annotation/",
        {"verdict": "disputed", "rationale": "New facts.", "evidence": []},
        format="json",
        HTTP_IF_MATCH=f'"{submitted.pk}-3"',
    )
    assert response.status_code == 200
    assert response.json()["review_state"] == "draft" and response.json()["version"] == 4
