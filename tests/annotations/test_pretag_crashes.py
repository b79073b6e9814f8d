"""Sentences that once made a detector raise, run through the detectors and the whole pre-tagger."""

from __future__ import annotations

import datetime

import pytest

from annotations.pretag.pipeline import segment_text, tag_segments
from annotations.pretag.spans import detect_spans

# A German sentence opening with the finite part of a separable verb was looked up with its
# capital letter and raised KeyError, which failed the pre-tag job of the whole article.
SEPARABLE_VERB_OPENINGS = [
    "Gab es Hinweise auf einen Anschlag?",
    "Gibt es dafür Belege?",
    "Teilte das Ministerium mit, dass die Zahlen stimmen?",
    "Gab die Polizei an, wie viele Menschen verletzt wurden?",
    "Kündigte der Minister am Montag an, die Steuern zu senken?",
    "Wies die Sprecherin die Vorwürfe zurück?",
    "Stellte der Kanzler klar, dass er bleibt?",
]


@pytest.mark.parametrize("sentence", SEPARABLE_VERB_OPENINGS)
def test_separable_verb_at_sentence_start_does_not_raise(sentence: str) -> None:
    spans = detect_spans(sentence, 0, len(sentence), "de", datetime.date(2024, 11, 30))
    assert all(0 <= s.start < s.end <= len(sentence) for s in spans)


def test_separable_verb_at_sentence_start_is_still_a_cue() -> None:
    sentence = "Teilte das Ministerium gestern mit, dass die Zahlen stimmen."
    spans = detect_spans(sentence, 0, len(sentence), "de", None)
    cues = [s.payload.get("cue") for s in spans if s.kind == "attribution"]
    assert "teilte mit" in cues


def test_article_of_such_sentences_is_tagged_whole() -> None:
    text = "\n".join(SEPARABLE_VERB_OPENINGS)
    segments = segment_text(text, "de")
    tags = tag_segments(text, segments, "de", datetime.date(2024, 11, 30))
    assert len(tags) == len(segments) == len(SEPARABLE_VERB_OPENINGS)
