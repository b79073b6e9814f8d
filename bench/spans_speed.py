"""Throughput of the span detectors (sentences per second on one core).

Run ``python bench/spans_speed.py [ARTICLE] [--language de] [--sentences 2000]``. Without an
article it uses the seed article. Its sentences (from the project's segmenter when importable,
else a rough split by lines and ". ") are repeated up to the requested count and tagged one by
one; the result is the median of five timed runs. The detector set is meant to stay above
2,000 sentences/s.

Time is the process's CPU time, so other work on a shared machine does not distort the rate.
Besides the sentence-by-sentence rate, the script reports tagging each sentence in place in
the whole article, as the pipeline does (which also learns the article's names once).
"""

from __future__ import annotations

import argparse
import datetime
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from annotations.pretag.spans import detect_spans  # noqa: E402

SEED_NAME = "nordkorea-russland-selbstverteidigung.txt"
ARTICLE_DATE = datetime.date(2024, 11, 30)
RUNS = 5


def _seed_path() -> Path | None:
    for base in (ROOT / "seeds", ROOT.parent / "shared" / "seeds", ROOT / "shared" / "seeds"):
        path = base / SEED_NAME
        if path.is_file():
            return path
    return None


def split_sentences(text: str, language: str) -> list[str]:
    """Sentences of ``text``: the project segmenter if present, else lines split at '. '."""
    try:
        from annotations.pretag.segmenter import segment
    except ImportError:
        segment = None
    if segment is not None:
        return [text[s.start : s.end] for s in segment(text, language)]
    parts = (p.strip() for line in text.splitlines() for p in re.split(r"(?<=\.)\s+", line))
    return [p for p in parts if p]


def measure(texts: list[str], language: str) -> float:
    """Sentences per second tagging ``texts`` one by one (median of five runs)."""
    if not texts:
        return 0.0
    for text in texts[:50]:  # warm caches and lazy imports outside the timed runs
        detect_spans(text, 0, len(text), language, ARTICLE_DATE)
    rates = []
    for _ in range(RUNS):
        began = time.process_time()
        for text in texts:
            detect_spans(text, 0, len(text), language, ARTICLE_DATE)
        elapsed = time.process_time() - began
        rates.append(len(texts) / elapsed if elapsed > 0 else float("inf"))
    return statistics.median(rates)


def measure_in_article(text: str, language: str, sentences: int) -> float:
    """Sentences per second tagging the sentences of ``text`` in place, repeated as needed."""
    bounds = _sentence_bounds(text, language)
    if not bounds:
        return 0.0
    rounds = max(1, sentences // len(bounds))
    rates = []
    for run in range(RUNS):
        # A distinct copy of the article per round, so its names are learned every time.
        copies = [text + " " * (run * rounds + k + 1) for k in range(rounds)]
        began = time.process_time()
        for copy in copies:
            for start, end in bounds:
                detect_spans(copy, start, end, language, ARTICLE_DATE)
        elapsed = time.process_time() - began
        rates.append(rounds * len(bounds) / elapsed if elapsed > 0 else float("inf"))
    return statistics.median(rates)


def _sentence_bounds(text: str, language: str) -> list[tuple[int, int]]:
    bounds: list[tuple[int, int]] = []
    position = 0
    for sentence in split_sentences(text, language):
        start = text.find(sentence, position)
        if start < 0:
            continue
        bounds.append((start, start + len(sentence)))
        position = start + len(sentence)
    return bounds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("article", nargs="?", type=Path, help="plain-text article")
    parser.add_argument("--language", default="de")
    parser.add_argument("--sentences", type=int, default=2000)
    args = parser.parse_args(argv)
    path = args.article or _seed_path()
    if path is None:
        print("no article given and the seed article was not found", file=sys.stderr)
        return 2
    text = path.read_text(encoding="utf-8")
    sentences = split_sentences(text, args.language)
    if not sentences:
        print("the article has no sentences", file=sys.stderr)
        return 2
    texts = [sentences[i % len(sentences)] for i in range(args.sentences)]
    rate = measure(texts, args.language)
    print(
        f"{len(texts)} sentences ({len(sentences)} distinct) from {path.name}: "
        f"{rate:,.0f} sentences/s (median of {RUNS} runs)"
    )
    in_article = measure_in_article(text, args.language, args.sentences)
    print(f"tagged in place in the article: {in_article:,.0f} sentences/s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
