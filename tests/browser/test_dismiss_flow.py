"""Dismissing a sentence as not a claim with the keyboard, undoing it with the same key (x is a
toggle), and a verdict that undoes it; the key does nothing while the editor types."""

import pytest

from annotations.models import Dismissal, Sentence

from .conftest import log_in, screenshot

pytestmark = pytest.mark.browser


def open_sentence(page, article, ordinal: int) -> int:
    sentence = Sentence.objects.filter(article=article, heading=False).order_by("ordinal")[ordinal]
    page.goto(f"/articles/{article.pk}/?sentence={sentence.pk}")
    page.wait_for_selector('body[data-ready="true"]')
    page.wait_for_function(f"document.getElementById('s-{sentence.pk}').ariaSelected === 'true'")
    return sentence.pk


def test_x_dismisses_with_a_reason_x_again_undoes_and_a_verdict_undoes_it(
    transactional_db, live_server, new_page, article, editor
):
    page = new_page()
    log_in(page, "editor")
    pk = open_sentence(page, article, 2)
    page.focus("#sentence-list")

    page.keyboard.press("x")
    page.wait_for_selector("#dismiss-dialog[open]")
    screenshot(page, "dismiss-picker")
    page.keyboard.press("2")  # prediction
    page.keyboard.press("Enter")
    page.wait_for_selector(f'#s-{pk}[data-dismissed="prediction"]')
    dismissal = Dismissal.objects.get(sentence_id=pk, undone_at__isnull=True)
    assert dismissal.reason == "prediction" and dismissal.by == editor
    assert page.is_visible("#dismiss-undo") and "prediction" in page.inner_text("#dismiss-text")
    screenshot(page, "dismissed")

    page.focus("#sentence-list")
    page.keyboard.press("u")  # another feature's key now: it leaves the dismissal alone
    assert Dismissal.objects.filter(sentence_id=pk, undone_at__isnull=True).exists()
    page.keyboard.press("x")  # a toggle on a dismissed sentence: undone, no picker
    page.wait_for_selector(f'#s-{pk}[data-dismissed=""]')
    assert not page.is_visible("#dismiss-dialog")
    assert not Dismissal.objects.filter(sentence_id=pk, undone_at__isnull=True).exists()

    # While typing in the rationale, x is a letter like any other.
    page.keyboard.press("r")
    page.keyboard.type("xx")
    assert not page.is_visible("#dismiss-dialog")
    assert page.input_value("#rationale") == "xx"
    page.keyboard.press("Escape")

    page.keyboard.press("x")
    page.wait_for_selector("#dismiss-dialog[open]")
    page.keyboard.press("Enter")  # the first reason, opinion
    page.wait_for_selector(f'#s-{pk}[data-dismissed="opinion"]')
    page.focus("#sentence-list")
    page.keyboard.press("1")
    page.keyboard.press("Control+Enter")
    page.wait_for_selector(f'#s-{pk}[data-verdict="verified"]')
    page.wait_for_selector(f'#s-{pk}[data-dismissed=""]')
    assert not Dismissal.objects.filter(sentence_id=pk, undone_at__isnull=True).exists()
    assert not page.errors


def test_the_shortcut_list_names_the_dismiss_key(
    transactional_db, live_server, new_page, article, editor
):
    page = new_page(locale="de-DE")
    log_in(page, "editor")
    open_sentence(page, article, 1)
    page.keyboard.press("?")
    shortcuts = page.inner_text("#shortcuts")
    assert "Verwerfen rückgängig" in shortcuts and "/ u" not in shortcuts
    screenshot(page, "shortcuts-de")
    page.set_viewport_size({"width": 390, "height": 844})
    page.keyboard.press("Escape")
    page.focus("#sentence-list")
    page.keyboard.press("x")
    page.wait_for_selector("#dismiss-dialog[open]")
    screenshot(page, "dismiss-picker-390-de")
