"""How long a verdict save takes with and without its link checks queued.

In-process, on a database of the bench's own (SQLite in a temporary folder, or an empty
PostgreSQL database named by ``--database-url``) and the filesystem broker: each save is its own
transaction, so queueing costs what it costs in a request: the job row, and sending its id to the
broker once the save commits. Every save edits a verdict with five evidence links and changes
the URL of one of them, so each save has one link to check. "without" replaces the queueing by
nothing and is otherwise the same save; "rationale only" changes no URL at all (nothing to
queue). Back to back, the dispatcher thread's work (sending to the broker, then marking the
job) overlaps the next saves on the same cores; "paced" leaves ``--pause`` seconds between saves,
as an editor does, and times only the saves. Figures: median over ``--runs`` runs of the mean
milliseconds per save in ``--saves`` saves; after each, the bench waits until every queued job
was sent, so no condition pays for the one before.

Usage: ``python bench/linkcheck_bench.py [--saves 200] [--runs 5] [--database-url URL]``
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

LINKS = 5


def build():  # type: ignore[no-untyped-def]
    from django.contrib.auth import get_user_model

    from annotations.models import Membership, Newsroom
    from annotations.services.articles import import_article

    tag = time.time_ns()  # a database used before keeps its rows; these do not collide
    newsroom = Newsroom.objects.create(name=f"Bench {tag}", slug=f"bench-links-{tag}")
    editor = get_user_model().objects.create_user(f"bench-link-editor-{tag}")
    Membership.objects.create(user=editor, newsroom=newsroom, role="editor")
    text = "\n\n".join(f"Satz {n} sagt, dass am {n}. Mai 3{n} Menschen kamen." for n in range(50))
    article, _job = import_article(
        newsroom=newsroom, title="Bench", text=text, language="de", imported_by=editor
    )
    return article, editor


def saves_per_run(sentence, editor, saves: int, *, change_url: bool, pause: float = 0.0) -> float:  # type: ignore[no-untyped-def]
    """Mean milliseconds per save (each one its own transaction)."""
    from django.db import transaction

    from annotations.services.verdicts import EvidenceInput, current_version, set_verdict

    sentence.refresh_from_db()
    version = current_version(sentence)
    spent = 0.0
    for n in range(saves):
        if pause:
            time.sleep(pause)  # an editor's pace: what the save left to do in the background ends
        started = time.perf_counter()
        urls = [f"https://example.org/{sentence.pk}/{i}" for i in range(LINKS)]
        if change_url:
            urls[n % LINKS] = f"https://example.org/{sentence.pk}/changed/{n}"
        with transaction.atomic():
            annotation = set_verdict(
                sentence=sentence,
                editor=editor,
                verdict="verified",
                rationale=f"Save {n}",
                evidence=[EvidenceInput(url=u) for u in urls],
                expected_version=version,
            )
        spent += time.perf_counter() - started
        version = annotation.version
        sentence.annotation = annotation
    return spent * 1000 / saves


def settle(timeout: float = 60.0) -> None:
    """Wait until every queued job was sent, so the dispatcher's backlog from one condition
    does not run during the next one's saves."""
    from annotations.models import Job

    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if not Job.objects.filter(state="queued", dispatched_at=None).exists():
            return
        time.sleep(0.05)


def main(argv: list[str] | None = None) -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=200)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--database-url", help="an empty database of the bench's own")
    parser.add_argument("--pause", type=float, default=0.05, help="seconds between paced saves")
    args = parser.parse_args(argv)
    var_dir = Path(tempfile.mkdtemp(prefix="linkcheck-bench-"))
    configure(var_dir, args.database_url)
    import logging

    from django.core.management import call_command
    from django.db import connection

    from annotations.services import verdicts

    logging.disable(logging.WARNING)
    call_command("migrate", verbosity=0)
    try:
        article, editor = build()
        sentences = list(article.sentences.order_by("ordinal")[:3])
        real_queue = verdicts.queue_link_checks

        def no_queue(**kwargs: object) -> None:
            return None

        conditions = [  # (name, sentence, queueing, URL changed, pause between saves)
            ("queued", sentences[0], real_queue, True, 0.0),
            ("without", sentences[1], no_queue, True, 0.0),
            ("rationale only", sentences[2], real_queue, False, 0.0),
            ("queued, paced", sentences[0], real_queue, True, args.pause),
            ("without, paced", sentences[1], no_queue, True, args.pause),
        ]
        results: dict[str, list[float]] = {name: [] for name, *_ in conditions}
        for _ in range(args.runs):  # interleaved, so drift of the machine hits all alike
            for name, sentence, queueing, change_url, pause in conditions:
                verdicts.queue_link_checks = queueing
                results[name].append(
                    saves_per_run(sentence, editor, args.saves, change_url=change_url, pause=pause)
                )
                settle()
        verdicts.queue_link_checks = real_queue
        medians = {name: statistics.median(values) for name, values in results.items()}
        print(
            f"database: {connection.vendor}; {args.saves} saves x {args.runs} runs, "
            f"{LINKS} evidence links per verdict"
        )
        for name, value in medians.items():
            spread = ", ".join(f"{v:.2f}" for v in results[name])
            print(f"  {name:15s} {value:6.2f} ms per save  (runs: {spread})")
        return medians
    finally:
        connection.close()
        shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
