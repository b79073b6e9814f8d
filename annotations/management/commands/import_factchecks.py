"""``manage.py import_factchecks FILE --newsroom NAME``

Imports reference fact-checks (ClaimReview JSON-LD: one object, a list or a DataFeed; or JSON
Lines with ``vclaim``, ``title``, ``subtitle``, ``page_url``, ``date``) into a newsroom, for
"checked before". A malformed file is refused with its line or JSON path and nothing of it is
imported; fact-checks already there (same URL) are updated.
"""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from annotations.models import Newsroom
from annotations.services.errors import InvalidInput
from annotations.services.factchecks import import_fact_checks


class Command(BaseCommand):
    help = "Import reference fact-checks (ClaimReview JSON-LD or JSON Lines) into a newsroom."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", help="ClaimReview JSON-LD, or JSON Lines (.jsonl).")
        parser.add_argument("--newsroom", required=True, help="The newsroom's name or slug.")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        newsroom = Newsroom.objects.filter(
            Q(name=options["newsroom"]) | Q(slug=options["newsroom"])
        ).first()
        if newsroom is None:
            raise CommandError(f"No newsroom named {options['newsroom']!r}.")
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc.strerror}.") from exc
        try:
            result = import_fact_checks(newsroom=newsroom, raw=raw, name=path.name)
        except InvalidInput as exc:
            raise CommandError(f"{path}: {exc.message} Nothing was imported.") from exc
        self.stdout.write(
            f"{result.total} fact-checks into {newsroom.name}: "
            f"{result.created} new, {result.updated} updated."
        )
