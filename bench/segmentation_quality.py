"""Boundary P/R/F1 and throughput of the sentence segmenter on Universal Dependencies gold files.

Scoring follows the data README: the gold sentences of one paragraph (``# newpar`` blocks, else
``# newdoc`` blocks, else runs of ten sentences) are joined with single spaces and cut again with
``segment`` (the function the pre-tagger calls, heading rule included). A boundary is the offset
where a non-first sentence starts; precision, recall and F1 are computed over all boundaries of a
set, for our segmenter and for sentencex on the same text.

``document`` rows score paragraph handling: a document's paragraphs are joined with newlines (the
sentences inside a paragraph with spaces), so the boundaries include every paragraph start. A
newline-separated line must always be at least its own segment: the bench prints the share of
paragraph starts that begin a segment, and how many segments were taken for headings (UD marks
none; in EWT they are mostly e-mail signatures and review titles, and each is left out of the
review queue).

Each set is also scored on two halves of its documents (even and odd document index; runs of ten
for sets without documents). Rules were developed looking only at errors on the ``dev`` half; the
``check`` half is reported as a check, together with the whole set.

``err`` counts offset violations of our spans: a span that is empty, has surrounding whitespace,
overlaps the previous one, crosses a newline, or leaves a non-space character uncovered. It must
be 0. Speed is the fastest of several timed passes over all paragraphs of a set (other processes
on the machine only ever slow a pass down), in gold sentences per second, in this one process
(sentencex's figure includes turning its strings into offsets).

Usage::

    python bench/segmentation_quality.py [--data DIR] [--runs 5]

The gold files are read from ``../shared/data/segmentation`` next to the project root, or from
``$FACTCHECK_EVAL_DATA`` (the ``data`` folder that holds ``segmentation/``, or the segmentation
folder itself).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))

from annotations.pretag.segmenter import segment  # noqa: E402

GOLD_FILES: tuple[tuple[str, str], ...] = (
    ("de_pud-ud-test.conllu", "de"),
    ("en_pud-ud-test.conllu", "en"),
    ("de_gsd-ud-dev.conllu", "de"),
    ("en_ewt-ud-dev.conllu", "en"),
)
# An extra check on German news that no rule was developed on: the sentences of SpkAtt-2023
# (Wikinews), rebuilt from its tokens. Its tokeniser also cuts at colons and keeps headlines
# inside sentences, so its figures are lower for every segmenter; no target applies.
EXTRA_SETS: tuple[tuple[str, str], ...] = (("attribution/spkatt2023_train.jsonl", "de"),)
RUN_LENGTH = 10
TIMING_RUNS = 5

Splitter = Callable[[str, str], list[tuple[int, int]]]
Document = list[list[str]]  # paragraphs of gold sentences


def default_data_dir() -> Path:
    env = os.environ.get("FACTCHECK_EVAL_DATA")
    base = Path(env) if env else PROJECT_ROOT.parent / "shared" / "data"
    nested = base / "segmentation"
    return nested if nested.is_dir() else base


def read_documents(path: Path) -> list[Document]:
    """Gold documents, each a list of paragraphs of gold sentences.

    A file without ``# newdoc`` marks is cut into runs of ten sentences, one paragraph each; a
    file without ``# newpar`` marks has one paragraph per document.
    """
    docs: list[Document] = []
    flat: list[str] = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("# newdoc"):
                docs.append([[]])
            elif line.startswith("# newpar"):
                if not docs:
                    docs.append([[]])
                if docs[-1][-1]:
                    docs[-1].append([])
            elif line.startswith("# text ="):
                sentence = line[len("# text =") :].strip()
                flat.append(sentence)
                if docs:
                    docs[-1][-1].append(sentence)
    docs = [[par for par in doc if par] for doc in docs]
    docs = [doc for doc in docs if doc]
    if len(docs) > 1:
        return docs
    return [[flat[i : i + RUN_LENGTH]] for i in range(0, len(flat), RUN_LENGTH)]


# Tokens that take no space before them, and those that take none after them.
_GLUED_LEFT = frozenset(".,;:!?)]}%…“")
_GLUED_RIGHT = frozenset("([{„")


def detokenize(tokens: Sequence[str]) -> str:
    """Text of a tokenised sentence (no space before closing marks, none after opening ones)."""
    out: list[str] = []
    quote_open = False  # a straight quote opens and closes in turn
    for token in tokens:
        if token == '"':
            glue = quote_open  # a closing quote sticks to the word before it
            quote_open = not quote_open
        else:
            glue = token in _GLUED_LEFT or (quote_open and out[-1].lstrip() == '"')
        if not out or glue or out[-1][-1] in _GLUED_RIGHT:
            out.append(token)
        else:
            out.append(" " + token)
    return "".join(out)


def read_spkatt(path: Path) -> list[Document]:
    """SpkAtt-2023 articles as documents of one paragraph of rebuilt sentences."""
    docs: list[Document] = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            article = json.loads(line)
            sentences = [detokenize(s["Tokens"]) for s in article["Sentences"] if s["Tokens"]]
            if sentences:
                docs.append([sentences])
    return docs


def join_gold(paragraphs: Sequence[Sequence[str]]) -> tuple[str, set[int]]:
    """Text of paragraphs joined by newlines (sentences by spaces) and its gold boundaries."""
    pieces: list[str] = []
    boundaries: set[int] = set()
    offset = 0
    for p_index, sentences in enumerate(paragraphs):
        for s_index, sentence in enumerate(sentences):
            if p_index or s_index:
                boundaries.add(offset)
            pieces.append(sentence)
            offset += len(sentence) + 1
            pieces.append(" " if s_index < len(sentences) - 1 else "\n")
    return "".join(pieces)[:-1], boundaries


def span_errors(text: str, spans: Iterable[tuple[int, int]]) -> int:
    """Count spans that are empty, unstripped, out of order, cross a newline, or leave gaps."""
    errors = 0
    covered = 0
    for start, end in spans:
        piece = text[start:end]
        if start < covered or not piece or piece != piece.strip() or "\n" in piece:
            errors += 1
        if text[covered:start].strip():
            errors += 1
        covered = max(covered, end)
    if text[covered:].strip():
        errors += 1
    return errors


def ours(text: str, language: str) -> list[tuple[int, int]]:
    return [(s.start, s.end) for s in segment(text, language)]


def sentencex_spans(text: str, language: str) -> list[tuple[int, int]]:
    """sentencex's sentences as stripped spans (it returns strings that tile the text)."""
    from sentencex import segment as sx_segment

    spans = []
    offset = 0
    for piece in sx_segment(language, text):
        start = offset + len(piece) - len(piece.lstrip())
        end = offset + len(piece.rstrip())
        if end > start:
            spans.append((start, end))
        offset += len(piece)
    return spans


@dataclass
class Score:
    true_pos: int = 0
    false_pos: int = 0
    false_neg: int = 0
    errors: int = 0

    def add(self, text: str, gold: set[int], spans: list[tuple[int, int]]) -> None:
        predicted = {start for start, _ in spans[1:]}
        self.true_pos += len(predicted & gold)
        self.false_pos += len(predicted - gold)
        self.false_neg += len(gold - predicted)
        self.errors += span_errors(text, spans)

    @property
    def precision(self) -> float:
        found = self.true_pos + self.false_pos
        return self.true_pos / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_pos + self.false_neg
        return self.true_pos / wanted if wanted else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def texts_of(docs: Sequence[Document], mode: str) -> list[tuple[str, set[int]]]:
    """``paragraph`` mode: one text per paragraph; ``document`` mode: one text per document."""
    if mode == "paragraph":
        return [join_gold([par]) for doc in docs for par in doc]
    return [join_gold(doc) for doc in docs]


def score(docs: Sequence[Document], language: str, splitter: Splitter, mode: str) -> Score:
    result = Score()
    for text, gold in texts_of(docs, mode):
        result.add(text, gold, splitter(text, language))
    return result


def line_starts_found(docs: Sequence[Document], language: str, splitter: Splitter) -> float:
    """Share of paragraph starts (after a newline) that begin a segment, in document mode."""
    found = wanted = 0
    for doc in docs:
        text, _ = join_gold(doc)
        starts = {i + 1 for i, char in enumerate(text) if char == "\n"}
        predicted = {start for start, _ in splitter(text, language)}
        found += len(starts & predicted)
        wanted += len(starts)
    return found / wanted if wanted else 1.0


def headings_flagged(docs: Sequence[Document], language: str) -> tuple[int, int]:
    """Segments taken for headings, and all segments, in document mode (gold has none)."""
    flagged = total = 0
    for doc in docs:
        segments = segment(join_gold(doc)[0], language)
        flagged += sum(s.heading for s in segments)
        total += len(segments)
    return flagged, total


def halves(docs: Sequence[Document]) -> dict[str, list[Document]]:
    return {"dev": list(docs[0::2]), "check": list(docs[1::2]), "all": list(docs)}


def sentences_per_second(
    docs: Sequence[Document], language: str, runs: int, splitter: Splitter = ours
) -> float:
    texts = [text for text, _ in texts_of(docs, "paragraph")]
    count = sum(len(par) for doc in docs for par in doc)
    timings = []
    for _ in range(runs):
        began = time.perf_counter()
        for text in texts:
            splitter(text, language)
        timings.append(time.perf_counter() - began)
    return count / max(min(timings), 1e-9)


@dataclass
class FileResult:
    """Scores of one gold file, keyed by ``(half, mode, segmenter)``, and speed."""

    name: str
    language: str
    sentences: int
    scores: dict[tuple[str, str, str], Score]
    line_starts: dict[str, float]  # segmenter -> share of paragraph starts found
    headings: tuple[int, int]  # segments flagged as headings, all segments
    sentences_per_s: float
    sentencex_per_s: float

    def get(self, half: str, mode: str, segmenter: str = "ours") -> Score:
        return self.scores[half, mode, segmenter]


HALVES = ("dev", "check", "all")
MODES = ("paragraph", "document")
SEGMENTERS: dict[str, Splitter] = {"ours": ours, "sentencex": sentencex_spans}


def evaluate_file(path: Path, language: str, runs: int = TIMING_RUNS) -> FileResult:
    """Scores of ours and sentencex per half and mode, plus speed, for one gold file."""
    docs = read_spkatt(path) if path.suffix == ".jsonl" else read_documents(path)
    return evaluate_documents(path.stem, docs, language, runs)


def evaluate_documents(
    name: str, docs: list[Document], language: str, runs: int = TIMING_RUNS
) -> FileResult:
    scores = {
        (half, mode, segmenter): score(part, language, splitter, mode)
        for half, part in halves(docs).items()
        for mode in MODES
        for segmenter, splitter in SEGMENTERS.items()
    }
    return FileResult(
        name=name,
        language=language,
        sentences=sum(len(par) for doc in docs for par in doc),
        scores=scores,
        line_starts={
            segmenter: line_starts_found(docs, language, splitter)
            for segmenter, splitter in SEGMENTERS.items()
        },
        headings=headings_flagged(docs, language),
        sentences_per_s=sentences_per_second(docs, language, runs) if runs else 0.0,
        sentencex_per_s=(
            sentences_per_second(docs, language, runs, sentencex_spans) if runs else 0.0
        ),
    )


def evaluate(data_dir: Path, runs: int = TIMING_RUNS, extra: bool = True) -> list[FileResult]:
    """One result per gold file found in ``data_dir`` (and per extra set beside it)."""
    wanted = [(data_dir / name, language) for name, language in GOLD_FILES]
    if extra:
        wanted += [(data_dir.parent / name, language) for name, language in EXTRA_SETS]
    return [evaluate_file(path, language, runs) for path, language in wanted if path.is_file()]


def _print(results: list[FileResult]) -> None:
    header = (
        f"{'set':<20} {'half':<6} {'mode':<9} {'ours P':>7} {'R':>7} {'F1':>7}   "
        f"{'sentx P':>7} {'R':>7} {'F1':>7} {'err':>4}"
    )
    print(header)
    print("-" * len(header))
    for result in results:
        for half in HALVES:
            for mode in MODES:
                us, sx = result.get(half, mode), result.get(half, mode, "sentencex")
                print(
                    f"{result.name:<20} {half:<6} {mode:<9} {us.precision:>7.4f} "
                    f"{us.recall:>7.4f} {us.f1:>7.4f}   {sx.precision:>7.4f} {sx.recall:>7.4f} "
                    f"{sx.f1:>7.4f} {us.errors:>4}"
                )
    print()
    print("Paragraph handling (document mode, whole set)")
    for result in results:
        flagged, total = result.headings
        ours_found, theirs_found = result.line_starts["ours"], result.line_starts["sentencex"]
        print(
            f"{result.name:<20} paragraph starts that begin a segment: ours {ours_found:.4f}, "
            f"sentencex {theirs_found:.4f}; taken for headings: {flagged} of {total} segments"
        )
    print()
    for result in results:
        print(
            f"{result.name:<20} {result.sentences:>6} sentences, sentences/s: "
            f"ours {result.sentences_per_s:>9,.0f}, sentencex {result.sentencex_per_s:>9,.0f}"
        )
    errors = sum(result.get("all", mode).errors for result in results for mode in MODES)
    print(f"offset check (ours): {'exact' if not errors else f'{errors} violations'}")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--data", type=Path, default=None, help="folder holding the .conllu files")
    parser.add_argument("--runs", type=int, default=TIMING_RUNS, help="timed passes per set")
    # Called from another bench with no arguments: do not read that bench's command line.
    args = parser.parse_args([] if argv is None else argv)
    data_dir = args.data or default_data_dir()
    if not any((data_dir / name).is_file() for name, _ in GOLD_FILES):
        print(f"segmentation gold data not found in {data_dir}; set FACTCHECK_EVAL_DATA. Skipped.")
        return 0
    print("Sentence segmentation: boundary P/R/F1, ours (segment) and sentencex side by side")
    _print(evaluate(data_dir, args.runs))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
