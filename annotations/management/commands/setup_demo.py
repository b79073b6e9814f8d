"""``manage.py setup_demo``: the demo newsroom, its members and the seed articles."""

from typing import Any

from django.core.management.base import BaseCommand

from annotations.services.demo import set_up_demo


class Command(BaseCommand):
    help = "Create the demo newsroom with an editor, reviewer, viewer and admin; load seeds."

    def handle(self, *args: Any, **options: Any) -> None:
        for username, entry in set_up_demo().items():
            self.stdout.write(f"{entry['role']:<9} {username:<10} {entry['password']}")
