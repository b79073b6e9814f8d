"""``manage.py create_token USERNAME``: print the user's API token (created when missing)."""

from argparse import ArgumentParser
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError

from annotations.management.commands._database import DatabaseCommand
from annotations.services.errors import ServiceError
from annotations.services.tokens import issue_token


class Command(DatabaseCommand):
    help = "Print a user's API token for the Authorization header, creating it when missing."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"No user named {options['username']!r}.")
        try:
            key = issue_token(user=user)
        except ServiceError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(key)
