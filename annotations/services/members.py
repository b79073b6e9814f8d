"""Newsrooms and their members."""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import User
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext_noop

from annotations.models import Membership, Newsroom, Role

from .errors import InvalidInput


def generate_password() -> str:
    return secrets.token_urlsafe(12)


def get_or_create_newsroom(*, name: str) -> Newsroom:
    name = (name or "").strip()
    if not name:
        raise InvalidInput(gettext_noop("A newsroom needs a name."), field="newsroom")
    newsroom, _created = Newsroom.objects.get_or_create(
        name=name, defaults={"slug": slugify(name) or secrets.token_hex(4)}
    )
    return newsroom


@transaction.atomic
def add_member(
    *, username: str, newsroom_name: str, role: str, password: str | None = None
) -> tuple[User, str | None]:
    """Create the user and newsroom when missing and set the role; idempotent.

    Returns the user and the password that was set (generated when none was given to a new user),
    or None when an existing user's password was left alone.
    """
    if role not in Role.values:
        raise InvalidInput(
            gettext_noop("Unknown role %(role)s; use one of %(choices)s."),
            params={"role": repr(role), "choices": ", ".join(Role.values)},
        )
    username = (username or "").strip()
    if not username:
        raise InvalidInput(gettext_noop("A user name is required."), field="username")
    newsroom = get_or_create_newsroom(name=newsroom_name)
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(username=username)
    new_password = password or (generate_password() if created else None)
    if new_password:
        user.set_password(new_password)
        user.save(update_fields=["password"])
    Membership.objects.update_or_create(user=user, newsroom=newsroom, defaults={"role": role})
    return user, new_password
