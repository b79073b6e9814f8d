"""Check-worthiness scoring on the shipped weights (no database, no Django)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from annotations.pretag import checkworthiness as cw
from annotations.pretag.checkworthiness_features import (
    RULE_FEATURES,
    has_named_entity,
    rule_features,
    tokens,
)
from annotations.pretag.checkworthiness_model import CheckworthinessModel, ngram_label
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
REASON_RE = re.compile(r"^(?P<label>.+) \((?P<value>[+-]\d+\.\d)\)$")


def parse(reason: str) -> tuple[str, float]:
    match = REASON_RE.match(reason)
    assert match, reason
    return match["label"], float(match["value"])


# --- scores and flags --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "claim", "non_claims"),
    [("de", DE_CLAIM, DE_NON_CLAIMS), ("en", EN_CLAIM, EN_NON_CLAIMS)],
)
def test_clear_claim_scores_above_opinion_question_and_greeting(language, claim, non_claims):
    results = cw.assess([claim, *non_claims], language)
    assert results[0].claim
    for text, result in zip(non_claims, results[1:], strict=True):
        assert not result.claim, text
        assert result.score < results[0].score


def test_seed_heading_is_not_flagged_and_the_reported_delivery_is():
    heading, claim = cw.assess([SEED_HEADING, SEED_CLAIM], "de", headings=[True, False])
    assert not heading.claim
    assert "heading (-3.0)" in heading.reasons
    assert claim.claim


def test_the_seed_sentences_are_in_the_seed_article():
    text = (ROOT / "seeds" / "nordkorea-russland-selbstverteidigung.txt").read_text("utf-8")
    assert SEED_HEADING in text.splitlines()
    assert SEED_CLAIM in text


def test_heading_lowers_the_score_by_the_penalty():
    plain, heading = cw.assess([DE_CLAIM, DE_CLAIM], "de", headings=[False, True])
    logit = lambda p: np.log(p / (1 - p))  # noqa: E731
    assert logit(plain.score) - logit(heading.score) == pytest.approx(cw.HEADING_PENALTY)
    assert heading.reasons[-1] == "heading (-3.0)"


def test_scores_are_calibrated_probabilities_in_the_unit_interval():
    texts = [SEED_CLAIM, DE_CLAIM, *DE_NON_CLAIMS, "", "?", "2024", "a " * 300, "\x00\u202e"]
    probs = cw.score_texts(texts, "de")
    assert probs.shape == (len(texts),)
    assert np.all((probs >= 0.0) & (probs <= 1.0))
    results = cw.assess(texts, "de")
    for prob, result in zip(probs, results, strict=True):
        assert isinstance(result, Assessment) and isinstance(result.claim, bool)
        assert result.score == pytest.approx(prob)


# --- reasons come from contributions -----------------------------------------------------------


def test_reasons_are_the_largest_positive_contributions():
    texts = [EN_CLAIM, *EN_NON_CLAIMS, "We spent $4 billion on it in 2019, twice as much."]
    for result, contributions in zip(
        cw.assess(texts, "en"), cw.contributions(texts, "en"), strict=True
    ):
        shown = [parse(r) for r in result.reasons]
        assert [v for _, v in shown] == sorted((v for _, v in shown), reverse=True)
        for label, value in shown:
            assert value > 0
            assert contributions[label] == pytest.approx(value, abs=0.051)
        best = sorted(contributions.values(), reverse=True)[: len(shown)]
        assert [round(v, 1) for v in best] == [v for _, v in shown]


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("en", EN_CLAIM),
        ("en", "I have 2 kids and I love them both."),
        ("en", "Thank you, 2 minutes."),
        ("de", DE_CLAIM),
        ("de", "Ich hab 3 mal gelacht 😂"),
    ],
)
def test_number_is_a_reason_only_when_its_contribution_is_positive(language, text):
    assert rule_features(text, language)[RULE_FEATURES.index("number")] == 1.0
    (result,) = cw.assess([text], language)
    (contributions,) = cw.contributions([text], language)
    labels = {parse(r)[0] for r in result.reasons}
    if contributions["number"] < cw.MIN_REASON:
        assert "number" not in labels
    if "number" in labels:
        assert contributions["number"] > 0


def test_a_numeric_claim_names_its_figure_among_the_reasons():
    (result,) = cw.assess([EN_CLAIM], "en")
    labels = [parse(r)[0] for r in result.reasons]
    assert "number" in labels or '"percent"' in labels


def test_ngram_labels_read_as_words():
    assert ngram_label("<s> we") == '"we"'
    assert ngram_label("0") == "number"
    assert ngram_label("in 0") == '"in #"'
    assert ngram_label("?") == "question mark"
    assert ngram_label("<s> </s>") == ""


# --- placeholders are no named entities --------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "@USER Ja genau, so ist das.",
        "@USER @MEDIUM Schau mal hier: https://example.org/AKTUELL 😁",
        "@MODERATOR warum wurde das gelöscht?",
    ],
)
def test_user_placeholders_links_and_emoji_are_not_named_entities(text):
    assert not has_named_entity(text, "de")
    assert rule_features(text, "de")[RULE_FEATURES.index("named entity")] == 0.0
    (result,) = cw.assess([text], "de")
    assert not any(r.startswith("named entity") for r in result.reasons)


def test_real_names_still_are_named_entities():
    assert has_named_entity("@USER Die SPD hat verloren.", "de")
    assert has_named_entity("Das sagte Olaf Scholz gestern.", "de")
    assert has_named_entity("He met Angela Merkel in Berlin.", "en")


def test_placeholders_become_tokens_of_their_own():
    assert tokens("@USER siehe www.example.org/x 12,5") == ["@user", "siehe", "<url>", "00", "0"]


# --- texts of several sentences ----------------------------------------------------------------


def test_a_comment_is_a_claim_when_its_claim_sentence_is():
    opinion = "Ich finde das alles einfach nur lächerlich."
    comment = f"{opinion} {DE_CLAIM}"
    assert len(cw.sentences_of(comment, "de")) == 2
    alone, mixed, only_opinion = cw.score_texts([DE_CLAIM, comment, opinion], "de")
    assert mixed > only_opinion
    (result,) = cw.assess([comment], "de")
    assert result.claim


def test_a_name_in_one_sentence_does_not_make_a_comment_a_claim():
    comment = "Angela Merkel halt. Ich finde das so peinlich! Was soll man da noch sagen?"
    (result,) = cw.assess([comment], "de")
    assert not result.claim


def test_a_single_sentence_is_pooled_with_itself():
    assert cw.sentences_of(DE_CLAIM, "de") == [DE_CLAIM]
    model = cw.get_model()
    lm = model.language("de")
    (contributions,) = cw.contributions([DE_CLAIM], "de")
    (prob,) = cw.score_texts([DE_CLAIM], "de")
    cols = model.columns("de", cw.embed([DE_CLAIM]), [DE_CLAIM])
    stack = float(model.stack_logits("de", cols)[0])
    logit = (lm.pool_w[0] + lm.pool_w[1]) * stack + lm.pool_b
    assert prob == pytest.approx(1 / (1 + np.exp(-logit)))
    assert contributions


# --- bad input ---------------------------------------------------------------------------------


def test_empty_input_gives_empty_output():
    assert cw.assess([], "de") == []
    assert cw.assess([], "en", headings=[], spans=[]) == []
    assert cw.contributions([], "de") == []
    assert cw.score_texts([], "de").shape == (0,)


def test_empty_blank_and_huge_strings_do_not_raise():
    huge = "Die Arbeitslosigkeit stieg um 2,5 Prozent. " * 30_000  # 1.3 MB, 30,000 sentences
    started = time.process_time()  # CPU time: other processes do not add to it
    results = cw.assess(["", "   ", "\n\n", huge, "x" * 200_000], "de")
    assert time.process_time() - started < 60
    assert [0.0 <= r.score <= 1.0 for r in results] == [True] * 5
    assert len(cw.sentences_of(huge, "de")) == cw.MAX_SENTENCES


def test_mismatched_lengths_are_refused():
    with pytest.raises(ValueError):
        cw.assess(["Eins.", "Zwei."], "de", headings=[False])
    with pytest.raises(ValueError):
        cw.assess(["Eins."], "de", spans=[[], []])


def test_detector_spans_leave_the_score_alone():
    text = "Das sagte er gestern in Berlin."
    spans = [Span(1024, 1030, "place"), Span(1004, 1009, "attribution")]
    (bare,) = cw.assess([text], "de")
    (tagged,) = cw.assess([text], "de", spans=[spans])
    assert bare == tagged


def test_languages_without_a_model_use_the_english_one():
    assert cw.model_language("de-CH") == "de"
    assert cw.model_language("en_GB") == "en"
    assert cw.model_language("fr") == "en"
    assert cw.model_language("") == "en"
    (result,) = cw.assess(["Le chômage a augmenté de 2,5 % en 2023."], "fr")
    assert 0.0 <= result.score <= 1.0


# --- the weights -------------------------------------------------------------------------------


def test_model_is_loaded_once(monkeypatch):
    model, encoder = cw.get_model(), cw.encoder()

    def fail(*args, **kwargs):
        raise AssertionError("weights loaded a second time")

    monkeypatch.setattr(cw.CheckworthinessModel, "load", fail)
    cw.assess([DE_CLAIM], "de")
    cw.assess([EN_CLAIM], "en")
    assert cw.get_model() is model
    assert cw.encoder() is encoder


def test_weights_load_fast_and_are_small():
    started = time.process_time()  # CPU time: other processes do not add to it
    model = CheckworthinessModel.load(cw.WEIGHTS_DIR, cw.MODEL_NAME)
    assert time.process_time() - started < 1.0
    files = list(cw.WEIGHTS_DIR.glob("checkworthiness-*"))
    assert sorted(p.name for p in files) == [f"{cw.MODEL_NAME}.json", f"{cw.MODEL_NAME}.npz"]
    assert sum(p.stat().st_size for p in files) < 5_000_000
    for lang in ("en", "de"):
        lm = model.language(lang)
        assert 0.0 < lm.threshold < 1.0
        assert len(lm.stack_w) == len(lm.means) == len(lm.column_sources())


def test_shipped_weights_record_how_they_were_chosen_and_measured():
    meta = json.loads((cw.WEIGHTS_DIR / f"{cw.MODEL_NAME}.json").read_text("utf-8"))
    assert meta["version"] == cw.MODEL_NAME
    assert meta["rule_features"] == list(cw.RULE_FEATURES)
    for lang in ("en", "de"):
        cv = meta["languages"][lang]["cross_validation"]
        assert cv["threshold"] == meta["languages"][lang]["threshold"]
        assert 0.0 < cv["cv_f1_mean"] < 1.0 and cv["cv_f1_sd"] >= 0.0
        assert 0.0 <= cv["brier"] <= 0.25
    assert {row["language"] for row in meta["measured"]} == {"en", "de"}


def test_inference_needs_neither_scikit_learn_nor_django():
    code = (
        "import sys\n"
        "from annotations.pretag.checkworthiness import assess\n"
        "assert assess(['Im Juni 2024 unterzeichneten beide Länder ein Abkommen.'], 'de')\n"
        "bad = sorted(m for m in ('sklearn', 'scipy', 'django') if m in sys.modules)\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True, timeout=120)
