"""Server time of one page of 100 pre-tagged sentences (``GET /api/articles/<id>/sentences/``).

Starts ``manage.py serve`` on a fresh var dir and a free loopback port, imports a 2,000-sentence
German article and waits for its pre-tag job, stops the server, then calls the web application
in this process (no HTTP, no other process sharing the cores) for every page of the article in
turn, with an editor's token. Prints the CPU time per page: the median of ``--runs`` passes of
``--pages`` requests each, and the fastest pass.

    .venv/bin/python bench/sentence_page_bench.py [--runs 5] [--pages 400]
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.embedded_serve import embedded_serve  # noqa: E402
from bench.save_under_pretag import Desk  # noqa: E402

SENTENCES = 2000
PAGE = 100


def prepare(var_dir: str) -> tuple[int, str]:
    """A tagged article in ``var_dir``'s database: its id and an editor's token."""
    with embedded_serve(var_dir) as served:
        desk = Desk(served.url, served.token)
        article, job = desk.import_article(SENTENCES, seed=7)
        desk.wait_for_job(job)
        return article, served.token


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pages", type=int, default=400, help="requests per pass")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="sentence-page-") as var_dir:
        article, token = prepare(var_dir)
        for name in ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL"):
            os.environ.pop(name, None)
        os.environ["FACTCHECK_VAR_DIR"] = var_dir
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
        from factcheck.wsgi import application

        statuses: set[str] = set()

        def start_response(status: str, headers: list, exc_info: object = None) -> None:
            statuses.add(status)

        def get(page: int) -> int:
            environ = {
                "REQUEST_METHOD": "GET",
                "PATH_INFO": f"/api/articles/{article}/sentences/",
                "QUERY_STRING": f"page={page}&page_size={PAGE}",
                "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8000", "HTTP_HOST": "127.0.0.1:8000",
                "HTTP_AUTHORIZATION": f"Token {token}", "SERVER_PROTOCOL": "HTTP/1.1",
                "wsgi.input": io.BytesIO(b""), "wsgi.url_scheme": "http",
                "wsgi.errors": sys.stderr,
            }  # fmt: skip
            response = application(environ, start_response)
            size = sum(len(chunk) for chunk in response)
            response.close()  # type: ignore[attr-defined]
            return size

        pages = SENTENCES // PAGE
        size = sum(get(1 + k % pages) for k in range(pages)) // pages  # warm up
        passes = []
        for _ in range(args.runs):
            started = time.process_time()
            for k in range(args.pages):
                get(1 + k % pages)
            passes.append(1000 * (time.process_time() - started) / args.pages)
        if statuses != {"200 OK"}:
            raise SystemExit(f"unexpected answers: {sorted(statuses)}")
    print(
        f"page of {PAGE} pre-tagged sentences ({size:,} bytes): CPU per page "
        f"median {statistics.median(passes):.2f} ms, fastest {min(passes):.2f} ms "
        f"({args.runs} passes of {args.pages})"
    )


if __name__ == "__main__":
    main()
