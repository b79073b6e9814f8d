"""``manage.py import_article FILE --title ... --language de|en --newsroom NAME``, or
``manage.py import_article FILE --article ID [--note ...]`` to add a corrected version."""

import datetime
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from annotations.models import Article, Language, Newsroom
from annotations.services.articles import import_article
from annotations.services.errors import ServiceError
from annotations.services.versions import import_version


class Command(BaseCommand):
    help = (
        "Import an article from a UTF-8 text file and queue its pre-tagging; with --article, "
        "add the file as that article's next version (verdicts follow their sentences)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", type=Path)
        parser.add_argument("--article", type=int, help="Add a version to this article (id).")
        parser.add_argument("--note", default="", help="What the new version corrects.")
        parser.add_argument("--title")
        parser.add_argument("--language", choices=Language.values)
        parser.add_argument("--newsroom", help="The newsroom's name.")
        parser.add_argument("--source-url", default="")
        parser.add_argument("--date", type=datetime.date.fromisoformat, help="YYYY-MM-DD")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            raw = options["file"].read_bytes()
        except OSError as exc:
            raise CommandError(f"Cannot read {options['file']}: {exc.strerror}.") from exc
        if options["article"] is not None:
            self._add_version(options["article"], raw, options["note"])
            return
        if not options["title"] or not options["newsroom"]:
            raise CommandError("A new article needs --title and --newsroom (or give --article).")
        newsroom = Newsroom.objects.filter(name=options["newsroom"]).first()
        if newsroom is None:
            raise CommandError(f"No newsroom named {options['newsroom']!r}.")
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

    def _add_version(self, article_id: int, raw: bytes, note: str) -> None:
        article = Article.objects.filter(pk=article_id).first()
        if article is None:
            raise CommandError(f"No article with id {article_id}.")
        try:
            result = import_version(article=article, text=raw, note=note)
        except ServiceError as exc:
            raise CommandError(exc.message) from exc
        if not result.created:
            self.stdout.write(
                f"Article {article.pk} already has this text (version "
                f"{result.version.number}); nothing changed."
            )
            return
        counts = result.anchoring
        self.stdout.write(
            f"Article {article.pk}: version {result.version.number}; {counts['kept']} kept, "
            f"{counts['changed']} to re-check, {counts['orphaned']} orphaned, {counts['new']} "
            f"new; pre-tag job {result.job.pk if result.job else '-'} queued."
        )
