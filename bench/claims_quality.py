"""Quality and speed of the shipped check-worthiness weights on the public gold sets.

Scores CT24 English dev and the held-out GermEval 2021 fifth with the weights in
``annotations/pretag/weights`` (no retraining) and prints precision, recall and F1 of the
positive class with the throughput of ``assess``. The data is read from ``../shared/data/claims``
beside the project, or from ``$FACTCHECK_EVAL_DATA/claims`` when that variable names a ``data``
folder; without it the benchmark says so and exits cleanly.

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
from annotations.pretag.training import gold_sets, prf, require_data  # noqa: E402


def data_dir() -> Path:
    """The claims folder: ``$FACTCHECK_EVAL_DATA/claims`` or ``../shared/data/claims``."""
    env = os.environ.get("FACTCHECK_EVAL_DATA")
    base = Path(env) if env else PROJECT_ROOT.parent / "shared" / "data"
    return base / "claims"


def evaluate(data_dir: Path) -> list[dict[str, Any]]:
    """One row per gold set: name, n, precision, recall, f1, sentences_per_s."""
    require_data(data_dir)
    checkworthiness.get_model()  # load first, so the throughput excludes the one-off load
    rows = []
    for gold in gold_sets(data_dir):
        started = time.perf_counter()
        assessments = checkworthiness.assess(gold.texts, gold.language)
        elapsed = time.perf_counter() - started
        predicted = [a.claim for a in assessments]
        figures = prf(gold.labels, np.array(predicted, dtype=bool))
        rows.append(
            {
                "name": gold.name,
                "n": len(gold.texts),
                **figures,
                "sentences_per_s": round(len(gold.texts) / elapsed, 1),
            }
        )
    return rows


def main() -> int:
    folder = data_dir()
    if not folder.is_dir():
        print(f"skipped: no claim data at {folder} (set FACTCHECK_EVAL_DATA to a data folder)")
        return 0
    started = time.perf_counter()
    checkworthiness.get_model()
    load_s = time.perf_counter() - started
    print(f"{checkworthiness.MODEL_NAME}: model load {load_s:.2f} s")
    print(f"{'gold set':28} {'n':>5} {'P':>6} {'R':>6} {'F1':>6} {'sent/s':>8}")
    for row in evaluate(folder):
        print(
            f"{row['name']:28} {row['n']:>5} {row['precision']:>6.3f} {row['recall']:>6.3f} "
            f"{row['f1']:>6.3f} {row['sentences_per_s']:>8.0f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
