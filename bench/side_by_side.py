"""The shared annotation workload against the workbench, embedded or in production topology.

Each run starts ``manage.py serve`` (what ``make run`` runs) on a fresh var dir and a free
loopback port, makes a token for the demo editor, runs the shared driver (``anchor_bench.py``,
which is not part of this project: pass its path) with ``bench/anchor_adapter.py``, and stops
the server. ``--topology production`` starts ``scripts/production.py`` instead (gunicorn, two
Celery worker processes and beat on PostgreSQL and Redis), each run on a new database
(``workbench_side_by_side``, dropped first) and an emptied Redis database (``--redis-db`` and
the next one, the cache's), and measures every process of it.

    .venv/bin/python bench/side_by_side.py --driver PATH/anchor_bench.py --runs 3 \\
        --out results/workbench-embedded.jsonl
    .venv/bin/python bench/side_by_side.py --driver PATH/anchor_bench.py --runs 3 \\
        --topology production --out results/workbench-production.jsonl

The driver needs ``requests`` and ``psutil`` (both in requirements-dev.txt). Compare with
``anchor_bench.py summarize --markdown labelstudio.jsonl results/workbench-embedded.jsonl``.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.embedded_serve import editor_token, embedded_serve, free_port  # noqa: E402


def one_run(driver: Path, run: int, out: Path, extra: list[str]) -> None:
    with (
        tempfile.TemporaryDirectory(prefix="side-by-side-") as var_dir,
        embedded_serve(var_dir) as served,
    ):
        time.sleep(5)  # let start-up work (the seed's pre-tag job) settle before idle memory
        subprocess.run(
            [sys.executable, str(driver), "run",
             "--adapter-file", str(ROOT / "bench" / "anchor_adapter.py"),
             "--tool", "workbench", "--base-url", served.url, "--token", served.token,
             "--pid", f"server={served.process.pid}", "--first-run", str(run),
             "--meta", "variant=embedded", "--out", str(out), *extra],
            cwd=driver.parent, check=True,
        )  # fmt: skip


PRODUCTION_DATABASE = "workbench_side_by_side"


def production_run(driver: Path, run: int, out: Path, extra: list[str], redis_db: int) -> None:
    import psycopg
    import redis

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as pg:
        pg.execute(f'DROP DATABASE IF EXISTS "{PRODUCTION_DATABASE}" WITH (FORCE)')
    for db in (redis_db, redis_db + 1):
        redis.Redis.from_url(f"redis://127.0.0.1:6379/{db}").flushdb()
    with tempfile.TemporaryDirectory(prefix="side-by-side-production-") as var_dir:
        port = free_port()
        env = {
            **os.environ,
            "FACTCHECK_VAR_DIR": var_dir,
            "PORT": str(port),
            "DATABASE_URL": f"postgres://postgres@127.0.0.1:5432/{PRODUCTION_DATABASE}",
            "REDIS_URL": f"redis://127.0.0.1:6379/{redis_db}",
            "LOG_LEVEL": "WARNING",
        }
        script = [sys.executable, str(ROOT / "scripts" / "production.py")]
        subprocess.run([*script, "start"], cwd=ROOT, env=env, check=True, capture_output=True)
        try:
            time.sleep(5)  # let start-up work (the seed's pre-tag job) settle before idle memory
            run_env = {**env, **_env_file(Path(var_dir) / "production.env")}
            token = editor_token(run_env)
            pids = [
                f"--pid={path.stem}={path.read_text().strip()}"
                for path in sorted((Path(var_dir) / "run").glob("*.pid"))
            ]
            subprocess.run(
                [sys.executable, str(driver), "run",
                 "--adapter-file", str(ROOT / "bench" / "anchor_adapter.py"),
                 "--tool", "workbench", "--base-url", f"http://127.0.0.1:{port}",
                 "--token", token, *pids, "--first-run", str(run),
                 "--meta", "variant=production", "--out", str(out), *extra],
                cwd=driver.parent, check=True,
            )  # fmt: skip
        finally:
            subprocess.run([*script, "stop"], cwd=ROOT, env=env, capture_output=True)


def _env_file(path: Path) -> dict[str, str]:
    import shlex

    pairs = (line.split("=", 1) for line in path.read_text().splitlines() if "=" in line)
    return {key: shlex.split(value)[0] if value else "" for key, value in pairs}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--driver", type=Path, required=True, help="path of anchor_bench.py")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--out", type=Path, default=Path("results/workbench-embedded.jsonl"))
    parser.add_argument("--topology", choices=("embedded", "production"), default="embedded")
    parser.add_argument("--redis-db", type=int, default=13, help="production: broker's database")
    parser.add_argument("extra", nargs="*", help="more driver arguments, after --")
    args = parser.parse_args()
    args.out = args.out.resolve()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    for run in range(1, args.runs + 1):
        if args.topology == "production":
            production_run(args.driver.resolve(), run, args.out, args.extra, args.redis_db)
        else:
            one_run(args.driver.resolve(), run, args.out, args.extra)
    subprocess.run([sys.executable, str(args.driver), "summarize", "--markdown", str(args.out)])


if __name__ == "__main__":
    main()
