"""Loaded by pytest before Django: tests keep their files (database, broker) in var/test/."""

import os
from pathlib import Path

os.environ.setdefault(
    "FACTCHECK_VAR_DIR", str(Path(__file__).resolve().parent.parent / "var" / "test")
)
