"""Check-worthiness scoring on the shipped weights (no database, no Django)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from annotations.pretag import checkworthiness as cw
from annotations.pretag.types import Assessment, Span

ROOT = Path(__file__).resolve().parents[2]

SEED_HEADING = "«Selbstverteidigung gegen Imperialisten»"
SEED_CLAIM = (
    "Südkoreanische Regierungsvertreter erklärten kürzlich, Russland habe im Gegenzug "
    "Treibstoff und Flugabwehrraketen an Nordkorea geliefert."
)
DE_CLAIM = (
    "Laut Statistischem Bundesamt lebten Ende 2022 rund 84 Millionen Menschen in Deutschland."
)
DE_NON_CLAIMS = [
    "Ich finde das einfach nur schrecklich.",
    "Was meinen Sie dazu?",
    "Guten Morgen, liebe Leserinnen und Leser!",
]
EN_CLAIM = "Unemployment rose by 2.5 percent to 6.1 percent in 2023, the highest rate in a decade."
EN_NON_CLAIMS = [
    "I think that's just terrible.",
    "What do you think about that?",
    "Good evening, ladies and gentlemen.",
]


def test_seed_heading_is_not_flagged_and_the_reported_delivery_is():
    heading, claim = cw.assess([SEED_HEADING, SEED_CLAIM], "de", headings=[True, False])
    assert not heading.claim
    assert "heading" in heading.reasons
    assert claim.claim
    assert {"attribution", "reported speech"} <= set(claim.reasons)


def test_the_seed_sentences_are_in_the_seed_article():
    text = (ROOT / "seeds" / "nordkorea-russland-selbstverteidigung.txt").read_text("utf-8")
    assert SEED_HEADING in text.splitlines()
    assert SEED_CLAIM in text


def test_scores_lie_in_the_unit_interval():
    texts = [SEED_CLAIM, DE_CLAIM, *DE_NON_CLAIMS, "", "?", "2024", "a " * 300]
    results = cw.assess(texts, "de")
    assert len(results) == len(texts)
    for result in results:
        assert isinstance(result, Assessment)
        assert 0.0 <= result.score <= 1.0
        assert isinstance(result.claim, bool)


def test_numeric_claim_gives_reasons():
    (result,) = cw.assess([EN_CLAIM], "en")
    assert result.claim
    assert {"number", "date", "statistic", "comparative"} <= set(result.reasons)
    # rule reasons first, the model's probability last
    assert result.reasons[-1].startswith("model ")
    assert float(result.reasons[-1].split()[1]) == pytest.approx(result.score, abs=0.006)


def test_empty_input_gives_empty_output():
    assert cw.assess([], "de") == []
    assert cw.assess([], "en", headings=[], spans=[]) == []


@pytest.mark.parametrize(
    ("language", "claim", "non_claims"),
    [("de", DE_CLAIM, DE_NON_CLAIMS), ("en", EN_CLAIM, EN_NON_CLAIMS)],
)
def test_clear_claim_versus_clear_non_claims(language, claim, non_claims):
    results = cw.assess([claim, *non_claims], language)
    assert results[0].claim
    for text, result in zip(non_claims, results[1:], strict=True):
        assert not result.claim, text
        assert result.score < results[0].score


def test_non_claim_reasons_name_what_fired():
    opinion, question, greeting = cw.assess(DE_NON_CLAIMS, "de")
    assert "opinion" in opinion.reasons
    assert "question" in question.reasons
    assert "greeting" in greeting.reasons


def test_heading_lowers_the_score():
    plain, heading = cw.assess([DE_CLAIM, DE_CLAIM], "de", headings=[False, True])
    assert heading.score < plain.score
    # the model's own probability stays visible, so editors see why the score dropped
    assert heading.reasons[-1] == plain.reasons[-1]


def test_spans_from_the_detectors_add_reasons():
    text = "Das sagte er gestern in Berlin."
    offset = 1000  # detector spans index the article, not the sentence
    spans = [
        Span(offset + 24, offset + 30, "place"),
        Span(offset + 4, offset + 9, "attribution"),
    ]
    (bare,) = cw.assess([text], "de")
    (tagged,) = cw.assess([text], "de", spans=[spans])
    assert "named entity" not in bare.reasons
    assert {"named entity", "attribution"} <= set(tagged.reasons)


def test_a_sentence_that_is_only_a_quote_is_marked():
    quote = Span(0, len(SEED_HEADING), "quote")
    (bare,) = cw.assess([SEED_HEADING], "de")
    (tagged,) = cw.assess([SEED_HEADING], "de", spans=[[quote]])
    assert "quote only" in bare.reasons
    assert "quote only" in tagged.reasons


def test_mismatched_lengths_are_refused():
    with pytest.raises(ValueError):
        cw.assess(["Eins.", "Zwei."], "de", headings=[False])
    with pytest.raises(ValueError):
        cw.assess(["Eins."], "de", spans=[[], []])


def test_languages_without_a_model_use_the_english_one():
    assert cw.model_language("de-CH") == "de"
    assert cw.model_language("en_GB") == "en"
    assert cw.model_language("fr") == "en"
    assert cw.model_language("") == "en"
    (result,) = cw.assess(["Le chômage a augmenté de 2,5 % en 2023."], "fr")
    assert 0.0 <= result.score <= 1.0


def test_model_is_loaded_once(monkeypatch):
    model, encoder = cw.get_model(), cw.encoder()

    def fail(*args, **kwargs):
        raise AssertionError("weights loaded a second time")

    monkeypatch.setattr(cw.CheckworthinessModel, "load", fail)
    cw.assess([DE_CLAIM], "de")
    cw.assess([EN_CLAIM], "en")
    assert cw.get_model() is model
    assert cw.encoder() is encoder


def test_shipped_weights_are_small_and_record_their_figures():
    npz = cw.WEIGHTS_DIR / f"{cw.MODEL_NAME}.npz"
    meta = json.loads((cw.WEIGHTS_DIR / f"{cw.MODEL_NAME}.json").read_text("utf-8"))
    assert npz.stat().st_size < 3_000_000
    assert meta["version"] == cw.MODEL_NAME
    assert meta["rule_features"] == list(cw.RULE_FEATURES)
    for lang in ("en", "de"):
        assert 0.0 < meta["languages"][lang]["threshold"] < 1.0
    f1 = {row["language"]: row["f1"] for row in meta["measured"]}
    assert f1["en"] >= 0.80
    assert f1["de"] >= 0.65


def test_inference_needs_neither_scikit_learn_nor_django():
    code = (
        "import sys\n"
        "from annotations.pretag.checkworthiness import assess\n"
        "assert assess(['Im Juni 2024 unterzeichneten beide Länder ein Abkommen.'], 'de')\n"
        "bad = sorted(m for m in ('sklearn', 'scipy', 'django') if m in sys.modules)\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=120)
