"""The public claim data the check-worthiness model is trained and measured on, and the measures.

* English: CLEF CheckThat! 2024 task 1 (political debate sentences). Train file for fitting and
  cross-validation; the dev file is looked at once, for the figure.
* German: GermEval 2021 fact-claiming comments. A fixed fifth, chosen by a hash of the comment
  id, is held out: never used to fit or choose anything, measured once at the end.
* German news subjectivity (CLEF CheckThat! 2025, OBJ/SUBJ): an auxiliary model, a feature of
  both languages.

Cross-validation folds are grouped: CT24 sentence ids run in debate order and GermEval comment
ids in thread order, so neighbouring ids (blocks of 1,000 and 100) stay in one fold. Otherwise
a debate's sentences sit on both sides of a fold, and the figures reward knowing the debate
(CT24 dev is such a random draw from the training debates, which is why its F1 runs high).

Only numpy here: the benchmark measures the shipped weights without scikit-learn. The data is
read in place, never copied into the project.
"""

from __future__ import annotations

import csv
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

CT24_TRAIN = "CT24_checkworthy_english_train.tsv"
CT24_DEV = "CT24_checkworthy_english_dev.tsv"
GERMEVAL = "germeval21_train.csv"
SUBJECTIVITY = ("ct25_subjectivity_train_de.tsv", "ct25_subjectivity_dev_de.tsv")

GERMEVAL_HELD_OUT = 5  # one comment in five: sha1(comment id) % 5 == 0
CT24_GROUP = 1000
GERMEVAL_GROUP = 100


@dataclass(frozen=True)
class LabelledSet:
    """Texts with binary labels (True = check-worthy / fact claim / subjective) and CV groups."""

    name: str
    language: str
    texts: list[str]
    labels: np.ndarray
    groups: np.ndarray
    source: str

    def subset(self, name: str, idx: np.ndarray) -> LabelledSet:
        return LabelledSet(
            name,
            self.language,
            [self.texts[i] for i in idx],
            self.labels[idx],
            self.groups[idx],
            self.source,
        )


def _tsv(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def read_ct24(path: Path, name: str) -> LabelledSet:
    """A CheckThat! 2024 task 1 TSV (Sentence_id, Text, class_label Yes/No)."""
    rows = _tsv(path)
    labels = np.array([r["class_label"].strip() == "Yes" for r in rows])
    groups = np.array([int(r["Sentence_id"]) // CT24_GROUP for r in rows])
    return LabelledSet(name, "en", [r["Text"] for r in rows], labels, groups, path.name)


def read_germeval(path: Path) -> tuple[LabelledSet, np.ndarray]:
    """GermEval 2021 comments (Sub3_FactClaiming 1/0) and the held-out mask."""
    with path.open(newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    labels = np.array([r["Sub3_FactClaiming"].strip() == "1" for r in rows])
    ids = [r["comment_id"].strip() for r in rows]
    groups = np.array([int(i) // GERMEVAL_GROUP if i.isdigit() else 0 for i in ids])
    held = np.array([held_out(i) for i in ids])
    texts = [r["comment_text"] for r in rows]
    return LabelledSet("GermEval 2021", "de", texts, labels, groups, path.name), held


def held_out(comment_id: str) -> bool:
    """The GermEval comments kept back: fixed by the id alone, whatever the file's order."""
    return int(hashlib.sha1(comment_id.encode()).hexdigest(), 16) % GERMEVAL_HELD_OUT == 0


def read_subjectivity(data_dir: Path) -> LabelledSet:
    rows = [r for name in SUBJECTIVITY for r in _tsv(data_dir / name)]
    labels = np.array([r["label"].strip() == "SUBJ" for r in rows])
    texts = [r["sentence"] for r in rows]
    return LabelledSet("CT25 subjectivity (de)", "de", texts, labels, np.zeros(len(rows)), "ct25")


def require_data(data_dir: Path) -> None:
    names = (CT24_TRAIN, CT24_DEV, GERMEVAL, *SUBJECTIVITY)
    missing = [f for f in names if not (data_dir / f).is_file()]
    if missing:
        raise FileNotFoundError(f"claim data missing in {data_dir}: {', '.join(missing)}")


def training_sets(data_dir: Path) -> dict[str, LabelledSet]:
    """What each language's model is fitted and cross-validated on, keyed by language."""
    germeval, held = read_germeval(data_dir / GERMEVAL)
    return {
        "en": read_ct24(data_dir / CT24_TRAIN, "CT24 English train"),
        "de": germeval.subset("GermEval 2021 without the held-out fifth", np.where(~held)[0]),
    }


def gold_sets(data_dir: Path) -> list[LabelledSet]:
    """The sets the figures are measured on, never fitted or tuned on."""
    germeval, held = read_germeval(data_dir / GERMEVAL)
    return [
        read_ct24(data_dir / CT24_DEV, "CT24 English dev"),
        germeval.subset("GermEval 2021 held-out fifth", np.where(held)[0]),
    ]


# --- measures ----------------------------------------------------------------------------------


def prf(labels: np.ndarray, predicted: np.ndarray) -> dict[str, float]:
    """Precision, recall and F1 of the positive class."""
    tp = float(np.sum(labels & predicted))
    precision = tp / max(1.0, float(predicted.sum()))
    recall = tp / max(1.0, float(labels.sum()))
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def roc_auc(labels: np.ndarray, scores: np.ndarray) -> float:
    """Area under the ROC curve (rank form; ties count half)."""
    order = np.argsort(scores, kind="mergesort")
    ranks = np.empty(len(scores))
    sorted_scores = scores[order]
    i = 0
    while i < len(scores):
        j = i
        while j + 1 < len(scores) and sorted_scores[j + 1] == sorted_scores[i]:
            j += 1
        ranks[order[i : j + 1]] = (i + j) / 2 + 1
        i = j + 1
    pos = int(labels.sum())
    neg = len(labels) - pos
    if not pos or not neg:
        return float("nan")
    return float((ranks[labels].sum() - pos * (pos + 1) / 2) / (pos * neg))


def brier(labels: np.ndarray, probs: np.ndarray) -> float:
    """Mean squared error of the probabilities: calibration and sharpness in one number."""
    return float(np.mean((probs - labels.astype(float)) ** 2))


def best_threshold(labels: np.ndarray, probs: np.ndarray) -> tuple[float, float]:
    """The cut-off (0.05-0.95, step 0.01) with the best F1, and that F1."""
    grid = np.round(np.arange(0.05, 0.951, 0.01), 2)
    f1s = [prf(labels, probs >= t)["f1"] for t in grid]
    i = int(np.argmax(f1s))
    return float(grid[i]), float(f1s[i])


def figures(name: str, labels: np.ndarray, probs: np.ndarray, threshold: float) -> dict[str, Any]:
    """Every figure of one set: n, P/R/F1 at the threshold, ROC-AUC, Brier."""
    return {
        "name": name,
        "n": len(labels),
        **prf(labels, probs >= threshold),
        "roc_auc": round(roc_auc(labels, probs), 4),
        "brier": round(brier(labels, probs), 4),
    }


def fold_f1(
    labels: np.ndarray, probs: np.ndarray, folds: Sequence[np.ndarray], threshold: float
) -> tuple[float, float]:
    """Mean and standard deviation of the F1 over held-out folds at one threshold."""
    f1s = [prf(labels[idx], probs[idx] >= threshold)["f1"] for idx in folds]
    return float(np.mean(f1s)), float(np.std(f1s))
