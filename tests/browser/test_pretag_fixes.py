"""Correcting the pre-tagger's speaker and date in the sentence panel with the keyboard: a
labelled field per tag, Enter saves, a bad date is refused with what was typed kept, and the
pre-tagger's own value withdraws the correction; readable on a phone and in German."""

import datetime

import pytest

from annotations.models import Job, JobState, PretagCorrection, Sentence, SentenceTag
from annotations.pretag.spans import detect_spans
from annotations.services.articles import import_article

from .conftest import log_in, screenshot

pytestmark = pytest.mark.browser

TEXT = (
    "Steuern sollen sinken\n\n"
    "«Wir werden die Steuern senken», sagte Scholz am 3. Mai 2024 in Berlin. "
    "Die Stadt zählte damals 12.000 Einwohner."
)


@pytest.fixture
def quoted(newsroom, editor) -> Sentence:
    """An article tagged as a finished job leaves it, with real spans; its quoted sentence."""
    article, _job = import_article(
        newsroom=newsroom, title="Steuern", text=TEXT, language="de", imported_by=editor,
        published_at=datetime.date(2024, 5, 8),
    )  # fmt: skip
    rows = list(Sentence.objects.filter(article=article).order_by("ordinal"))
    for sentence in rows:
        spans = detect_spans(article.text, sentence.start, sentence.end, "de", article.published_at)
        sentence.pretag = SentenceTag.objects.create(
            sentence=sentence, tagger_version="t-1", checkworthiness=0.9, claim=True,
            spans=[s.as_dict() for s in spans],
        )  # fmt: skip
    Sentence.objects.bulk_update(rows, ["pretag"])
    Job.objects.filter(article=article).update(state=JobState.DONE, progress=1.0)
    return next(s for s in rows if s.text.startswith("«"))


def open_sentence(page, sentence: Sentence) -> None:
    page.goto(f"/articles/{sentence.article_id}/?sentence={sentence.pk}")
    page.wait_for_selector('body[data-ready="true"]')
    page.wait_for_selector("#pretag-fixes:not([hidden]) .pretag-fix")


def test_editor_corrects_a_speaker_and_a_date_with_the_keyboard(
    transactional_db, live_server, new_page, quoted, editor
):
    page = new_page()
    console = []
    page.on("console", lambda message: console.append(message.text))
    log_in(page, "editor")
    open_sentence(page, quoted)
    fixes = page.locator("#pretag-fixes .pretag-fix")
    assert [fixes.nth(i).get_attribute("data-field") for i in range(fixes.count())] == [
        "speaker", "source", "date",
    ]  # fmt: skip

    speaker = page.get_by_label("Speaker of «Wir werden die Steuern senken»")
    assert speaker.input_value() == "Scholz"
    speaker.focus()
    page.keyboard.press("Control+a")
    page.keyboard.type("Olaf Scholz x")  # x is a letter here, not the dismiss key
    page.keyboard.press("Backspace")
    page.keyboard.press("Backspace")
    page.keyboard.press("Tab")  # the field's own save button comes next
    assert page.evaluate("document.activeElement.type") == "submit"
    page.keyboard.press("Enter")
    page.wait_for_selector('.pretag-fix[data-field="speaker"][data-corrected="1"]')
    assert not page.is_visible("#dismiss-dialog")
    row = PretagCorrection.objects.get(field="speaker")
    assert (row.pretag_value, row.value, row.by, row.tagger_version) == (
        "Scholz", "Olaf Scholz", editor, "t-1",
    )  # fmt: skip
    assert "Scholz" in page.inner_text('.pretag-fix[data-field="speaker"] .pretag-fix-was')

    date = page.locator('.pretag-fix[data-field="date"] input')
    assert date.input_value() == "2024-05-03"
    date.fill("3.5.2024")
    date.press("Enter")
    error = page.locator('.pretag-fix[data-field="date"] .field-error')
    error.wait_for()
    assert "no date" in error.inner_text() and date.input_value() == "3.5.2024"
    assert not PretagCorrection.objects.filter(field="date").exists()
    date.fill("2024-05-02")
    date.press("Enter")
    page.wait_for_selector('.pretag-fix[data-field="date"][data-corrected="1"]')
    assert PretagCorrection.objects.get(field="date").value == "2024-05-02"
    assert not error.is_visible()

    page.locator("#pretag-fixes").scroll_into_view_if_needed()
    screenshot(page, "pretag-fixes-1440")
    page.set_viewport_size({"width": 390, "height": 844})
    open_sentence(page, quoted)  # on a phone a link to a sentence opens the panel as a sheet
    page.locator("#pretag-fixes").scroll_into_view_if_needed()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    screenshot(page, "pretag-fixes-390")

    speaker.fill("Scholz")  # the pre-tagger's own value: the correction is withdrawn
    speaker.press("Enter")
    page.wait_for_selector('.pretag-fix[data-field="speaker"][data-corrected=""]')
    assert not PretagCorrection.objects.filter(field="speaker").exists()
    assert not page.errors
    assert not [line for line in console if "Content Security Policy" in line]


def test_the_fields_speak_german_and_a_viewer_only_reads_them(
    transactional_db, live_server, new_page, quoted, viewer
):
    page = new_page(locale="de-DE")
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "viewer")
    open_sentence(page, quoted)
    section = page.locator("#pretag-fixes")
    assert "Vorausgezeichnete Sprecher und Daten" in section.text_content()
    assert page.get_by_label("Datum von «am 3. Mai 2024»").is_visible()
    assert page.locator("#pretag-fixes input[readonly]").count() == 3
    assert page.locator("#pretag-fixes button").count() == 0
    section.scroll_into_view_if_needed()
    screenshot(page, "pretag-fixes-390-de-viewer")
