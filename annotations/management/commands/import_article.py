"""``manage.py import_article FILE --title ... --language de|en --newsroom NAME``"""

import datetime
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from annotations.models import Language, Newsroom
from annotations.services.articles import import_article
from annotations.services.errors import ServiceError


class Command(BaseCommand):
    help = "Import an article from a UTF-8 text file and queue its pre-tagging."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--title", required=True)
        parser.add_argument("--language", choices=Language.values)
        parser.add_argument("--newsroom", required=True, help="The newsroom's name.")
        parser.add_argument("--source-url", default="")
        parser.add_argument("--date", type=datetime.date.fromisoformat, help="YYYY-MM-DD")

    def handle(self, *args: Any, **options: Any) -> None:
        newsroom = Newsroom.objects.filter(name=options["newsroom"]).first()
        if newsroom is None:
            raise CommandError(f"No newsroom named {options['newsroom']!r}.")
        try:
            raw = options["file"].read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {options['file']}: {exc.strerror}.") from exc
        try:
            article, job = import_article(
                newsroom=newsroom,
                title=options["title"],
                text=raw,
                language=options["language"],
                source_url=options["source_url"],
                published_at=options["date"],
            )
        except ServiceError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            f"Imported article {article.pk} ({article.sentences.count()} sentences); "
            f"pre-tag job {job.pk} queued."
        )
