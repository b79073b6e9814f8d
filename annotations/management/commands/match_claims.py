"""``manage.py match_claims --index VCLAIMS.jsonl --queries QUERIES.tsv --top 5``

Matches each query against a file of fact-checked claims with the workbench's matcher
(``annotations.pretag.matching``) and prints ``query_id<TAB>vclaim_id<TAB>rank<TAB>score`` per
line, best first. Needs no database, so it can score any file on any machine with the project.

The index is JSON Lines, one object per claim with ``vclaim_id`` and ``vclaim`` (strings) and
optionally ``title``, ``subtitle``, ``page_url``, ``date``; the queries are ``id<TAB>text`` per
line, the first line may be a header (``id``/``query_id``/... as its first column). Both files
are read whole before anything is printed: a bad line stops the command with the file and line
number, and no output.
"""

from __future__ import annotations

import json
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from annotations.pretag.matching import ClaimIndex

HEADER_NAMES = {"id", "query_id", "qid", "tweet_id", "iclaim_id", "query"}
OPTIONAL_FIELDS = ("title", "subtitle", "page_url", "date")


class Command(BaseCommand):
    help = "Match queries against fact-checked claims; print query, claim, rank, score (no DB)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--index", required=True, help="JSON Lines of fact-checked claims.")
        parser.add_argument("--queries", required=True, help="id<TAB>text per line.")
        parser.add_argument("--top", type=int, default=5, help="Matches per query (default 5).")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["top"] < 1:
            raise CommandError("--top must be at least 1.")
        claims = read_claims(Path(options["index"]))
        queries = read_queries(Path(options["queries"]))
        index = ClaimIndex()
        index.add(
            [claim["vclaim_id"] for claim in claims],
            [claim["vclaim"] for claim in claims],
            titles=[claim.get("title") or "" for claim in claims],
            subtitles=[claim.get("subtitle") or "" for claim in claims],
        )
        results = index.search_many([text for _, text in queries], options["top"])
        lines = [
            f"{query_id}\t{match.key}\t{match.rank}\t{match.score:.4f}"
            for (query_id, _), matches in zip(queries, results, strict=True)
            for match in matches
        ]
        if lines:
            self.stdout.write("\n".join(lines))


def _lines(path: Path) -> list[tuple[int, str]]:
    """Numbered, decoded lines of a file (blank ones left out); unreadable files are errors."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CommandError(f"Cannot read {path}: {exc.strerror}.") from exc
    out = []
    for number, line in enumerate(raw.splitlines(), start=1):
        try:
            text = line.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as exc:
            raise CommandError(f"{path}:{number}: not UTF-8 ({exc.reason}).") from exc
        if text.strip():
            out.append((number, text))
    return out


def read_claims(path: Path) -> list[dict[str, Any]]:
    """The claims of a JSON Lines file, checked line by line."""
    claims: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for number, line in _lines(path):
        try:
            claim = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CommandError(f"{path}:{number}: not valid JSON ({exc.msg}).") from exc
        if not isinstance(claim, dict):
            raise CommandError(f"{path}:{number}: expected a JSON object.")
        for field in ("vclaim_id", "vclaim"):
            if field not in claim:
                raise CommandError(f"{path}:{number}: missing field {field!r}.")
            if not isinstance(claim[field], str) or not claim[field].strip():
                raise CommandError(f"{path}:{number}: {field!r} must be a non-empty string.")
        for field in OPTIONAL_FIELDS:
            if claim.get(field) is not None and not isinstance(claim[field], str):
                raise CommandError(f"{path}:{number}: {field!r} must be a string.")
        if claim["vclaim_id"] in seen:
            raise CommandError(
                f"{path}:{number}: vclaim_id {claim['vclaim_id']!r} repeats line "
                f"{seen[claim['vclaim_id']]}."
            )
        seen[claim["vclaim_id"]] = number
        claims.append(claim)
    return claims


def read_queries(path: Path) -> list[tuple[str, str]]:
    """``(id, text)`` per line; a first line naming the columns is skipped."""
    queries: list[tuple[str, str]] = []
    for position, (number, line) in enumerate(_lines(path)):
        query_id, tab, text = line.partition("\t")
        query_id = query_id.strip()
        if position == 0 and query_id.casefold() in HEADER_NAMES:
            continue
        if not tab or not query_id:
            raise CommandError(f"{path}:{number}: expected id<TAB>text.")
        queries.append((query_id, text.strip()))
    return queries
