"""Webhook events delivered by a real worker process to a local receiver."""

import datetime
import os
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Callable

import pytest

from annotations.models import Job, JobKind, Role, WebhookDelivery, WebhookEvent
from annotations.services.articles import import_article
from annotations.services.attribution_checks import set_attribution_check
from annotations.services.review import approve, request_changes, submit
from annotations.services.verdicts import set_verdict
from annotations.services.versions import import_version
from annotations.services.webhooks import EVENT_TYPES, create_endpoint, send_test_event
from annotations.tasks import sweep_jobs
from tests.conftest import ROOT, subprocess_env, wait_for, worker_report
from tests.factories import member
from tests.fetch_servers import serving
from tests.webhook_receiver import Receiver

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

TEXT = (
    "Die Stadt hat am Montag mitgeteilt, dass 3000 Menschen an der Versammlung teilgenommen "
    "haben.\n\nDer Bürgermeister sagte, die Arbeitslosigkeit sei im Jahr 2023 um 12 Prozent "
    "gesunken.\n"
)
RECEIVERS = {"/all": Receiver(), "/flaky": Receiver(statuses=[500, 500, 200]), "/in": Receiver()}


@pytest.fixture(scope="module")
def site():
    """The receivers; their port reaches the worker through its environment."""
    with serving(RECEIVERS) as server:
        extra = {
            "FACTCHECK_LINKCHECK_ALLOW": f"127.0.0.1:{server.port}",
            "FACTCHECK_WEBHOOK_BACKOFF_BASE": "0.5",
            # The receiver answers at once; a post that still takes this long is a stalled
            # machine, and its retry would post the delivery again.
            "FACTCHECK_WEBHOOK_TIMEOUT": "30",
        }
        saved = {k: os.environ.get(k) for k in extra}
        os.environ.update(extra)
        yield server
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@pytest.fixture(scope="module")
def worker_process(site, worker_process):
    return worker_process  # started after the site, so it inherits its settings


@pytest.fixture
def allowed(settings, site):
    settings.FACTCHECK_LINKCHECK_ALLOW = [f"127.0.0.1:{site.port}"]
    return site


def _job_done(article_id: int) -> bool:
    """Pre-tagging of the article ran, and none of its pre-tagging jobs still waits or runs."""
    jobs = Job.objects.filter(article_id=article_id, kind=JobKind.PRETAG)
    return (
        jobs.filter(state="done").exists()
        and not jobs.filter(state__in=["queued", "running"]).exists()
    )


def _settled() -> bool:
    return not WebhookDelivery.objects.filter(state__in=["pending", "sending"]).exists()


def _written(event_type: str) -> bool:
    return WebhookEvent.objects.filter(type=event_type).exists()


def _arrived(receiver: Receiver) -> set[str]:
    """The deliveries the receiver got, each once (a retry posts its delivery id again)."""
    return {r.headers["X-Webhook-Delivery"] for r in list(receiver.got)}


def _every_event_arrived(receiver: Receiver) -> bool:
    return len(_arrived(receiver)) == WebhookEvent.objects.count()


def _delivery_report(receiver: Receiver) -> Callable[[], str]:
    def report() -> str:
        rows = WebhookDelivery.objects.order_by("created_at").values_list(
            "event__type", "state", "attempts", "history"
        )
        lines = [f"{t}: {state}, {n} attempt(s), {h}" for t, state, n, h in rows]
        received = f"received {sorted(receiver.types())}; deliveries:"
        return "\n".join([received, *lines, worker_report()])

    return report


def _readiness_checked() -> bool:
    return not Job.objects.filter(
        kind=JobKind.WEBHOOK, params__has_key="readiness_of", state__in=["queued", "running"]
    ).exists()


def test_every_event_type_arrives_once_with_a_valid_signature(
    worker_process, allowed, newsroom, editor, reviewer, admin_member
):
    receiver = RECEIVERS["/all"]
    secret = create_endpoint(
        newsroom=newsroom, admin=admin_member, url=allowed.url("/all"), events=EVENT_TYPES
    ).secret
    article, _job = import_article(
        newsroom=newsroom, title="Webhooks", text=TEXT, language="de",
        published_at=datetime.date(2024, 11, 30), imported_by=editor,
    )  # fmt: skip
    wait_for(lambda: _job_done(article.pk), timeout=120, failure="pre-tagging did not finish")
    claims = list(article.sentences.filter(heading=False, pretag__claim=True).order_by("ordinal"))
    assert claims, "the text must have a check-worthy sentence"
    for sentence in claims:
        set_verdict(sentence=sentence, editor=editor, verdict="unverified", expected_version=0)
        # Both sentences attribute what they say: readiness wants their attribution checked.
        set_attribution_check(
            sentence=sentence, editor=editor, result="confirmed", source="Die Stadt"
        )
        submit(sentence=sentence, editor=editor)
        approve(sentence=sentence, reviewer=reviewer)
    # Readiness is looked at by a job after each change: let it see the article ready.
    wait_for(lambda: _written("article.ready"), timeout=120, failure="no article.ready")
    request_changes(sentence=claims[0], reviewer=reviewer, comment="Name the source.")
    wait_for(lambda: _written("article.not_ready"), timeout=120, failure="no article.not_ready")
    import_version(article=article, text=TEXT + "\nEin neuer Absatz.\n", imported_by=editor)
    wait_for(lambda: _job_done(article.pk) and _settled() and _readiness_checked(), timeout=120)
    report = _delivery_report(receiver)
    wait_for(lambda: _every_event_arrived(receiver), timeout=60, failure=report)

    assert set(receiver.types()) == set(EVENT_TYPES)
    written = Counter(WebhookEvent.objects.values_list("type", flat=True))
    assert Counter(receiver.types()) == written, report()  # each once, none lost, none doubled
    assert written["article.ready"] == 1 and written["article.not_ready"] == 1
    assert len(_arrived(receiver)) == len(receiver.got)
    assert all(r.signed_with(secret) for r in receiver.got)


def test_500_twice_then_200_gets_three_attempts_with_growing_waits(
    worker_process, allowed, newsroom, admin_member
):
    receiver = RECEIVERS["/flaky"]
    endpoint = create_endpoint(
        newsroom=newsroom, admin=admin_member, url=allowed.url("/flaky"), events=EVENT_TYPES
    ).endpoint
    delivery = send_test_event(endpoint=endpoint, admin=admin_member)
    wait_for(lambda: WebhookDelivery.objects.get(pk=delivery.pk).state == "delivered", timeout=90)
    delivery.refresh_from_db()
    assert delivery.attempts == 3 and [h["code"] for h in delivery.history] == [500, 500, 200]
    first, second = (h["retry_in"] for h in delivery.history[:2])
    assert 0.5 <= first <= 0.625 < 1.0 <= second <= 1.25
    times = [r.at for r in receiver.got]
    assert len(times) == 3
    # The broker holds each retry back for its wait; it never comes sooner (0.1 s clock slack).
    assert times[1] - times[0] >= first - 0.1 and times[2] - times[1] >= second - 0.1


def test_an_event_written_while_the_broker_is_down_arrives_once_it_is_back(
    worker_process, allowed, newsroom, admin_member, tmp_path
):
    """The import runs in a process whose broker does not answer: the change commits with its
    outbox row and webhook job; the sweeper sends the job once a broker answers."""
    receiver = RECEIVERS["/in"]
    member(newsroom, Role.EDITOR, "importer")
    create_endpoint(
        newsroom=newsroom, admin=admin_member, url=allowed.url("/in"), events=["article.imported"]
    )
    seed = tmp_path / "broker-down.txt"
    seed.write_text(TEXT, encoding="utf-8")
    result = subprocess.run(
        [
            sys.executable, "manage.py", "import_article", str(seed),
            "--title", "Broker down", "--language", "de", "--newsroom", newsroom.name,
        ],
        cwd=ROOT,
        env=subprocess_env(CELERY_BROKER_URL="redis://127.0.0.1:1/0"),
        capture_output=True,
        text=True,
        timeout=90,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    event = WebhookEvent.objects.get(type="article.imported")
    job = Job.objects.get(kind=JobKind.WEBHOOK)
    assert job.state == "queued" and job.dispatched_at is None
    assert receiver.got == []
    time.sleep(2.1)  # the sweeper leaves jobs younger than 2 s to their own dispatch
    assert sweep_jobs()["dispatched"] >= 1
    wait_for(lambda: len(receiver.got) == 1, timeout=90, failure="the event never arrived")
    assert receiver.got[0].event["id"] == str(event.pk)
