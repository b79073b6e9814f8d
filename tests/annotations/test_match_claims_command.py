"""`manage.py match_claims`: the measurement door, run as outside checks run it (no database)."""

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from annotations.management.commands.match_claims import Command
from tests.conftest import ROOT

CLAIMS = [
    {
        "vclaim_id": "vclaim-chips",
        "vclaim": "COVID-19 vaccines contain microchips that track people.",
        "title": "Do Vaccines Contain Microchips?",
        "subtitle": "A conspiracy theory claims the shots carry trackers.",
        "page_url": "https://example.org/chips",
        "date": "3 May 2021",
    },
    {
        "vclaim_id": "vclaim-moon",
        "vclaim": "The 1969 moon landing was staged in a film studio.",
        "title": "Was the Moon Landing Faked?",
        "subtitle": "",
        "page_url": "https://example.org/moon",
        "date": "20 July 2019",
    },
    {"vclaim_id": "vclaim-pension", "vclaim": "The government will halve state pensions."},
]


def _write_index(path: Path, lines: list[str] | None = None) -> Path:
    text = "\n".join(lines if lines is not None else [json.dumps(c) for c in CLAIMS]) + "\n"
    path.write_text(text, encoding="utf-8")
    return path


def _match(tmp_path: Path, index: Path, queries: str, top: str = "5"):
    query_file = tmp_path / "queries.tsv"
    query_file.write_text(queries, encoding="utf-8")
    # A fresh var folder (no database file, never migrated) and a database URL that cannot
    # work: the command must touch neither. The encoder's weights come from the usual cache.
    env = dict(
        os.environ,
        FACTCHECK_VAR_DIR=str(tmp_path / "var"),
        FACTCHECK_ENCODER_CACHE=str(settings.ENCODER_CACHE_DIR),
        DATABASE_URL="postgres://nobody@127.0.0.1:1/none",
    )
    return subprocess.run(
        [sys.executable, "manage.py", "match_claims", "--index", str(index)]
        + ["--queries", str(query_file), "--top", top],
        cwd=ROOT,
        env=env,
        capture_output=True,
        timeout=300,
        text=True,
    )


def test_prints_query_claim_rank_score_per_line_and_skips_a_header(tmp_path):
    index = _write_index(tmp_path / "claims.jsonl")
    queries = (
        "id\ttext\n"
        "q1\tDo the Covid shots really put tracking chips into people?\n"
        "q2\tDie Mondlandung 1969 wurde in einem Filmstudio inszeniert.\n"
        "q3\t\n"
    )
    result = _match(tmp_path, index, queries, top="2")
    assert result.returncode == 0, result.stderr
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert [row[0] for row in rows] == ["q1", "q1", "q2", "q2"]  # no header, q3 has no text
    assert rows[0][1] == "vclaim-chips" and rows[2][1] == "vclaim-moon"
    assert [row[2] for row in rows] == ["1", "2", "1", "2"]
    for row in rows:
        assert len(row) == 4
        assert float(row[3]) == round(float(row[3]), 4)
    assert float(rows[0][3]) >= float(rows[1][3])
    assert not (tmp_path / "var" / "workbench.sqlite3").exists()


def test_a_first_line_that_is_a_query_is_not_taken_for_a_header(tmp_path):
    index = _write_index(tmp_path / "claims.jsonl")
    result = _match(tmp_path, index, "7\tMoon landing faked in a studio\n", top="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\t")[:3] == ["7", "vclaim-moon", "1"]


def test_malformed_json_names_the_file_and_line_and_prints_nothing(tmp_path):
    lines = [json.dumps(CLAIMS[0]), json.dumps(CLAIMS[1]), '{"vclaim_id": "x", "vclaim": ']
    index = _write_index(tmp_path / "broken.jsonl", lines)
    result = _match(tmp_path, index, "q1\tVaccines contain microchips\n")
    assert result.returncode != 0
    assert result.stdout == ""
    assert "broken.jsonl:3" in result.stderr and "not valid JSON" in result.stderr


def test_a_missing_field_names_the_file_and_line(tmp_path):
    lines = [json.dumps(CLAIMS[0]), json.dumps({"vclaim_id": "no-text", "title": "Title only"})]
    index = _write_index(tmp_path / "missing.jsonl", lines)
    result = _match(tmp_path, index, "q1\tVaccines contain microchips\n")
    assert result.returncode != 0 and result.stdout == ""
    assert "missing.jsonl:2" in result.stderr and "'vclaim'" in result.stderr


def test_a_query_line_without_a_tab_names_the_line(tmp_path):
    index = _write_index(tmp_path / "claims.jsonl")
    result = _match(tmp_path, index, "id\ttext\nq1\tfine\nno tab here\n")
    assert result.returncode != 0 and result.stdout == ""
    assert "queries.tsv:3" in result.stderr


def test_an_empty_index_or_no_queries_print_nothing(tmp_path):
    empty = _write_index(tmp_path / "empty.jsonl", [])
    result = _match(tmp_path, empty, "q1\tVaccines contain microchips\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    result = _match(tmp_path, _write_index(tmp_path / "claims.jsonl"), "id\ttext\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""


def test_the_command_runs_no_system_checks():
    # System checks would import the URL conf and may touch the database.
    assert Command.requires_system_checks == []
