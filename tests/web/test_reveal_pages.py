"""Titles, rationales, comments and evidence titles kept as typed are shown with their invisible
characters and look-alike letters made visible (⟨U+0430⟩) and a warning, on every page that
lists them; plain words in one script (German, Greek, Russian) show as they are."""

import pytest

from annotations.services.articles import import_article
from annotations.services.verdicts import EvidenceInput, set_verdict
from annotations.web.reveal import reveal

pytestmark = pytest.mark.django_db

LOOKALIKE_TITLE = "Bericht der p\u0430ypal <b>Bank</b>"  # a Cyrillic а in "paypal"
SHOWN = 'p<span class="lookalike-char" title="U+0430 CYRILLIC SMALL LETTER A">⟨U+0430⟩</span>ypal'
PLAIN_TITLES = ["Größere Übergänge in München", "Η Αθήνα σήμερα", "Москва сегодня"]


@pytest.fixture
def odd_article(newsroom, editor):
    article, _job = import_article(
        newsroom=newsroom,
        title=LOOKALIKE_TITLE,
        text="Der Minister sagte am Montag, die Zahl sei gestiegen.\n",
        language="de",
        imported_by=editor,
    )
    sentence = article.sentences.filter(heading=False).first()
    set_verdict(
        sentence=sentence,
        editor=editor,
        verdict="disputed",
        rationale="Laut Ze\u200bitung und p\u0430ypal falsch.",
        evidence=[EvidenceInput(url="https://example.org/a", title="Quelle")],
        expected_version=0,
    )
    return article


@pytest.fixture
def plain_articles(newsroom, editor):
    return [
        import_article(
            newsroom=newsroom,
            title=title,
            text="Der Minister sagte am Montag, die Zahl sei gestiegen.\n",
            language="de",
            imported_by=editor,
        )[0]
        for title in PLAIN_TITLES
    ]


def test_reveal_marks_hits_and_odd_characters_and_escapes_the_rest():
    shown = reveal("a\u200bb p\u0430ypal <i>", marks=[(4, 10)])
    assert shown.markup == (
        'a<span class="invisible-char" title="U+200B ZERO WIDTH SPACE">⟨U+200B⟩</span>b '
        f"<mark>{SHOWN}</mark> &lt;i&gt;"
    )
    assert "U+200B ZERO WIDTH SPACE" in shown.warning
    assert "U+0430 CYRILLIC SMALL LETTER A in “pаypal”" in shown.warning


def test_a_cut_title_still_warns_for_what_the_cut_left_out():
    shown = reveal("Ein langer Titel über p\u0430ypal", limit=10)
    assert "⟨U+" not in shown.markup and "CYRILLIC SMALL LETTER A" in shown.warning


@pytest.mark.parametrize("title", PLAIN_TITLES)
def test_plain_words_in_one_script_are_shown_as_they_are(title):
    shown = reveal(title)
    assert shown.markup == title and shown.warning == ""


def test_the_home_page_shows_a_lookalike_title_escaped_with_a_warning(
    editor_client, odd_article, plain_articles
):
    html = editor_client.get("/").content.decode()
    assert SHOWN in html and "&lt;b&gt;Bank&lt;/b&gt;" in html
    assert html.count("data-reveal-warning") == 1
    assert "Mixes alphabets within a word" in html
    for article in plain_articles:
        assert article.title in html


def test_the_queue_shows_the_title_escaped_with_a_warning(
    editor_client, odd_article, plain_articles
):
    html = editor_client.get("/queue/").content.decode()
    assert SHOWN in html and "Mixes alphabets within a word" in html


def test_a_plain_queue_has_no_warning(editor_client, article):
    html = editor_client.get("/queue/").content.decode()
    assert "data-reveal-warning" not in html and "⟨U+" not in html


def test_search_shows_a_rationale_hit_escaped_with_its_warning(editor_client, odd_article):
    html = editor_client.get("/search/", {"q": "falsch"}).content.decode()
    assert SHOWN in html and "<mark>falsch</mark>" in html
    assert "⟨U+200B⟩" in html and "Contains invisible characters" in html
    assert "Mixes alphabets within a word" in html


def test_search_shows_a_lookalike_title_escaped(editor_client, odd_article):
    html = editor_client.get("/search/", {"q": "Bericht"}).content.decode()
    assert SHOWN in html and "data-reveal-warning" in html


def test_search_for_plain_words_warns_about_nothing(editor_client, plain_articles):
    html = editor_client.get("/search/", {"q": "Minister"}).content.decode()
    assert 'class="search-result"' in html
    assert "data-reveal-warning" not in html and "⟨U+" not in html


def test_the_workspace_title_shows_a_lookalike_escaped_with_a_warning(editor_client, odd_article):
    html = editor_client.get(f"/articles/{odd_article.pk}/").content.decode()
    assert SHOWN in html and "Mixes alphabets within a word" in html


def test_a_plain_greek_title_in_the_workspace_has_no_warning(editor_client, plain_articles):
    html = editor_client.get(f"/articles/{plain_articles[1].pk}/").content.decode()
    assert "Η Αθήνα σήμερα" in html and "invisible-warning" not in html
