"""How long the editor pages take to render on a 2,000-sentence article (median of N runs).

Runs in-process with Django's test client on a throw-away SQLite database (or on PostgreSQL when
DATABASE_URL is set), with every sentence pre-tagged (spans in each) and a verdict on every fifth
sentence, and prints the median time and the HTML size of the workspace, its text fragment, the
home page and the review queue.

    .venv/bin/python bench/web_pages.py [--sentences 2000] [--runs 7]
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("FACTCHECK_VAR_DIR", tempfile.mkdtemp(prefix="web-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    os.environ.setdefault("CELERY_BROKER_URL", "memory://")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def tag_as_claims(rows: list) -> None:
    """Give every sentence of ``rows`` a claim pre-tag with four spans, as a tagged article has."""
    from annotations.models import Sentence, SentenceTag

    tags = SentenceTag.objects.bulk_create(
        [
            SentenceTag(
                sentence=s,
                tagger_version="bench",
                checkworthiness=0.8,
                claim=True,
                reasons=["number", "attribution"],
                spans=[
                    {"start": s.start + 3, "end": s.start + 15, "kind": "date"},
                    {"start": s.start + 22, "end": s.start + 32, "kind": "person"},
                    {"start": s.start + 47, "end": s.start + 52, "kind": "number"},
                    {"start": s.start + 71, "end": s.start + 79, "kind": "quote"},
                ],
            )
            for s in rows
        ]
    )
    for sentence, tag in zip(rows, tags, strict=True):
        sentence.pretag = tag
    Sentence.objects.bulk_update(rows, ["pretag"], batch_size=500)


def build(sentences: int):
    from annotations.models import Role, Sentence
    from annotations.services.articles import import_article
    from annotations.services.verdicts import set_verdict
    from tests.factories import NewsroomFactory, member

    newsroom = NewsroomFactory(name="Bench desk", slug="bench-desk")
    editor = member(newsroom, Role.EDITOR, "bench-editor")
    paragraph = "Am 29. November sagte Kim Jong Un in Pjöngjang, 1.500 Soldaten seien «bereit»."
    text = "\n\n".join(paragraph for _ in range(sentences))
    article, _job = import_article(newsroom=newsroom, title="Bench", text=text, language="de")
    rows = list(Sentence.objects.filter(article=article).order_by("ordinal"))
    tag_as_claims(rows)
    for sentence in rows[::5]:
        set_verdict(sentence=sentence, editor=editor, verdict="verified", expected_version=0)
    return article, editor


def measure(client, url: str, runs: int) -> tuple[float, int]:
    timings, size = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
        size = len(response.content)
    return statistics.median(timings), size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    setup_django()
    from django.test import Client

    article, editor = build(args.sentences)
    client = Client(SERVER_NAME="localhost")
    client.force_login(editor)
    print(f"{args.sentences} sentences, median of {args.runs} runs")
    for name, url in [
        ("workspace", f"/articles/{article.pk}/"),
        ("text fragment", f"/articles/{article.pk}/body/"),
        ("home", "/"),
        ("review queue (50 rows)", "/queue/"),
    ]:
        seconds, size = measure(client, url, args.runs)
        print(f"{name:24} {seconds * 1000:8.1f} ms  {size / 1024:8.1f} KiB")


if __name__ == "__main__":
    main()
