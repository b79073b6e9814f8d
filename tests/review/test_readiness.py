"""Readiness: every check-worthy sentence approved, every verified/disputed verdict sourced."""

import pytest
from django.utils import translation

from annotations.selectors.readiness import get_article_readiness
from annotations.selectors.status import get_article_status
from annotations.services import review
from tests.review.conftest import annotate, approve, client_for, tag

pytestmark = pytest.mark.django_db


@pytest.fixture
def tagged(article, body):
    """Every body sentence pre-tagged; the first three are check-worthy claims."""
    for index, sentence in enumerate(body):
        tag(sentence, claim=index < 3)
    return body


def blockers(article) -> dict[str, list[int]]:
    return {b["code"]: b["sentences"] for b in get_article_readiness(article=article)["blockers"]}


def test_article_is_ready_when_every_claim_is_approved_with_evidence(
    article, tagged, editor, reviewer
):
    for sentence in tagged[:3]:
        approve(sentence, editor, reviewer, "verified")
    annotate(tagged[5], editor, "unverified", evidence=[])  # not a claim, no source needed
    assert get_article_readiness(article=article) == {"ready": True, "blockers": []}


def test_untagged_sentences_block_readiness(article, body):
    readiness = get_article_readiness(article=article)
    assert readiness["ready"] is False
    (blocker,) = readiness["blockers"]
    assert blocker["code"] == "not_pretagged"
    assert blocker["sentences"] == [s.pk for s in body]
    assert blocker["message"] == f"{len(body)} sentences are not pre-tagged yet."


def test_claims_without_verdict_and_without_approval_block_readiness(
    article, tagged, editor, reviewer
):
    approve(tagged[0], editor, reviewer)
    annotate(tagged[1], editor)
    review.submit(sentence=tagged[1], editor=editor)
    found = get_article_readiness(article=article)
    assert found["ready"] is False
    assert blockers(article) == {"not_approved": [tagged[1].pk], "no_verdict": [tagged[2].pk]}
    messages = {b["code"]: b["message"] for b in found["blockers"]}
    assert messages["not_approved"] == "1 check-worthy verdict is not approved yet."


def test_blocker_messages_follow_the_active_language_one_and_many(
    article, tagged, editor, reviewer
):
    approve(tagged[0], editor, reviewer)
    annotate(tagged[1], editor)
    with translation.override("de"):
        messages = {
            b["code"]: b["message"] for b in get_article_readiness(article=article)["blockers"]
        }
    assert messages["not_approved"] == (
        "1 Urteil zu einem prüfwürdigen Satz ist noch nicht freigegeben."
    )
    assert messages["no_verdict"] == "1 prüfwürdiger Satz hat kein Urteil."
    annotate(tagged[2], editor)
    with translation.override("de"):
        (blocker,) = get_article_readiness(article=article)["blockers"]
    assert blocker["message"] == "2 Urteile zu prüfwürdigen Sätzen sind noch nicht freigegeben."
    assert blocker["code"] == "not_approved"  # what a program reads stays the same


def test_verified_or_disputed_verdict_without_evidence_blocks_readiness(
    article, tagged, editor, reviewer
):
    for sentence in tagged[:3]:
        approve(sentence, editor, reviewer, "verified")
    annotate(tagged[4], editor, "disputed", evidence=[])  # not a claim, but still a statement
    approve(tagged[2], editor, reviewer, "disputed", evidence=[])
    assert blockers(article) == {"no_evidence": [tagged[2].pk, tagged[4].pk]}


def test_unverified_verdict_needs_no_evidence(article, tagged, editor, reviewer):
    for sentence in tagged[:3]:
        approve(sentence, editor, reviewer, "unverified", evidence=[])
    assert get_article_readiness(article=article)["ready"] is True


def test_article_status_carries_ready_and_blockers(article, tagged, editor):
    status = get_article_status(article=article)
    assert status["ready"] is False
    assert status["blockers"][0]["code"] == "no_verdict"
    assert status["sentences"] == len(tagged)  # the counts are still there


def test_api_article_status_shows_readiness(article, tagged, editor):
    response = client_for(editor).get(f"/api/articles/{article.pk}/status/")
    assert response.status_code == 200
    assert response.json()["ready"] is False
    assert response.json()["blockers"][0]["sentences"] == [s.pk for s in tagged[:3]]


def test_readiness_is_one_query(article, tagged, editor, reviewer, django_assert_num_queries):
    approve(tagged[0], editor, reviewer)
    with django_assert_num_queries(1):
        get_article_readiness(article=article)
