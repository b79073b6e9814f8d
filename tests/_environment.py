"""Loaded by pytest before Django: tests keep their files (database, broker) in var/test/.

One test run at a time owns that folder: a second run in the same checkout would empty the
first one's database and broker queue under it, so it stops at once and says how to run beside
it (a folder of its own through FACTCHECK_VAR_DIR; on PostgreSQL and Redis, other databases
as well: the test database's name comes from DATABASE_URL's).
"""

import fcntl
import os
from pathlib import Path

os.environ.setdefault(
    "FACTCHECK_VAR_DIR", str(Path(__file__).resolve().parent.parent / "var" / "test")
)
# Match jobs run at once in tests (the delay has its own test, which sets it): a job held for
# seconds would reach a test's real worker after that test is over, while the next one empties
# the database.
os.environ.setdefault("FACTCHECK_MATCH_DELAY", "0")


def _own_the_folder(folder: Path) -> object:
    """Hold the folder's lock until this process ends; exit with a clear message when another
    run holds it."""
    folder.mkdir(parents=True, exist_ok=True)
    lock = open(folder / "test-run.lock", "a+")  # noqa: SIM115  # held for the whole run
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        lock.seek(0)
        holder = lock.read().strip() or "another process"
        raise SystemExit(
            f"Another test run ({holder}) is using {folder}. Wait for it to finish, or give "
            f"this run a folder of its own: FACTCHECK_VAR_DIR={folder}-2 make test (on "
            "PostgreSQL and Redis also another database in DATABASE_URL and in REDIS_URL)"
        ) from None
    lock.truncate(0)
    lock.write(f"pid {os.getpid()}")
    lock.flush()
    return lock


_LOCK = _own_the_folder(Path(os.environ["FACTCHECK_VAR_DIR"]))
