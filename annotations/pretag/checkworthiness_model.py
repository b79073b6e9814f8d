"""The trained check-worthiness model as numpy arrays: its features, logits and contributions.

Per language the score is one linear chain, so every part of it can be read back as a
contribution to the final logit:

1. base models: a logistic regression on the sentence embedding, one on hashed word n-grams, and
   models fitted on other data (the German model also reads the English debate model and both
   read a German news subjectivity model), each giving one logit;
2. a stacker: a logistic regression over those logits and the rule features;
3. pooling and calibration: ``z = a * s(text) + b * max_i s(sentence_i) + c``, fitted on
   out-of-fold stacker logits, so that a comment of several sentences is judged by its whole
   and by its most check-worthy sentence, and the probability is calibrated (Platt scaling).

Contributions are measured against the training mean of each feature: "number (+0.8)" says
that having a number raised this sentence's logit by 0.8 over the average training sentence.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from .checkworthiness_features import (
    HASH_BITS,
    RULE_FEATURES,
    hashed_ngrams,
    model_language,
    ngram_index,
    rule_matrix,
)

RULES = "rules"

# What an editor reads for each base model's contribution. N-gram models are shown word by word.
BASE_LABELS = {"embedding": "sentence meaning", "subjectivity": "factual tone"}

# N-grams that moved the logit by less than this are left out of the contributions: a sentence
# has dozens, and a reason needs 0.1 (see ``checkworthiness.MIN_REASON``).
MIN_NGRAM_CONTRIBUTION = 0.005

_PUNCT_LABELS = {"?": "question mark", "!": "exclamation mark"}


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def base_kind(source: str) -> str:
    """ "embedding" or "ngrams" for a base model name such as "de.ngrams" or "subjectivity"."""
    return "ngrams" if source.endswith(".ngrams") else "embedding"


def source_label(source: str) -> str:
    return BASE_LABELS["subjectivity" if source == "subjectivity" else base_kind(source)]


@lru_cache(maxsize=65536)
def ngram_label(gram: str) -> str:
    """A hashed n-gram as editors read it: quoted words, digits as "#", no boundary markers."""
    parts = [p for p in gram.split(" ") if p not in ("<s>", "</s>")]
    if len(parts) == 1 and parts[0] in _PUNCT_LABELS:
        return _PUNCT_LABELS[parts[0]]
    if len(parts) == 1 and parts[0].strip("0") == "":
        return "number"  # a lone figure (digits are folded to 0): the word an editor would use
    words = ["#" if p.strip("0") == "" else p for p in parts]
    return f'"{" ".join(words)}"' if words else ""


@dataclass(frozen=True)
class LanguageModel:
    """Stacker, pooling and threshold of one language; ``inputs`` name the stacker's columns.

    ``inputs`` lists base models ("de.embedding", "de.ngrams", "en.embedding", "subjectivity")
    with one column each, and "rules" for the ``RULE_FEATURES`` columns. ``means`` are the
    columns' training means, the baseline contributions are measured from.
    """

    language: str
    inputs: tuple[str, ...]
    stack_w: np.ndarray
    stack_b: float
    pool_w: np.ndarray
    pool_b: float
    means: np.ndarray
    threshold: float

    def column_sources(self) -> list[str]:
        """The source of every column: a base model's name, or a rule feature's."""
        labels: list[str] = []
        for source in self.inputs:
            labels.extend(RULE_FEATURES if source == RULES else [source])
        return labels


@dataclass(frozen=True)
class CheckworthinessModel:
    """Every language's weights, as read from one ``<name>.npz`` + ``<name>.json`` pair."""

    name: str
    metadata: dict[str, Any]
    bases: dict[str, tuple[np.ndarray, float]]
    languages: dict[str, LanguageModel]

    @classmethod
    def load(cls, weights_dir: Path, name: str) -> CheckworthinessModel:
        metadata = json.loads((weights_dir / f"{name}.json").read_text(encoding="utf-8"))
        if metadata.get("hash_bits") != HASH_BITS or tuple(metadata["rule_features"]) != (
            RULE_FEATURES
        ):
            raise ValueError(f"{name}: weights were trained with other features; retrain them")
        with np.load(weights_dir / f"{name}.npz", allow_pickle=False) as z:
            # n-gram weights are stored as float16 (half the size); summing needs float32
            bases = {
                src: (z[f"{src}.w"].astype(np.float32), float(z[f"{src}.b"]))
                for src in metadata["base_models"]
            }
            languages = {
                lang: LanguageModel(
                    language=lang,
                    inputs=tuple(meta["inputs"]),
                    stack_w=z[f"{lang}.stack.w"].astype(np.float64),
                    stack_b=float(z[f"{lang}.stack.b"]),
                    pool_w=z[f"{lang}.pool.w"].astype(np.float64),
                    pool_b=float(z[f"{lang}.pool.b"]),
                    means=z[f"{lang}.means"].astype(np.float64),
                    threshold=float(meta["threshold"]),
                )
                for lang, meta in metadata["languages"].items()
            }
        return cls(name, metadata, bases, languages)

    def language(self, language: str) -> LanguageModel:
        return self.languages[model_language(language)]

    def base_logit(self, source: str, emb: np.ndarray, texts: Sequence[str]) -> np.ndarray:
        w, b = self.bases[source]
        if base_kind(source) == "embedding":
            return (emb @ w + b).astype(np.float64)
        return np.array([float(w[hashed_ngrams(t)].sum()) + b for t in texts], dtype=np.float64)

    def columns(self, language: str, emb: np.ndarray, texts: Sequence[str]) -> np.ndarray:
        """The stacker's input matrix (n, columns) for texts and their embeddings."""
        model = self.language(language)
        parts = [
            rule_matrix(texts, model.language).astype(np.float64)
            if src == RULES
            else self.base_logit(src, emb, texts)[:, None]
            for src in model.inputs
        ]
        return np.hstack(parts) if parts else np.zeros((len(texts), 0))

    def stack_logits(self, language: str, columns: np.ndarray) -> np.ndarray:
        model = self.language(language)
        return columns @ model.stack_w + model.stack_b

    def pooled_logit(self, language: str, whole: float, best_sentence: float) -> float:
        """Calibrated logit of a text from its own stacker logit and its best sentence's."""
        model = self.language(language)
        return float(model.pool_w[0] * whole + model.pool_w[1] * best_sentence + model.pool_b)

    def contributions(
        self,
        language: str,
        parts: Sequence[tuple[float, np.ndarray, str]],
    ) -> dict[str, float]:
        """What each feature added to the pooled logit, by the label an editor reads.

        ``parts`` are (pooling weight, stacker columns, text) for the whole text and its best
        sentence. Rule and embedding columns count against their training mean; an n-gram
        model's column is split into its n-grams' weights (its bias and mean are no feature;
        n-grams below ``MIN_NGRAM_CONTRIBUTION`` are left out).
        """
        model = self.language(language)
        if len(parts) == 2 and parts[0][2] is parts[1][2]:  # one sentence: whole == best
            parts = [(parts[0][0] + parts[1][0], parts[0][1], parts[0][2])]
        out: dict[str, float] = {}
        for weight, cols, text in parts:
            dense = (weight * model.stack_w * (cols - model.means)).tolist()
            for i, (label, ngrams) in enumerate(self._column_labels[model.language]):
                if ngrams is None:
                    out[label] = out.get(label, 0.0) + dense[i]
                else:
                    index, grams = ngram_index(text)
                    values = weight * model.stack_w[i] * ngrams[index]
                    kept = np.flatnonzero(np.abs(values) >= MIN_NGRAM_CONTRIBUTION)
                    for k, value in zip(kept.tolist(), values[kept].tolist(), strict=True):
                        name = ngram_label(grams[k])
                        if name:
                            out[name] = out.get(name, 0.0) + value
        return out

    @cached_property
    def _column_labels(self) -> dict[str, list[tuple[str, np.ndarray | None]]]:
        """Per language, per stacker column: the label its contribution goes to and, for an
        n-gram model, its n-gram weights instead (each n-gram is its own label)."""
        out: dict[str, list[tuple[str, np.ndarray | None]]] = {}
        for language, model in self.languages.items():
            labels: list[tuple[str, np.ndarray | None]] = []
            for source in model.column_sources():
                if source not in self.bases:
                    labels.append((source, None))
                elif base_kind(source) == "embedding":
                    labels.append((source_label(source), None))
                else:
                    labels.append((source, self.bases[source][0]))
            out[language] = labels
        return out

    def probability(self, logit: float) -> float:
        return float(_sigmoid(np.asarray(min(50.0, max(-50.0, logit)), dtype=np.float64)))
