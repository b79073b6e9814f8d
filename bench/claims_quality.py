"""Quality and speed of the shipped check-worthiness weights.

Prints, per language, the cross-validated F1 (mean ± sd over grouped folds of the training data,
at the shipped threshold, which was chosen on those folds) with the out-of-fold ROC-AUC and Brier
score, as training recorded them beside the weights. Then it scores the two sets nothing was
fitted or tuned on, CT24 English dev and the GermEval 2021 held-out fifth, with the shipped
weights through the inference code (no retraining, no scikit-learn): precision, recall, F1 at
the threshold, ROC-AUC, Brier, and the throughput of ``assess``.

The data is read from ``../shared/data/claims`` beside the project, or from
``$FACTCHECK_EVAL_DATA/claims`` when that variable names a ``data`` folder; without it the
benchmark prints the recorded figures only.

    python bench/claims_quality.py
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))

import numpy as np  # noqa: E402

from annotations.pretag import checkworthiness  # noqa: E402
from annotations.pretag.checkworthiness_data import figures, gold_sets, require_data  # noqa: E402


def data_dir() -> Path:
    """The claims folder: ``$FACTCHECK_EVAL_DATA/claims`` or ``../shared/data/claims``."""
    env = os.environ.get("FACTCHECK_EVAL_DATA")
    base = Path(env) if env else PROJECT_ROOT.parent / "shared" / "data"
    return base / "claims"


def cross_validation() -> list[dict[str, Any]]:
    """The figures training recorded on its own held-out folds, one row per language."""
    meta = checkworthiness.get_model().metadata
    return [
        {"language": lang, **info["cross_validation"]} for lang, info in meta["languages"].items()
    ]


def evaluate(folder: Path) -> list[dict[str, Any]]:
    """One row per untouched set: name, n, P/R/F1 at the threshold, ROC-AUC, Brier, speed."""
    require_data(folder)
    model = checkworthiness.get_model()  # loaded first: the throughput excludes the load
    rows = []
    for gold in gold_sets(folder):
        started = time.perf_counter()
        assessments = checkworthiness.assess(gold.texts, gold.language)
        elapsed = time.perf_counter() - started
        probs = np.array([a.score for a in assessments])
        threshold = model.language(gold.language).threshold
        row = figures(gold.name, gold.labels, probs, threshold)
        rows.append({**row, "sentences_per_s": round(len(gold.texts) / elapsed, 1)})
    return rows


def main() -> int:
    started = time.perf_counter()
    checkworthiness.CheckworthinessModel.load(
        checkworthiness.WEIGHTS_DIR, checkworthiness.MODEL_NAME
    )
    weights_s = time.perf_counter() - started
    started = time.perf_counter()
    checkworthiness.get_model()
    load_s = time.perf_counter() - started
    print(
        f"\n{checkworthiness.MODEL_NAME}: weights load {weights_s:.3f} s, "
        f"weights and encoder {load_s:.2f} s"
    )
    print("Cross-validation on the training data (grouped 5-fold, out-of-fold probabilities)")
    print(f"  {'set':42} {'thr':>5} {'F1 mean ± sd':>15} {'ROC-AUC':>8} {'Brier':>6}")
    for row in cross_validation():
        print(
            f"  {row['name']:42} {row['threshold']:>5.2f} "
            f"{row['cv_f1_mean']:>8.3f} ± {row['cv_f1_sd']:.3f} {row['roc_auc']:>8.3f} "
            f"{row['brier']:>6.3f}"
        )
    folder = data_dir()
    if not folder.is_dir():
        print(f"  skipped the held-out sets: no claim data at {folder} (set FACTCHECK_EVAL_DATA)")
        return 0
    print("Sets never fitted or tuned on (shipped weights, inference code)")
    header = f"{'n':>5} {'P':>6} {'R':>6} {'F1':>6} {'ROC-AUC':>8} {'Brier':>6} {'sent/s':>7}"
    print(f"  {'set':30} {header}")
    for row in evaluate(folder):
        print(
            f"  {row['name']:30} {row['n']:>5} {row['precision']:>6.3f} {row['recall']:>6.3f} "
            f"{row['f1']:>6.3f} {row['roc_auc']:>8.3f} {row['brier']:>6.3f} "
            f"{row['sentences_per_s']:>7.0f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
