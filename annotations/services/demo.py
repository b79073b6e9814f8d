"""The demo newsroom that ``make run`` sets up: members with generated passwords, seed articles.

The demo ``admin`` is the newsroom's admin role, not a Django superuser.
"""

import json
import os
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from annotations.models import Role

from .members import add_member, generate_password, get_or_create_newsroom
from .seeds import load_seeds

DEMO_NEWSROOM = "Demo newsroom"
DEMO_MEMBERS = (
    ("editor", Role.EDITOR),
    ("reviewer", Role.REVIEWER),
    ("viewer", Role.VIEWER),
    ("admin", Role.ADMIN),
)


def credentials_file() -> Path:
    return Path(settings.VAR_DIR) / "demo-credentials.json"


@transaction.atomic
def set_up_demo() -> dict[str, dict[str, str]]:
    """Create the demo members (passwords generated once, kept in var/) and load the seeds.

    Returns {username: {"role": ..., "password": ...}}. Running it again changes nothing.
    """
    path = credentials_file()
    known: dict[str, dict[str, str]] = json.loads(path.read_text()) if path.exists() else {}
    users = get_user_model().objects
    for username, role in DEMO_MEMBERS:
        entry = known.get(username)
        fresh = entry is None or not users.filter(username=username).exists()
        password = generate_password() if fresh else None
        user, _ = add_member(
            username=username, newsroom_name=DEMO_NEWSROOM, role=role, password=password
        )
        if user.is_superuser or user.is_staff:
            # A demo password sits in a file: it must not open /admin/ (which bypasses the
            # audit). A superuser is made on purpose, with `manage.py createsuperuser`.
            user.is_staff = user.is_superuser = False
            user.save(update_fields=["is_staff", "is_superuser"])
        if password:
            known[username] = {"role": role, "password": password}
    path.write_text(json.dumps(known, indent=2))
    os.chmod(path, 0o600)
    load_seeds(newsroom=get_or_create_newsroom(name=DEMO_NEWSROOM))
    return known
