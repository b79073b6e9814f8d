"""The statistics page in a browser: reached from the navigation, charts beside their tables,
no script errors under the strict CSP, readable at phone width and in German."""

import pytest

from tests.annotations.test_desk_stats import desk
from tests.annotations.test_pretag_stats import acceptance_fixture

from .conftest import log_in, screenshot

pytestmark = pytest.mark.browser


def test_statistics_page_at_desktop_and_phone_width(
    transactional_db, live_server, new_page, newsroom, editor, reviewer
):
    desk(newsroom, editor, reviewer)
    acceptance_fixture(newsroom, editor)
    page = new_page()
    console = []
    page.on("console", lambda message: console.append(message.text))
    log_in(page, "editor")
    page.click("nav.mainnav >> text=Statistics")
    page.wait_for_selector("#stat-pretag svg")
    assert page.locator(".stat-card svg").count() == 7
    assert page.inner_text("#stat-editors table").count("editor") == 1
    screenshot(page, "stats-1440")
    acceptance = page.locator("#stat-acceptance")
    assert "0.50 (0.15–0.85)" in acceptance.locator("table").inner_text()
    assert acceptance.locator("svg rect").count() >= 2
    acceptance.scroll_into_view_if_needed()
    screenshot(page, "stats-1440-acceptance")
    page.set_viewport_size({"width": 390, "height": 844})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
    screenshot(page, "stats-390")
    acceptance.scroll_into_view_if_needed()
    screenshot(page, "stats-390-acceptance")
    assert not page.errors
    assert not [line for line in console if "Content Security Policy" in line]


def test_statistics_page_in_german_on_a_phone(
    transactional_db, live_server, new_page, newsroom, editor, reviewer
):
    desk(newsroom, editor, reviewer)
    page = new_page(locale="de-DE")
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "editor")
    page.goto("/stats/")
    assert "Urteile pro Woche" in page.inner_text("main")
    page.locator("#stat-pretag").scroll_into_view_if_needed()
    screenshot(page, "stats-390-de-pretag")
