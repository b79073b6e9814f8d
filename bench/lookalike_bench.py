"""What the warnings for invisible and look-alike characters cost per text.

``text_warnings`` runs for every rationale, review comment, evidence title and comment an API
answer or a page carries. Median of several runs over 1,000 texts of each kind:

    .venv/bin/python bench/lookalike_bench.py [--runs 7]
"""

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.django_setup import configure

TEXTS = {
    "English (ASCII)": "The ministry's figures for 2023 contradict the claim; see the report. ",
    "German (umlauts)": "Laut Ministerium stiegen die Anträge um 12 %, nicht um das Fünffache. ",
    "Russian (Cyrillic)": "По данным министерства, число заявлений выросло на 12 процентов. ",
    "look-alike (pаypal)": "Laut p\u0430ypal stiegen die Anträge um 12 %, nicht um das Doppelte. ",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    configure(Path(tempfile.mkdtemp(prefix="lookalike-bench-")), None)
    from annotations.services.text import text_warnings

    text_warnings("warm up p\u0430ypal", field="rationale")  # loads the Unicode data once
    for name, sentence in TEXTS.items():
        text = sentence * 3
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            for _ in range(1000):
                text_warnings(text, field="rationale")
            times.append(time.perf_counter() - start)
        per_text = statistics.median(times) / 1000 * 1e6
        print(f"{name:22} {len(text):4} characters: {per_text:7.1f} µs per text (median)")


if __name__ == "__main__":
    main()
