"""What the commands that need the database share: a clear message when it is not set up.

Without it, ``manage.py add_member`` on a fresh checkout (before ``make run``) dies with a
traceback ending in "no such table". The underscore keeps Django from taking this module for a
command.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django.db.migrations.executor import MigrationExecutor

NOT_SET_UP = "the database is not set up: run `make run` or `manage.py migrate`"


def require_database(alias: str = DEFAULT_DB_ALIAS) -> None:
    """Raise CommandError saying what to do when the database is unreachable or lacks
    migrations; cheap enough (one query of the migration table) to run before every command."""
    connection = connections[alias]
    try:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as exc:
        raise CommandError(f"the database is not reachable ({exc}); check DATABASE_URL") from exc
    if plan:
        pending = ", ".join(f"{migration.app_label}.{migration.name}" for migration, _ in plan[:3])
        more = f" and {len(plan) - 3} more" if len(plan) > 3 else ""
        raise CommandError(f"{NOT_SET_UP} (not applied yet: {pending}{more})")


class DatabaseCommand(BaseCommand):
    """A command that reads or writes the app's tables: checks them before ``handle``."""

    def execute(self, *args: Any, **options: Any) -> Any:
        require_database(options.get("database") or DEFAULT_DB_ALIAS)
        return super().execute(*args, **options)
