"""Search in Chromium: from the home page's search box to the sentence in its workspace."""

import pytest

from annotations.services.verdicts import set_verdict

from .conftest import log_in, screenshot

pytestmark = [pytest.mark.browser]


def test_search_from_the_home_page_to_the_sentence(
    transactional_db, live_server, new_page, article, editor
):
    sentence = article.sentences.filter(text__contains="Beloussow").order_by("ordinal").first()
    set_verdict(
        sentence=sentence,
        editor=editor,
        verdict="verified",
        rationale="Das Verteidigungsministerium hat den Besuch bestätigt.",
        expected_version=0,
    )
    page = new_page()
    log_in(page, "editor")
    page.goto("/")
    screenshot(page, "search-home-1440")
    page.fill("#home-search", "Verteidigungsministers")
    page.press("#home-search", "Enter")
    page.wait_for_selector("#search-results")
    assert page.locator("#search-results mark").count() > 0
    result = page.locator(f'.search-result[data-sentence="{sentence.pk}"]')
    assert result.count() == 1
    assert "verified" in result.text_content()
    screenshot(page, "search-results-1440")
    # The filters keep the query; a narrowing filter still finds the verified sentence.
    page.select_option("#id_verdict", "verified")
    page.click("#search-form button[type=submit]")
    page.wait_for_selector("#search-results")
    assert page.locator(".search-result").count() == 1
    page.click(f'.search-result[data-sentence="{sentence.pk}"] a.search-sentence')
    page.wait_for_selector(f'#s-{sentence.pk}[aria-selected="true"]')
    assert page.errors == []

    phone = new_page()
    phone.set_viewport_size({"width": 390, "height": 844})
    log_in(phone, "editor")
    phone.goto("/")
    screenshot(phone, "search-home-390")
    phone.goto("/search/?q=Verteidigungsministers")
    phone.wait_for_selector("#search-results")
    screenshot(phone, "search-results-390")
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the results page scrolls sideways ({width}px)"
    assert phone.errors == []


def test_the_queue_search_box_and_a_bad_query(
    transactional_db, live_server, new_page, article, editor
):
    page = new_page()
    log_in(page, "editor")
    page.goto("/queue/")
    page.fill("#queue-search", '(Kim* "Jong"')
    page.press("#queue-search", "Enter")
    page.wait_for_url("**/search/**")
    page.wait_for_selector("#search-results")
    # Operators are plain words: "AND" must occur, and in this German text it does not.
    page.fill("#id_q", 'NEAR("Kim" AND *')
    page.click("#search-form button[type=submit]")
    page.wait_for_selector("#search-count:has-text('0 sentences')")
    page.fill("#id_q", "*** ()")
    page.click("#search-form button[type=submit]")
    page.wait_for_selector(".form-error[role=alert]")
    assert page.errors == []
