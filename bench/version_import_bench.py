"""Re-importing a corrected article: re-anchoring time, whole-import time and query count.

Builds, in a database of its own (SQLite in a fresh temporary folder unless ``--database-url``
names an empty one), an article of N sentences with V verdicts (every N/V-th sentence), then
imports a corrected version in which 5 % of the sentences are edited: reworded (a number and a
word changed), deleted, or preceded by a new sentence, spread evenly over the text. It prints:

- the time of the pure re-anchoring (``pretag.anchoring.reanchor``, median of ``--runs``);
- the time of the whole ``import_version`` (segmenting, storing the version and its sentences,
  moving the verdicts, their revisions, the job), and its number of database queries;
- the anchoring counts, so a reader sees the edits were found.

The query count is printed for each size; equal counts show it does not grow with sentences.
Target (issue 12): re-anchoring 2,000 sentences with 500 verdicts and 5 % edits in at most 1 s.

Usage: ``python bench/version_import_bench.py [--sizes 500 2000] [--verdicts 500] [--runs 5]``
"""

from __future__ import annotations

import argparse
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

EDITED_SHARE = 0.05
ONSETS = ("b", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "w", "z", "sch", "st")
VOWELS = ("a", "e", "i", "o", "u", "ä", "ö", "ü", "ei", "au")
CODAS = ("", "n", "r", "s", "t", "ch", "ng", "ll", "rt", "nd")
WORDS = ("Behörde", "Ministerium", "Stadt", "Polizei", "Regierung", "Kommission", "Gericht")


def sentence(index: int) -> str:
    """A sentence of its own words (seeded by ``index``), so two sentences are as unlike as in
    a real article and a fuzzy match means an edit, not a look-alike template."""
    rng = random.Random(index)
    words = [
        "".join(rng.choice(ONSETS) + rng.choice(VOWELS) + rng.choice(CODAS) for _ in range(n))
        for n in (rng.randint(1, 3) for _ in range(11))
    ]
    who = WORDS[index % len(WORDS)]
    return f"Laut {who} {' '.join(words)} um {index % 97} Prozent."


def texts(size: int) -> tuple[str, str]:
    """Version 1 and its correction: one sentence in 20 edited, one of three ways in turn."""
    old = [sentence(i) for i in range(size)]
    new: list[str] = []
    step = round(1 / EDITED_SHARE)
    for i, text in enumerate(old):
        block = i // step
        kind = block % 3
        # One sentence per block of 20, at a place that wanders, so edits hit judged sentences
        # and plain ones alike.
        if i % step != (block * 7) % step:
            new.append(text)
        elif kind == 0:
            new.append(text.replace(f"um {i % 97} Prozent", f"um {i % 97 + 3} Prozent, hieß es"))
        elif kind == 1:
            continue  # deleted
        else:
            new.append(f"Neu eingefügt: Im Bezirk {i} wurde am Montag ein weiterer Fall gemeldet.")
            new.append(text)
    return paragraphs(old), paragraphs(new)


def paragraphs(items: list[str]) -> str:
    """Ten sentences to a paragraph, as in a long report."""
    return "\n\n".join(" ".join(items[p : p + 10]) for p in range(0, len(items), 10))


def build(size: int, verdicts: int):
    from django.contrib.auth import get_user_model

    from annotations.models import Membership, Newsroom, Sentence
    from annotations.services.articles import import_article
    from annotations.services.verdicts import set_verdict

    newsroom = Newsroom.objects.create(name=f"Bench {size}", slug=f"bench-{size}")
    editor = get_user_model().objects.create_user(f"bench-editor-{size}")
    Membership.objects.create(user=editor, newsroom=newsroom, role="editor")
    old_text, new_text = texts(size)
    article, _job = import_article(
        newsroom=newsroom, title="Bench", text=old_text, language="de", imported_by=editor
    )
    every = max(size // verdicts, 1)
    for s in Sentence.objects.filter(article=article).order_by("ordinal")[::every][:verdicts]:
        set_verdict(sentence=s, editor=editor, verdict="verified", expected_version=0)
    return article, editor, new_text


def anchoring_time(article, new_text: str, runs: int) -> float:
    """Median seconds of the pure re-anchoring of the article's verdicts into ``new_text``."""
    from annotations.models import Sentence
    from annotations.pretag.anchoring import NewSentence, OldSentence, reanchor
    from annotations.pretag.pipeline import segment_text

    old = [
        OldSentence(pk, text, start, end)
        for pk, text, start, end in Sentence.objects.filter(
            version_id=article.current_version_id, annotation__isnull=False
        ).values_list("pk", "text", "start", "end")
    ]
    segments = segment_text(new_text, article.language)
    new = [
        NewSentence(i, new_text[s.start : s.end], s.start, s.end) for i, s in enumerate(segments)
    ]
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        reanchor(article.text, old, new_text, new)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def measure(size: int, verdicts: int, runs: int) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from annotations.models import Article, Sentence
    from annotations.services.versions import import_version

    article, editor, new_text = build(size, verdicts)
    pure = anchoring_time(article, new_text, runs)
    article = Article.objects.get(pk=article.pk)
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        result = import_version(article=article, text=new_text, imported_by=editor)
        whole = time.perf_counter() - started
    n = Sentence.objects.filter(version=result.version).count()
    print(
        f"{size:>6,} sentences, {verdicts} verdicts -> {n:,} sentences: re-anchoring "
        f"{pure * 1000:7.1f} ms (median of {runs}), whole import {whole * 1000:7.1f} ms, "
        f"{len(queries)} queries; anchoring {result.anchoring}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000])
    parser.add_argument("--verdicts", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database-url", help="an empty database of the bench's own")
    args = parser.parse_args()
    var_dir = Path(tempfile.mkdtemp(prefix="version-bench-"))
    configure(var_dir, args.database_url)
    import logging

    from django.core.management import call_command
    from django.db import connection

    logging.disable(logging.INFO)
    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor}; {EDITED_SHARE:.0%} of the sentences edited")
    try:
        for size in args.sizes:
            measure(size, min(args.verdicts, size), args.runs)
    finally:
        connection.close()
        shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
