"""``schemathesis run --checks all`` against the live test server, as a desk editor.

Beside ``test_schema.py`` (every role, the response checks): this one also asks that every
request the schema allows is accepted and every request it forbids is refused
(``positive_data_acceptance``, ``negative_data_rejection``), with the allowances of
``bench/schemathesis.toml`` (rejections no schema can express, each with its reason). Bounded:
a few examples per operation and deterministic generation, so a run repeats the same
requests and takes about a minute on a loaded machine; ``bench/api_fuzz.py`` is the long run,
with the coverage phase.
"""

import subprocess
import sys
from pathlib import Path

import pytest

from annotations.services.review import submit
from annotations.services.tokens import issue_token
from annotations.services.verdicts import set_verdict
from tests.conftest import purge_broker

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "bench" / "schemathesis.toml"
EXAMPLES_PER_OPERATION = 2


@pytest.fixture
def editor_token(transactional_db, article, editor) -> str:
    """The seed article with a submitted verdict, so reads return real data."""
    sentence = article.sentences.filter(heading=False).first()
    set_verdict(sentence=sentence, editor=editor, verdict="verified", expected_version=0)
    submit(sentence=sentence, editor=editor)
    return issue_token(user=editor)


def test_schemathesis_with_every_check_finds_nothing(live_server, editor_token, tmp_path):
    command = [
        str(Path(sys.executable).with_name("schemathesis")),
        "--config-file", str(CONFIG),
        "run", f"{live_server.url}/api/schema/?format=json",
        "-H", f"Authorization: Token {editor_token}",
        "--checks", "all",
        # The coverage phase (about 2,500 boundary cases, minutes) runs in bench/api_fuzz.py.
        "--phases", "examples,fuzzing",
        "--max-examples", str(EXAMPLES_PER_OPERATION),
        "--generation-deterministic",
        "--no-shrink",
        "--workers", "1",
        "--request-timeout", "30",
        "--no-color",
        # The export streams a file (not JSON) and the retag endpoint starts jobs.
        "--exclude-path-regex", "retag|export",
    ]  # fmt: skip
    try:
        done = subprocess.run(
            command, cwd=tmp_path, capture_output=True, text=True, timeout=600, check=False
        )
    finally:
        purge_broker()
    assert done.returncode == 0, done.stdout[-20_000:] + done.stderr[-5_000:]
    assert "No issues found" in done.stdout or "passed" in done.stdout, done.stdout[-5_000:]
