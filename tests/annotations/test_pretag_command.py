"""`manage.py pretag`: the command-line door for scripts, needing no database."""

import json
import os
import subprocess
import sys

from tests.conftest import ROOT, SEED


def _pretag(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    # A database URL that cannot work proves the command never opens one.
    env = dict(os.environ, DATABASE_URL="postgres://nobody@127.0.0.1:1/none")
    return subprocess.run(
        [sys.executable, "manage.py", "pretag", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        timeout=120,
    )


def test_prints_one_json_object_per_sentence_with_tags():
    result = _pretag(str(SEED), "--language", "de", "--date", "2024-11-30", "--format", "jsonl")
    assert result.returncode == 0, result.stderr.decode()
    records = [json.loads(line) for line in result.stdout.decode().splitlines()]
    text = SEED.read_text(encoding="utf-8")
    assert len(records) > 25
    for record in records:
        assert text[record["start"] : record["end"]] == record["text"]
        assert set(record) == {
            "start", "end", "text", "paragraph", "heading",
            "checkworthiness", "claim", "reasons", "spans",
        }  # fmt: skip
    meeting = next(r for r in records if r["text"].startswith("Am 29. November"))
    dates = [s for s in meeting["spans"] if s["kind"] == "date"]
    assert dates and dates[0]["payload"]["iso"] == "2024-11-29"
    heading = next(r for r in records if r["text"] == "«Selbstverteidigung gegen Imperialisten»")
    assert heading["heading"] and not heading["claim"]
    claim = next(r for r in records if r["text"].startswith("Südkoreanische Regierungsvertreter"))
    assert claim["claim"] and claim["reasons"]


def test_reads_standard_input():
    result = _pretag("-", "--language", "en", stdin=b"The minister said unemployment fell 3%.")
    assert result.returncode == 0, result.stderr.decode()
    (record,) = [json.loads(line) for line in result.stdout.decode().splitlines()]
    assert {span["kind"] for span in record["spans"]} >= {"number", "attribution"}


def test_invalid_utf8_is_a_clear_error():
    result = _pretag("-", "--language", "de", stdin=b"Gr\xfc\xdfe.")
    assert result.returncode != 0
    assert b"not valid UTF-8" in result.stderr and not result.stdout


def test_missing_file_is_a_clear_error(tmp_path):
    result = _pretag(str(tmp_path / "missing.txt"), "--language", "de")
    assert result.returncode != 0
    assert b"Cannot read" in result.stderr
