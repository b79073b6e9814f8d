"""A webhook job posts the newsroom's other due deliveries while it is at it (``drain_due``), so a
burst of events is not held to the broker's pace of one job message at a time; and what it leaves
alone: another newsroom's deliveries, those not due yet, and an endpoint that failed in the job."""

from datetime import timedelta

import pytest
from django.utils import timezone

from annotations.models import DeliveryState, Job, JobKind, JobState, WebhookDelivery
from annotations.services import jobs
from annotations.services.webhooks import create_endpoint, send_test_event
from tests.fetch_servers import serving
from tests.webhook_receiver import Receiver

pytestmark = pytest.mark.django_db


def _queued_webhook_jobs() -> list[int]:
    queued = Job.objects.filter(kind=JobKind.WEBHOOK, state=JobState.QUEUED).order_by("pk")
    return list(queued.values_list("pk", flat=True))


def _ping(newsroom, admin, url: str, count: int):
    endpoint = create_endpoint(
        newsroom=newsroom, admin=admin, url=url, events=["verdict.submitted"]
    ).endpoint
    for _ in range(count):
        send_test_event(endpoint=endpoint, admin=admin)
    return endpoint


def test_the_first_job_of_a_burst_posts_the_rest_once_and_their_jobs_find_nothing(
    settings, newsroom, admin_member
):
    receiver = Receiver()
    with serving({"/hook": receiver}) as server:
        settings.FACTCHECK_LINKCHECK_ALLOW = [f"127.0.0.1:{server.port}"]
        _ping(newsroom, admin_member, server.url("/hook"), 12)
        first, *rest = _queued_webhook_jobs()
        jobs.run_job(first, kind=JobKind.WEBHOOK)
        assert len(receiver.got) == 12
        assert Job.objects.get(pk=first).result["drained"] == 11
        for pk in rest:
            jobs.run_job(pk, kind=JobKind.WEBHOOK)
    assert len(receiver.got) == 12
    assert len({r.headers["X-Webhook-Delivery"] for r in receiver.got}) == 12
    assert set(WebhookDelivery.objects.values_list("state", flat=True)) == {"delivered"}
    assert all(Job.objects.get(pk=pk).result["drained"] == 0 for pk in rest)


def test_with_no_drain_time_a_job_posts_only_its_own(settings, newsroom, admin_member):
    settings.FACTCHECK_WEBHOOK_DRAIN = 0
    receiver = Receiver()
    with serving({"/hook": receiver}) as server:
        settings.FACTCHECK_LINKCHECK_ALLOW = [f"127.0.0.1:{server.port}"]
        _ping(newsroom, admin_member, server.url("/hook"), 3)
        jobs.run_job(_queued_webhook_jobs()[0], kind=JobKind.WEBHOOK)
    assert len(receiver.got) == 1
    assert WebhookDelivery.objects.filter(state=DeliveryState.PENDING).count() == 2


def test_another_newsrooms_and_not_yet_due_deliveries_are_left_alone(
    settings, newsroom, admin_member, other_newsroom, outsider
):
    ours, theirs = Receiver(), Receiver()
    with serving({"/ours": ours, "/theirs": theirs}) as server:
        settings.FACTCHECK_LINKCHECK_ALLOW = [f"127.0.0.1:{server.port}"]
        _ping(other_newsroom, outsider, server.url("/theirs"), 2)
        endpoint = _ping(newsroom, admin_member, server.url("/ours"), 3)
        later = WebhookDelivery.objects.filter(endpoint=endpoint).order_by("created_at").last()
        WebhookDelivery.objects.filter(pk=later.pk).update(
            next_attempt_at=timezone.now() + timedelta(minutes=5)
        )
        ours_first = Job.objects.filter(kind=JobKind.WEBHOOK, newsroom=newsroom).order_by("pk")[0]
        jobs.run_job(ours_first.pk, kind=JobKind.WEBHOOK)
    assert len(ours.got) == 2 and theirs.got == []
    assert WebhookDelivery.objects.get(pk=later.pk).state == DeliveryState.PENDING
    their_states = WebhookDelivery.objects.filter(endpoint__newsroom=other_newsroom)
    assert set(their_states.values_list("state", flat=True)) == {"pending"}


def test_an_endpoint_that_fails_in_the_job_is_left_to_its_backoff(settings, newsroom, admin_member):
    failing, working = Receiver(statuses=[500]), Receiver()
    with serving({"/failing": failing, "/working": working}) as server:
        settings.FACTCHECK_LINKCHECK_ALLOW = [f"127.0.0.1:{server.port}"]
        bad = _ping(newsroom, admin_member, server.url("/failing"), 3)
        _ping(newsroom, admin_member, server.url("/working"), 3)
        jobs.run_job(_queued_webhook_jobs()[0], kind=JobKind.WEBHOOK)  # the failing one's first
    assert len(failing.got) == 1, "one failure is enough: the rest wait for their own jobs"
    assert len(working.got) == 3
    untried = WebhookDelivery.objects.filter(endpoint=bad, attempts=0)
    assert untried.count() == 2 and set(untried.values_list("state", flat=True)) == {"pending"}
