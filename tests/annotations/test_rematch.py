"""A verdict saved after the same claim was imported elsewhere still reaches that claim's
matches: the save queues one match job per newsroom, which matches the resembling claims again."""

import pytest

from annotations.models import Job, JobKind, SentenceMatch
from annotations.services import matches, rematch
from annotations.services.jobs import run_job
from annotations.services.verdicts import set_verdict
from tests.annotations.test_matches import (
    BIKE_LANES,
    TROOPS,
    UNRELATED,
    claim_sentence,
    publish,
    verdict_on,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_indexes():
    matches.forget_archives()
    rematch.forget_claims()
    yield
    matches.forget_archives()
    rematch.forget_claims()


def match_job() -> Job:
    return Job.objects.get(kind=JobKind.MATCH, state="queued")


@pytest.mark.parametrize(("earlier", "later"), [("de", "en"), ("en", "de"), ("de", "de")])
@pytest.mark.parametrize("claim", [TROOPS, BIKE_LANES], ids=["troops", "bike-lanes"])
def test_a_verdict_saved_later_reaches_the_claim_imported_before(
    newsroom, editor, earlier, later, claim
):
    b, _job = publish(newsroom, editor, "Früher Bericht", claim[earlier], earlier)
    a, _job = publish(newsroom, editor, "Später Bericht", claim[later], later)
    assert not SentenceMatch.objects.exists()
    annotation = verdict_on(claim_sentence(a, claim[later]), editor)
    job = match_job()
    assert run_job(job.pk) == "done"
    (found,) = SentenceMatch.objects.filter(sentence=claim_sentence(b, claim[earlier]))
    assert found.annotation_id == annotation.pk and found.rank == 1
    assert found.similarity >= matches.MIN_SIMILARITY
    job.refresh_from_db()
    assert job.result == {"verdicts": 1, "sentences": 1, "upto": annotation.pk}
    # The verdict's own sentence never matches itself.
    assert not SentenceMatch.objects.filter(sentence__article=a).exists()


def test_saves_while_the_job_waits_ride_on_it(newsroom, editor):
    a, _job = publish(newsroom, editor, "Erster Bericht", TROOPS["de"], "de")
    b, _job = publish(newsroom, editor, "Zweiter Bericht", BIKE_LANES["de"], "de")
    verdict_on(claim_sentence(a, TROOPS["de"]), editor)
    verdict_on(claim_sentence(b, BIKE_LANES["de"]), editor)
    assert Job.objects.filter(kind=JobKind.MATCH).count() == 1
    assert run_job(match_job().pk) == "done"
    assert Job.objects.get(kind=JobKind.MATCH).result["verdicts"] == 2


def test_an_edit_of_a_verdict_queues_nothing(newsroom, editor):
    a, _job = publish(newsroom, editor, "Erster Bericht", TROOPS["de"], "de")
    sentence = claim_sentence(a, TROOPS["de"])
    verdict_on(sentence, editor)
    assert run_job(match_job().pk) == "done"
    set_verdict(sentence=sentence, editor=editor, verdict="verified", expected_version=1)
    assert not Job.objects.filter(kind=JobKind.MATCH, state="queued").exists()


def test_the_next_job_starts_after_the_verdicts_the_last_one_saw(newsroom, editor):
    b, _job = publish(newsroom, editor, "Früher Bericht", TROOPS["en"], "en")
    a, _job = publish(newsroom, editor, "Später Bericht", TROOPS["de"], "de")
    annotation = verdict_on(claim_sentence(a, TROOPS["de"]), editor)
    assert run_job(match_job().pk) == "done"
    c, _job = publish(newsroom, editor, "Dritter Bericht", UNRELATED["de"], "de")
    verdict_on(claim_sentence(c, UNRELATED["de"]), editor)
    job = match_job()
    assert run_job(job.pk) == "done"
    job.refresh_from_db()
    assert job.result["verdicts"] == 1 and job.result["sentences"] == 0
    (found,) = SentenceMatch.objects.filter(sentence__article=b)
    assert found.annotation_id == annotation.pk  # untouched by the second job


def test_another_newsrooms_verdict_never_reaches_our_claims(
    newsroom, editor, other_newsroom, outsider
):
    ours, _job = publish(newsroom, editor, "Unser Bericht", TROOPS["de"], "de")
    theirs, _job = publish(other_newsroom, outsider, "Their report", TROOPS["en"], "en")
    verdict_on(claim_sentence(theirs, TROOPS["en"]), outsider)
    job = Job.objects.get(kind=JobKind.MATCH, newsroom=other_newsroom)
    assert run_job(job.pk) == "done"
    assert not SentenceMatch.objects.filter(sentence__article=ours).exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("delay", [2.0, 0.0])
def test_the_job_is_held_for_the_match_delay_so_a_busy_desk_shares_one(
    settings, newsroom, editor, delay
):
    """The dispatcher sends the job with the delay as its countdown; the sweeper counts its
    wait from when the broker lets it go."""
    import time

    from django.utils import timezone

    settings.FACTCHECK_MATCH_DELAY = delay
    b, _job = publish(newsroom, editor, "Bericht", TROOPS["de"], "de")
    Job.objects.all().delete()
    before = timezone.now()
    verdict_on(claim_sentence(b, TROOPS["de"]), editor)
    job = Job.objects.get(kind=JobKind.MATCH)
    deadline = time.monotonic() + 30
    while job.dispatched_at is None and time.monotonic() < deadline:
        time.sleep(0.05)
        job.refresh_from_db()
    assert job.dispatched_at is not None  # sent by the dispatcher thread
    held = (job.dispatched_at - before).total_seconds()
    assert (held >= delay) if delay else (held < 2.0)
