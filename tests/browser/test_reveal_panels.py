"""A zero-width space and a Cyrillic "а" in "paypal", kept as typed, are shown escaped with a
warning in the orphans panel, version notes, "checked before", the conflict panel, the
attribution check's rationale, the inbox and the queue's article filter; the plain texts beside
them show no warning. Wide and narrow."""

import pytest

from annotations.services.verdicts import EvidenceInput, set_verdict
from tests.web.reveal_cases import (
    HIDDEN_SHOWN,
    ODD_EVIDENCE,
    ODD_RATIONALE,
    ODD_SHOWN,
    PLAIN_RATIONALE,
    PLAIN_TITLE,
    build_reveal_desk,
)

from .conftest import log_in, screenshot

pytestmark = pytest.mark.browser

SIZES = [(1440, 900), (390, 844)]


@pytest.fixture
def desk(transactional_db, newsroom, editor, reviewer):
    return build_reveal_desk(newsroom, editor, reviewer)


def opened(new_page, width: int, height: int):
    page = new_page()
    page.set_viewport_size({"width": width, "height": height})
    log_in(page, "editor")
    return page


def warned(locator) -> str:
    text = locator.text_content()
    assert "Contains invisible characters" in text and "Mixes alphabets" in text
    return text


@pytest.mark.parametrize("width,height", SIZES)
def test_orphans_and_version_notes_show_odd_characters(live_server, new_page, desk, width, height):
    page = opened(new_page, width, height)
    page.goto(f"/articles/{desk.odd.pk}/")
    odd, plain = page.locator("#orphans .orphan").all()
    rationale = odd.locator(".orphan-rationale")
    assert ODD_SHOWN in rationale.text_content() and HIDDEN_SHOWN in rationale.text_content()
    warned(rationale.locator(".reveal-warning"))
    evidence = odd.locator(".orphan-evidence li")
    assert evidence.locator("a .lookalike-char").count() == 1
    assert "U+0430" in evidence.locator("a + .reveal-warning").text_content()
    assert PLAIN_RATIONALE in plain.text_content()
    assert plain.locator(".reveal-warning, .lookalike-char, .invisible-char").count() == 0
    assert ODD_SHOWN in page.title()
    odd.scroll_into_view_if_needed()
    screenshot(page, f"reveal-orphans-{width}")
    page.click("#versions-menu summary")
    note = page.locator(".version-note")
    assert note.locator(".invisible-char").count() == 1
    warned(note.locator(".reveal-warning"))
    screenshot(page, f"reveal-version-note-{width}")
    page.goto(f"/articles/{desk.odd.pk}/versions/new/")
    assert page.locator("main .lookalike-char").count() == 1
    assert "U+0430" in page.locator("main .reveal-warning").text_content()
    screenshot(page, f"reveal-new-version-{width}")
    assert page.errors == []


@pytest.mark.parametrize("width,height", SIZES)
def test_checked_before_and_the_attribution_check_show_odd_characters(
    live_server, new_page, desk, width, height
):
    page = opened(new_page, width, height)
    sentence = desk.plain_sentence
    page.goto(f"/articles/{sentence.article_id}/?sentence={sentence.pk}")
    page.locator("#checked-before:not([hidden]) .match-item").first.wait_for()
    odd, plain = page.locator("#match-list .match-item").all()
    claim = odd.locator(".match-claim")
    assert ODD_SHOWN in claim.text_content() and HIDDEN_SHOWN in claim.text_content()
    warned(odd.locator(".match-claim + .reveal-warning"))
    assert odd.locator(".match-link .lookalike-char").count() == 1
    assert "U+0430" in odd.locator(".match-link + .reveal-warning").text_content()
    assert PLAIN_TITLE in plain.locator(".match-link").text_content()
    assert plain.locator(".reveal-warning, .lookalike-char, .invisible-char").count() == 0
    odd.scroll_into_view_if_needed()
    screenshot(page, f"reveal-checked-before-{width}")

    note = page.locator("#attribution label .invisible-warning")
    note.wait_for()
    assert "U+0430 @ 7" in note.text_content() and "U+200B @ 19" in note.text_content()
    assert page.input_value("#attribution-rationale") == ODD_RATIONALE
    assert page.locator("#rationale ~ .invisible-warning:visible").count() == 0  # plain
    note.scroll_into_view_if_needed()
    screenshot(page, f"reveal-attribution-{width}")
    assert page.errors == []


@pytest.mark.parametrize("width,height", SIZES)
def test_the_conflict_panel_shows_their_odd_rationale_and_evidence_title(
    live_server, new_page, desk, second_editor, width, height
):
    page = opened(new_page, width, height)
    sentence = desk.plain_sentence
    page.goto(f"/articles/{sentence.article_id}/?sentence={sentence.pk}")
    page.wait_for_selector(f'#s-{sentence.pk}[aria-selected="true"]')
    page.fill("#rationale", PLAIN_RATIONALE + " Ergänzt.")
    set_verdict(
        sentence=sentence,
        editor=second_editor,
        verdict="disputed",
        rationale=ODD_RATIONALE,
        evidence=[EvidenceInput(url="https://example.org/b", title=ODD_EVIDENCE)],
        expected_version=1,
    )
    page.click("#save-verdict")
    page.locator("#conflict:not([hidden])").wait_for()
    theirs = page.locator("#theirs dd")
    assert HIDDEN_SHOWN in theirs.nth(1).text_content()
    warned(theirs.nth(1).locator(".reveal-warning"))
    assert theirs.nth(2).locator(".lookalike-char").count() == 1
    assert "U+0430" in theirs.nth(2).locator(".reveal-warning").text_content()
    mine = page.locator("#mine")
    assert PLAIN_RATIONALE in mine.text_content()
    assert mine.locator(".reveal-warning, .lookalike-char, .invisible-char").count() == 0
    screenshot(page, f"reveal-conflict-{width}")
    assert page.errors == []


@pytest.mark.parametrize("width,height", SIZES)
def test_the_inbox_and_the_queue_filter_show_odd_characters(
    live_server, new_page, desk, width, height
):
    page = opened(new_page, width, height)
    page.goto("/inbox/")
    odd = page.locator('.inbox-item[data-kind="changes_requested"]')
    assert odd.locator(".inbox-where .lookalike-char").count() == 1
    assert "U+0430" in odd.locator(".inbox-where + .reveal-warning").text_content()
    text = odd.locator(".inbox-text")
    assert ODD_SHOWN in text.text_content() and HIDDEN_SHOWN in text.text_content()
    warned(odd.locator(".inbox-text + .reveal-warning"))
    plain = page.locator('.inbox-item[data-kind="mentioned"]')
    assert PLAIN_TITLE in plain.text_content()
    assert plain.locator(".reveal-warning, .lookalike-char, .invisible-char").count() == 0
    screenshot(page, f"reveal-inbox-{width}")

    page.goto("/queue/")
    options = page.locator("#id_article option").all_text_contents()
    assert f"Bericht der {ODD_SHOWN} Bank" in options and PLAIN_TITLE in options
    # A closed drop-down shows one option: opened as a list, for the picture only.
    page.eval_on_selector("#id_article", "select => { select.size = 3; }")
    screenshot(page, f"reveal-queue-filter-{width}")
    assert page.errors == []
