"""The workspace of a long article: time, HTML size, queries and Python memory per page.

Builds, in a throw-away SQLite database (or PostgreSQL when DATABASE_URL is set), articles of
2,000 and 5,000 sentences, every sentence pre-tagged with four spans, a verdict on every fifth
(some submitted, some approved) and a finished pre-tag job with warnings; then requests the
first page of the workspace, a page in the middle (``?at=``), the last page and the text
fragment, and prints for each the median time of ``--runs``, the HTML size, the number of
queries and the peak of Python memory allocated while answering (tracemalloc, a run of its own).
Targets (issue 18): under 2 s and under 5 MB for 5,000 sentences, memory bounded by the page.

    .venv/bin/python bench/workspace_page_bench.py [--sizes 2000 5000] [--runs 5]
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PARAGRAPH = "Am 29. November sagte Kim Jong Un in Pjöngjang, 1.500 Soldaten seien «bereit»."


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("FACTCHECK_VAR_DIR", tempfile.mkdtemp(prefix="workspace-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    os.environ.setdefault("CELERY_BROKER_URL", "memory://")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def build(sentences: int):
    """An article of ``sentences`` pre-tagged sentences with verdicts, review states and a
    finished job that warned on every hundredth sentence."""
    from annotations.models import Job, JobState, Role, Sentence
    from annotations.services.articles import import_article
    from annotations.services.review import approve, submit
    from annotations.services.verdicts import set_verdict
    from bench.web_pages import tag_as_claims
    from tests.factories import NewsroomFactory, member

    newsroom = NewsroomFactory(name=f"Bench desk {sentences}", slug=f"bench-desk-{sentences}")
    editor = member(newsroom, Role.EDITOR, f"bench-editor-{sentences}")
    reviewer = member(newsroom, Role.REVIEWER, f"bench-reviewer-{sentences}")
    text = "\n\n".join(PARAGRAPH for _ in range(sentences))
    article, job = import_article(newsroom=newsroom, title="Bench", text=text, language="de")
    rows = list(Sentence.objects.filter(article=article).order_by("ordinal"))
    tag_as_claims(rows)
    for index, sentence in enumerate(rows[::5]):
        set_verdict(sentence=sentence, editor=editor, verdict="verified", expected_version=0)
        if index % 3:
            submit(sentence=sentence, editor=editor)
        if index % 3 == 2:
            approve(sentence=sentence, reviewer=reviewer)
    warnings = [{"ordinal": s.ordinal, "warning": "dates: KeyError"} for s in rows[::100]]
    Job.objects.filter(pk=job.pk).update(
        state=JobState.DONE,
        progress=1.0,
        result={"warnings": warnings[:100], "warnings_total": len(warnings)},
    )
    return article, editor


def measure(client, url: str, runs: int) -> dict[str, float]:
    from django.db import connection

    timings, size = [], 0
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
        size = len(response.content)
    # Counted by a wrapper: the query log needs DEBUG, and each request empties it.
    queries = []
    with connection.execute_wrapper(lambda execute, *a: queries.append(1) or execute(*a)):
        client.get(url)
    tracemalloc.start()
    client.get(url)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "seconds": statistics.median(timings),
        "bytes": size,
        "queries": len(queries),
        "peak": peak,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 5000])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    setup_django()
    from django.test import Client

    print(f"median of {args.runs} runs; peak = Python memory allocated while answering")
    print(f"{'sentences':>9}  {'page':24} {'ms':>8} {'KiB':>8} {'queries':>7} {'peak MiB':>8}")
    for sentences in args.sizes:
        article, editor = build(sentences)
        client = Client(SERVER_NAME="localhost")
        client.force_login(editor)
        for name, url in [
            ("workspace, first page", f"/articles/{article.pk}/"),
            ("workspace, ?at= middle", f"/articles/{article.pk}/?at={sentences // 2}"),
            ("workspace, last page", f"/articles/{article.pk}/?at={sentences}"),
            ("text fragment, page 1", f"/articles/{article.pk}/body/"),
        ]:
            m = measure(client, url, args.runs)
            print(
                f"{sentences:>9}  {name:24} {m['seconds'] * 1000:8.1f} {m['bytes'] / 1024:8.1f}"
                f" {m['queries']:>7} {m['peak'] / 2**20:8.1f}"
            )


if __name__ == "__main__":
    main()
