"""Invisible characters in a verdict's texts are kept, and named under the field."""

import pytest

from annotations.models import Annotation, Sentence
from annotations.services.verdicts import EvidenceInput, set_verdict

from .conftest import log_in, screenshot

pytestmark = pytest.mark.browser


def first_sentence(article) -> Sentence:
    return Sentence.objects.filter(article=article, heading=False).order_by("ordinal").first()


@pytest.mark.parametrize("width", [1440, 390])
def test_invisible_characters_are_named_under_the_field_and_kept_on_save(
    transactional_db, live_server, new_page, article, editor, width
):
    sentence = first_sentence(article)
    set_verdict(
        sentence=sentence,
        editor=editor,
        verdict="disputed",
        rationale="Laut\u200b Ministerium falsch.",
        evidence=[EvidenceInput(url="https://example.org/a", title="Be\u2060richt")],
        expected_version=0,
    )
    page = new_page()
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, "editor")
    page.goto(f"/articles/{article.pk}/?sentence={sentence.pk}")
    page.wait_for_selector(f'#s-{sentence.pk}[aria-selected="true"]')
    note = page.locator("#rationale ~ .invisible-warning")
    note.wait_for()
    assert "U+200B @ 5" in note.text_content()
    title_note = page.locator("#evidence-list .invisible-warning")
    assert "U+2060 @ 3" in title_note.text_content()
    page.locator("#rationale").scroll_into_view_if_needed()
    screenshot(page, f"workspace-invisible-{width}")

    # Typing one more keeps the note current; removing them all hides it.
    page.fill("#rationale", "Ohne\ufeff und mit\u00ad.")
    assert "U+FEFF @ 5, U+00AD @ 14" in note.text_content()
    page.fill("#rationale", "Sauber.")
    assert note.is_hidden()
    page.fill("#rationale", "Laut\u200b Ministerium falsch, bleibt.")
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("#save-state:has-text('Saved')")
    assert Annotation.objects.get(sentence=sentence).rationale == (
        "Laut\u200b Ministerium falsch, bleibt."
    )
    assert page.errors == []


def test_the_note_is_german_in_the_german_interface(
    transactional_db, live_server, new_page, article, editor
):
    sentence = first_sentence(article)
    set_verdict(
        sentence=sentence, editor=editor, verdict="verified", rationale="a\u200bb",
        expected_version=0,
    )  # fmt: skip
    page = new_page(locale="de-DE")
    log_in(page, "editor")
    page.goto(f"/articles/{article.pk}/?sentence={sentence.pk}")
    note = page.locator("#rationale ~ .invisible-warning")
    note.wait_for()
    assert note.text_content().startswith("Unsichtbare Zeichen, so belassen wie eingegeben")
