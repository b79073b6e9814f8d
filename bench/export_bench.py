"""Throughput and peak memory of the review-queue exports, per format, as the queue grows.

Builds annotated sentences in a database of its own (SQLite in a fresh temporary folder unless
``--database-url`` names another, e.g. an empty PostgreSQL database), then streams every export
format over the whole queue of one user, the way the API and ``export_queue`` do.

For each size it prints, per format: queue rows per second (median of ``--runs`` timed passes;
one pass for sizes of 100,000 and more), the output size, the SQL queries of one pass, and the
process's peak memory during the export (Linux: VmHWM, reset before each pass through
``/proc/self/clear_refs``) as the growth over what the process held when the export began.
Memory that stays flat from 2,000 to 1,000,000 rows shows that nothing holds the whole export.

Usage: ``python bench/export_bench.py [--sizes 2000 100000 1000000] [--formats csv json]
[--runs 3] [--database-url URL] [--keep FOLDER]``
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import statistics
import sys
import tempfile
import time
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
        ArticleVersion,
        Evidence,
        Membership,
        Newsroom,
        Sentence,
        SentenceTag,
    )

    users = get_user_model().objects
    built = users.filter(username=f"bench-editor-{size}").first()
    if built is not None:  # a kept folder (--keep) holds this size already
        return built
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
            version = ArticleVersion.objects.create(
                article=article, number=1, text=body, text_hash=str(first)
            )
            Article.objects.filter(pk=article.pk).update(current_version=version)
            offset = 0
            sentences = []
            for ordinal, text in enumerate(texts):
                sentences.append(
                    Sentence(
                        article=article,
                        version=version,
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


def _status_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def _reset_peak() -> None:
    with contextlib.suppress(OSError):
        Path("/proc/self/clear_refs").write_text("5")  # VmHWM := VmRSS


def measure(user: object, size: int, runs: int, formats: list[str]) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    print(f"\n{size:,} annotated sentences ({runs} timed run{'s' if runs > 1 else ''})")
    print(
        f"{'format':<14}{'rows/s':>12}{'seconds':>10}{'output MB':>11}{'queries':>9}"
        f"{'peak +MB':>10}{'RSS MB':>8}"
    )
    for fmt in formats:
        timings, growth = [], []
        written = queries = 0
        for _ in range(runs):
            _reset_peak()
            before = _status_kb("VmRSS")
            with CaptureQueriesContext(connection) as ctx:
                started = time.perf_counter()
                written = export_once(user, fmt)
                timings.append(time.perf_counter() - started)
            queries = len(ctx.captured_queries)
            growth.append((_status_kb("VmHWM") - before) / 1024)
        seconds = statistics.median(timings)
        print(
            f"{fmt:<14}{size / seconds:>12,.0f}{seconds:>10.2f}{written / 1e6:>11.1f}"
            f"{queries:>9}{statistics.median(growth):>10.1f}{_status_kb('VmRSS') / 1024:>8.0f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2_000, 100_000, 1_000_000])
    parser.add_argument("--formats", nargs="+", default=list(FORMATS), choices=FORMATS)
    parser.add_argument("--runs", type=int, default=3, help="timed runs below 100,000 rows")
    parser.add_argument("--database-url", help="an empty database of the bench's own")
    parser.add_argument(
        "--keep",
        type=Path,
        help="a folder for the SQLite database, kept afterwards; a later run with the same "
        "folder reuses the sizes built there (a million rows take long to build)",
    )
    args = parser.parse_args()
    var_dir = args.keep or Path(tempfile.mkdtemp(prefix="export-bench-"))
    var_dir.mkdir(parents=True, exist_ok=True)
    configure(var_dir, args.database_url)
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor} ({var_dir if not args.database_url else 'given'})")
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    try:
        for size in args.sizes:
            started = time.perf_counter()
            user = build(size)
            print(f"built {size:,} sentences in {time.perf_counter() - started:.1f} s")
            measure(user, size, args.runs if size < 100_000 else 1, args.formats)
    finally:
        connection.close()
        if not args.keep:
            shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
