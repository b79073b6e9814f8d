"""Loading the seed articles listed in ``seeds/manifest.json``; loading twice changes nothing."""

import datetime
import json
from pathlib import Path

from django.conf import settings

from annotations.models import Article, Newsroom

from .articles import import_article, text_hash
from .text import clean_article_text

SEEDS_DIR = settings.BASE_DIR / "seeds"


def load_seeds(*, newsroom: Newsroom, seeds_dir: Path = SEEDS_DIR) -> list[Article]:
    """Import each seed article the newsroom does not have yet (same text, same newsroom)."""
    manifest = json.loads((seeds_dir / "manifest.json").read_text(encoding="utf-8"))
    loaded = []
    for entry in manifest["articles"]:
        raw = (seeds_dir / entry["file"]).read_bytes()
        existing = Article.objects.filter(
            newsroom=newsroom, text_hash=text_hash(clean_article_text(raw))
        ).first()
        if existing:
            loaded.append(existing)
            continue
        article, _job = import_article(
            newsroom=newsroom,
            title=entry["title"],
            text=raw,
            language=entry["language"],
            source_url=entry.get("source_url", ""),
            published_at=datetime.date.fromisoformat(entry["published_at"])
            if entry.get("published_at")
            else None,
        )
        loaded.append(article)
    return loaded
