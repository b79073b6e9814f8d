"""Guarded fetches per second against a local server, and whole link checks (fetch, read the
page, match an excerpt) per second, one worker thread and four.

The server (tests/fetch_servers, threads on 127.0.0.1) runs in a process of its own, so it does
not share the fetcher's interpreter lock; its port is allowed through FACTCHECK_LINKCHECK_ALLOW.
Every figure is the median of ``--runs`` runs of ``--fetches`` requests each, on a 17 KB article
page. Each fetch opens a new connection, as every link check does.

Usage: ``python bench/fetch_bench.py [--fetches 300] [--runs 3]``
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
if str(PROJECT_ROOT) not in sys.path:
    sys.path.insert(0, str(PROJECT_ROOT))

PARAGRAPH = (
    "Die Bundesregierung hat am Montag neue Zahlen zur Energieversorgung vorgelegt. Demnach ist "
    "der Anteil erneuerbarer Energien am Stromverbrauch im ersten Halbjahr auf 57 Prozent "
    "gestiegen, sagte ein Sprecher in Berlin. "
)
ARTICLE = (
    "<!doctype html><html><head><meta charset='utf-8'><title>Neue Zahlen</title>"
    "<meta property='og:site_name' content='Bench News'></head><body><article>"
    + "".join(f"<p>{n}. {PARAGRAPH * 3}</p>" for n in range(25))
    + "</article></body></html>"
).encode()
EXCERPT = "der Anteil erneuerbarer Energien am Stromverbrauch ist auf 57 Prozent gestiegen"


def _serve(pipe) -> None:  # type: ignore[no-untyped-def]
    from tests.fetch_servers import page, serving

    with serving({"/article": page(ARTICLE)}) as server:
        pipe.send(server.port)
        pipe.recv()  # until the bench is done


def _rate(task: Callable[[], object], fetches: int, threads: int) -> float:
    started = time.perf_counter()
    if threads == 1:
        for _ in range(fetches):
            task()
    else:
        with ThreadPoolExecutor(threads) as pool:
            list(pool.map(lambda _: task(), range(fetches)))
    return fetches / (time.perf_counter() - started)


def main(argv: list[str] | None = None) -> dict[str, float]:
    """Print and return the medians (per second) by measurement."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fetches", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)

    ours, theirs = multiprocessing.Pipe()
    server = multiprocessing.Process(target=_serve, args=(theirs,), daemon=True)
    server.start()
    try:
        port = ours.recv()
        os.environ["FACTCHECK_LINKCHECK_ALLOW"] = f"127.0.0.1:{port}"
        os.environ.setdefault("FACTCHECK_VAR_DIR", tempfile.mkdtemp(prefix="fetch-bench-"))
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
        import django

        django.setup()
        from django.conf import settings

        from annotations.services.fetcher import FetchStatus, fetch
        from annotations.services.page_reading import excerpt_match, read_page

        settings.FACTCHECK_LINKCHECK_ALLOW = [f"127.0.0.1:{port}"]
        url = f"http://127.0.0.1:{port}/article"

        def fetch_once() -> object:
            result = fetch(url)
            assert result.status == FetchStatus.OK, result.error
            return result

        def link_check() -> object:
            facts = read_page(fetch_once())  # type: ignore[arg-type]
            return excerpt_match(EXCERPT, facts.text)

        figures: dict[str, float] = {}
        for name, task in (("fetches", fetch_once), ("link checks", link_check)):
            for threads in (1, 4):
                task()  # warm up (imports, the first connection)
                runs = [_rate(task, args.fetches, threads) for _ in range(args.runs)]
                key = f"{name}/s, {threads} thread{'s' if threads > 1 else ''}"
                figures[key] = statistics.median(runs)
                spread = ", ".join(f"{r:.0f}" for r in runs)
                print(f"{key:<26}{figures[key]:>8.0f}   (runs: {spread})")
        return figures
    finally:
        ours.send("stop")
        server.join(timeout=10)
        if server.is_alive():
            server.terminate()


if __name__ == "__main__":
    main()
