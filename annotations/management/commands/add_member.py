"""``manage.py add_member USERNAME --newsroom NAME --role ROLE [--password P]``"""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import CommandError

from annotations.management.commands._database import DatabaseCommand
from annotations.models import Role
from annotations.services.errors import ServiceError
from annotations.services.members import add_member


class Command(DatabaseCommand):
    help = "Create a user (and the newsroom) when missing, and give them a role in the newsroom."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--newsroom", required=True)
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--password", help="Generated and printed when omitted.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            user, password = add_member(
                username=options["username"],
                newsroom_name=options["newsroom"],
                role=options["role"],
                password=options["password"],
            )
        except ServiceError as exc:
            raise CommandError(exc.message) from exc
        line = f"{user.get_username()} is {options['role']} in {options['newsroom']}."
        if password and not options["password"]:
            line += f" Password: {password}"
        self.stdout.write(line)
