"""The review workflow at service level: who may move a verdict where, and the four-eyes rule."""

import pytest

from annotations.models import Annotation, ReviewState, Revision
from annotations.services import review
from annotations.services.errors import (
    Forbidden,
    InvalidInput,
    InvalidTransition,
    NotFound,
    StaleVersion,
)
from tests.factories import member
from tests.review.conftest import annotate

pytestmark = pytest.mark.django_db


@pytest.fixture
def approved(submitted, reviewer):
    review.approve(sentence=submitted, reviewer=reviewer)
    return submitted


def state_of(sentence) -> str:
    return Annotation.objects.get(sentence=sentence).review_state


# --- submit ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("role_fixture", ["editor", "second_editor", "reviewer", "admin_member"])
def test_editor_and_above_can_submit_a_draft(draft, role_fixture, request):
    user = request.getfixturevalue(role_fixture)
    annotation = review.submit(sentence=draft, editor=user)
    assert annotation.review_state == ReviewState.SUBMITTED
    assert annotation.submitted_at is not None and annotation.version == 2


def test_viewer_is_denied_submit(draft, viewer):
    with pytest.raises(Forbidden):
        review.submit(sentence=draft, editor=viewer)
    assert state_of(draft) == ReviewState.DRAFT


def test_outsider_is_told_not_found_on_submit(draft, outsider):
    with pytest.raises(NotFound):
        review.submit(sentence=draft, editor=outsider)


def test_submit_without_a_verdict_is_an_invalid_transition(sentence, editor):
    with pytest.raises(InvalidTransition):
        review.submit(sentence=sentence, editor=editor)


def test_submitting_twice_is_an_invalid_transition(submitted, editor):
    with pytest.raises(InvalidTransition) as excinfo:
        review.submit(sentence=submitted, editor=editor)
    assert excinfo.value.status == 409 and excinfo.value.code == "invalid_transition"


def test_submit_with_a_stale_version_is_refused(draft, editor):
    with pytest.raises(StaleVersion) as excinfo:
        review.submit(sentence=draft, editor=editor, expected_version=7)
    assert excinfo.value.current.version == 1
    assert state_of(draft) == ReviewState.DRAFT


# --- approve --------------------------------------------------------------------------------------
@pytest.mark.parametrize("role_fixture", ["reviewer", "admin_member"])
def test_reviewer_and_admin_can_approve_someone_elses_verdict(submitted, role_fixture, request):
    user = request.getfixturevalue(role_fixture)
    annotation = review.approve(sentence=submitted, reviewer=user, expected_version=2)
    assert annotation.review_state == ReviewState.APPROVED
    assert annotation.reviewed_by == user and annotation.reviewed_at is not None


def test_editor_is_denied_approve(submitted, second_editor):
    with pytest.raises(Forbidden):
        review.approve(sentence=submitted, reviewer=second_editor)
    assert state_of(submitted) == ReviewState.SUBMITTED


def test_viewer_is_denied_approve(submitted, viewer):
    with pytest.raises(Forbidden):
        review.approve(sentence=submitted, reviewer=viewer)


def test_outsider_is_told_not_found_on_approve(submitted, outsider):
    with pytest.raises(NotFound):
        review.approve(sentence=submitted, reviewer=outsider)


def test_last_editor_is_denied_approving_their_own_verdict(sentence, reviewer):
    annotate(sentence, reviewer)
    review.submit(sentence=sentence, editor=reviewer)
    with pytest.raises(Forbidden) as excinfo:
        review.approve(sentence=sentence, reviewer=reviewer)
    assert excinfo.value.code == "four_eyes"
    assert state_of(sentence) == ReviewState.SUBMITTED


def test_reviewer_who_edited_earlier_is_denied_approve_even_when_someone_edited_after(
    sentence, reviewer, editor
):
    annotate(sentence, reviewer, rationale="Written by the reviewer.")
    annotate(sentence, editor, rationale="Written by the reviewer, touched by the editor.")
    review.submit(sentence=sentence, editor=editor)
    with pytest.raises(Forbidden) as excinfo:
        review.approve(sentence=sentence, reviewer=reviewer)
    assert excinfo.value.code == "four_eyes"


def test_reviewer_edits_before_an_earlier_approval_do_not_block_a_later_one(
    sentence, reviewer, editor, admin_member
):
    annotate(sentence, reviewer)
    review.submit(sentence=sentence, editor=reviewer)
    review.approve(sentence=sentence, reviewer=admin_member)
    annotate(sentence, editor, "disputed")
    review.submit(sentence=sentence, editor=editor)
    assert review.approve(sentence=sentence, reviewer=reviewer).review_state == "approved"


def test_approving_a_draft_is_an_invalid_transition(draft, reviewer):
    with pytest.raises(InvalidTransition):
        review.approve(sentence=draft, reviewer=reviewer)


def test_approving_twice_is_an_invalid_transition(approved, admin_member):
    with pytest.raises(InvalidTransition):
        review.approve(sentence=approved, reviewer=admin_member)


def test_approve_with_a_stale_version_is_refused(submitted, reviewer):
    with pytest.raises(StaleVersion):
        review.approve(sentence=submitted, reviewer=reviewer, expected_version=1)
    assert state_of(submitted) == ReviewState.SUBMITTED


# --- request changes ------------------------------------------------------------------------------
def test_reviewer_can_request_changes_on_a_submitted_verdict(submitted, reviewer):
    annotation = review.request_changes(sentence=submitted, reviewer=reviewer, comment="Source?")
    assert annotation.review_state == ReviewState.CHANGES_REQUESTED
    assert annotation.review_comment == "Source?"


def test_reviewer_can_withdraw_an_approval_by_requesting_changes(approved, admin_member):
    annotation = review.request_changes(sentence=approved, reviewer=admin_member, comment="Redo.")
    assert annotation.review_state == ReviewState.CHANGES_REQUESTED


def test_request_changes_needs_a_comment(submitted, reviewer):
    with pytest.raises(InvalidInput) as excinfo:
        review.request_changes(sentence=submitted, reviewer=reviewer, comment="   ")
    assert excinfo.value.field == "comment"
    assert state_of(submitted) == ReviewState.SUBMITTED


def test_editor_is_denied_request_changes(submitted, second_editor):
    with pytest.raises(Forbidden):
        review.request_changes(sentence=submitted, reviewer=second_editor, comment="No.")


def test_requesting_changes_on_a_draft_is_an_invalid_transition(draft, reviewer):
    with pytest.raises(InvalidTransition):
        review.request_changes(sentence=draft, reviewer=reviewer, comment="Not yet sent.")


def test_a_verdict_with_changes_requested_can_be_submitted_again(submitted, reviewer, editor):
    review.request_changes(sentence=submitted, reviewer=reviewer, comment="Add a source.")
    assert review.submit(sentence=submitted, editor=editor).review_state == "submitted"


# --- editing sends back to draft ----------------------------------------------------------------
def test_editing_an_approved_verdict_sends_it_back_to_draft(approved, editor):
    annotation = annotate(approved, editor, "disputed", rationale="New facts.")
    assert annotation.review_state == ReviewState.DRAFT
    assert annotation.version == 4
    with pytest.raises(InvalidTransition):
        review.approve(sentence=approved, reviewer=member(approved.article.newsroom, "admin"))


def test_saving_an_approved_verdict_unchanged_keeps_it_approved(approved, editor):
    annotation = annotate(approved, editor)
    assert annotation.review_state == ReviewState.APPROVED and annotation.version == 3


def test_every_transition_writes_one_revision(approved):
    actions = list(Revision.objects.filter(sentence=approved).values_list("action", flat=True))
    assert actions == ["edit", "submit", "approve"]
