"""``manage.py pretag FILE --language de|en [--date YYYY-MM-DD] --format jsonl``

Pre-tags a text file and prints one JSON object per sentence. Needs no database: scripts can use
it on any machine with the project installed.
"""

import datetime
import json
import sys
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from annotations.pretag.pipeline import segment_text, tag_segments
from annotations.services.errors import ServiceError
from annotations.services.text import clean_article_text


class Command(BaseCommand):
    help = "Pre-tag a UTF-8 text file and print one JSON object per sentence (no database)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file", help="A UTF-8 text file, or - for standard input.")
        parser.add_argument("--language", required=True, choices=["de", "en"])
        parser.add_argument("--date", type=datetime.date.fromisoformat, help="YYYY-MM-DD")
        parser.add_argument("--format", default="jsonl", choices=["jsonl"])

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            raw = (
                sys.stdin.buffer.read()
                if options["file"] == "-"
                else Path(options["file"]).read_bytes()
            )
            text = clean_article_text(raw)
        except OSError as exc:
            raise CommandError(f"Cannot read {options['file']}: {exc.strerror}.") from exc
        except ServiceError as exc:
            raise CommandError(exc.message) from exc
        segments = segment_text(text, options["language"])
        tags = tag_segments(text, segments, options["language"], options["date"])
        for segment, tag in zip(segments, tags, strict=True):
            record = {
                "start": segment.start,
                "end": segment.end,
                "text": text[segment.start : segment.end],
                "paragraph": segment.paragraph,
                "heading": segment.heading,
                "checkworthiness": round(tag.assessment.score, 4),
                "claim": tag.assessment.claim,
                "reasons": list(tag.assessment.reasons),
                "spans": [span.as_dict() for span in tag.spans],
            }
            self.stdout.write(json.dumps(record, ensure_ascii=False))
