"""Latency of full-text search over 100,000 sentences, through the selector the API uses.

Builds a database of its own (SQLite in a fresh temporary folder unless ``--database-url``
names another, e.g. an empty PostgreSQL database; ``DATABASE_URL`` in the environment is used
when set): ``--sentences`` sentences in the searching user's newsroom and a fifth as many in
another one, German sentences drawn from a Zipf-like vocabulary, a tenth of them with a
verdict and a rationale. Then it runs a fixed mix of queries (rare and common words, inflected
forms, two-word queries, operators typed as words, with and without filters), each as one
search for the first page of 20, and prints p50, p95 and max per kind and over all.

``--keep DIR`` builds into DIR once and reuses it on later runs (SQLite only).

Usage: ``python bench/search_bench.py [--sentences 100000] [--runs 5] [--database-url URL]``
"""

from __future__ import annotations

import argparse
import os
import random
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
TARGET_P50_MS = 50.0
STEMS = (
    "Verteidigungsminist", "Regierung", "Haushalt", "Ministerium", "Bundeskanzl", "Wahl",
    "Gesetz", "Armee", "Sanktion", "Energie", "Preis", "Inflation", "Bürgermeist", "Schul",
    "Gericht", "Polizei", "Grenz", "Flüchtling", "Klima", "Strom", "Gas", "Krieg", "Vertrag",
    "Bericht", "Studie", "Umfrage", "Behörde", "Sprech", "Partei", "Abgeordnet",
)  # fmt: skip
ENDINGS = ("", "s", "er", "en", "ern", "e", "ung", "ungen", "in", "innen")
FILLER = (
    "der", "die", "das", "und", "nicht", "mit", "am", "im", "laut", "sagte", "erklärte",
    "berichtete", "nach", "vor", "wegen", "seit", "über", "unter", "rund", "mehr", "als",
)  # fmt: skip
QUERIES = {
    "rare word": ["Pjöngjang", "Beloussow", "Rheinbrücke", "Zollstreit"],
    "common word": ["Regierung", "Ministeriums", "Preise", "Krieges", "Bundesregierung"],
    "inflected": ["Verteidigungsministers", "Bürgermeisterin", "Flüchtlingen", "Gerichts"],
    "two words": ["Regierung Haushalt", "Armee Grenze", "Energie Preis", "Wahl Partei"],
    "operators": ['"Krieg" AND (Vertrag*', "NEAR(Gas Strom)", "Klima OR NOT Studie"],
}
RARE = ("Pjöngjang", "Beloussow", "Rheinbrücke", "Zollstreit")


def vocabulary() -> list[str]:
    """About 4,500 content words: prefixes x stems x endings, shuffled into a fixed rank order."""
    prefixes = ("", "Bundes", "Landes", "Stadt", "Kreis", "Staats", "Vize", "Ex", "Ober",
                "Haupt", "Neben", "Sonder", "Rekord", "Schatten", "Nach")  # fmt: skip
    words = [p + (s.lower() if p else s) + e for p in prefixes for s in STEMS for e in ENDINGS]
    random.Random(0).shuffle(words)
    return words


def zipf_weights(n: int) -> list[float]:
    # Ranks start after the function words (FILLER), so the commonest content word is in a
    # few percent of sentences, as "Regierung" is in news, not in most of them.
    return [1.0 / (rank + 50) for rank in range(n)]


def sentence_text(rng: random.Random, index: int, words: list[str], weights: list[float]) -> str:
    count = rng.randint(10, 22)
    content = rng.choices(words, weights=weights, k=count)
    picked = [w if rng.random() < 0.55 else rng.choice(FILLER) for w in content]
    if index % 5000 == 0:
        picked.append(RARE[(index // 5000) % len(RARE)])
    picked.append(f"{index % 997}.")
    return " ".join(picked).capitalize()


def build(total: int, rng: random.Random) -> object:
    """``total`` sentences for the returned user, a fifth as many in another newsroom."""
    from django.contrib.auth import get_user_model
    from django.db import transaction

    from annotations.models import (
        Annotation,
        Article,
        ArticleVersion,
        Membership,
        Newsroom,
        Sentence,
    )

    users = get_user_model().objects
    editor = users.create_user("bench-search-editor")
    words = vocabulary()
    weights = zipf_weights(len(words))
    for slug, count in (("bench-search", total), ("bench-search-other", total // 5)):
        newsroom = Newsroom.objects.create(name=slug, slug=slug)
        if slug == "bench-search":
            Membership.objects.create(user=editor, newsroom=newsroom, role="editor")
        for first in range(0, count, SENTENCES_PER_ARTICLE):
            texts = [
                sentence_text(rng, first + i, words, weights)
                for i in range(min(SENTENCES_PER_ARTICLE, count - first))
            ]
            with transaction.atomic():
                body = "\n".join(texts)
                article = Article.objects.create(
                    newsroom=newsroom,
                    title=f"Bericht {first // SENTENCES_PER_ARTICLE}",
                    language="de",
                    text=body,
                    text_hash=f"{slug}-{first}",
                )
                version = ArticleVersion.objects.create(
                    article=article, number=1, text=body, text_hash=article.text_hash
                )
                article.current_version = version
                article.save(update_fields=["current_version"])
                rows, at = [], 0
                for ordinal, text in enumerate(texts):
                    rows.append(
                        Sentence(
                            article=article,
                            version=version,
                            ordinal=ordinal,
                            paragraph=ordinal,
                            start=at,
                            end=at + len(text),
                            text=text,
                        )
                    )
                    at += len(text) + 1
                Sentence.objects.bulk_create(rows, batch_size=500)
                saved = Sentence.objects.filter(version=version).order_by("ordinal")[::10]
                Annotation.objects.bulk_create(
                    Annotation(
                        sentence=s,
                        verdict="disputed",
                        rationale=f"Die {rng.choice(STEMS)}statistik widerspricht dem.",
                        created_by=editor,
                    )
                    for s in saved
                )
    return editor


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def measure(user: object, runs: int) -> dict[str, list[float]]:
    from annotations.selectors.search import SearchFilters, search

    timings: dict[str, list[float]] = {}
    cases = [(kind, q, None) for kind, queries in QUERIES.items() for q in queries]
    cases += [("filtered", q, SearchFilters(verdict="disputed")) for q in QUERIES["common word"]]
    for kind, query, filters in cases:
        search(user=user, query=query, filters=filters)  # warm the page cache once
        for _ in range(runs):
            began = time.perf_counter()
            found = search(user=user, query=query, filters=filters)
            list(found.hits)
            timings.setdefault(kind, []).append(1000 * (time.perf_counter() - began))
    return timings


def report(timings: dict[str, list[float]], vendor: str, total: int) -> float:
    every = [t for values in timings.values() for t in values]
    print(f"search over {total:,} sentences ({vendor}), first page of 20, ms:")
    print(f"  {'kind':<12} {'p50':>8} {'p95':>8} {'max':>8}")
    for kind, values in timings.items():
        print(
            f"  {kind:<12} {statistics.median(values):8.1f} {percentile(values, 0.95):8.1f} "
            f"{max(values):8.1f}"
        )
    p50 = statistics.median(every)
    print(f"  {'all':<12} {p50:8.1f} {percentile(every, 0.95):8.1f} {max(every):8.1f}")
    verdict = "met" if p50 <= TARGET_P50_MS else "NOT met"
    print(f"  target p50 <= {TARGET_P50_MS:.0f} ms: {verdict}")
    return p50


def main(argv: list[str] | None = None) -> float:
    """Build (or reuse) the corpus, time the queries, print the table; returns p50 in ms."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--keep", type=Path, help="build into this folder once, then reuse it")
    parser.add_argument("--seed", type=int, default=14)
    args = parser.parse_args(argv)

    var_dir = args.keep or Path(tempfile.mkdtemp(prefix="search-bench-"))
    var_dir.mkdir(parents=True, exist_ok=True)
    try:
        configure(var_dir, args.database_url)
        from django.contrib.auth import get_user_model
        from django.core.management import call_command
        from django.db import connection

        call_command("migrate", verbosity=0, interactive=False)
        user = get_user_model().objects.filter(username="bench-search-editor").first()
        if user is None:
            began = time.perf_counter()
            user = build(args.sentences, random.Random(args.seed))
            print(f"built {args.sentences:,} (+{args.sentences // 5:,}) sentences "
                  f"in {time.perf_counter() - began:.0f} s")  # fmt: skip
        if connection.vendor == "sqlite":
            with connection.cursor() as cursor:
                cursor.execute(
                    "INSERT INTO annotations_search(annotations_search) VALUES ('optimize')"
                )
        else:
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")  # GIN pending lists merged, as autovacuum does
        return report(measure(user, args.runs), connection.vendor, args.sentences)
    finally:
        if args.keep is None:
            shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
