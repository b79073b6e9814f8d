"""The workspace of a long article in Chromium: pages crossed with j / k, the hooks kept current
on save, submit and approve, readiness blockers that jump to their sentences, and the pre-tag
job's warnings; with screenshots at 1440×900 and 390×844."""

import pytest

from annotations.models import Job, JobState, Sentence, SentenceTag
from annotations.services.articles import import_article
from tests.web.test_workspace_page import long_text

from .conftest import log_in, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.integration]

SENTENCES = 1100  # three pages of 500


@pytest.fixture
def long_story(transactional_db, newsroom, editor):
    """1,100 pre-tagged sentences, every 7th check-worthy, and a job that warned on two."""
    article, job = import_article(
        newsroom=newsroom, title="Lange Geschichte", text=long_text(SENTENCES), language="de",
        imported_by=editor,
    )  # fmt: skip
    rows = list(Sentence.objects.filter(article=article).order_by("ordinal"))
    tags = SentenceTag.objects.bulk_create(
        SentenceTag(
            sentence=s,
            tagger_version="t",
            checkworthiness=0.8 if s.ordinal % 7 == 3 else 0.1,
            claim=s.ordinal % 7 == 3,
            reasons=["number"],
            spans=[{"start": s.start + 12, "end": s.start + 14, "kind": "number"}],
        )
        for s in rows
    )
    for sentence, tag in zip(rows, tags, strict=True):
        sentence.pretag = tag
    Sentence.objects.bulk_update(rows, ["pretag"], batch_size=500)
    warnings = [
        {"ordinal": 1, "warning": "dates: KeyError"},
        {"ordinal": 510, "warning": "attribution: IndexError"},
    ]
    Job.objects.filter(pk=job.pk).update(
        state=JobState.DONE, progress=1.0, result={"warnings": warnings, "warnings_total": 2}
    )
    return article


def selected_id(page) -> int:
    return int(page.get_attribute("#sentence-list", "aria-activedescendant").removeprefix("s-"))


def ordinal_of(sentence_id: int) -> int:
    return Sentence.objects.get(pk=sentence_id).ordinal


def test_j_and_k_cross_page_boundaries_and_the_jump_opens_any_sentence(
    live_server, new_page, long_story
):
    page = new_page()
    log_in(page, "editor")
    page.goto(f"/articles/{long_story.pk}/?at=499")
    page.wait_for_selector("body[data-ready=true]")
    assert page.locator('[role="option"]').count() == 500
    assert ordinal_of(selected_id(page)) == 498
    page.keyboard.press("j")
    assert ordinal_of(selected_id(page)) == 499
    page.keyboard.press("j")  # past the last sentence of page 1: page 2 opens
    page.wait_for_url("**at=501**")
    page.wait_for_selector("body[data-ready=true]")
    assert ordinal_of(selected_id(page)) == 500
    assert "page 2 of 3" in page.text_content(".pager-top")
    screenshot(page, "workspace-paging")
    page.keyboard.press("k")  # and back
    page.wait_for_url("**at=500**")
    page.wait_for_selector("body[data-ready=true]")
    assert ordinal_of(selected_id(page)) == 499
    claim = Sentence.objects.get(article=long_story, ordinal=500).pk
    page.keyboard.press("n")  # the next open claim (ordinal 500) is on page 2
    page.wait_for_selector(f'#s-{claim}[aria-selected="true"]')
    assert "page 2 of 3" in page.text_content(".pager-top")

    page.fill("#jump-at", "1050")
    page.click(".pager-jump button")
    page.wait_for_url("**at=1050**")
    page.wait_for_selector("body[data-ready=true]")
    assert ordinal_of(selected_id(page)) == 1049
    assert page.locator('[role="option"]').count() == 100
    assert page.locator(".pager-next").count() == 0
    assert page.errors == []


def test_hooks_follow_save_submit_and_approve_in_the_page(
    live_server, new_page, long_story, reviewer
):
    first = Sentence.objects.get(article=long_story, ordinal=3)
    node = f"#s-{first.pk}"
    page = new_page()
    log_in(page, "editor")
    page.goto(f"/articles/{long_story.pk}/?sentence={first.pk}")
    page.wait_for_selector("body[data-ready=true]")
    assert page.get_attribute(node, "data-verdict") == ""
    assert page.get_attribute(node, "data-review-state") == ""
    page.focus("#sentence-list")
    page.keyboard.press("1")
    page.keyboard.press("Control+Enter")
    page.wait_for_selector(f'{node}[data-verdict="verified"][data-review-state="draft"]')
    page.click("#submit-review")
    page.wait_for_selector(f'{node}[data-review-state="submitted"].rs-submitted')

    review = new_page()
    log_in(review, "reviewer")
    review.goto(f"/articles/{long_story.pk}/?sentence={first.pk}")
    review.wait_for_selector(f'{node}[data-review-state="submitted"]')
    review.click("#approve")
    review.wait_for_selector(f'{node}[data-review-state="approved"].rs-approved')
    assert "rs-submitted" not in review.get_attribute(node, "class")
    screenshot(review, "workspace-review-marks")
    assert page.errors == [] and review.errors == []


def test_blockers_jump_to_their_sentences_and_warnings_show_on_them(
    live_server, new_page, long_story
):
    claims = list(
        Sentence.objects.filter(article=long_story, pretag__claim=True)
        .order_by("ordinal")
        .values_list("pk", flat=True)
    )
    page = new_page()
    log_in(page, "editor")
    page.goto(f"/articles/{long_story.pk}/")
    page.wait_for_selector("body[data-ready=true]")
    assert "Not ready to publish" in page.text_content("#readiness")
    blocker = page.locator('#readiness li[data-code="no_verdict"] a')
    assert "check-worthy sentences have no verdict" in blocker.text_content()
    blocker.click()
    assert selected_id(page) == claims[0]
    blocker.click()
    assert selected_id(page) == claims[1]

    assert "Pre-tagged with 2 warnings" in page.text_content("#pretag-status")
    page.click("#pretag-warnings summary")
    screenshot(page, "workspace-warnings")
    page.click('.warning-link[data-ordinal="1"]')
    warned = Sentence.objects.get(article=long_story, ordinal=1).pk
    assert selected_id(page) == warned
    assert page.is_visible(f"#s-{warned} .warn-mark")
    assert page.is_visible("#panel-warnings")
    assert "dates: KeyError" in page.text_content("#panel-warnings")
    page.click(f"#s-{Sentence.objects.get(article=long_story, ordinal=2).pk}")
    assert page.is_hidden("#panel-warnings")
    # A warning on another page opens that page.
    page.click('.warning-link[data-ordinal="510"]')  # the list stays open
    page.wait_for_url("**at=511**")
    page.wait_for_selector("body[data-ready=true]")
    assert ordinal_of(selected_id(page)) == 510
    assert "attribution: IndexError" in page.text_content("#panel-warnings")
    assert page.errors == []


def test_phone_layout_shows_readiness_pager_and_warnings_without_horizontal_scroll(
    live_server, new_page, long_story
):
    page = new_page()
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "editor")
    page.goto(f"/articles/{long_story.pk}/?at=2")
    page.wait_for_selector("body[data-ready=true]")
    page.evaluate("window.scrollTo(0, 0)")
    screenshot(page, "workspace-phone-top")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
    page.click("#pretag-warnings summary")
    assert page.is_visible('.warning-link[data-ordinal="510"]')
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "workspace-phone-warnings")
    assert page.errors == []
