"""A change rides on a queued job of the same work instead of queuing another, and is never
lost: a worker cannot claim that job before the change commits."""

import threading

import pytest
from django.db import connection, transaction

from annotations.models import Job, JobKind, JobState
from annotations.services import jobs
from annotations.services.articles import import_article
from annotations.services.review import submit
from annotations.services.verdicts import set_verdict
from annotations.services.webhook_events import queue_readiness_check
from annotations.services.webhooks import create_endpoint

READINESS = ["article.ready", "article.not_ready"]


def readiness_jobs(article) -> list[str]:
    return list(
        Job.objects.filter(kind=JobKind.WEBHOOK, params__readiness_of=article.pk)
        .order_by("pk")
        .values_list("state", flat=True)
    )


def body_sentences(article):
    return list(article.sentences.filter(heading=False).order_by("ordinal"))


@pytest.mark.django_db
def test_only_a_queued_job_takes_a_rider(newsroom):
    waiting = Job.objects.filter(kind=JobKind.MATCH, newsroom=newsroom)
    assert not jobs.join_waiting_job(waiting)  # none at all
    job = Job.objects.create(newsroom=newsroom, kind=JobKind.MATCH)
    assert jobs.join_waiting_job(waiting)
    Job.objects.filter(pk=job.pk).update(state=JobState.RUNNING)
    assert not jobs.join_waiting_job(waiting)  # it may have read its input already
    Job.objects.filter(pk=job.pk).update(state=JobState.DONE)
    assert not jobs.join_waiting_job(waiting)


@pytest.mark.django_db
def test_a_burst_of_saves_on_one_article_is_checked_once(article, editor, admin_member):
    create_endpoint(
        newsroom=article.newsroom, admin=admin_member, url="https://cms.example/hook",
        events=READINESS,
    )  # fmt: skip
    first, second, third = body_sentences(article)[:3]
    for sentence in (first, second):
        set_verdict(sentence=sentence, editor=editor, verdict="verified", expected_version=0)
    submit(sentence=first, editor=editor)
    assert readiness_jobs(article) == ["queued"]
    # Once the worker has the job, the next change needs a job of its own.
    (pk,) = Job.objects.filter(kind=JobKind.WEBHOOK, params__readiness_of=article.pk).values_list(
        "pk", flat=True
    )
    assert jobs.claim_job(pk, kind=JobKind.WEBHOOK) is not None
    set_verdict(sentence=third, editor=editor, verdict="disputed", expected_version=0)
    assert readiness_jobs(article) == ["running", "queued"]


@pytest.mark.django_db
def test_readiness_checks_of_two_articles_do_not_share_a_job(article, editor):
    second_article, _job = import_article(
        newsroom=article.newsroom, title="Zweiter", text="Zweiter\n\nEin Satz.", language="de",
        imported_by=editor,
    )  # fmt: skip
    queue_readiness_check(article)
    queue_readiness_check(second_article)
    queue_readiness_check(article)
    assert readiness_jobs(article) == ["queued"] and readiness_jobs(second_article) == ["queued"]


@pytest.mark.django_db(transaction=True)
def test_a_claim_waits_until_the_riding_change_commits(newsroom):
    """The claim is made while the change's transaction is open: it must come after the commit,
    so the job reads the change (a look with ``exists()`` would let it run before)."""
    job = Job.objects.create(newsroom=newsroom, kind=JobKind.MATCH)
    order: list[str] = []
    claiming = threading.Event()

    def worker() -> None:
        try:
            claiming.set()
            claimed = jobs.claim_job(job.pk, kind=JobKind.MATCH)
            order.append("claimed" if claimed else "not claimed")
        finally:
            connection.close()

    with transaction.atomic():
        assert jobs.join_waiting_job(Job.objects.filter(pk=job.pk))
        thread = threading.Thread(target=worker)
        thread.start()
        claiming.wait(10)
        thread.join(1.0)  # a claim that did not wait would be done by now
        order.append("committed")
    thread.join(60)
    assert order == ["committed", "claimed"]
