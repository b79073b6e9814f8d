"""``manage.py export_queue --format csv|json|jsonl|claimreview|webannotation [...]``"""

import os
import tempfile
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError

from annotations.exports import FORMATS, get_format, stream_export
from annotations.management.commands._database import DatabaseCommand
from annotations.models import Newsroom
from annotations.selectors.queue import list_newsroom_queue
from annotations.services.errors import ServiceError


class Command(DatabaseCommand):
    help = "Write one newsroom's review queue as CSV, JSON, JSON Lines or JSON-LD."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--format", required=True, choices=list(FORMATS))
        parser.add_argument(
            "--newsroom", help="The newsroom's name; needed when there is more than one."
        )
        parser.add_argument("--article", type=int, help="Only this article (its id).")
        parser.add_argument("--verdict", help="verified, disputed, unverified, none; comma list.")
        parser.add_argument(
            "--review-state",
            help="draft, submitted, approved, changes_requested, none; comma list.",
        )
        parser.add_argument("--output", type=Path, help="Write here instead of to stdout.")
        parser.add_argument("--bom", action="store_true", help="CSV: start with a UTF-8 BOM.")
        parser.add_argument(
            "--base-url",
            default="",
            help="Public address of the workbench, for Web Annotation ids (ClaimReview links come "
            "from the newsroom's public fact-check URL).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        newsroom = self.newsroom(options["newsroom"])
        try:
            queryset = list_newsroom_queue(
                newsroom=newsroom,
                article=options["article"],
                verdict=options["verdict"],
                review_state=options["review_state"],
            )
            chunks = stream_export(
                queryset,
                get_format(options["format"]),
                bom=options["bom"],
                base_url=options["base_url"] or None,
            )
            if options["output"] is None:
                for chunk in chunks:
                    self.stdout.write(chunk, ending="")
            else:
                write_atomically(options["output"], chunks)
        except ServiceError as exc:
            raise CommandError(exc.message) from exc

    @staticmethod
    def newsroom(name: str | None) -> Newsroom:
        if name:
            newsroom = Newsroom.objects.filter(name=name).first()
            if newsroom is None:
                raise CommandError(f"No newsroom named {name!r}.")
            return newsroom
        newsrooms = list(Newsroom.objects.all()[:2])
        if len(newsrooms) != 1:
            # One file never mixes newsrooms: name the one to export.
            raise CommandError("Name the newsroom to export with --newsroom NAME.")
        return newsrooms[0]


def write_atomically(path: Path, chunks: Any) -> None:
    """Write to a temporary file beside ``path`` and rename it: no half-written export."""
    directory = path.resolve().parent
    if not directory.is_dir():
        raise CommandError(f"No such directory: {directory}.")
    handle, temporary = tempfile.mkstemp(dir=directory, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            for chunk in chunks:
                out.write(chunk)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
