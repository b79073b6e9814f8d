"""The newsroom's date and number formats: the functions, the pages that use them, and the
admin's settings page."""

import datetime

import pytest
from django.utils import translation

from annotations.formats import format_date, format_number
from annotations.models import Newsroom

from .conftest import logged_in

pytestmark = pytest.mark.django_db

DAY = datetime.date(2024, 11, 30)


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        ("dmy_numeric", "30.11.2024"),
        ("d_mon_yyyy", "30 Nov 2024"),
        ("iso", "2024-11-30"),
        ("dmy_slash", "30/11/2024"),
        ("mdy_slash", "11/30/2024"),
    ],
)
def test_each_date_style_whatever_the_language(style, expected):
    with translation.override("en"):
        assert format_date(DAY, style) == expected
    with translation.override("de"):
        assert format_date(DAY, style).replace("Nov.", "Nov") == expected


def test_language_style_follows_the_interface_and_times_are_24_hour():
    with translation.override("en"):
        assert format_date(DAY, "language") == "11/30/2024"
    with translation.override("de"):
        assert format_date(DAY, "language") == "30.11.2024"
    when = datetime.datetime(2024, 11, 30, 17, 5)
    assert format_date(when, "iso", with_time=True) == "2024-11-30 17:05"
    assert format_date(None, "iso") == ""


@pytest.mark.parametrize(
    ("style", "expected"),
    [
        ("dot_comma", "1.234.567,50"),
        ("comma_dot", "1,234,567.50"),
        ("space_comma", "1\u202f234\u202f567,50"),
        ("plain_dot", "1234567.50"),
    ],
)
def test_each_number_style(style, expected):
    assert format_number(1234567.5, style, decimals=2) == expected


def test_whole_numbers_keep_no_decimals():
    assert format_number(12345, "dot_comma") == "12.345"
    assert format_number(None, "dot_comma") == ""


def test_an_english_page_of_a_european_desk_shows_its_dates(editor_client, article, newsroom):
    page = editor_client.get(f"/articles/{article.pk}/", HTTP_ACCEPT_LANGUAGE="en").text
    assert "11/30/2024" in page  # the language's way while the desk says nothing
    Newsroom.objects.filter(pk=newsroom.pk).update(date_format="dmy_numeric")
    page = editor_client.get(f"/articles/{article.pk}/", HTTP_ACCEPT_LANGUAGE="en").text
    assert "30.11.2024" in page and "11/30/2024" not in page
    home = editor_client.get("/", HTTP_ACCEPT_LANGUAGE="en").text
    assert "30.11.2024" in home


def test_admin_sets_the_formats(article, admin_member, newsroom):
    client = logged_in(admin_member)
    url = f"/newsrooms/{newsroom.pk}/formats/"
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200 and "30 Nov 2024" in page.text and "1.234,5" in page.text
    answer = client.post(url, {"date_format": "d_mon_yyyy", "number_format": "dot_comma"})
    assert answer.status_code == 302
    newsroom.refresh_from_db()
    assert (newsroom.date_format, newsroom.number_format) == ("d_mon_yyyy", "dot_comma")
    workspace = client.get(f"/articles/{article.pk}/", HTTP_ACCEPT_LANGUAGE="en").text
    assert "30 Nov 2024" in workspace


def test_a_bad_choice_is_refused_and_changes_nothing(admin_member, newsroom):
    client = logged_in(admin_member)
    answer = client.post(
        f"/newsrooms/{newsroom.pk}/formats/", {"date_format": "%x", "number_format": "dot_comma"}
    )
    assert answer.status_code == 400 and 'role="alert"' in answer.text
    newsroom.refresh_from_db()
    assert (newsroom.date_format, newsroom.number_format) == ("language", "language")


def test_an_editor_may_not_change_the_formats(editor_client, newsroom):
    url = f"/newsrooms/{newsroom.pk}/formats/"
    assert editor_client.get(url).status_code == 403
    answer = editor_client.post(url, {"date_format": "iso", "number_format": "plain_dot"})
    assert answer.status_code == 403
    newsroom.refresh_from_db()
    assert newsroom.date_format == "language"


def test_another_newsrooms_admin_gets_404(outsider, newsroom):
    client = logged_in(outsider)
    url = f"/newsrooms/{newsroom.pk}/formats/"
    assert client.get(url).status_code == 404
    assert client.post(url, {"date_format": "iso", "number_format": "plain_dot"}).status_code == 404
    newsroom.refresh_from_db()
    assert newsroom.date_format == "language"
