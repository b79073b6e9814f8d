"""Throughput and peak memory of the review-queue exports, per format, as the queue grows.

Builds annotated sentences in a database of its own (SQLite in a fresh temporary folder unless
``--database-url`` names another, e.g. an empty PostgreSQL database), then streams every export
format over the whole queue of one user, the way the API and ``export_queue`` do.

For each size it prints, per format: queue rows per second (median of ``--runs`` timed passes;
one pass for sizes of 100,000 and more), the output size, and the peak Python memory of one
further pass traced with ``tracemalloc`` (a traced pass is slower, so it is not timed). Memory
that stays flat from 10,000 to 100,000 rows shows that nothing holds the whole export.

Usage: ``python bench/export_bench.py [--sizes 10000 100000] [--runs 3] [--database-url URL]``
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))

from bench.django_setup import configure  # noqa: E402  (after the path is set)

SENTENCES_PER_ARTICLE = 500
FORMATS = ("csv", "json", "jsonl", "claimreview", "webannotation")


def sentence_text(index: int) -> str:
    return (
        f"Laut Behörde stieg der Wert im Bezirk {index} um {index % 97} Prozent, "
        f"erklärte der Sprecher am {1 + index % 28}. November 2024."
    )


def build(size: int) -> object:
    """``size`` body sentences, each pre-tagged and annotated; returns the reading user."""
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.db.models import OuterRef, Subquery

    from annotations.models import (
        Annotation,
        Article,
        Evidence,
        Membership,
        Newsroom,
        Sentence,
        SentenceTag,
    )

    users = get_user_model().objects
    newsroom = Newsroom.objects.create(name=f"Bench {size}", slug=f"bench-{size}")
    editor = users.create_user(f"bench-editor-{size}")
    reviewer = users.create_user(f"bench-reviewer-{size}")
    Membership.objects.create(user=editor, newsroom=newsroom, role="editor")
    Membership.objects.create(user=reviewer, newsroom=newsroom, role="reviewer")
    verdicts = ("verified", "disputed", "unverified")
    states = ("approved", "approved", "submitted", "draft")
    with transaction.atomic():
        for first in range(0, size, SENTENCES_PER_ARTICLE):
            count = min(SENTENCES_PER_ARTICLE, size - first)
            texts = [sentence_text(first + i) for i in range(count)]
            body = " ".join(texts)
            article = Article.objects.create(
                newsroom=newsroom,
                title=f"Artikel {first // SENTENCES_PER_ARTICLE}",
                source_url=f"https://news.example/{first}",
                language="de",
                text=body,
                text_hash=str(first),
            )
            offset = 0
            sentences = []
            for ordinal, text in enumerate(texts):
                sentences.append(
                    Sentence(
                        article=article,
                        ordinal=ordinal,
                        paragraph=ordinal // 5,
                        start=offset,
                        end=offset + len(text),
                        text=text,
                    )
                )
                offset += len(text) + 1
            sentences = Sentence.objects.bulk_create(sentences, batch_size=1000)
            source = body.index("Behörde")
            SentenceTag.objects.bulk_create(
                [
                    SentenceTag(
                        sentence=s,
                        tagger_version="bench",
                        checkworthiness=0.8,
                        claim=True,
                        reasons=["number"],
                        spans=[
                            {
                                "start": s.start,
                                "end": s.start + source + 7,
                                "kind": "attribution",
                                "payload": {"source": "Behörde"},
                            },
                        ],  # fmt: skip
                    )
                    for s in sentences
                ],
                batch_size=1000,
            )
            annotations = Annotation.objects.bulk_create(
                [
                    Annotation(
                        sentence=s,
                        verdict=verdicts[i % 3],
                        rationale=f"Amtliche Statistik, Tabelle {i}.",
                        review_state=states[i % 4],
                        created_by=editor,
                        updated_by=editor,
                        reviewed_by=reviewer if states[i % 4] == "approved" else None,
                    )
                    for i, s in enumerate(sentences)
                ],
                batch_size=1000,
            )
            Evidence.objects.bulk_create(
                [
                    Evidence(
                        annotation=a,
                        position=p,
                        url=f"https://stats.example/{a.sentence_id}/{p}",
                        title="Statistik",
                    )
                    for a in annotations
                    for p in range(1 + a.sentence_id % 2)
                ],
                batch_size=1000,
            )
        tags = SentenceTag.objects.filter(sentence=OuterRef("pk")).values("pk")[:1]
        Sentence.objects.filter(article__newsroom=newsroom).update(pretag=Subquery(tags))
    return editor


def export_once(user: object, fmt: str) -> int:
    """Stream one export to nowhere; returns the bytes written."""
    from annotations.exports import get_format, stream_export
    from annotations.selectors.queue import list_review_queue

    queryset = list_review_queue(user=user)
    written = 0
    for chunk in stream_export(queryset, get_format(fmt), base_url="https://desk.example/"):
        written += len(chunk.encode("utf-8"))
    return written


def measure(user: object, size: int, runs: int) -> None:
    print(f"\n{size:,} annotated sentences ({runs} timed run{'s' if runs > 1 else ''})")
    print(f"{'format':<14}{'rows/s':>12}{'seconds':>10}{'output MB':>11}{'peak MB':>10}")
    for fmt in FORMATS:
        timings = []
        written = 0
        for _ in range(runs):
            started = time.perf_counter()
            written = export_once(user, fmt)
            timings.append(time.perf_counter() - started)
        seconds = statistics.median(timings)
        tracemalloc.start()
        export_once(user, fmt)
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(
            f"{fmt:<14}{size / seconds:>12,.0f}{seconds:>10.2f}"
            f"{written / 1e6:>11.1f}{peak / 1e6:>10.1f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=3, help="timed runs below 100,000 rows")
    parser.add_argument("--database-url", help="an empty database of the bench's own")
    args = parser.parse_args()
    var_dir = Path(tempfile.mkdtemp(prefix="export-bench-"))
    configure(var_dir, args.database_url)
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor} ({var_dir if not args.database_url else 'given'})")
    try:
        for size in args.sizes:
            started = time.perf_counter()
            user = build(size)
            print(f"built {size:,} sentences in {time.perf_counter() - started:.1f} s")
            measure(user, size, args.runs if size < 100_000 else 1)
    finally:
        connection.close()
        shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
