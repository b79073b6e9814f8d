"""Training from the desk: the editors' outcomes added to the public training data.

A verdict marks a sentence check-worthy, a dismissal marks it not (``selectors/desk_outcomes``
reads them). Per language with at least ``MIN_DESK_ROWS`` outcomes, the two base models that read
the text itself, the logistic regressions on the sentence embedding and on the hashed n-grams,
are fitted again with the desk's rows added; the stacker, the pooling, the threshold and the
models fitted on other data (subjectivity, the English debate model the German one reads) stay
as shipped. That is the part the desk's text can teach, and it keeps a run cheap: two linear
fits per fold on embeddings cached between runs.

The figures, before (public rows only) and after (desk rows added), on the same folds:

* base CV: the public training set's grouped folds (``training.grouped_folds``, the first-level
  folds of the shipped training); each held-out fold is scored by bases fitted on the other
  folds, plus, after, on the desk rows outside the desk fold of the same number;
* desk: the desk rows in folds of their own (grouped by article when there are enough
  articles); each desk fold is held out of the training of its round, so every desk row is
  scored by a model that never saw it, and F1 is taken over all of them at once.

Both at the shipped threshold. A language's new bases are kept only when the desk F1 rose and
the base CV F1 fell by no more than ``BASE_TOLERANCE``; if no language is better, nothing is
written. Otherwise the new version (the shipped arrays with the better languages' bases
replaced) goes to the desk weights folder and ``current.json`` points at it (``weights_store``).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from . import checkworthiness as cw
from .checkworthiness_data import LabelledSet, fold_f1, prf, require_data, training_sets
from .checkworthiness_features import model_language
from .pipeline import TAGGER_VERSION
from .training import (
    EMBEDDING_C,
    FOLDS,
    NGRAM_C,
    SEED,
    Units,
    cached_embedder,
    fit_dense,
    fit_sparse,
    grouped_folds,
    ngram_matrix,
)
from .weights_store import SHIPPED_DIR, SHIPPED_MODEL, next_desk_number, write_pointer

MIN_DESK_ROWS = FOLDS  # one held-out row per desk fold at least
BASE_TOLERANCE = 0.005  # what the public CV F1 may lose for a gain on the desk's text


@dataclass(frozen=True, slots=True)
class DeskExample:
    """One decided sentence: its text, the article's language, what the desk decided, and the
    article (rows of one article stay in one desk fold)."""

    text: str
    language: str
    checkworthy: bool
    group: int


class DeskTrainingError(ValueError):
    """Nothing to train on: no outcomes, or too few in every language."""


@dataclass
class LanguageRun:
    language: str
    n_base: int
    n_desk: int
    desk_positives: int
    before: dict[str, float]
    after: dict[str, float]
    better: bool
    bases: dict[str, tuple[np.ndarray, float]]
    means: np.ndarray

    def report(self) -> dict[str, Any]:
        return {
            "language": self.language,
            "base_rows": self.n_base,
            "desk_rows": self.n_desk,
            "desk_positives": self.desk_positives,
            "before": self.before,
            "after": self.after,
            "better": self.better,
        }


def desk_set(examples: Sequence[DeskExample], language: str) -> LabelledSet:
    rows = [e for e in examples if model_language(e.language) == language]
    return LabelledSet(
        "desk outcomes",
        language,
        [e.text for e in rows],
        np.array([e.checkworthy for e in rows], dtype=bool),
        np.array([e.group for e in rows]),
        "desk",
    )


def desk_folds(data: LabelledSet) -> list[np.ndarray]:
    """Grouped by article when there are at least ``FOLDS`` articles, else row by row."""
    if len(set(data.groups.tolist())) >= FOLDS:
        return grouped_folds(data, SEED)
    order = np.random.default_rng(SEED).permutation(len(data.texts))
    return [np.sort(order[k::FOLDS]) for k in range(FOLDS)]


def base_subset(data: LabelledSet, limit: int | None) -> LabelledSet:
    """At most ``limit`` rows, evenly spread over the file (so over its debates and threads)."""
    if not limit or limit >= len(data.texts):
        return data
    idx = np.unique(np.linspace(0, len(data.texts) - 1, limit).astype(int))
    return data.subset(f"{data.name} (every {len(data.texts) // len(idx)}th row)", idx)


class _Scorer:
    """The shipped chain of one language over a set's units, with its two text-reading base
    columns replaced by whatever bases are being tried."""

    def __init__(self, model: cw.CheckworthinessModel, lang: str, units: Units) -> None:
        self.lm = model.language(lang)
        self.units = units
        self.cols = model.columns(lang, units.emb, units.texts)
        self.sentences = units.sentences()
        sources = self.lm.column_sources()
        self.emb_col = sources.index(f"{lang}.embedding")
        self.ngram_col = sources.index(f"{lang}.ngrams")
        self.ngrams = ngram_matrix(units.texts)

    def base_columns(
        self, bases: dict[str, tuple[np.ndarray, float]], rows: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        (we, be), (wn, bn) = bases["embedding"], bases["ngrams"]
        return self.units.emb[rows] @ we + be, self.ngrams[rows] @ wn + bn

    def probs(self, emb_col: np.ndarray, ngram_col: np.ndarray) -> np.ndarray:
        cols = self.cols.copy()
        cols[:, self.emb_col], cols[:, self.ngram_col] = emb_col, ngram_col
        stack = cols @ self.lm.stack_w + self.lm.stack_b
        best = np.array([stack[s].max() for s in self.sentences])
        whole = stack[: self.units.n]
        logit = self.lm.pool_w[0] * whole + self.lm.pool_w[1] * best + self.lm.pool_b
        return 1.0 / (1.0 + np.exp(-np.clip(logit, -50, 50)))

    def means(self, bases: dict[str, tuple[np.ndarray, float]]) -> np.ndarray:
        cols = self.cols[: self.units.n].copy()
        rows = np.arange(self.units.n)
        cols[:, self.emb_col], cols[:, self.ngram_col] = self.base_columns(bases, rows)
        return cols.mean(0)


def _fit_bases(
    lang: str, parts: Sequence[tuple[_Scorer, np.ndarray, np.ndarray]]
) -> dict[str, tuple[np.ndarray, float]]:
    """Embedding and n-gram models on the given (scorer, text rows, labels) parts together."""
    from scipy import sparse

    emb = np.vstack([s.units.emb[rows] for s, rows, _ in parts])
    grams = sparse.vstack([s.ngrams[rows] for s, rows, _ in parts]).tocsr()
    y = np.concatenate([labels for _, _, labels in parts])
    return {
        "embedding": fit_dense(EMBEDDING_C[lang])(emb, y),
        "ngrams": fit_sparse(NGRAM_C)(grams, y),
    }


def run_language(
    model: cw.CheckworthinessModel, base: LabelledSet, desk: LabelledSet, embed: Callable
) -> LanguageRun:
    lang = base.language
    scorers = {
        "base": _Scorer(model, lang, Units.of(base, embed)),
        "desk": _Scorer(model, lang, Units.of(desk, cw.embed)),
    }
    folds = {"base": grouped_folds(base, SEED), "desk": desk_folds(desk)}
    labels = {"base": base.labels, "desk": desk.labels}
    figures: dict[str, dict[str, float]] = {}
    for run in ("before", "after"):
        oof = {
            name: [np.zeros(len(s.units.texts)), np.zeros(len(s.units.texts))]
            for name, s in scorers.items()
        }
        for k in range(FOLDS):
            train = {
                name: np.setdiff1d(np.arange(scorers[name].units.n), folds[name][k])
                for name in scorers
            }
            used = ("base", "desk") if run == "after" else ("base",)
            bases = _fit_bases(lang, [(scorers[n], train[n], labels[n][train[n]]) for n in used])
            for name, scorer in scorers.items():
                rows = scorer.units.of_items(folds[name][k])
                emb_col, ngram_col = scorer.base_columns(bases, rows)
                oof[name][0][rows], oof[name][1][rows] = emb_col, ngram_col
        threshold = scorers["base"].lm.threshold
        base_probs = scorers["base"].probs(*oof["base"])
        desk_probs = scorers["desk"].probs(*oof["desk"])
        mean, sd = fold_f1(base.labels, base_probs, folds["base"], threshold)
        desk_figures = prf(desk.labels, desk_probs >= threshold)
        figures[run] = {
            "base_cv_f1_mean": round(mean, 4),
            "base_cv_f1_sd": round(sd, 4),
            "desk_precision": desk_figures["precision"],
            "desk_recall": desk_figures["recall"],
            "desk_f1": desk_figures["f1"],
        }
    before, after = figures["before"], figures["after"]
    better = (
        after["desk_f1"] > before["desk_f1"]
        and after["base_cv_f1_mean"] >= before["base_cv_f1_mean"] - BASE_TOLERANCE
    )
    bases = {}
    means = np.zeros(0)
    if better:
        everything = [
            (scorers[n], np.arange(scorers[n].units.n), labels[n]) for n in ("base", "desk")
        ]
        bases = _fit_bases(lang, everything)
        means = scorers["base"].means(bases)
    return LanguageRun(
        lang, len(base.texts), len(desk.texts), int(desk.labels.sum()), before, after, better,
        bases, means,
    )  # fmt: skip


def write_version(
    out_dir: Path, runs: Sequence[LanguageRun], extra_metadata: dict[str, Any]
) -> dict[str, Any]:
    """The shipped arrays with the better languages' bases replaced, and the pointer to them."""
    out_dir.mkdir(parents=True, exist_ok=True)
    number = next_desk_number(out_dir)
    name, tagger_version = f"checkworthiness-desk{number}", f"{TAGGER_VERSION}+desk{number}"
    metadata = json.loads((SHIPPED_DIR / f"{SHIPPED_MODEL}.json").read_text(encoding="utf-8"))
    with np.load(SHIPPED_DIR / f"{SHIPPED_MODEL}.npz", allow_pickle=False) as z:
        arrays = {key: z[key] for key in z.files}
    base_models = set(metadata["base_models"])
    for run in runs:
        if not run.better:
            continue
        lang = run.language
        for kind, (w, b) in run.bases.items():
            src = f"{lang}.{kind}"
            for other, meta in metadata["languages"].items():
                if other != lang and src in meta["inputs"]:  # another language reads it as shipped
                    kept = f"{src}.shipped"
                    arrays[f"{kept}.w"] = arrays[f"{src}.w"]
                    arrays[f"{kept}.b"] = arrays[f"{src}.b"]
                    meta["inputs"] = [kept if i == src else i for i in meta["inputs"]]
                    base_models.add(kept)
            arrays[f"{src}.w"] = w.astype(np.float16 if kind == "ngrams" else np.float32)
            arrays[f"{src}.b"] = np.float32(b)
        arrays[f"{lang}.means"] = run.means.astype(np.float32)
        metadata["languages"][lang]["desk_training"] = run.report()
    metadata.update(
        version=name,
        created=date.today().isoformat(),
        base_models=sorted(base_models),
        based_on=SHIPPED_MODEL,
        tagger_version=tagger_version,
        desk_training={**extra_metadata, "base_tolerance": BASE_TOLERANCE},
    )
    np.savez_compressed(out_dir / f"{name}.npz", **arrays)
    (out_dir / f"{name}.json").write_text(
        json.dumps(metadata, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    cw.CheckworthinessModel.load(out_dir, name)  # refuse to point at weights that do not load
    write_pointer(out_dir, tagger_version=tagger_version, model=name, created=metadata["created"])
    return {
        "tagger_version": tagger_version,
        "model": name,
        "files": [str(out_dir / f"{name}.npz"), str(out_dir / f"{name}.json")],
    }


def train_from_desk(
    data_dir: Path,
    examples: Sequence[DeskExample],
    out_dir: Path,
    embedding_cache: Path | None,
    *,
    base_limit: int | None = None,
    extra_metadata: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Figures per language, and the version written (None when no language got better)."""
    if not examples:
        raise DeskTrainingError("the desk has no outcomes yet: no verdicts and no dismissals")
    require_data(data_dir)
    started = time.perf_counter()
    model = cw.CheckworthinessModel.load(SHIPPED_DIR, SHIPPED_MODEL)
    embed = cached_embedder(embedding_cache)
    sets = training_sets(data_dir)
    runs, skipped = [], {}
    for lang in ("de", "en"):
        desk = desk_set(examples, lang)
        if len(desk.texts) < MIN_DESK_ROWS:
            if desk.texts:
                skipped[lang] = len(desk.texts)
            continue
        runs.append(run_language(model, base_subset(sets[lang], base_limit), desk, embed))
    if not runs:
        counts = ", ".join(f"{lang}: {n}" for lang, n in skipped.items())
        raise DeskTrainingError(
            f"too few desk outcomes to cross-validate ({counts}); "
            f"a language needs at least {MIN_DESK_ROWS}"
        )
    written = None
    if any(run.better for run in runs):
        meta = {**(extra_metadata or {}), "outcomes": len(examples), "base_limit": base_limit}
        written = write_version(out_dir, runs, meta)
    return {
        "languages": [run.report() for run in runs],
        "skipped": skipped,
        "written": written,
        "seconds": round(time.perf_counter() - started, 1),
    }
