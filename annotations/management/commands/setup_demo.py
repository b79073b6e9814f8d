"""``manage.py setup_demo``: the demo newsroom, its members and the seed articles."""

from typing import Any

from annotations.management.commands._database import DatabaseCommand
from annotations.services.demo import set_up_demo


class Command(DatabaseCommand):
    help = "Create the demo newsroom with an editor, reviewer, viewer and admin; load seeds."

    def handle(self, *args: Any, **options: Any) -> None:
        for username, entry in set_up_demo().items():
            self.stdout.write(f"{entry['role']:<9} {username:<10} {entry['password']}")
