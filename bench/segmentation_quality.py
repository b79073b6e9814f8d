"""Boundary F1 and throughput of the sentence segmenter on Universal Dependencies gold files.

For every paragraph of a gold file (``# newpar`` blocks, else ``# newdoc`` blocks, else runs
of ten sentences; single-sentence blocks are also grouped in runs of ten) the gold sentences
are joined with single spaces and split again with ``split_paragraph``. A boundary is the
offset where a non-first sentence starts; precision, recall and F1 are computed over all
boundaries of the file. Every predicted span is also checked to be stripped, ordered and to
cover every non-space character (``span_errors`` counts violations; it must be 0).

Throughput is the median of five timed passes over all paragraphs of a file, in gold
sentences per second, in this one process.

Usage: ``python bench/segmentation_quality.py``. The gold files are read from
``../shared/data/segmentation`` next to the project root, or from ``$FACTCHECK_EVAL_DATA``
(the ``data`` folder that holds ``segmentation/``, or the segmentation folder itself).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Iterable
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))

from annotations.pretag.segmenter import split_paragraph  # noqa: E402

GOLD_FILES: tuple[tuple[str, str], ...] = (
    ("de_pud-ud-test.conllu", "de"),
    ("en_pud-ud-test.conllu", "en"),
    ("de_gsd-ud-dev.conllu", "de"),
)
RUN_LENGTH = 10
TIMING_RUNS = 5


def default_data_dir() -> Path:
    env = os.environ.get("FACTCHECK_EVAL_DATA")
    base = Path(env) if env else PROJECT_ROOT.parent / "shared" / "data"
    nested = base / "segmentation"
    return nested if nested.is_dir() else base


def read_paragraphs(path: Path) -> list[list[str]]:
    """Gold sentences grouped into the paragraphs that are joined and re-split."""
    by_par: list[list[str]] = []
    by_doc: list[list[str]] = []
    flat: list[str] = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("# newdoc"):
                by_doc.append([])
                by_par.append([])
            elif line.startswith("# newpar"):
                by_par.append([])
            elif line.startswith("# text ="):
                sentence = line[len("# text =") :].strip()
                flat.append(sentence)
                for blocks in (by_par, by_doc):
                    if not blocks:
                        blocks.append([])
                    blocks[-1].append(sentence)
    for blocks in (by_par, by_doc):
        blocks[:] = [block for block in blocks if block]
        if len(blocks) > 1 and any(len(block) > 1 for block in blocks):
            return blocks
    return [flat[i : i + RUN_LENGTH] for i in range(0, len(flat), RUN_LENGTH)]


def gold_boundaries(sentences: list[str]) -> tuple[str, set[int]]:
    text = " ".join(sentences)
    boundaries: set[int] = set()
    offset = 0
    for index, sentence in enumerate(sentences):
        if index:
            boundaries.add(offset)
        offset += len(sentence) + 1
    return text, boundaries


def span_errors(text: str, spans: Iterable[tuple[int, int]]) -> int:
    """Count spans that are empty, unstripped, out of order, or leave text uncovered."""
    errors = 0
    covered = 0
    for start, end in spans:
        piece = text[start:end]
        if start < covered or not piece or piece != piece.strip():
            errors += 1
        if text[covered:start].strip():
            errors += 1
        covered = max(covered, end)
    if text[covered:].strip():
        errors += 1
    return errors


def evaluate_file(path: Path, language: str) -> dict[str, object]:
    paragraphs = [gold_boundaries(sentences) for sentences in read_paragraphs(path)]
    true_pos = false_pos = false_neg = errors = 0
    for text, gold in paragraphs:
        spans = split_paragraph(text, language)
        errors += span_errors(text, spans)
        predicted = {start for start, _ in spans[1:]}
        true_pos += len(predicted & gold)
        false_pos += len(predicted - gold)
        false_neg += len(gold - predicted)
    precision = true_pos / (true_pos + false_pos) if true_pos + false_pos else 1.0
    recall = true_pos / (true_pos + false_neg) if true_pos + false_neg else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    sentences = sum(len(gold) + 1 for _, gold in paragraphs)
    return {
        "name": path.stem,
        "sentences": sentences,
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "sentences_per_s": sentences / _median_seconds([t for t, _ in paragraphs], language),
        "span_errors": errors,
    }


def _median_seconds(texts: list[str], language: str) -> float:
    timings = []
    for _ in range(TIMING_RUNS):
        began = time.perf_counter()
        for text in texts:
            split_paragraph(text, language)
        timings.append(time.perf_counter() - began)
    return max(statistics.median(timings), 1e-9)


def evaluate(data_dir: Path) -> list[dict[str, object]]:
    """One result dict per gold file found in ``data_dir``."""
    return [
        evaluate_file(data_dir / name, language)
        for name, language in GOLD_FILES
        if (data_dir / name).is_file()
    ]


def main() -> int:
    data_dir = default_data_dir()
    if not any((data_dir / name).is_file() for name, _ in GOLD_FILES):
        print(f"segmentation gold data not found in {data_dir}; set FACTCHECK_EVAL_DATA. Skipped.")
        return 0
    header = f"{'gold file':<22} {'sent':>6} {'P':>7} {'R':>7} {'F1':>7} {'sent/s':>10} {'err':>4}"
    print(header)
    print("-" * len(header))
    for row in evaluate(data_dir):
        print(
            f"{row['name']:<22} {row['sentences']:>6} {row['precision']:>7.4f} "
            f"{row['recall']:>7.4f} {row['f1']:>7.4f} {row['sentences_per_s']:>10,.0f} "
            f"{row['span_errors']:>4}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
