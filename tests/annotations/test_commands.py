"""The management commands that have no door of their own in the API: members and re-tagging."""

import pytest
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from annotations.models import Job, Membership, Newsroom, SentenceTag
from annotations.pretag.pipeline import TAGGER_VERSION
from annotations.services.jobs import run_job

pytestmark = pytest.mark.django_db


def test_add_member_creates_user_and_newsroom_and_prints_a_working_password(capsys):
    call_command("add_member", "anna", "--newsroom", "Nachrichten", "--role", "reviewer")
    out = capsys.readouterr().out
    assert "anna is reviewer in Nachrichten. Password: " in out
    password = out.rsplit("Password: ", 1)[1].strip()
    assert authenticate(username="anna", password=password) is not None
    membership = Membership.objects.get(user__username="anna")
    assert (membership.newsroom.name, membership.role) == ("Nachrichten", "reviewer")


def test_add_member_again_changes_the_role_and_keeps_the_password(capsys):
    call_command(
        "add_member", "anna", "--newsroom", "Desk", "--role", "editor", "--password", "x" * 16
    )
    call_command("add_member", "anna", "--newsroom", "Desk", "--role", "admin")
    assert "Password" not in capsys.readouterr().out
    assert Membership.objects.get(user__username="anna").role == "admin"
    assert authenticate(username="anna", password="x" * 16) is not None
    assert Newsroom.objects.count() == 1


def test_add_member_refuses_an_unknown_role():
    with pytest.raises(CommandError, match="invalid choice"):
        call_command("add_member", "anna", "--newsroom", "Desk", "--role", "owner")
    assert not Membership.objects.exists()


def test_retag_queues_only_articles_not_tagged_by_the_current_version(article, capsys):
    assert run_job(article.jobs.get().pk) == "done"
    call_command("retag")
    assert "0 article(s) queued" in capsys.readouterr().out

    SentenceTag.objects.update(tagger_version="old")
    call_command("retag")
    assert f"1 article(s) queued for tagger version {TAGGER_VERSION}" in capsys.readouterr().out
    assert Job.objects.filter(article=article, kind="retag", state="queued").count() == 1


def test_retag_of_a_named_article(article, capsys):
    call_command("retag", "--article", str(article.pk))
    assert f"article {article.pk}: re-tag job" in capsys.readouterr().out
    assert Job.objects.filter(article=article, kind="retag").count() == 1
