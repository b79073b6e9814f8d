"""``train_checkworthiness --from-desk``: the desk's verdicts and dismissals added to the training
data, a new tagger version only when it is better, picked up by the pre-tagger and ``retag``,
and listed by ``/api/stats/pretag/`` beside the old one. The shipped weights are never written:
every test points ``FACTCHECK_WEIGHTS_DIR`` at its own folder."""

import hashlib
import json

import pytest
from django.core.management import CommandError, call_command

from annotations.models import Job, SentenceTag
from annotations.pretag import checkworthiness as cw
from annotations.pretag.pipeline import TAGGER_VERSION
from annotations.pretag.weights_store import (
    active_weights,
    current_tagger_version,
    pinned_weights,
    write_pointer,
)
from annotations.selectors.desk_outcomes import list_desk_outcomes
from annotations.services.articles import import_article
from annotations.services.jobs import run_job
from annotations.services.outcomes import dismiss
from annotations.services.verdicts import set_verdict
from tests.annotations.test_commands import _write_claim_data
from tests.api.conftest import client_for
from tests.desk_sentences import CHATTER, CLAIMS
from tests.factories import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim_data(tmp_path):
    folder = tmp_path / "claims"
    folder.mkdir()
    _write_claim_data(folder)
    return folder


@pytest.fixture
def weights_dir(tmp_path, settings):
    settings.FACTCHECK_WEIGHTS_DIR = tmp_path / "desk-weights"
    return settings.FACTCHECK_WEIGHTS_DIR


def shipped_digest():
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(cw.WEIGHTS_DIR.glob("checkworthiness-*"))
    }


def decided_article(newsroom, editor, title, claims, chatter, language="de"):
    """An article whose claims got a verdict and whose chatter was dismissed."""
    article, _job = import_article(
        newsroom=newsroom,
        title=title,
        text="\n\n".join(claims + chatter),
        language=language,
        imported_by=editor,
    )
    sentences = {s.text: s for s in article.sentences.all()}
    for text in claims:
        set_verdict(
            sentence=sentences[text], editor=editor, verdict="unverified", expected_version=0
        )
    for text in chatter:
        dismiss(sentence=sentences[text], editor=editor, reason="other")
    return article


@pytest.fixture
def desk(newsroom, editor):
    """Six German articles and one English one; one decided claim and chatter line each."""
    articles = [
        decided_article(newsroom, editor, f"Lokal {i}", [CLAIMS[i]], [CHATTER[i]]) for i in range(6)
    ]
    articles.append(decided_article(newsroom, editor, "Local", CLAIMS[6:], CHATTER[6:], "en"))
    return articles


@pytest.fixture
def elsewhere(other_newsroom):
    """Another newsroom's outcomes: more rows than ours, all dismissals of claims."""
    outsider_editor = member(other_newsroom, "editor", "outsider-editor")
    return [
        decided_article(other_newsroom, outsider_editor, f"Fremd {i}", [], CLAIMS[:6])
        for i in range(3)
    ]


def train(claim_data, tmp_path, *extra):
    call_command(
        "train_checkworthiness", "--from-desk", "--data", str(claim_data),
        "--embedding-cache", str(tmp_path / "cache"), *extra,
    )  # fmt: skip


def test_outcomes_are_verdicts_and_active_dismissals_of_one_newsroom(desk, elsewhere, newsroom):
    rows = list_desk_outcomes(newsroom_id=newsroom.pk)
    assert len(rows) == 16
    assert {r.text for r in rows if r.checkworthy} == set(CLAIMS)
    assert {r.text for r in rows if not r.checkworthy} == set(CHATTER)
    assert len(list_desk_outcomes()) == 16 + 18


def test_training_from_the_desk_writes_a_version_retag_applies_and_the_stats_list(
    desk, elsewhere, newsroom, editor, claim_data, weights_dir, tmp_path, capsys
):
    before = shipped_digest()
    for article in desk:  # tagged by the shipped version first
        assert run_job(article.jobs.get().pk) == "done"
    train(claim_data, tmp_path, "--newsroom", newsroom.slug)
    printed = capsys.readouterr().out
    assert "desk outcomes of newsroom Desk: 16 (8 verdicts, 8 dismissals)" in printed
    assert "12 rows, 6 check-worthy" in printed  # German: the other newsroom's 18 left out
    assert f"New tagger version {TAGGER_VERSION}+desk1 is in use" in printed, printed
    assert shipped_digest() == before

    pointer = json.loads((weights_dir / "current.json").read_text("utf-8"))
    assert pointer["tagger_version"] == current_tagger_version() == f"{TAGGER_VERSION}+desk1"
    meta = json.loads((weights_dir / "checkworthiness-desk1.json").read_text("utf-8"))
    assert meta["desk_training"]["newsroom"] == "Desk"
    assert cw.get_model().name == "checkworthiness-desk1"

    call_command("retag")
    # every article not tagged by the new version: ours and the other newsroom's
    queued = f"10 article(s) queued for tagger version {TAGGER_VERSION}+desk1"
    assert queued in capsys.readouterr().out
    for job in Job.objects.filter(kind="retag", state="queued"):
        assert run_job(job.pk) == "done"
    assert SentenceTag.objects.filter(tagger_version=f"{TAGGER_VERSION}+desk1").exists()

    body = client_for(editor).get("/api/stats/pretag/").json()
    versions = {row["tagger_version"]: row for row in body["versions"]}
    assert set(versions) == {TAGGER_VERSION, f"{TAGGER_VERSION}+desk1"}
    assert versions[f"{TAGGER_VERSION}+desk1"]["flagged"] >= 0


def test_a_run_that_is_not_better_writes_nothing(
    newsroom, editor, claim_data, weights_dir, tmp_path, capsys
):
    # Dismissals only: the desk F1 is 0 before and after, so nothing can be better.
    for i in range(6):
        decided_article(newsroom, editor, f"Nur Meinung {i}", [], [CHATTER[i]])
    train(claim_data, tmp_path, "--newsroom", str(newsroom.pk))
    printed = capsys.readouterr().out
    assert "not better" in printed and "nothing written" in printed
    assert not weights_dir.exists() or not any(weights_dir.iterdir())
    assert current_tagger_version() == TAGGER_VERSION


def test_unknown_newsroom_and_no_outcomes_are_refused(
    newsroom, editor, claim_data, weights_dir, tmp_path
):
    with pytest.raises(CommandError, match="No newsroom 'nowhere'"):
        train(claim_data, tmp_path, "--newsroom", "nowhere")
    with pytest.raises(CommandError, match="no outcomes yet"):
        train(claim_data, tmp_path, "--newsroom", newsroom.name)
    decided_article(newsroom, editor, "Eins", [CLAIMS[0]], [CHATTER[0]])
    with pytest.raises(CommandError, match="too few desk outcomes"):
        train(claim_data, tmp_path)
    assert not weights_dir.exists()


def test_a_pointer_to_missing_weights_falls_back_to_the_shipped_ones(weights_dir):
    weights_dir.mkdir()
    (weights_dir / "current.json").write_text(
        json.dumps({"tagger_version": "x", "model": "gone", "base_tagger_version": TAGGER_VERSION})
    )
    assert current_tagger_version() == TAGGER_VERSION
    assert cw.get_model().name == cw.MODEL_NAME


def test_a_job_keeps_the_weights_it_started_with(weights_dir):
    weights_dir.mkdir()
    for ext in (".npz", ".json"):
        (weights_dir / f"checkworthiness-desk7{ext}").write_bytes(b"")
    with pinned_weights(active_weights()) as started:
        write_pointer(weights_dir, tagger_version="2026.12-1+desk7", model="checkworthiness-desk7")
        assert current_tagger_version() == started.tagger_version == TAGGER_VERSION
    assert current_tagger_version() == "2026.12-1+desk7"
