"""The demo set-up that `make run` performs: seeds load once, members get passwords once."""

import json

import pytest
from django.conf import settings

from annotations.models import Article, Job, Membership
from annotations.services.demo import credentials_file, set_up_demo

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_credentials():
    credentials_file().unlink(missing_ok=True)
    yield
    credentials_file().unlink(missing_ok=True)


def test_seed_loading_twice_changes_nothing():
    first = set_up_demo()
    second = set_up_demo()
    assert first == second
    assert Article.objects.count() == 1
    assert Job.objects.count() == 1
    article = Article.objects.get()
    assert article.language == "de" and article.published_at.isoformat() == "2024-11-30"
    assert article.title.startswith("Nordkorea verspricht Russland")
    assert Membership.objects.count() == 4


def test_generated_passwords_are_kept_private_and_work():
    credentials = set_up_demo()
    path = credentials_file()
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert json.loads(path.read_text()) == credentials
    from django.contrib.auth import authenticate

    for username, entry in credentials.items():
        assert authenticate(username=username, password=entry["password"]) is not None
    assert str(path).startswith(str(settings.VAR_DIR))
