"""How a bench script starts Django on a folder and a database of its own."""

from __future__ import annotations

import os
from pathlib import Path


def configure(var_dir: Path, database_url: str | None) -> None:
    """Point Django at the bench's own folder and database (SQLite when None), then set it up.

    The broker and cache URLs are dropped: a bench measures the embedded default unless it is
    given a database, and never sends to a broker someone else's workers read.
    """
    os.environ["FACTCHECK_VAR_DIR"] = str(var_dir)
    os.environ.pop("REDIS_URL", None)
    os.environ.pop("CELERY_BROKER_URL", None)
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "factcheck.settings")
    import django

    django.setup()
