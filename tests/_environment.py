"""Loaded by pytest before Django: tests keep their files (database, broker) in var/test/."""

import os
from pathlib import Path

os.environ.setdefault(
    "FACTCHECK_VAR_DIR", str(Path(__file__).resolve().parent.parent / "var" / "test")
)
# Match jobs run at once in tests (the delay has its own test, which sets it): a job held for
# seconds would reach a test's real worker after that test is over, while the next one empties
# the database.
os.environ.setdefault("FACTCHECK_MATCH_DELAY", "0")
