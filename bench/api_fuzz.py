"""The OpenAPI schema against the server: schemathesis with every check, on a live gunicorn.

Starts gunicorn on 127.0.0.1 (a free port, its own var dir, the demo newsroom and its seed
articles), on SQLite or on PostgreSQL when DATABASE_URL is set, and runs ``schemathesis run
--checks all`` as the demo editor, bounded in examples per operation and in time. Exits with
schemathesis' status: 0 when it found no 5xx, no schema-valid request rejected, no
schema-violating request accepted and no undocumented status or header.

    .venv/bin/python bench/api_fuzz.py [--examples 25] [--max-time 240]

Rejections that no schema can express (an id outside the caller's newsroom, a member who cannot
be assigned, a review-state rule, a stale ETag) are allowed per operation in
``bench/schemathesis.toml``, each with its reason.
"""

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.api_bench import Server, manage  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=25, help="per operation and phase")
    parser.add_argument("--max-time", type=int, default=240, help="seconds for the whole run")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="api-fuzz-") as var_dir:
        env = dict(os.environ, FACTCHECK_VAR_DIR=var_dir, LOG_LEVEL="ERROR")
        manage(env, "migrate", "--noinput")
        manage(env, "setup_demo")
        token = manage(env, "create_token", "editor").splitlines()[-1]
        server = Server(env)
        try:
            command = [
                str(Path(sys.executable).with_name("schemathesis")),
                "--config-file", str(ROOT / "bench" / "schemathesis.toml"),
                "run", f"{server.url}/api/schema/?format=json",
                "-H", f"Authorization: Token {token}",
                "--checks", "all",
                "--max-examples", str(args.examples),
                "--max-time", str(args.max_time),
                "--seed", str(args.seed),
                "--request-timeout", "10",
                # The export streams a file (not JSON) and the retag endpoint starts jobs.
                "--exclude-path-regex", "retag|export",
            ]  # fmt: skip
            return subprocess.run(command, cwd=ROOT, env=env).returncode
        finally:
            server.stop()


if __name__ == "__main__":
    raise SystemExit(main())
