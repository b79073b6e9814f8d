"""No text makes the pre-tagger raise; a detector that fails costs a sentence only its own tags.

Three kinds of evidence: generated text (German and English words, every kind of quotation
mark, numbers, dates, line breaks, combining marks, emoji, right-to-left letters), every file
of the evaluation data in ``../shared/data`` (skipped when absent), and detectors made to fail.
"""

from __future__ import annotations

import csv
import datetime
import json
import logging
import os
import random
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annotations.pretag import checkworthiness, pipeline, spans
from annotations.pretag.pipeline import SentenceTags, segment_text, tag_segments
from annotations.pretag.types import Segment

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(os.environ.get("FACTCHECK_EVAL_DATA") or ROOT.parent / "shared" / "data")
FULL_CORPUS = os.environ.get("FACTCHECK_FULL_CORPUS") == "1"
# Sentences per data file unless FACTCHECK_FULL_CORPUS=1: with 14 files this keeps the corpus
# test near 20 s on a loaded machine, and every file is read.
SAMPLE = 300
DATE = datetime.date(2024, 11, 30)

WORDS = [
    # German
    "Gab", "es", "Gibt", "Teilte", "mit", "sagte", "Bundeskanzler", "Olaf", "Scholz", "laut",
    "zufolge", "die", "der", "Regierung", "kündigte", "an", "Prozent", "Millionen", "Euro", "am",
    "im", "März", "Juli", "soll", "zum", "in", "Kraft", "treten", "bis", "zwischen", "und",
    "für", "Nina", "Warken", "(CDU)", "Eurostat", "hieß", "es", "z.", "B.", "Dr.", "Straße",
    "ÄÖÜ", "größte", "vorgestern", "er", "habe", "sei", "werde",
    # English
    "said", "told", "CNN", "according", "to", "the", "President", "Jen", "Easterly", "voted",
    "scheduled", "begin", "on", "June", "next", "between", "percent", "U.S.", "Mr.", "@USER",
    "https://example.org/a?b=1", "www.example.com", "mail@example.com", "I", "we", "think",
]  # fmt: skip
NUMBERS = ["1", "7-2", "2,5", "1.250", "3.400,50", "50 %", "2023", "1969", "1. Juli", "29.",
           "12:30", "1/2", "-4", "10^6", "²", "½", "٣", "1e9", "0,000001"]  # fmt: skip
DATES = ["3. Mai 2024", "1. Juli", "June 1", "2024-11-30", "30.11.2024", "Nov. 30, 2024",
         "zwischen 2020 und 2023", "between 1990 and 2000", "für 2025",
         "vor drei Jahren"]  # fmt: skip
PUNCTUATION = list(".,;:!?…–—-()[]{}/\\*&%$€£#@") + ["...", "?!", ":-)", ";)", "<3", "***"]
QUOTES = list("„“”«»‚‘’‹›\"'`´") + ["''", '""', "«»", "„“"]
ODD = [
    "\u0301", "\u0308", "e\u0301", "😀", "👍🏽", "👨‍👩‍👧", "🇩🇪", "مرحبا", "שלום", "\u200f",
    "\u200b", "\u00ad", "\ufeff", "ﬁ", "Ａ", "①", "\u2028", "\t", "\u00a0", "𝔘", "ǅ", "ß", "İ",
    "▁", "<s>", "</s>", "<unk>",
]  # fmt: skip
PIECES = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(NUMBERS),
    st.sampled_from(DATES),
    st.sampled_from(PUNCTUATION),
    st.sampled_from(QUOTES),
    st.sampled_from(ODD),
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=4),
)
GAPS = st.sampled_from([" ", " ", " ", "", "\n", "\n\n", "  ", " \n "])


@st.composite
def articles(draw: st.DrawFn) -> str:
    pieces = draw(st.lists(st.tuples(PIECES, GAPS), max_size=60))
    return "".join(piece + gap for piece, gap in pieces)


def check_tags(text: str, segments: list[Segment], tags: list[SentenceTags]) -> None:
    assert len(tags) == len(segments)
    for segment, tag in zip(segments, tags, strict=True):
        assert 0.0 <= tag.assessment.score <= 1.0
        for span in tag.spans:
            assert segment.start <= span.start < span.end <= segment.end, (span, segment)
    failed = [
        (text[s.start : s.end], t.warnings)
        for s, t in zip(segments, tags, strict=True)
        if t.warnings
    ]
    assert not failed, f"detectors failed: {failed[:5]}"


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(text=articles(), language=st.sampled_from(["de", "en", "fr", ""]))
def test_no_text_makes_the_pre_tagger_raise(text: str, language: str) -> None:
    segments = segment_text(text, language)
    for segment in segments:
        assert text[segment.start : segment.end].strip()
    check_tags(text, segments, tag_segments(text, segments, language, DATE))


@pytest.mark.parametrize(
    "text",
    [
        "",
        " \n\n ",
        "„",
        "«»",
        "Gab es",
        "\u0301\u0301\u0301",
        "😀" * 500,
        "„" * 300 + "Wort",
        ("Er sagte: „Das ist «falsch»." * 50),
        "a" * 20_000,
    ],
)
def test_edge_texts_are_tagged(text: str) -> None:
    segments = segment_text(text, "de")
    check_tags(text, segments, tag_segments(text, segments, "de", DATE))


def test_bad_segments_and_arguments_do_not_raise() -> None:
    text = "Die Regierung sagte am 3. Mai, die Zahl sei gestiegen."
    segments = [Segment(0, len(text), 0), Segment(40, 10, 0), Segment(-5, 10_000, 1, True)]
    tags = tag_segments(text, segments, None, "not a date")  # type: ignore[arg-type]
    assert len(tags) == 3
    assert tags[1].spans == [] and tags[1].assessment.score >= 0.0
    assert tag_segments(text, [], "de") == []


# --- every file of the evaluation data ---------------------------------------------------------


def test_every_sentence_of_the_evaluation_data_is_tagged() -> None:
    if not DATA.is_dir():
        pytest.skip(f"no evaluation data in {DATA}")
    files = sorted(p for p in DATA.rglob("*") if p.is_file())
    assert files
    read = {}
    for path in files:
        sentences = list(_sentences_of(path))
        read[path.name] = len(sentences)
        if not FULL_CORPUS and len(sentences) > SAMPLE:
            sentences = random.Random(path.name).sample(sentences, SAMPLE)
        language = "en" if path.name.startswith(("en_", "CT24", "ct22", "README")) else "de"
        for first in range(0, len(sentences), 50):  # articles of 50 paragraphs each
            text = "\n".join(sentences[first : first + 50])
            segments = segment_text(text, language)
            check_tags(text, segments, tag_segments(text, segments, language, DATE))
    # Every file with text yielded some; only the relevance judgements hold none.
    assert [name for name, count in read.items() if not count] == [
        name for name in read if name.endswith("_qrels.tsv")
    ], read


def _sentences_of(path: Path) -> Iterator[str]:
    """The texts a file holds, whatever its kind (each one a paragraph of a test article)."""
    suffix = path.suffix
    if suffix == ".conllu":
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("# text ="):
                yield line.removeprefix("# text =").strip()
    elif suffix == ".jsonl":
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                yield from _jsonl_texts(json.loads(line))
    elif suffix in (".tsv", ".csv"):
        yield from _table_texts(path, "\t" if suffix == ".tsv" else ",")
    elif suffix == ".md":
        yield from (line for line in path.read_text(encoding="utf-8").splitlines() if line)
    else:
        raise AssertionError(f"no reader for {path.name}: add one so every file is covered")


def _jsonl_texts(item: dict) -> Iterator[str]:
    if "Sentences" in item:  # SpkAtt: tokens without spacing
        for sentence in item["Sentences"]:
            yield detokenize(sentence["Tokens"])
        return
    for key, value in item.items():
        if isinstance(value, str) and " " in value.strip() and not key.endswith(("id", "url")):
            yield value


def _table_texts(path: Path, delimiter: str) -> Iterator[str]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=delimiter))
    if not rows:
        return
    header, *body = rows
    if not any(cell.strip().lower() in {"text", "sentence", "comment_text"} for cell in header):
        body = rows  # no header: the queries file is "id<TAB>text"
    for row in body:
        for cell in row:
            if " " in cell.strip():  # text, not an id or a label
                yield cell


_NO_SPACE_BEFORE = set(".,;:!?)]}»“'%")
_NO_SPACE_AFTER = set("([{„«‚")


def detokenize(tokens: list[str]) -> str:
    """Rebuild a sentence from tokens: no space before closing marks or after opening ones."""
    out = ""
    for token in tokens:
        if out and token[:1] not in _NO_SPACE_BEFORE and out[-1] not in _NO_SPACE_AFTER:
            out += " "
        out += token
    return out


# --- detectors made to fail --------------------------------------------------------------------

TEXT = (
    "Die Regierung teilte am 3. Mai 2024 mit, die Arbeitslosigkeit sei um 2,5 Prozent gestiegen.\n"
    "„Wir handeln“, sagte Bundeskanzler Olaf Scholz in Berlin."
)


def _tagged(caplog: pytest.LogCaptureFixture) -> tuple[list[Segment], list[SentenceTags]]:
    segments = segment_text(TEXT, "de")
    with caplog.at_level(logging.WARNING, logger=pipeline.__name__):
        return segments, tag_segments(TEXT, segments, "de", DATE)


def test_a_failing_detector_stage_costs_only_its_own_tags(monkeypatch, caplog) -> None:
    _, healthy = _tagged(caplog)
    assert {"date", "number"} <= {s.kind for s in healthy[0].spans}

    def broken(*args, **kwargs):
        raise KeyError("Gab")

    monkeypatch.setattr(spans, "find_dates", broken)
    caplog.clear()
    segments, tags = _tagged(caplog)
    assert len(tags) == len(segments) == 2
    for tag, before in zip(tags, healthy, strict=True):
        assert "dates: KeyError" in tag.warnings
        assert "date" not in {s.kind for s in tag.spans}
        kept = {(s.start, s.end, s.kind) for s in before.spans if s.kind in {"person", "quote"}}
        assert kept <= {(s.start, s.end, s.kind) for s in tag.spans}
        assert tag.assessment.reasons  # still scored
    assert "number" in {s.kind for s in tags[0].spans}
    logged = [r for r in caplog.records if "dates: KeyError" in r.getMessage()]
    assert len(logged) == 1 and "on 2 of 2 sentences" in logged[0].getMessage()


def test_detectors_that_raise_outright_leave_the_sentence_scored(monkeypatch, caplog) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr(spans, "detect_spans_with_warnings", broken)
    segments, tags = _tagged(caplog)
    assert len(tags) == len(segments)
    assert all(t.spans == [] and t.warnings == ("spans: RuntimeError",) for t in tags)
    assert all(t.assessment.reasons for t in tags)  # still scored
    logged = [r for r in caplog.records if "spans: RuntimeError" in r.getMessage()]
    assert len(logged) == 1 and logged[0].exc_info is not None


def test_spans_outside_their_sentence_are_dropped_with_a_warning(monkeypatch, caplog) -> None:
    real = spans.detect_spans_with_warnings

    def shifted(text, start, end, *args):
        found, warnings = real(text, start, end, *args)
        return [type(s)(s.start + 500, s.end + 500, s.kind, s.payload) for s in found], warnings

    monkeypatch.setattr(spans, "detect_spans_with_warnings", shifted)
    _, tags = _tagged(caplog)
    assert all(t.spans == [] for t in tags)
    assert all(t.warnings == ("spans: span outside its sentence",) for t in tags)


def test_a_failing_batch_is_scored_sentence_by_sentence(monkeypatch, caplog) -> None:
    _, healthy = _tagged(caplog)
    real = checkworthiness.assess

    def fails_on_quotes(texts, *args, **kwargs):
        if any("„" in t for t in texts):
            raise ValueError("cannot score this")
        return real(texts, *args, **kwargs)

    monkeypatch.setattr(checkworthiness, "assess", fails_on_quotes)
    caplog.clear()
    _, tags = _tagged(caplog)
    alone, batched = tags[0].assessment, healthy[0].assessment
    assert alone.score == pytest.approx(batched.score, abs=1e-6) and tags[0].warnings == ()
    assert (alone.claim, alone.reasons) == (batched.claim, batched.reasons)
    assert tags[1].assessment == pipeline.UNSCORED
    assert tags[1].warnings == ("checkworthiness: ValueError",)
    assert tags[1].spans == healthy[1].spans  # its spans stay
    messages = [r.getMessage() for r in caplog.records]
    assert sum("one by one" in m for m in messages) == 1
    assert sum("checkworthiness: ValueError on 1 of 2" in m for m in messages) == 1


def test_a_broken_segmenter_falls_back_to_lines(monkeypatch, caplog) -> None:
    def broken(text, language):
        raise IndexError("bug")

    monkeypatch.setattr(pipeline, "segment", broken)
    with caplog.at_level(logging.WARNING, logger=pipeline.__name__):
        text = "  Erste Zeile. Noch ein Satz.\n\n Zweite Zeile \n"
        segments = segment_text(text, "de")
    assert [(text[s.start : s.end], s.paragraph) for s in segments] == [
        ("Erste Zeile. Noch ein Satz.", 0),
        ("Zweite Zeile", 1),
    ]
    assert any("segmenter failed" in r.getMessage() for r in caplog.records)
