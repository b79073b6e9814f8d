"""The audit trail: who changed what when, readable per newsroom, never editable."""

import pytest

from annotations.models import ImmutableRevisionError, Revision
from annotations.services import review
from annotations.services.errors import InvalidInput
from tests.factories import MembershipFactory, NewsroomFactory, member
from tests.review.conftest import annotate, approve, client_for

pytestmark = pytest.mark.django_db


def url(sentence) -> str:
    return f"/api/sentences/{sentence.pk}/revisions/"


def test_trail_records_who_when_before_and_after_of_every_change(sentence, editor, reviewer):
    approve(sentence, editor, reviewer, "verified", rationale="First.")
    annotate(sentence, editor, "disputed", rationale="Second.")
    response = client_for(editor).get(url(sentence))
    assert response.status_code == 200
    trail = response.json()
    assert [r["action"] for r in trail] == ["edit", "submit", "approve", "edit"]
    assert [r["version"] for r in trail] == [1, 2, 3, 4]
    assert [r["actor"]["username"] for r in trail] == ["editor", "editor", "reviewer", "editor"]
    assert trail[0]["before"] == {}
    assert trail[0]["after"]["verdict"] == "verified"
    assert trail[0]["after"]["evidence"][0]["url"] == "https://example.org/report"
    assert trail[2]["before"]["review_state"] == "submitted"
    assert trail[2]["after"]["review_state"] == "approved"
    assert trail[3]["before"]["verdict"] == "verified"
    assert trail[3]["after"] == {
        **trail[3]["after"],
        "verdict": "disputed",
        "review_state": "draft",
    }
    assert all(r["created_at"] for r in trail)
    assert trail == sorted(trail, key=lambda r: (r["created_at"], r["id"]))


def test_request_changes_keeps_the_comment_in_the_trail(sentence, editor, reviewer):
    annotate(sentence, editor)
    review.submit(sentence=sentence, editor=editor)
    review.request_changes(sentence=sentence, reviewer=reviewer, comment="Add a source.")
    last = Revision.objects.filter(sentence=sentence).last()
    assert last.action == "request_changes" and last.after["comment"] == "Add a source."


def test_assigning_a_sentence_is_in_the_trail(sentence, editor, second_editor):
    review.assign_sentence(sentence=sentence, assignee_id=second_editor.pk, by=editor)
    review.assign_sentence(sentence=sentence, assignee_id=None, by=editor)
    trail = client_for(editor).get(url(sentence)).json()
    assert [(r["action"], r["before"], r["after"]) for r in trail] == [
        ("assign", {"assignee": None}, {"assignee": second_editor.pk}),
        ("assign", {"assignee": second_editor.pk}, {"assignee": None}),
    ]


def test_a_viewer_may_read_the_trail(sentence, editor, viewer):
    annotate(sentence, editor)
    response = client_for(viewer).get(url(sentence))
    assert response.status_code == 200 and len(response.json()) == 1


def test_outsider_is_told_not_found_for_another_newsrooms_trail(sentence, editor, outsider):
    annotate(sentence, editor)
    response = client_for(outsider).get(url(sentence))
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_trail_of_a_missing_sentence_is_404(newsroom, editor):
    assert client_for(editor).get("/api/sentences/999999999/revisions/").status_code == 404


def test_anonymous_caller_is_denied_the_trail(client, sentence):
    assert client.get(url(sentence)).status_code in (401, 403)


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_trail_cannot_be_changed_through_the_api(sentence, editor, admin_member, method):
    annotate(sentence, editor)
    response = getattr(client_for(admin_member), method)(url(sentence), {}, format="json")
    assert response.status_code == 405
    assert Revision.objects.filter(sentence=sentence).count() == 1


def test_trail_rows_refuse_an_update_in_the_model(sentence, editor):
    annotate(sentence, editor)
    revision = Revision.objects.get(sentence=sentence)
    revision.actor = None
    with pytest.raises(ImmutableRevisionError):
        revision.save()
    assert Revision.objects.get(sentence=sentence).actor == editor


def test_trail_query_count_does_not_grow_with_revisions(
    sentence, editor, reviewer, django_assert_num_queries
):
    annotate(sentence, editor)
    client = client_for(editor)
    with django_assert_num_queries(2):  # the sentence, its revisions with their actors
        assert len(client.get(url(sentence)).json()) == 1
    approve(sentence, editor, reviewer, "disputed")
    with django_assert_num_queries(2):
        assert len(client.get(url(sentence)).json()) == 4


# --- who can be assigned ------------------------------------------------------------------------
def test_an_editor_who_is_a_viewer_elsewhere_can_still_be_assigned(sentence, editor):
    colleague = member(sentence.article.newsroom, "editor", "colleague")
    MembershipFactory(user=colleague, newsroom=NewsroomFactory(), role="viewer")
    review.assign_sentence(sentence=sentence, assignee_id=colleague.pk, by=editor)
    sentence.refresh_from_db()
    assert sentence.assignee == colleague


def test_a_viewer_is_denied_being_assigned(sentence, editor, viewer):
    with pytest.raises(InvalidInput) as excinfo:
        review.assign_sentence(sentence=sentence, assignee_id=viewer.pk, by=editor)
    assert excinfo.value.field == "assignee"


def test_a_member_of_another_newsroom_is_denied_being_assigned(sentence, editor, outsider):
    with pytest.raises(InvalidInput):
        review.assign_sentence(sentence=sentence, assignee_id=outsider.pk, by=editor)
