"""The readiness in the workspace's header follows the pre-tags and everyone's verdicts
without a reload."""

import pytest
from playwright.sync_api import expect

from annotations.models import Job, JobState, Sentence, SentenceTag
from annotations.services.review import approve, submit
from annotations.services.verdicts import EvidenceInput, set_verdict

from .conftest import log_in, screenshot

pytestmark = pytest.mark.browser

LIVE_WAIT_MS = 15_000  # generous: the machine may be busy; the feed polls once a second
SOURCE = [EvidenceInput(url="https://example.org/quelle", title="Quelle")]


def tag(article, claims: int) -> list[Sentence]:
    """Pre-tags as a finished job leaves them: the first ``claims`` body sentences check-worthy."""
    rows = list(Sentence.objects.filter(article=article).order_by("ordinal"))
    body = [s for s in rows if not s.heading]
    wanted = {s.pk for s in body[:claims]}
    for sentence in rows:
        claim = sentence.pk in wanted
        sentence.pretag = SentenceTag.objects.create(
            sentence=sentence, tagger_version="t", checkworthiness=0.9 if claim else 0.1,
            claim=claim,
        )  # fmt: skip
    Sentence.objects.bulk_update(rows, ["pretag"])
    Job.objects.filter(article=article).update(state=JobState.DONE, progress=1.0)
    return body[:claims]


def test_the_header_drops_not_pretagged_once_the_tags_arrive(
    transactional_db, live_server, new_page, article, editor
):
    page = new_page()
    log_in(page, "editor")
    page.goto(f"/articles/{article.pk}/")
    page.wait_for_selector("body[data-ready=true]")
    expect(page.locator('#readiness li[data-code="not_pretagged"]')).to_be_visible()
    tag(article, claims=2)  # as the worker finishes the job
    expect(page.locator('#readiness li[data-code="not_pretagged"]')).to_have_count(
        0, timeout=LIVE_WAIT_MS
    )
    expect(page.locator('#readiness li[data-code="no_verdict"]')).to_contain_text(
        "2 check-worthy sentences have no verdict"
    )
    assert page.errors == []


def test_my_save_and_colleagues_verdicts_and_approvals_change_the_header(
    transactional_db, live_server, new_page, article, editor, second_editor, reviewer
):
    first, second = tag(article, claims=2)
    page = new_page()
    log_in(page, "editor")
    page.goto(f"/articles/{article.pk}/?sentence={first.pk}")
    page.wait_for_selector(f'#s-{first.pk}[aria-selected="true"]')
    no_verdict = page.locator('#readiness li[data-code="no_verdict"]')
    expect(no_verdict).to_contain_text("2 check-worthy sentences have no verdict")

    # My own save: one claim left without a verdict.
    page.keyboard.press("1")
    page.fill("#rationale", "Belegt.")
    page.keyboard.press("Escape")
    page.keyboard.press("e")
    page.keyboard.type("https://example.org/beleg")
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("#save-state:has-text('Saved')")
    expect(no_verdict).to_contain_text(
        "1 check-worthy sentence has no verdict", timeout=LIVE_WAIT_MS
    )

    # A colleague's verdict on the other claim: nothing lacks a verdict any more.
    set_verdict(
        sentence=second, editor=second_editor, verdict="verified", rationale="Stimmt.",
        evidence=SOURCE, expected_version=0,
    )  # fmt: skip
    expect(no_verdict).to_have_count(0, timeout=LIVE_WAIT_MS)
    expect(page.locator('#readiness li[data-code="not_approved"]')).to_be_visible()

    # Both submitted and approved elsewhere: ready, said without a reload.
    submit(sentence=first, editor=editor)
    submit(sentence=second, editor=second_editor)
    for sentence in (first, second):
        approve(sentence=sentence, reviewer=reviewer)
    expect(page.locator("#readiness.is-ready")).to_contain_text(
        "Ready to publish", timeout=LIVE_WAIT_MS
    )
    screenshot(page, "workspace-readiness-live")
    assert page.errors == []
