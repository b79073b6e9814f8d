"""Commands on a database that is not set up, and the demo's accounts."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from annotations.management.commands._database import NOT_SET_UP, require_database
from annotations.models import Membership, Role
from annotations.services import demo

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.mark.parametrize(
    "command",
    [
        ["add_member", "anna", "--newsroom", "Desk", "--role", "editor"],
        ["create_token", "anna"],
        ["setup_demo"],
    ],
)
def test_commands_on_a_fresh_checkout_say_how_to_set_up_the_database(tmp_path, command):
    env = {
        **os.environ,
        "FACTCHECK_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'fresh.sqlite3'}",
    }
    env.pop("REDIS_URL", None)
    env.pop("CACHE_URL", None)
    result = subprocess.run(
        [sys.executable, "manage.py", *command],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert NOT_SET_UP in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


@pytest.mark.django_db
def test_on_a_migrated_database_the_check_passes_and_the_command_runs(capsys):
    require_database()
    call_command("add_member", "anna", "--newsroom", "Desk", "--role", "editor")
    assert Membership.objects.get(user__username="anna").role == Role.EDITOR


@pytest.mark.django_db
def test_create_token_still_refuses_an_unknown_user():
    with pytest.raises(CommandError):
        call_command("create_token", "nobody")


@pytest.fixture
def demo_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path


@pytest.mark.django_db
def test_demo_admin_is_a_newsroom_admin_not_a_django_superuser(demo_dir):
    demo.set_up_demo()
    admin = get_user_model().objects.get(username="admin")
    assert not admin.is_superuser and not admin.is_staff
    assert Membership.objects.get(user=admin).role == Role.ADMIN
    assert json.loads((demo_dir / "demo-credentials.json").read_text())["admin"]["role"] == "admin"


@pytest.mark.django_db
def test_demo_set_up_again_takes_superuser_away_from_an_old_demo_admin(demo_dir):
    demo.set_up_demo()
    get_user_model().objects.filter(username="admin").update(is_superuser=True, is_staff=True)
    demo.set_up_demo()
    admin = get_user_model().objects.get(username="admin")
    assert not admin.is_superuser and not admin.is_staff
