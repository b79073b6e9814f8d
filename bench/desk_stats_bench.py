"""How long the desk's statistics take as a newsroom's decided sentences grow.

Builds pre-tagged, annotated sentences in a database of its own (every sentence flagged, with a
quote's speaker, an attribution's source and a date, and a verdict; every tenth source is
corrected), then times ``get_desk_stats`` (the whole statistics page) and its two parts
that read row by row: the readiness blockers of every article and the pre-tag statistics with
the acceptance of speakers and dates. Prints the median of ``--runs`` passes per size.

Usage: ``python bench/desk_stats_bench.py [--sizes 10000 50000] [--runs 5] [--database-url URL]``
"""

from __future__ import annotations

import argparse
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

PER_ARTICLE = 200


def sentence_text(index: int) -> str:
    return f"«Der Wert stieg um {index % 97} Prozent», sagte die Behörde am 3. Mai 2024."


def build(size: int) -> object:
    """``size`` sentences in articles of PER_ARTICLE, each pre-tagged (a quote's speaker, an
    attribution's source, a date) and given a verdict, half of them approved and half of them
    with their attribution checked."""
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from annotations.models import (
        Annotation,
        Article,
        ArticleVersion,
        AttributionCheck,
        Membership,
        Newsroom,
        Sentence,
        SentenceTag,
    )  # fmt: skip

    editor = get_user_model().objects.create_user(f"bench-editor-{size}")
    newsroom = Newsroom.objects.create(name=f"Bench {size}", slug=f"bench-{size}")
    Membership.objects.create(user=editor, newsroom=newsroom, role="editor")
    with transaction.atomic():
        for first in range(0, size, PER_ARTICLE):
            texts = [sentence_text(first + i) for i in range(min(PER_ARTICLE, size - first))]
            body = " ".join(texts)
            article = Article.objects.create(
                newsroom=newsroom, title=f"A{first}", language="de", text=body,
                text_hash=str(first),
            )  # fmt: skip
            version = ArticleVersion.objects.create(
                article=article, number=1, text=body, text_hash=str(first)
            )
            article.current_version = version
            article.save(update_fields=["current_version"])
            offset, sentences = 0, []
            for ordinal, text in enumerate(texts):
                sentences.append(
                    Sentence(
                        article=article,
                        version=version,
                        ordinal=ordinal,
                        paragraph=ordinal,
                        start=offset,
                        end=offset + len(text),
                        text=text,
                    )  # fmt: skip
                )
                offset += len(text) + 1
            sentences = Sentence.objects.bulk_create(sentences)
            tags = SentenceTag.objects.bulk_create(
                [
                    SentenceTag(
                        sentence=s, tagger_version="bench", checkworthiness=0.9, claim=True,
                        spans=[
                            {"start": s.start, "end": s.start + 34, "kind": "quote",
                             "payload": {"speaker": "Behörde"}},
                            {"start": s.start + 36, "end": s.start + 41, "kind": "attribution",
                             "payload": {"source": "Behörde"}},
                            {"start": s.start + 54, "end": s.start + 68, "kind": "date",
                             "payload": {"iso": "2024-05-03"}},
                        ],
                    )
                    for s in sentences
                ]
            )  # fmt: skip
            for sentence, tag in zip(sentences, tags, strict=True):
                sentence.pretag = tag
            Sentence.objects.bulk_update(sentences, ["pretag"])
            annotations = Annotation.objects.bulk_create(
                [
                    Annotation(
                        sentence=s, verdict="unverified", created_by=editor, updated_by=editor,
                        review_state="approved" if i % 2 else "draft",
                    )
                    for i, s in enumerate(sentences)
                ]
            )  # fmt: skip
            AttributionCheck.objects.bulk_create(
                [
                    AttributionCheck(annotation=a, result="confirmed", source="Behörde")
                    for a in annotations[::2]
                ]
            )
    return editor


def correct_some(user: object) -> int:
    """Every tenth sentence's pre-tagged source corrected, as the panel would record it."""
    from django.utils import timezone

    from annotations.models import PretagCorrection, Sentence

    rows = []
    for index, sentence in enumerate(
        Sentence.objects.filter(article__newsroom__memberships__user=user).select_related("pretag")
    ):
        if index % 10 or sentence.pretag is None:
            continue
        span = sentence.pretag.spans[1]
        rows.append(
            PretagCorrection(
                sentence=sentence,
                tag=sentence.pretag,
                tagger_version="bench",
                kind="attribution",
                start=span["start"],
                field="source",
                pretag_value="Behörde",
                value="Statistikamt",
                by=user,
                at=timezone.now(),
            )  # fmt: skip
        )
    PretagCorrection.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


def median_seconds(call: object, runs: int) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        call()  # type: ignore[operator]
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def measure(user: object, size: int, runs: int) -> None:
    from annotations.models import Membership
    from annotations.selectors.desk_stats import get_desk_stats
    from annotations.selectors.pretag_stats import list_pretag_stats
    from annotations.selectors.readiness import list_article_blockers

    newsroom_id = Membership.objects.filter(user=user).values_list("newsroom_id", flat=True)[0]
    parts = (
        ("get_desk_stats (page)", lambda: get_desk_stats(newsroom_id=newsroom_id)),
        ("list_article_blockers", lambda: list_article_blockers(newsroom_id=newsroom_id)),
        ("list_pretag_stats", lambda: list_pretag_stats(newsroom_id=newsroom_id)),
    )
    print(f"\n{size:,} decided sentences (median of {runs})")
    for name, call in parts:
        print(f"{name:<24}{median_seconds(call, runs) * 1000:>10.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 50_000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database-url", help="an empty database of the bench's own")
    args = parser.parse_args()
    var_dir = Path(tempfile.mkdtemp(prefix="desk-stats-bench-"))
    configure(var_dir, args.database_url)
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor}")
    try:
        for size in args.sizes:
            user = build(size)
            print(f"built {size:,} sentences; {correct_some(user):,} sources corrected")
            measure(user, size, args.runs)
    finally:
        if not args.database_url:
            shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
