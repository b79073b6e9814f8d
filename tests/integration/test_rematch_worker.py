"""A verdict saved after the same claim was imported elsewhere reaches that claim's matches
within seconds, through a real worker process (the pre-tag and the match jobs both run there)."""

import datetime

import pytest

from annotations.models import Job, JobKind, SentenceMatch
from annotations.services.articles import import_article
from tests.annotations.test_matches import BIKE_LANES, FILLER, TROOPS, verdict_on
from tests.conftest import wait_for, worker_report

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def imported(newsroom, editor, title: str, claim: str, language: str):
    article, job = import_article(
        newsroom=newsroom,
        title=title,
        text=f"{title}\n\n{FILLER[language]} {claim}\n",
        language=language,
        published_at=datetime.date(2024, 11, 30),
        imported_by=editor,
    )
    return article, job


@pytest.mark.parametrize(
    ("earlier", "later", "claim"), [("en", "de", TROOPS), ("de", "en", BIKE_LANES)]
)
def test_a_verdict_saved_later_shows_in_the_earlier_articles_matches(
    worker_process, newsroom, editor, earlier, later, claim
):
    b, b_job = imported(newsroom, editor, "Früher Bericht", claim[earlier], earlier)
    a, a_job = imported(newsroom, editor, "Später Bericht", claim[later], later)
    wait_for(
        lambda: (
            set(Job.objects.filter(pk__in=[a_job.pk, b_job.pk]).values_list("state", flat=True))
            == {"done"}
        ),
        timeout=180,
        failure=worker_report,
    )
    sentence = a.sentences.get(text=claim[later])
    assert sentence.pretag.claim
    annotation = verdict_on(sentence, editor)
    found = wait_for(
        lambda: SentenceMatch.objects.filter(sentence__article=b, annotation=annotation).first(),
        timeout=120,
        failure=worker_report,
    )
    assert found.sentence.text == claim[earlier] and found.rank == 1
    job = Job.objects.get(kind=JobKind.MATCH, newsroom=newsroom)
    wait_for(lambda: Job.objects.get(pk=job.pk).state == "done", timeout=60)
