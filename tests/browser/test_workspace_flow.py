"""The desk's real flow in Chromium: pre-tags arrive, keyboard work, verdict, four-eyes review."""

import re

import pytest

from annotations.models import Annotation, ReviewState, Sentence

from .conftest import log_in, screenshot, wait_for_pretags

pytestmark = [pytest.mark.browser, pytest.mark.integration]


def selected_id(page) -> int:
    value = page.get_attribute("#sentence-list", "aria-activedescendant")
    return int(value.removeprefix("s-"))


def test_editor_verdict_with_evidence_then_reviewer_approval_and_progress_agree(
    transactional_db, live_server, worker_process, new_page, article, editor, reviewer
):
    page = new_page()
    log_in(page, "editor")
    page.click(f'a.article-title[href="/articles/{article.pk}/"]')
    wait_for_pretags(page)
    assert page.locator(".sentence.cw-high, .sentence.cw-medium, .sentence.cw-low").count() > 0

    page.focus("#sentence-list")
    page.keyboard.press("n")
    sentence_id = selected_id(page)
    sentence = Sentence.objects.select_related("pretag").get(pk=sentence_id)
    assert sentence.pretag.claim and not hasattr(sentence, "annotation")

    page.keyboard.press("2")
    page.keyboard.press("r")
    page.keyboard.type("Die Zahl stimmt nicht mit dem Bericht überein.")
    page.keyboard.press("Escape")
    page.keyboard.press("e")
    page.keyboard.type("https://www.example.org/report")
    page.locator(".evidence-item").nth(0).locator(".ev-title").fill("Der Bericht")
    page.keyboard.press("Escape")
    page.keyboard.press("e")
    page.keyboard.type("https://bücher.example/quelle")
    page.locator(".evidence-item").nth(1).locator(".ev-stance").select_option("context")
    expect_puny = page.locator(".evidence-item").nth(1).locator(".evidence-puny")
    assert "xn--bcher-kva.example" in expect_puny.text_content()
    screenshot(page, "workspace-editing")
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("#save-state:has-text('Saved')")
    # A selector wait, not wait_for_function: the page's CSP (rightly) forbids string eval.
    page.wait_for_selector("#announcer:has-text('Saved')", state="attached")

    annotation = Annotation.objects.get(sentence_id=sentence_id)
    assert annotation.verdict == "disputed"
    assert annotation.rationale == "Die Zahl stimmt nicht mit dem Bericht überein."
    assert [e.url for e in annotation.evidence.all()] == [
        "https://www.example.org/report",
        "https://bücher.example/quelle",
    ]
    assert page.get_attribute(f"#s-{sentence_id}", "class").count("v-disputed") == 1
    link = page.locator(".evidence-link").first
    assert link.get_attribute("rel") == "noopener noreferrer nofollow"
    assert link.get_attribute("target") == "_blank"

    page.select_option("#assignee", str(reviewer.pk))
    page.wait_for_selector("#history-list li:has-text('assigned')")
    assert Sentence.objects.get(pk=sentence_id).assignee == reviewer

    page.click("#submit-review")
    page.wait_for_selector("#review-state.state-submitted")
    assert Annotation.objects.get(sentence_id=sentence_id).review_state == ReviewState.SUBMITTED
    page.wait_for_selector("#history-list li:has-text('submitted')")
    page.evaluate("window.scrollTo(0, 0); document.getElementById('panel').scrollTop = 0")
    screenshot(page, "workspace", docs=True)
    assert page.is_disabled("#approve") if page.locator("#approve").count() else True

    review = new_page()
    log_in(review, "reviewer")
    review.goto(f"/articles/{article.pk}/?sentence={sentence_id}")
    review.wait_for_selector("#review-state.state-submitted")
    review.click("#approve")
    review.wait_for_selector("#review-state.state-approved")
    annotation.refresh_from_db()
    assert annotation.review_state == ReviewState.APPROVED
    assert annotation.reviewed_by == reviewer
    review.wait_for_selector("#history-list li:has-text('approved')")
    screenshot(review, "workspace-reviewer")

    review.goto("/")
    row = review.locator(f'.article-row[data-article="{article.pk}"]')
    shown = {
        kind: int(row.locator(f'rect[data-kind="{kind}"]').get_attribute("data-count"))
        for kind in ("verified", "disputed", "unverified", "open")
    }
    api = review.request.get(f"/api/articles/{article.pk}/status/").json()
    assert shown == {**api["verdicts"], "open": api["open"]}
    assert shown["disputed"] == 1
    screenshot(review, "home", docs=True)

    review.goto("/queue/?verdict=disputed")
    assert review.locator(f'tr[data-sentence="{sentence_id}"]').count() == 1
    export = review.locator("#export-form")
    assert export.locator('input[name="verdict"]').get_attribute("value") == "disputed"
    review.goto("/queue/")
    screenshot(review, "queue", docs=True)
    review.click(f'tr[data-sentence="{sentence_id}"] a')
    review.wait_for_selector(f'#s-{sentence_id}[aria-selected="true"]')
    assert page.errors == [] and review.errors == []


def test_home_shows_pretag_progress_until_the_job_finishes(
    transactional_db, live_server, worker_process, new_page, editor, newsroom, seed_text
):
    page = new_page()
    log_in(page, "editor")
    page.goto("/import/")
    page.fill("#id_title", "Zweiter Import")
    page.fill("#id_text", seed_text)
    page.select_option("#id_language", "")
    screenshot(page, "import")
    page.click("button[type=submit].btn-primary")
    page.wait_for_url(re.compile(r"/articles/\d+/"))
    screenshot(page, "workspace-while-tagging")
    wait_for_pretags(page)
    assert page.locator(".sp").count() > 0
    page.goto("/")
    page.wait_for_selector(".article-row .job-progress", state="hidden")
    assert page.errors == []
