"""Cost and figures of ``train_checkworthiness --from-desk`` on the public training data.

The desk's outcomes are a stand-in (there is no public desk): 12 German and 4 English sentences
of local news, the claims among them given a verdict and the rest dismissed, the same ones the
tests use (English, with fewer than five, is left as shipped). So the "desk" figures only show
the procedure at work; the public-fold figures are
real (before: the shipped recipe's two text-reading bases refitted per fold, to compare with the
cross-validated F1 recorded beside the shipped weights). Prints the first run (embedding the
~35,000 public texts into the cache) and the median of the runs after it. Nothing is written to
the shipped weights: versions go to a temporary folder.

    python bench/desk_training_bench.py [--runs 3] [--base-limit N]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))

from annotations.pretag.desk_training import DeskExample, train_from_desk  # noqa: E402
from bench.claims_quality import data_dir  # noqa: E402
from tests.desk_sentences import CHATTER, CLAIMS  # noqa: E402


def stand_in_desk() -> list[DeskExample]:
    rows = []
    for i, (claim, chatter) in enumerate(zip(CLAIMS, CHATTER, strict=True)):
        language = "en" if i >= 6 else "de"
        group = min(i, 6)
        rows += [
            DeskExample(claim, language, True, group),
            DeskExample(chatter, language, False, group),
        ]
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--base-limit", type=int, default=None)
    args = parser.parse_args()
    cache = PROJECT_ROOT / "var" / "training-cache"
    seconds, result = [], None
    for run in range(args.runs + 1):
        with tempfile.TemporaryDirectory() as out:
            started = time.perf_counter()
            result = train_from_desk(
                data_dir(), stand_in_desk(), Path(out), cache, base_limit=args.base_limit
            )
            seconds.append(time.perf_counter() - started)
        print(
            f"run {run}: {seconds[-1]:.1f} s" + (" (fills the embedding cache)" if run == 0 else "")
        )
    print(f"median of runs 1-{args.runs}: {statistics.median(seconds[1:]):.1f} s")
    assert result is not None
    for row in result["languages"]:
        b, a = row["before"], row["after"]
        print(
            f"{row['language']}: public folds ({row['base_rows']} rows) F1 "
            f"{b['base_cv_f1_mean']:.3f} ± {b['base_cv_f1_sd']:.3f} -> "
            f"{a['base_cv_f1_mean']:.3f} ± {a['base_cv_f1_sd']:.3f}; stand-in desk "
            f"({row['desk_rows']} rows) F1 {b['desk_f1']:.3f} -> {a['desk_f1']:.3f}; "
            f"{'better' if row['better'] else 'not better'}"
        )


if __name__ == "__main__":
    main()
