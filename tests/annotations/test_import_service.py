"""The import service: every bad input gets its own message and leaves no row behind."""

import pytest
from django.test import override_settings

from annotations.models import Article, Job, Sentence
from annotations.services.articles import import_article
from annotations.services.errors import InvalidInput, TooLarge

pytestmark = pytest.mark.django_db


def _import(newsroom, **overrides):
    arguments = {"newsroom": newsroom, "title": "A title", "text": "One. Two.", "language": "en"}
    arguments.update(overrides)
    return import_article(**arguments)


def _nothing_written():
    return (
        not Article.objects.exists() and not Sentence.objects.exists() and not Job.objects.exists()
    )


def test_import_stores_text_sentences_and_a_queued_job(newsroom):
    article, job = _import(newsroom, text="Erster Satz. Zweiter Satz.\nÜberschrift\n")
    assert article.version == 1 and len(article.text_hash) == 64
    assert [s.text for s in article.sentences.order_by("ordinal")] == [
        "Erster Satz.",
        "Zweiter Satz.",
        "Überschrift",
    ]
    assert job.kind == "pretag" and job.state == "queued" and job.article == article


def test_text_is_nfc_normalised_with_unix_newlines(newsroom):
    decomposed = "Cafe\u0301 ist offen.\r\nZweite Zeile.\rDritte."
    article, _ = _import(newsroom, text=decomposed)
    assert article.text == "Café ist offen.\nZweite Zeile.\nDritte."


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (b"Gr\xfc\xdfe aus Berlin.", "not valid UTF-8 (byte 0xfc at position 2)"),
        ("Ein\x00Satz.", "U+0000"),
        ("Ein \x07 Satz.", "U+0007"),
        ("Bezahlt \u202eneila\u202c heute.", "bidirectional override"),
        ("   \n\t\n", "The text is empty."),
    ],
    ids=["invalid-utf8", "nul", "bell", "bidi-override", "blank"],
)
def test_bad_text_is_refused_with_its_own_message(newsroom, text, message):
    with pytest.raises(InvalidInput) as excinfo:
        _import(newsroom, text=text)
    assert message in excinfo.value.message
    assert excinfo.value.field == "text"
    assert _nothing_written()


def test_control_character_message_names_line_and_column(newsroom):
    with pytest.raises(InvalidInput) as excinfo:
        _import(newsroom, text="Erste Zeile.\nZwei\x1b.")
    assert "line 2, column 5" in excinfo.value.message


@override_settings(FACTCHECK_MAX_TEXT_BYTES=1000)
def test_oversized_text_names_the_limit(newsroom):
    with pytest.raises(TooLarge) as excinfo:
        _import(newsroom, text="Satz. " * 400)
    assert "the limit is 0.0 MB" not in excinfo.value.message
    assert "limit" in excinfo.value.message
    assert _nothing_written()


def test_default_limit_is_two_megabytes(newsroom):
    with pytest.raises(TooLarge) as excinfo:
        _import(newsroom, text="a" * (2 * 1024 * 1024 + 1))
    assert "the limit is 2.0 MB" in excinfo.value.message


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": "  "}, "title"),
        ({"title": "Bad\x00title"}, "title"),
        ({"title": "x" * 501}, "title"),
        ({"language": "fr"}, "language"),
        ({"source_url": "javascript:alert(1)"}, "source_url"),
        ({"source_url": "data:text/html,hi"}, "source_url"),
        ({"source_url": "https://"}, "source_url"),
    ],
)
def test_bad_fields_are_refused_naming_the_field(newsroom, overrides, field):
    with pytest.raises(InvalidInput) as excinfo:
        _import(newsroom, **overrides)
    assert excinfo.value.field == field
    assert _nothing_written()


def test_language_is_detected_when_absent(newsroom):
    german, _ = _import(
        newsroom, language=None, text="Die Regierung hat gestern neue Gesetze beschlossen."
    )
    english, _ = _import(
        newsroom, language=None, text="The government passed new laws yesterday evening."
    )
    assert (german.language, english.language) == ("de", "en")


def test_every_seed_sentence_is_an_exact_slice_of_the_text(article):
    sentences = list(article.sentences.order_by("ordinal"))
    assert len(sentences) > 25
    for sentence in sentences:
        assert article.text[sentence.start : sentence.end] == sentence.text
    non_space = {i for i, ch in enumerate(article.text) if not ch.isspace()}
    covered = {i for s in sentences for i in range(s.start, s.end)}
    assert non_space <= covered
