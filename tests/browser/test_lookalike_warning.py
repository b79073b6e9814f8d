"""Look-alike letters (a Cyrillic "а" in "paypal") and invisible characters, kept as typed, are
shown escaped with a warning wherever the pages show the text: the workspace's title, fields,
comments, review note and history, the home page, the review queue and the search results."""

import pytest

from annotations.services.articles import import_article
from annotations.services.comments import add_comment
from annotations.services.review import request_changes, submit
from annotations.services.verdicts import EvidenceInput, set_verdict

from .conftest import log_in, screenshot

pytestmark = pytest.mark.browser

ODD = "p\u0430ypal"  # the second letter is Cyrillic
TEXT = "Der Minister sagte am Montag, die Zahl der Anträge sei deutlich gestiegen.\n"


@pytest.fixture
def odd_sentence(transactional_db, newsroom, editor, reviewer):
    article, _job = import_article(
        newsroom=newsroom,
        title=f"Bericht der {ODD} Bank",
        text=TEXT,
        language="de",
        imported_by=editor,
    )
    sentence = article.sentences.filter(heading=False).first()
    set_verdict(
        sentence=sentence,
        editor=editor,
        verdict="disputed",
        rationale=f"Laut {ODD} und Ze\u200bitung falsch.",
        evidence=[EvidenceInput(url="https://example.org/a", title=f"Meldung von {ODD}")],
        expected_version=0,
    )
    submit(sentence=sentence, editor=editor)
    request_changes(sentence=sentence, reviewer=reviewer, comment=f"Quelle {ODD} prüfen.")
    add_comment(author=editor, article=article, sentence=sentence, body=f"Siehe {ODD}, Größe.")
    return sentence


@pytest.mark.parametrize("width,height", [(1440, 900), (390, 844)])
def test_the_workspace_shows_lookalikes_escaped_with_warnings(
    live_server, new_page, odd_sentence, width, height
):
    page = new_page()
    page.set_viewport_size({"width": width, "height": height})
    log_in(page, "editor")
    page.goto(f"/articles/{odd_sentence.article_id}/?sentence={odd_sentence.pk}")
    page.wait_for_selector(f'#s-{odd_sentence.pk}[aria-selected="true"]')
    # The title, from the server.
    title = page.locator(".ws-title h1 .lookalike-char")
    assert title.text_content() == "⟨U+0430⟩"
    assert "Mixes alphabets" in page.locator(".ws-title .invisible-warning").text_content()
    # The fields, while the editor types.
    note = page.locator("#rationale ~ .invisible-warning")
    note.wait_for()
    assert "U+0430 @ 7 (pаypal)" in note.text_content()
    assert "U+200B @ 19" in note.text_content()
    assert "U+0430 @ 14" in page.locator("#evidence-list .invisible-warning").text_content()
    page.locator("#rationale").scroll_into_view_if_needed()
    screenshot(page, f"workspace-lookalike-fields-{width}")
    # The reviewer's note, the comment and the history.
    review = page.locator("#review-comment")
    assert review.locator(".lookalike-char").count() == 1
    assert "U+0430" in page.locator("#review-comment + .reveal-warning").text_content()
    comment = page.locator("#sentence-comments .comment").first
    comment.locator(".lookalike-char").wait_for()
    assert "Größe" in comment.locator(".comment-body").text_content()
    assert "U+0430 “pаypal”" in comment.locator(".reveal-warning").text_content()
    history = page.locator("#history-list .history-text .lookalike-char")
    history.first.wait_for()
    assert history.count() >= 2  # the rationale and the reviewer's comment
    page.locator("#history-list").scroll_into_view_if_needed()
    screenshot(page, f"workspace-lookalike-{width}")
    page.locator("#sentence-comments").scroll_into_view_if_needed()
    screenshot(page, f"workspace-lookalike-comments-{width}")
    assert page.errors == []


@pytest.mark.parametrize("width,height", [(1440, 900), (390, 844)])
def test_home_queue_and_search_show_lookalikes_escaped_with_warnings(
    live_server, new_page, odd_sentence, width, height
):
    page = new_page()
    page.set_viewport_size({"width": width, "height": height})
    log_in(page, "editor")
    page.goto("/")
    row = page.locator(f'.article-row[data-article="{odd_sentence.article_id}"]')
    assert row.locator(".article-title .lookalike-char").count() == 1
    assert "Mixes alphabets" in row.locator(".reveal-warning").text_content()
    screenshot(page, f"home-lookalike-{width}")

    page.goto("/queue/")
    cell = page.locator(f'tr[data-sentence="{odd_sentence.pk}"] .q-article')
    assert cell.locator(".lookalike-char").count() == 1
    assert "U+0430" in cell.locator(".reveal-warning").text_content()
    cell.scroll_into_view_if_needed()
    screenshot(page, f"queue-lookalike-{width}")

    page.goto("/search/?q=falsch")
    result = page.locator(f'.search-result[data-sentence="{odd_sentence.pk}"]')
    assert result.locator(".search-field .lookalike-char").count() == 1
    assert result.locator(".search-field mark").first.text_content() == "falsch"
    warning = result.locator(".search-field + p.reveal-warning").text_content()
    assert "Contains invisible characters" in warning and "Mixes alphabets" in warning
    assert "U+0430" in result.locator(".search-meta + p.reveal-warning").text_content()
    result.scroll_into_view_if_needed()
    screenshot(page, f"search-lookalike-{width}")
    assert page.errors == []
