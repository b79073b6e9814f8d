"""Dates the pages' JavaScript draws follow the newsroom's date format, as the server's do."""

import re

import pytest

from annotations.models import DateStyle, Sentence
from annotations.services.verdicts import set_verdict

from .conftest import log_in

pytestmark = pytest.mark.browser


def open_workspace(page, article, sentence=None):
    log_in(page, "editor")
    query = f"?sentence={sentence.pk}" if sentence else ""
    page.goto(f"/articles/{article.pk}/{query}")
    page.wait_for_selector("[data-date-format]")


@pytest.mark.parametrize(
    ("style", "day", "with_time"),
    [
        (DateStyle.DMY_NUMERIC, "30.11.2024", "30.11.2024 09:05"),
        (DateStyle.D_MON_YYYY, "30 Nov 2024", "30 Nov 2024 09:05"),
        (DateStyle.ISO, "2024-11-30", "2024-11-30 09:05"),
        (DateStyle.DMY_SLASH, "30/11/2024", "30/11/2024 09:05"),
        (DateStyle.MDY_SLASH, "11/30/2024", "11/30/2024 09:05"),
    ],
)
def test_the_formatter_writes_each_newsroom_style(
    transactional_db, live_server, new_page, article, editor, style, day, with_time
):
    article.newsroom.date_format = style
    article.newsroom.save(update_fields=["date_format"])
    page = new_page()
    open_workspace(page, article)
    assert page.locator(".ws-head").get_attribute("data-date-format") == style
    assert page.evaluate("FC.formatDate('2024-11-30')") == day
    # A timestamp is shown in the browser's time zone, as a local time.
    stamp = "new Date(2024, 10, 30, 9, 5)"
    assert page.evaluate(f"FC.formatDate({stamp}, {{withTime: true}})") == with_time


def test_the_formatter_leaves_language_to_the_interface_and_refuses_garbage(
    transactional_db, live_server, new_page, article, editor
):
    page = new_page(locale="de-DE")
    open_workspace(page, article)
    assert page.locator(".ws-head").get_attribute("data-date-format") == DateStyle.LANGUAGE
    assert page.evaluate("document.documentElement.lang") == "de"
    assert page.evaluate("FC.formatDate('2024-11-30')") == "30.11.2024"  # as German writes it
    assert page.evaluate("FC.formatDate('not a date')") == ""
    assert page.evaluate("FC.formatDate(null)") == ""


def test_the_history_panel_writes_dates_as_the_newsroom_does(
    transactional_db, live_server, new_page, article, editor
):
    article.newsroom.date_format = DateStyle.DMY_NUMERIC
    article.newsroom.save(update_fields=["date_format"])
    sentence = Sentence.objects.filter(article=article, heading=False).order_by("ordinal").first()
    set_verdict(sentence=sentence, editor=editor, verdict="verified", expected_version=0)
    page = new_page()
    open_workspace(page, article, sentence)
    stamp = page.locator("#history-list time").first
    stamp.wait_for()
    assert re.fullmatch(r"\d\d\.\d\d\.\d{4} \d\d:\d\d", stamp.inner_text())
