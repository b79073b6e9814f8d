"""Two editors on one article in two browsers: changes and presence arrive without a reload."""

import time

import pytest
from playwright.sync_api import expect

from annotations.models import Sentence
from annotations.services.review import approve, submit
from annotations.services.versions import import_version

from .conftest import log_in, screenshot

pytestmark = pytest.mark.browser

LIVE_WAIT_MS = 15_000  # the bound of every wait (a loaded machine); the promise is 2 s, see below
DRAFT = "Mein Entwurf, noch nicht gespeichert: die Zahl prüfen."


def body_sentences(article, count: int = 3) -> list[Sentence]:
    return list(Sentence.objects.filter(article=article, heading=False).order_by("ordinal")[:count])


def open_at(page, article, sentence: Sentence) -> None:
    page.goto(f"/articles/{article.pk}/?sentence={sentence.pk}")
    page.wait_for_selector(f'#s-{sentence.pk}[aria-selected="true"]')


def _polls(page) -> int:
    """How many times the page has asked for changes so far (live.js counts them)."""
    return int(page.evaluate("Number(document.body.dataset.livePolls || 0)"))


def test_a_colleagues_verdict_arrives_within_2s_and_my_draft_elsewhere_stays(
    transactional_db, live_server, new_page, article, editor, second_editor
):
    first, second, _third = body_sentences(article)
    page_b = new_page()
    log_in(page_b, "editor2")
    open_at(page_b, article, second)
    page_b.fill("#rationale", DRAFT)

    page_a = new_page()
    log_in(page_a, "editor")
    open_at(page_a, article, first)

    # Presence: B sees that A has the first sentence open, beside it and in the header.
    expect(page_b.locator(f"#s-{first.pk} .presence-mark")).to_have_attribute(
        "data-users", "editor", timeout=LIVE_WAIT_MS
    )
    expect(page_b.locator("#presence")).to_contain_text("editor", timeout=LIVE_WAIT_MS)
    # Nobody else is on B's own sentence, and B is not listed to B.
    assert page_b.locator(f"#s-{second.pk} .presence-mark").count() == 0
    expect(page_a.locator(f"#s-{second.pk} .presence-mark")).to_have_attribute(
        "data-users", "editor2", timeout=LIVE_WAIT_MS
    )

    page_a.keyboard.press("2")
    page_a.fill("#rationale", "Die Zahl ist falsch.")
    page_a.keyboard.press("Control+Enter")
    page_a.wait_for_selector("#save-state:has-text('Saved')")
    saved_at, polls_sent = time.monotonic(), _polls(page_b)
    expect(page_b.locator(f"#s-{first.pk}")).to_have_attribute(
        "data-verdict", "disputed", timeout=LIVE_WAIT_MS
    )
    # The promise is 2 s: B polls once a second, and the change must come with the first poll
    # sent after the save (counted, not timed, so a loaded machine does not fail it; one more
    # poll may have left before the page applied the answer).
    elapsed, polls = time.monotonic() - saved_at, _polls(page_b) - polls_sent
    assert polls <= 2, f"the change took {polls} polls ({elapsed:.2f} s) to arrive"
    assert page_b.get_attribute(f"#s-{first.pk}", "data-review-state") == "draft"
    assert "v-disputed" in page_b.get_attribute(f"#s-{first.pk}", "class")

    # B's typing on another sentence is untouched, and still marked unsaved.
    assert page_b.input_value("#rationale") == DRAFT
    assert page_b.get_attribute("#sentence-list", "aria-activedescendant") == f"s-{second.pk}"
    assert page_b.get_attribute(f"#s-{second.pk}", "data-verdict") == ""
    assert page_b.locator("#remote-change").is_hidden()

    # A submits, a reviewer approves (server side): the review state follows on B's page.
    submit(sentence=first, editor=editor)
    expect(page_b.locator(f"#s-{first.pk}")).to_have_attribute(
        "data-review-state", "submitted", timeout=LIVE_WAIT_MS
    )
    assert not page_b.errors and not page_a.errors


def test_a_change_to_the_sentence_i_am_typing_in_asks_view_or_keep_mine(
    transactional_db, live_server, new_page, article, editor, second_editor, reviewer
):
    first, _second, _third = body_sentences(article)
    page_b = new_page()
    page_b.set_viewport_size({"width": 1440, "height": 900})
    log_in(page_b, "editor2")
    open_at(page_b, article, first)
    page_b.keyboard.press("1")
    page_b.fill("#rationale", DRAFT)

    page_a = new_page()
    log_in(page_a, "editor")
    open_at(page_a, article, first)
    page_a.keyboard.press("2")
    page_a.fill("#rationale", "Die Zahl ist falsch.")
    page_a.keyboard.press("Control+Enter")
    page_a.wait_for_selector("#save-state:has-text('Saved')")

    notice = page_b.locator("#remote-change")
    expect(notice).to_be_visible(timeout=LIVE_WAIT_MS)
    expect(notice).to_contain_text("changed by editor")
    expect(page_b.locator(f"#s-{first.pk}")).to_have_attribute("data-verdict", "disputed")
    # Nothing B typed was overwritten.
    assert page_b.input_value("#rationale") == DRAFT
    assert page_b.is_checked('input[name="verdict"][value="verified"]')
    expect(page_b.locator(f"#s-{first.pk} .presence-mark")).to_have_attribute(
        "data-users", "editor", timeout=LIVE_WAIT_MS
    )
    screenshot(page_b, "workspace-live-1440")
    page_b.set_viewport_size({"width": 390, "height": 844})
    page_b.locator("h1").scroll_into_view_if_needed()
    # Who is here wraps to its own line: no horizontal scroll on a phone.
    assert page_b.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page_b, "workspace-live-390-top")
    notice.scroll_into_view_if_needed()
    screenshot(page_b, "workspace-live-390")
    page_b.set_viewport_size({"width": 1440, "height": 900})

    # "keep mine" leaves the typing; saving it still meets If-Match and asks first.
    page_b.click("#remote-keep")
    assert notice.is_hidden()
    assert page_b.input_value("#rationale") == DRAFT
    page_b.click("#save-verdict")
    page_b.wait_for_selector("#conflict:not([hidden])")
    assert "Die Zahl ist falsch." in page_b.text_content("#theirs")
    assert DRAFT in page_b.text_content("#mine")
    page_b.click("#keep-theirs")
    assert page_b.input_value("#rationale") == "Die Zahl ist falsch."

    # An unedited open sentence simply follows: the reviewer's approval shows in the panel.
    submit(sentence=first, editor=editor)
    approve(sentence=first, reviewer=reviewer)
    expect(page_b.locator(f"#s-{first.pk}")).to_have_attribute(
        "data-review-state", "approved", timeout=LIVE_WAIT_MS
    )
    expect(page_b.locator("#review-state")).to_contain_text("pproved", timeout=LIVE_WAIT_MS)
    assert notice.is_hidden()
    assert not page_b.errors and not page_a.errors


def test_view_shows_their_verdict_beside_mine(
    transactional_db, live_server, new_page, article, editor, second_editor
):
    first = body_sentences(article, 1)[0]
    page_b = new_page()
    log_in(page_b, "editor2")
    open_at(page_b, article, first)
    page_b.fill("#rationale", DRAFT)
    page_a = new_page()
    log_in(page_a, "editor")
    open_at(page_a, article, first)
    page_a.keyboard.press("3")
    page_a.keyboard.press("Control+Enter")
    page_a.wait_for_selector("#save-state:has-text('Saved')")
    expect(page_b.locator("#remote-change")).to_be_visible(timeout=LIVE_WAIT_MS)
    page_b.click("#remote-view")
    page_b.wait_for_selector("#conflict:not([hidden])")
    assert DRAFT in page_b.text_content("#mine")
    assert "editor" in page_b.text_content("#theirs-meta")
    assert page_b.input_value("#rationale") == DRAFT


def test_a_new_version_is_offered_without_a_reload(
    transactional_db, live_server, new_page, article, editor, seed_text
):
    first = body_sentences(article, 1)[0]
    page = new_page()
    log_in(page, "editor")
    open_at(page, article, first)
    page.fill("#rationale", DRAFT)
    import_version(article=article, text=seed_text + "\n\nEin neuer Absatz.", imported_by=editor)
    banner = page.locator("#new-version-banner")
    expect(banner).to_be_visible(timeout=LIVE_WAIT_MS)
    expect(banner).to_contain_text("Version 2")
    assert page.input_value("#rationale") == DRAFT
