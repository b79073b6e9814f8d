"""Checked before in Chromium: the selected claim's earlier checks in the panel, and reuse of
the first one with the u key (never while typing), in English and German, wide and narrow."""

import pytest

from annotations.models import Annotation, Revision
from annotations.services import matches, rematch
from annotations.services.factchecks import import_fact_checks
from tests.annotations.test_matches import TROOPS, claim_sentence, publish, verdict_on

from .conftest import log_in, screenshot

pytestmark = [pytest.mark.browser]


@pytest.fixture
def checked_before(transactional_db, newsroom, editor, second_editor):
    matches.forget_archives()
    rematch.forget_claims()
    a, _job = publish(newsroom, editor, "Erster Bericht", TROOPS["de"], "de")
    earlier = verdict_on(claim_sentence(a, TROOPS["de"]), editor)
    import_fact_checks(
        newsroom=newsroom,
        raw='{"@context": "https://schema.org", "@type": "ClaimReview", '
        '"url": "https://checks.example/troops", '
        f'"claimReviewed": "{TROOPS["en"]}", "headline": "How many soldiers North Korea sent", '
        '"reviewRating": {"@type": "Rating", "alternateName": "Misleading"}, '
        '"datePublished": "2024-11-02", "inLanguage": "en"}',
    )
    b, _job = publish(newsroom, second_editor, "Second report", TROOPS["en"], "en")
    yield earlier, claim_sentence(b, TROOPS["en"])
    matches.forget_archives()
    rematch.forget_claims()


def test_the_panel_shows_earlier_checks_and_u_reuses_the_first(
    live_server, new_page, checked_before, second_editor
):
    earlier, sentence = checked_before
    page = new_page()
    log_in(page, "editor2")
    page.goto(f"/articles/{sentence.article_id}/?sentence={sentence.pk}")
    page.locator("#checked-before:not([hidden]) .match-item").first.wait_for()
    items = page.locator("#match-list .match-item")
    assert items.count() == 2
    first = items.nth(0)
    assert first.get_attribute("data-kind") in ("verdict", "fact_check")
    kinds = {items.nth(i).get_attribute("data-kind") for i in range(2)}
    assert kinds == {"verdict", "fact_check"}
    own = page.locator('.match-item[data-kind="verdict"]')
    assert "disputed" in own.locator(".match-verdict").text_content()
    assert "%" in own.locator(".match-sim").text_content()
    assert (
        own.locator(".match-link")
        .get_attribute("href")
        .startswith(f"/articles/{earlier.sentence.article_id}/?sentence={earlier.sentence_id}")
    )
    check = page.locator('.match-item[data-kind="fact_check"]')
    assert "Misleading" in check.text_content()
    assert check.locator(".match-link").get_attribute("href") == "https://checks.example/troops"
    screenshot(page, "checked-before-1440")

    # Typing "u" in the rationale types it; it reuses nothing.
    page.click("#rationale")
    page.keyboard.type("u")
    assert page.input_value("#rationale") == "u"
    assert not Annotation.objects.filter(sentence=sentence).exists()
    # Out of the field, u would replace that typing: it asks first (a second u).
    page.keyboard.press("Escape")
    page.keyboard.press("u")
    page.wait_for_selector("#match-error:not([hidden])")
    assert not Annotation.objects.filter(sentence=sentence).exists()
    page.keyboard.press("u")
    first_kind = first.get_attribute("data-kind")
    page.wait_for_selector("#save-state:has-text('1')")
    reused = Annotation.objects.get(sentence=sentence)
    assert reused.review_state == "draft"
    assert page.locator('input[name="verdict"]:checked').get_attribute("value") == reused.verdict
    assert page.input_value("#rationale") == reused.rationale
    origin = Revision.objects.filter(annotation=reused).order_by("pk").last().after["reused_from"]
    assert origin["kind"] == ("verdict" if first_kind == "verdict" else "fact_check")
    if first_kind == "verdict":
        assert reused.rationale == earlier.rationale
    page.wait_for_selector("#history-list li:has-text('1')")
    screenshot(page, "checked-before-reused-1440")
    assert page.errors == []

    phone = new_page("de-DE")
    phone.set_viewport_size({"width": 390, "height": 844})
    log_in(phone, "editor2")
    phone.goto(f"/articles/{sentence.article_id}/?sentence={sentence.pk}")
    phone.wait_for_selector("#checked-before:not([hidden]) .match-item")
    assert "Schon geprüft" in phone.text_content("#checked-before-heading")
    assert "Ähnlichkeit" in phone.text_content("#match-list")
    phone.locator("#checked-before").scroll_into_view_if_needed()
    screenshot(phone, "checked-before-390-de")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the workspace scrolls sideways ({width}px)"
    phone.keyboard.press("?")
    assert phone.locator("#shortcuts kbd:text-is('u')").count() == 1
    assert phone.errors == []


def test_a_viewer_sees_the_matches_without_reuse(live_server, new_page, checked_before, viewer):
    _earlier, sentence = checked_before
    page = new_page()
    log_in(page, "viewer")
    page.goto(f"/articles/{sentence.article_id}/?sentence={sentence.pk}")
    page.locator("#checked-before:not([hidden]) .match-item").first.wait_for()
    assert page.locator(".match-reuse").count() == 0
    page.keyboard.press("u")
    assert not Annotation.objects.filter(sentence=sentence).exists()
    assert page.errors == []


def test_the_panel_refreshes_when_the_match_job_stores_new_matches(
    transactional_db, live_server, new_page, newsroom, editor, second_editor
):
    """The panel follows the live feed: no reload, no new selection."""
    from annotations.models import Job, JobKind
    from annotations.services.jobs import run_job

    matches.forget_archives()
    rematch.forget_claims()
    try:
        b, _job = publish(newsroom, second_editor, "Second report", TROOPS["en"], "en")
        sentence = claim_sentence(b, TROOPS["en"])
        page = new_page()
        log_in(page, "editor2")
        page.goto(f"/articles/{b.pk}/?sentence={sentence.pk}")
        page.wait_for_selector(f'#s-{sentence.pk}[aria-selected="true"]')
        page.wait_for_timeout(1500)  # a poll or two with nothing to report
        assert page.locator("#checked-before").is_hidden()

        a, _job = publish(newsroom, editor, "Erster Bericht", TROOPS["de"], "de")
        verdict_on(claim_sentence(a, TROOPS["de"]), editor)
        job = Job.objects.get(kind=JobKind.MATCH, state="queued")
        assert run_job(job.pk) == "done"  # what the worker runs

        item = page.locator('#checked-before:not([hidden]) .match-item[data-kind="verdict"]')
        item.wait_for(timeout=10_000)
        assert "disputed" in item.locator(".match-verdict").text_content()
        assert page.locator("#match-count").text_content() == "(1)"
        assert page.errors == []
    finally:
        matches.forget_archives()
        rematch.forget_claims()
