"""Speed of the pre-tagger on one core: sentences/s per stage, and the cold model load.

    python bench/pretag_speed.py [--runs 5] [--sentences 2000] [--profile]

Articles: ``synthetic_article`` of ``bench/pretag_quality.py`` (the seed article's lines
repeated, so only a few dozen of its sentences are distinct) and, when ``../shared/data`` (or
``FACTCHECK_EVAL_DATA``) holds the SpkAtt-2023 German news, an article of as many distinct
sentences: the seed article, then that news, read at run time, no sentence twice.
``--profile`` adds the functions that take the most time in the whole pre-tagger on the
last article (cProfile, CPU time; it slows Python code more than numpy's).
Each stage runs ``--runs`` times and the median is printed. Every run sees the
article as new (a copy that differs in trailing spaces, so the detectors' per-article name
cache misses; the encoder's word cache emptied): what a worker meets in its first article.
"Again" is the same article a second time, all caches warm. "In a job's chunks" is the pre-tag
job's loop (``pipeline.tag_in_chunks``): chunks of ``JOB_CHUNK`` sentences, each block of
``ENCODE_AHEAD`` encoded ahead in one call.

The process pins itself to one CPU and BLAS to one thread (for good: a caller that imports
``main`` stays pinned); rates are sentences per second of the process's CPU time, so other work
on a shared machine slows them less than wall time would (it still costs cache and memory
bandwidth: compare figures of one run, not across machines). OPENBLAS_CORETYPE is left as the
machine sets it and printed with the BLAS kernel in use.
The model load is timed in a fresh interpreter, from the first import to a scored sentence,
with the encoder cache already unpacked.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

DATE = datetime.date(2024, 11, 30)  # the seed article's
SEED = "nordkorea-russland-selbstverteidigung.txt"
LANGUAGE = "de"

_COLD_LOAD = """
import time
began, cpu = time.perf_counter(), time.process_time()
from pathlib import Path
from annotations.pretag import checkworthiness, encoder
encoder.use_cache(Path({cache!r}))
checkworthiness.assess(["Die Regierung teilte am 3. Mai mit, die Zahl sei gestiegen."], "de")
print(time.perf_counter() - began, time.process_time() - cpu)
"""


def main(argv: list[str] | None = None) -> int:
    """Print the figures; ``argv`` as on the command line (None: the defaults)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sentences", type=int, default=2000)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args(argv or [])
    cpu = _one_core()
    from annotations.pretag import encoder

    cache = _cache_dir()
    encoder.use_cache(cache)
    encoder.shared_encoder()  # unpacks the cache if this is its first use
    print(f"one core (CPU {cpu}), BLAS {_blas()}, OPENBLAS_CORETYPE={_coretype()}")
    print(f"median of {args.runs} runs; encoder cache {cache}")
    load = [_cold_load(cache, cpu) for _ in range(args.runs)]
    print(
        f"  cold model load (fresh process, cache on disk): "
        f"{statistics.median(w for w, _ in load):.2f} s wall, "
        f"{statistics.median(c for _, c in load):.2f} s CPU"
    )
    from bench.pretag_quality import synthetic_article

    articles = [("synthetic article", synthetic_article(args.sentences))]
    distinct = _distinct_article(args.sentences)
    if distinct:
        articles.append(("seed + SpkAtt German news, distinct sentences", distinct))
    for name, text in articles:
        _stages(name, text, args.runs)
    if args.profile:
        _profile(*articles[-1])
    print(f"  resident memory now {_status('VmRSS')}, peak {_status('VmHWM')}")
    return 0


def _stages(name: str, text: str, runs: int) -> None:
    from annotations.pretag import checkworthiness, pipeline
    from annotations.pretag.encoder import shared_encoder
    from annotations.pretag.spans import detect_spans_with_warnings

    forward = shared_encoder()._backend
    segments = pipeline.segment_text(text, LANGUAGE)
    sentences = [text[s.start : s.end] for s in segments]
    headings = [s.heading for s in segments]
    n = len(segments)
    print(f"\n{name}: {n} sentences, {len(set(sentences))} distinct")
    copies = iter(range(1, 10**6))

    def fresh() -> str:  # the article as if never seen: names and words are learned again
        forward.forget_words()
        return text + " " * next(copies)

    def detectors(article: str) -> list:
        return [
            detect_spans_with_warnings(article, s.start, s.end, LANGUAGE, DATE)[0] for s in segments
        ]

    spans = detectors(text)

    def scorer() -> None:
        for first in range(0, n, pipeline.SCORE_BATCH):
            last = first + pipeline.SCORE_BATCH
            checkworthiness.assess(
                sentences[first:last],
                LANGUAGE,
                headings=headings[first:last],
                spans=spans[first:last],
            )

    def as_a_job(article: str) -> None:  # annotations/services/pretagging.py's loop
        for _first, _tags in pipeline.tag_in_chunks(article, segments, LANGUAGE, DATE):
            pass

    stages: list[tuple[str, Callable[[], str], Callable[[str], object]]] = [
        ("segmenter", lambda: text, lambda t: pipeline.segment_text(t, LANGUAGE)),
        ("span detectors", fresh, detectors),
        ("sentence encoder", fresh, lambda _: checkworthiness.embed(sentences)),
        ("scorer (with encoder)", fresh, lambda _: scorer()),
        ("whole pre-tagger", fresh, lambda t: pipeline.tag_segments(t, segments, LANGUAGE, DATE)),
        ("whole, in a job's chunks", fresh, as_a_job),
        (
            "whole, again (warm)",
            lambda: text,
            lambda t: pipeline.tag_segments(t, segments, LANGUAGE, DATE),
        ),
    ]
    for label, prepare, run in stages:
        rate = _median_rate(prepare, run, n, runs)
        print(f"  {label:<24}{rate:>10,.0f} sentences/s  ({n / rate:6.3f} s)")


def _profile(name: str, text: str, top: int = 20) -> None:
    import cProfile
    import pstats

    from annotations.pretag import pipeline
    from annotations.pretag.encoder import shared_encoder

    segments = pipeline.segment_text(text, LANGUAGE)
    shared_encoder()._backend.forget_words()
    profile = cProfile.Profile(time.process_time)
    profile.runcall(pipeline.tag_segments, text + "\n", segments, LANGUAGE, DATE)
    print(f"\nprofile of the whole pre-tagger, {name}: top {top} by own time")
    stats = pstats.Stats(profile, stream=sys.stdout)
    stats.strip_dirs().sort_stats("tottime").print_stats(top)


def _median_rate(
    prepare: Callable[[], str], run: Callable[[str], object], n: int, runs: int
) -> float:
    rates = []
    for _ in range(runs):
        article = prepare()
        began = time.process_time()
        run(article)
        rates.append(n / max(time.process_time() - began, 1e-9))
    return statistics.median(rates)


def _cold_load(cache: Path, cpu: int) -> tuple[float, float]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = subprocess.run(
        ["taskset", "-c", str(cpu), sys.executable, "-c", _COLD_LOAD.format(cache=str(cache))],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env=env,
    ).stdout.split()
    return float(out[-2]), float(out[-1])


def _distinct_article(sentences: int) -> str:
    """The seed article, then German news paragraphs (SpkAtt-2023 articles, read from
    ``../shared/data`` at run time) up to ``sentences`` sentences, none of them twice; or ''."""
    base = Path(os.environ.get("FACTCHECK_EVAL_DATA") or ROOT.parent / "shared" / "data")
    path = base / "attribution" / "spkatt2023_train.jsonl"
    if not path.is_file():
        return ""
    from annotations.pretag import pipeline

    paragraphs = [(ROOT / "seeds" / SEED).read_text(encoding="utf-8").strip()]
    seen: set[str] = set()
    count = len(pipeline.segment_text(paragraphs[0], LANGUAGE))
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            document = [_detokenize(s["Tokens"]) for s in json.loads(line)["Sentences"]]
            fresh = [s for s in document if s not in seen]
            seen.update(fresh)
            if fresh:
                paragraphs.append(" ".join(fresh))
                count += len(fresh)
            if count >= sentences * 1.05:  # the segmenter joins or splits a few
                break
    text = "\n\n".join(paragraphs)
    segments = pipeline.segment_text(text, LANGUAGE)
    return text[: segments[min(sentences, len(segments)) - 1].end]


_NO_SPACE_BEFORE = set(".,;:!?)]}»“'%")
_NO_SPACE_AFTER = set("([{„«‚")


def _detokenize(tokens: list[str]) -> str:
    out = ""
    for token in tokens:
        if out and token[:1] not in _NO_SPACE_BEFORE and out[-1] not in _NO_SPACE_AFTER:
            out += " "
        out += token
    return out


def _one_core() -> int:
    """Pin this process to its first allowed CPU and BLAS to one thread; the CPU's number."""
    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)
    return cpu


def _cache_dir() -> Path:
    env = os.environ.get("FACTCHECK_ENCODER_CACHE")
    if env:
        return Path(env)
    var = Path(os.environ.get("FACTCHECK_VAR_DIR") or ROOT / "var")
    return var / "models"


def _blas() -> str:
    from threadpoolctl import threadpool_info

    found = [f"{i.get('internal_api')} {i.get('architecture')}" for i in threadpool_info()]
    return ", ".join(found) or "none found"


def _coretype() -> str:
    return os.environ.get("OPENBLAS_CORETYPE", "(unset: OpenBLAS picks the kernel itself)")


def _status(key: str) -> str:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return f"{int(line.split()[1]) / 1024:.0f} MB"
    return "n/a"


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
