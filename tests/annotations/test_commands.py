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


def _write_claim_data(folder):
    """Small stand-ins for the public claim files, in their formats (tab/comma separated)."""
    claims = [
        "Unemployment rose by {n} percent in 20{n:02d}, the highest rate in a decade.",
        "The deficit grew to {n} billion dollars last year, according to the budget office.",
    ]
    chatter = ["I think we should talk about number {n} later.", "Thank you, {n} more minutes."]
    ct24 = ["Sentence_id\tText\tclass_label"]
    for i in range(80):
        text = (claims if i % 2 else chatter)[i % 4 // 2].format(n=i)
        ct24.append(f"{i * 80}\t{text}\t{'Yes' if i % 2 else 'No'}")
    (folder / "CT24_checkworthy_english_train.tsv").write_text("\n".join(ct24) + "\n", "utf-8")
    (folder / "CT24_checkworthy_english_dev.tsv").write_text("\n".join(ct24[:21]) + "\n", "utf-8")
    germeval = ["comment_id,comment_text,Sub1_Toxic,Sub2_Engaging,Sub3_FactClaiming"]
    for i in range(80):
        text = (
            f"Laut Bundesamt stieg die Zahl um {i} Prozent im Jahr 20{i:02d}."
            if i % 2
            else f"@USER Ich finde das lächerlich, echt {i} mal."
        )
        germeval.append(f'{i * 8 + 1},"{text}",0,0,{i % 2}')
    (folder / "germeval21_train.csv").write_text("\n".join(germeval) + "\n", "utf-8")
    for name in ("train", "dev"):
        rows = ["sentence_id\tsentence\tlabel"]
        for i in range(10):
            text = f"Die Inflation lag bei {i} Prozent." if i % 2 else f"Das ist {i} mal peinlich!"
            rows.append(f"{name}{i}\t{text}\t{'OBJ' if i % 2 else 'SUBJ'}")
        (folder / f"ct25_subjectivity_{name}_de.tsv").write_text("\n".join(rows) + "\n", "utf-8")


def test_train_checkworthiness_writes_loadable_weights_and_prints_its_figures(tmp_path, capsys):
    from annotations.pretag.checkworthiness import MODEL_NAME, CheckworthinessModel

    data, out = tmp_path / "claims", tmp_path / "weights"
    data.mkdir()
    _write_claim_data(data)
    call_command("train_checkworthiness", "--data", str(data), "--out", str(out))
    printed = capsys.readouterr().out
    assert "cross-validation on the training data" in printed
    assert "CT24 English dev" in printed and "GermEval 2021 held-out fifth" in printed
    model = CheckworthinessModel.load(out, MODEL_NAME)
    assert set(model.languages) == {"en", "de"}
    assert 0.0 < model.language("de").threshold < 1.0


def test_train_checkworthiness_without_data_names_the_files_it_needs(tmp_path):
    with pytest.raises(CommandError, match="Claim data not found"):
        call_command("train_checkworthiness", "--data", str(tmp_path / "missing"))
    tmp_path.joinpath("empty").mkdir()
    with pytest.raises(CommandError, match="germeval21_train.csv"):
        call_command("train_checkworthiness", "--data", str(tmp_path / "empty"))
