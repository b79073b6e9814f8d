"""``manage.py export_queue``: the same exports for scripts and cron, one newsroom per file."""

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def test_export_queue_command_writes_csv_to_stdout(desk):
    _article, s = desk
    out = io.StringIO()
    call_command("export_queue", "--format", "csv", "--newsroom", "Desk", stdout=out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue(), newline="")))
    assert [int(r["sentence_id"]) for r in rows] == [x.pk for x in s]


def test_export_queue_command_writes_a_file_with_filters(desk, newsroom, tmp_path):
    article, s = desk
    newsroom.factcheck_url = "https://faktencheck.example/artikel/{article}#satz-{sentence}"
    newsroom.save()
    target = tmp_path / "queue.jsonld"
    call_command(
        "export_queue", "--format", "claimreview", "--review-state", "approved",
        "--verdict", "verified", "--output", str(target), "--base-url", "https://desk.example",
    )  # fmt: skip
    (item,) = json.loads(target.read_text(encoding="utf-8"))
    assert item["claimReviewed"] == s[0].text
    # The newsroom's public page, as over the API; never the log-in-protected workspace.
    assert item["url"] == f"https://faktencheck.example/artikel/{article.pk}#satz-{s[0].pk}"
    assert [p.name for p in tmp_path.iterdir()] == ["queue.jsonld"]  # no temporary left


def test_export_queue_command_exports_only_the_named_newsroom(desk, elsewhere):
    out = io.StringIO()
    call_command("export_queue", "--format", "json", "--newsroom", "Elsewhere", stdout=out)
    rows = json.loads(out.getvalue())
    assert {r["newsroom"] for r in rows} == {"Elsewhere"}


def test_export_queue_command_needs_a_newsroom_when_there_are_several(desk, elsewhere):
    with pytest.raises(CommandError, match="--newsroom"):
        call_command("export_queue", "--format", "csv")


def test_export_queue_command_refuses_an_unknown_newsroom(desk):
    with pytest.raises(CommandError, match="No newsroom"):
        call_command("export_queue", "--format", "csv", "--newsroom", "Nope")


def test_export_queue_command_refuses_a_bad_filter_and_writes_nothing(desk, tmp_path):
    target = tmp_path / "out.csv"
    with pytest.raises(CommandError, match="Unknown verdict"):
        call_command(
            "export_queue", "--format", "csv", "--newsroom", "Desk", "--verdict", "maybe",
            "--output", str(target),
        )  # fmt: skip
    assert not target.exists()
