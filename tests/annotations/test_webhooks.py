"""Webhook events and their delivery, run in the test process against local receivers: the
signature, retries with growing waits, no retry on a 4xx, timeouts, refused targets, tenants."""

import time

import pytest
from django.db import transaction

from annotations.models import (
    DeliveryState,
    Job,
    JobKind,
    JobState,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)
from annotations.services import jobs
from annotations.services.errors import InvalidInput
from annotations.services.review import submit
from annotations.services.verdicts import set_verdict
from annotations.services.webhook_delivery import sweep_deliveries
from annotations.services.webhooks import create_endpoint, redeliver, send_test_event
from tests.fetch_servers import redirect, serving
from tests.webhook_receiver import Receiver

pytestmark = pytest.mark.django_db

SUBMITTED = ["verdict.submitted"]


def run_webhook_jobs() -> int:
    """Run the queued webhook jobs here, as a worker would, and the ones they queue (a
    readiness check queues the delivery of what it found); how many ran."""
    ran = 0
    queued = Job.objects.filter(kind=JobKind.WEBHOOK, state=JobState.QUEUED)
    while pending := list(queued.values_list("pk", flat=True)):
        for pk in pending:
            jobs.run_job(pk, kind=JobKind.WEBHOOK)
            ran += 1
    return ran


def allow(settings, server) -> None:
    settings.FACTCHECK_LINKCHECK_ALLOW = [f"127.0.0.1:{server.port}"]


def submitted_verdict(article, editor):
    sentence = article.sentences.filter(heading=False).order_by("ordinal")[2]
    set_verdict(sentence=sentence, editor=editor, verdict="verified", expected_version=0)
    return submit(sentence=sentence, editor=editor)


def endpoint_for(newsroom, admin, url, events=SUBMITTED):
    return create_endpoint(newsroom=newsroom, admin=admin, url=url, events=events)


def test_a_submitted_verdict_arrives_once_signed_and_in_the_stable_shape(
    settings, article, editor, admin_member
):
    receiver = Receiver()
    with serving({"/hook": receiver}) as server:
        allow(settings, server)
        created = endpoint_for(article.newsroom, admin_member, server.url("/hook"))
        annotation = submitted_verdict(article, editor)
        assert run_webhook_jobs() == 1
    assert len(receiver.got) == 1
    got = receiver.got[0]
    assert got.signed_with(created.secret) and not got.signed_with("another secret of 32 chars")
    delivery = WebhookDelivery.objects.get()
    assert got.headers["X-Webhook-Delivery"] == str(delivery.pk)
    assert got.headers["X-Webhook-Event"] == "verdict.submitted"
    event = got.event
    assert set(event) == {
        "id", "type", "created_at", "newsroom", "article", "sentence", "review", "api_url", "data"
    }  # fmt: skip
    assert event["id"] == str(delivery.event_id) and event["newsroom"] == article.newsroom_id
    assert event["article"] == {"id": article.pk, "version": 1}
    assert event["sentence"] == annotation.sentence_id
    assert event["review"] == {"verdict": "verified", "state": "submitted", "ready": None}
    assert event["api_url"].endswith(f"/api/sentences/{annotation.sentence_id}/annotation/")
    assert delivery.state == DeliveryState.DELIVERED and delivery.response_code == 200
    assert delivery.attempts == 1


def test_no_endpoint_means_no_event_rows(article, editor):
    submitted_verdict(article, editor)
    assert not WebhookEvent.objects.exists() and not Job.objects.filter(kind="webhook").exists()


def test_a_change_that_rolls_back_takes_its_event_with_it(article, editor, admin_member):
    endpoint_for(article.newsroom, admin_member, "https://hooks.example.org/in")
    sentence = article.sentences.filter(heading=False).order_by("ordinal")[2]
    set_verdict(sentence=sentence, editor=editor, verdict="verified", expected_version=0)
    with pytest.raises(RuntimeError), transaction.atomic():
        submit(sentence=sentence, editor=editor)
        assert WebhookEvent.objects.count() == 1
        raise RuntimeError("the change fails after its event was written")
    assert not WebhookEvent.objects.exists() and not WebhookDelivery.objects.exists()


def test_500_twice_then_200_takes_three_attempts_with_growing_waits(
    settings, article, editor, admin_member
):
    settings.FACTCHECK_WEBHOOK_BACKOFF_BASE = 0.3
    receiver = Receiver(statuses=[500, 500, 200])
    with serving({"/hook": receiver}) as server:
        allow(settings, server)
        endpoint_for(article.newsroom, admin_member, server.url("/hook"))
        submitted_verdict(article, editor)
        deadline = time.monotonic() + 60
        while len(receiver.got) < 3 and time.monotonic() < deadline:
            run_webhook_jobs()
            time.sleep(0.05)
    delivery = WebhookDelivery.objects.get()
    assert delivery.state == DeliveryState.DELIVERED and delivery.attempts == 3
    assert [h["code"] for h in delivery.history] == [500, 500, 200]
    waits = [h["retry_in"] for h in delivery.history[:2]]
    assert 0.3 <= waits[0] <= 0.375 and 0.6 <= waits[1] <= 0.75  # doubling, up to 25 % jitter
    gaps = [b.at - a.at for a, b in zip(receiver.got, receiver.got[1:], strict=False)]
    assert gaps[0] >= waits[0] - 1.0 and gaps[1] >= waits[1] - 1.0  # never sooner than planned
    assert len({r.headers["X-Webhook-Delivery"] for r in receiver.got}) == 1


def test_a_410_is_not_retried(settings, article, editor, admin_member):
    settings.FACTCHECK_WEBHOOK_BACKOFF_BASE = 0.01
    receiver = Receiver(statuses=[410])
    with serving({"/hook": receiver}) as server:
        allow(settings, server)
        endpoint_for(article.newsroom, admin_member, server.url("/hook"))
        submitted_verdict(article, editor)
        run_webhook_jobs()
        time.sleep(0.1)
        assert run_webhook_jobs() == 0
    delivery = WebhookDelivery.objects.get()
    assert len(receiver.got) == 1
    assert delivery.state == DeliveryState.FAILED and delivery.response_code == 410


def test_a_slow_receiver_times_out_and_is_tried_again_later(
    settings, article, editor, admin_member
):
    settings.FACTCHECK_WEBHOOK_TIMEOUT = 0.5
    receiver = Receiver(delay=5)
    with serving({"/hook": receiver}) as server:
        allow(settings, server)
        endpoint_for(article.newsroom, admin_member, server.url("/hook"))
        submitted_verdict(article, editor)
        started = time.monotonic()
        run_webhook_jobs()
        took = time.monotonic() - started
    delivery = WebhookDelivery.objects.get()
    assert delivery.state == DeliveryState.PENDING and delivery.attempts == 1
    assert delivery.response_code is None and "0.5 s" in delivery.error
    assert took < 5, "the fetch must stop at the timeout, not wait for the answer"


def test_loopback_without_the_test_setting_gets_no_connection(
    settings, article, editor, admin_member
):
    settings.FACTCHECK_LINKCHECK_ALLOW = []
    with serving({"/hook": Receiver()}) as canary:
        endpoint_for(article.newsroom, admin_member, f"http://localhost:{canary.port}/hook")
        submitted_verdict(article, editor)
        run_webhook_jobs()
        assert canary.connections == 0
    delivery = WebhookDelivery.objects.get()
    assert delivery.state == DeliveryState.FAILED and delivery.attempts == 1
    assert delivery.response_code is None and delivery.error


def test_a_redirect_to_a_private_target_is_not_followed(settings, article, editor, admin_member):
    with serving({"/hook": Receiver()}) as canary:
        with serving({"/hook": redirect(canary.url("/hook"), status=307)}) as bouncer:
            allow(settings, bouncer)  # the bouncer is allowed, the canary behind it is not
            endpoint_for(article.newsroom, admin_member, bouncer.url("/hook"))
            submitted_verdict(article, editor)
            run_webhook_jobs()
            assert bouncer.connections == 1
        assert canary.connections == 0
    delivery = WebhookDelivery.objects.get()
    assert delivery.state == DeliveryState.FAILED and delivery.response_code == 307
    assert "redirects are not followed" in delivery.error


@pytest.mark.parametrize(
    "url", ["http://10.1.2.3/hook", "http://127.0.0.1/hook", "http://[fe80::1]/", "ftp://x.org/"]
)
def test_a_private_or_odd_url_is_refused_at_registration(newsroom, admin_member, url):
    with pytest.raises(InvalidInput) as refused:
        endpoint_for(newsroom, admin_member, url)
    assert refused.value.field == "url"
    assert not WebhookEndpoint.objects.exists()


def test_unknown_or_no_events_are_refused(newsroom, admin_member):
    for events in ([], ["verdict.deleted"], "verdict.submitted"):
        with pytest.raises(InvalidInput) as refused:
            endpoint_for(newsroom, admin_member, "https://hooks.example.org/", events)
        assert refused.value.field == "events"


def test_another_newsrooms_endpoint_never_receives_anything(
    settings, article, editor, admin_member, other_newsroom, outsider
):
    ours, theirs = Receiver(), Receiver()
    with serving({"/ours": ours, "/theirs": theirs}) as server:
        allow(settings, server)
        endpoint_for(article.newsroom, admin_member, server.url("/ours"))
        every = [
            "article.imported", "article.pretagged", "article.ready", "article.not_ready",
            "verdict.submitted", "verdict.approved", "verdict.changes_requested",
            "article.version_added",
        ]  # fmt: skip
        endpoint_for(other_newsroom, outsider, server.url("/theirs"), every)
        submitted_verdict(article, editor)
        run_webhook_jobs()
    assert len(ours.got) == 1 and theirs.got == []


def test_an_endpoint_that_keeps_failing_is_switched_off_with_the_reason(
    settings, article, editor, admin_member
):
    settings.FACTCHECK_WEBHOOK_DISABLE_AFTER = 2
    receiver = Receiver(statuses=[400])
    with serving({"/hook": receiver}) as server:
        allow(settings, server)
        endpoint = endpoint_for(article.newsroom, admin_member, server.url("/hook")).endpoint
        for _ in range(3):
            send_test_event(endpoint=endpoint, admin=admin_member)
            run_webhook_jobs()
    endpoint.refresh_from_db()
    assert not endpoint.active and "2 failed deliveries in a row" in endpoint.disabled_reason
    assert "HTTP 400" in endpoint.disabled_reason
    assert len(receiver.got) == 2  # the third test event found the endpoint off
    assert WebhookDelivery.objects.filter(error="The endpoint is off.").count() == 1


def test_redeliver_sends_the_same_event_under_a_new_delivery_id(
    settings, article, editor, admin_member
):
    receiver = Receiver()
    with serving({"/hook": receiver}) as server:
        allow(settings, server)
        endpoint = endpoint_for(article.newsroom, admin_member, server.url("/hook")).endpoint
        first = send_test_event(endpoint=endpoint, admin=admin_member)
        run_webhook_jobs()
        first.refresh_from_db()
        again = redeliver(delivery=first, admin=admin_member)
        run_webhook_jobs()
    assert [r.event["type"] for r in receiver.got] == ["ping", "ping"]
    assert receiver.got[0].event["id"] == receiver.got[1].event["id"]
    assert receiver.got[1].headers["X-Webhook-Delivery"] == str(again.pk) != str(first.pk)


def test_a_pending_delivery_whose_message_was_lost_is_queued_again(
    settings, article, editor, admin_member
):
    settings.FACTCHECK_WEBHOOK_GRACE = 0
    endpoint_for(article.newsroom, admin_member, "https://hooks.example.org/in")
    submitted_verdict(article, editor)
    Job.objects.filter(kind=JobKind.WEBHOOK).delete()  # the job and its message are gone
    time.sleep(0.01)
    assert sweep_deliveries() == 1
    assert Job.objects.filter(kind=JobKind.WEBHOOK, state=JobState.QUEUED).count() == 1
    settings.FACTCHECK_WEBHOOK_GRACE = 60
    assert sweep_deliveries() == 0  # now due from the sweep: left alone for a grace period


def test_a_delivered_event_clears_the_failure_count(settings, article, editor, admin_member):
    receiver = Receiver(statuses=[400, 200])
    with serving({"/hook": receiver}) as server:
        allow(settings, server)
        endpoint = endpoint_for(article.newsroom, admin_member, server.url("/hook")).endpoint
        send_test_event(endpoint=endpoint, admin=admin_member)
        run_webhook_jobs()
        endpoint.refresh_from_db()
        assert endpoint.failures_in_a_row == 1
        send_test_event(endpoint=endpoint, admin=admin_member)
        run_webhook_jobs()
    endpoint.refresh_from_db()
    assert endpoint.failures_in_a_row == 0 and endpoint.active
