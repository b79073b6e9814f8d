"""``manage.py retag [--article ID ...]``: queue pre-tagging again, e.g. after a tagger update."""

from argparse import ArgumentParser
from typing import Any

from annotations.management.commands._database import DatabaseCommand
from annotations.models import Article
from annotations.pretag.weights_store import current_tagger_version
from annotations.selectors.articles import list_outdated_articles
from annotations.services.articles import retag_article


class Command(DatabaseCommand):
    help = (
        "Queue a re-tag job for the given articles, or for every article not yet tagged by the "
        "current tagger version (the shipped one, or the desk-trained one in use)."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--article", type=int, action="append", dest="articles")

    def handle(self, *args: Any, **options: Any) -> None:
        tagger_version = current_tagger_version()
        articles = (
            Article.objects.filter(pk__in=options["articles"])
            if options["articles"]
            else list_outdated_articles(tagger_version=tagger_version)
        )
        count = 0
        for article in articles:
            job = retag_article(article=article)
            self.stdout.write(f"article {article.pk}: re-tag job {job.pk} queued")
            count += 1
        self.stdout.write(f"{count} article(s) queued for tagger version {tagger_version}.")
