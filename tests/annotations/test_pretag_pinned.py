"""The pre-tagger's output is pinned: spans, warnings, scores, flags and reasons of the whole
pipeline on the seed article and a few hundred varied sentences, as stored in
``pinned/pretag_outputs.json``.

A change that only makes the pre-tagger faster must leave this green (scores within 1e-6, all
else equal). A change meant to alter what it returns bumps ``TAGGER_VERSION`` and writes the
file again, with ``FACTCHECK_PIN_PRETAG=write``, so the diff shows what moved.
"""

from __future__ import annotations

import datetime
import json
import os
from pathlib import Path
from typing import Any

import pytest

from annotations.pretag.pipeline import TAGGER_VERSION, segment_text, tag_segments
from annotations.pretag.weights_store import active_weights

from .pinned.sentences import ENGLISH, GERMAN, ODD, built

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "nordkorea-russland-selbstverteidigung.txt"
PINNED = Path(__file__).resolve().parent / "pinned" / "pretag_outputs.json"
WRITE = os.environ.get("FACTCHECK_PIN_PRETAG") == "write"
SCORE_TOLERANCE = 1e-6


def _article(sentences: list[str], odd: list[str]) -> str:
    """Paragraphs of five sentences, a heading before every third, odd input as lines."""
    lines: list[str] = []
    for i in range(0, len(sentences), 5):
        if i % 15 == 0:
            lines.append(sentences[i].rstrip(".?!"))  # a short line: a heading
        lines.append(" ".join(sentences[i : i + 5]))
    lines.extend(o for o in odd if o.strip())
    return "\n\n".join(lines)


def _cases() -> dict[str, tuple[str, str, datetime.date | None]]:
    more = built(300)
    german = GERMAN + [s for lang, s in more if lang == "de"]
    english = ENGLISH + [s for lang, s in more if lang == "en"]
    return {
        "seed": (SEED.read_text(encoding="utf-8"), "de", datetime.date(2024, 11, 30)),
        "german": (_article(german, ODD[: len(ODD) // 2]), "de", datetime.date(2025, 3, 14)),
        "english": (_article(english, ODD[len(ODD) // 2 :]), "en", datetime.date(2025, 3, 14)),
        "german, no date": (_article(GERMAN[::-1], []), "de", None),
    }


def _tags(text: str, language: str, date: datetime.date | None) -> list[dict[str, Any]]:
    segments = segment_text(text, language)
    tags = tag_segments(text, segments, language, date)
    return [
        {
            "start": s.start,
            "end": s.end,
            "heading": s.heading,
            "score": t.assessment.score,
            "claim": t.assessment.claim,
            "reasons": list(t.assessment.reasons),
            "spans": [span.as_dict() for span in t.spans],
            "warnings": list(t.warnings),
        }
        for s, t in zip(segments, tags, strict=True)
    ]


@pytest.fixture(scope="module")
def outputs() -> dict[str, list[dict[str, Any]]]:
    assert active_weights().shipped, "the pinned outputs are those of the shipped weights"
    found = {name: _tags(*case) for name, case in _cases().items()}
    # Through JSON and back, as the pinned file is read (tuples become lists and so on).
    found = json.loads(json.dumps(found, ensure_ascii=False))
    if WRITE:
        PINNED.write_text(
            json.dumps({"version": TAGGER_VERSION, "outputs": found}, ensure_ascii=False, indent=1)
            + "\n",
            encoding="utf-8",
        )
    return found


@pytest.fixture(scope="module")
def pinned(outputs: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    # After ``outputs``, which writes the file when asked to.
    return json.loads(PINNED.read_text(encoding="utf-8"))


def test_the_pinned_outputs_are_of_this_tagger_version(pinned):
    assert pinned["version"] == TAGGER_VERSION, "the tagger changed: write the pinned file again"


def test_the_cases_are_varied_and_many(outputs):
    sentences = sum(len(v) for v in outputs.values())
    assert sentences >= 400
    for found in outputs.values():
        assert any(t["claim"] for t in found) and not all(t["claim"] for t in found)
        assert any(t["spans"] for t in found)
    assert any(t["heading"] for t in outputs["german"])


@pytest.mark.parametrize("case", list(_cases()))
def test_the_pipeline_gives_the_pinned_output(outputs, pinned, case):
    found, expected = outputs[case], pinned["outputs"][case]
    assert [(t["start"], t["end"], t["heading"]) for t in found] == [
        (t["start"], t["end"], t["heading"]) for t in expected
    ]
    for i, (got, want) in enumerate(zip(found, expected, strict=True)):
        assert abs(got["score"] - want["score"]) <= SCORE_TOLERANCE, (case, i, got, want)
        rest = {k: v for k, v in got.items() if k != "score"}
        assert rest == {k: v for k, v in want.items() if k != "score"}, (case, i)
