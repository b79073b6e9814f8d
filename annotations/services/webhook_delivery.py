"""Delivering webhook events: the webhook job's handler, its retries and the sweeper's part.

Each delivery is POSTed through the guarded fetcher and nothing else (no private, loopback or
link-local target, no redirect followed, FACTCHECK_WEBHOOK_TIMEOUT, at most 64 KB of the answer
read and never kept). The body is signed: ``X-Webhook-Signature: sha256=<hex>``, the HMAC-SHA256
with the endpoint's secret over ``<X-Webhook-Timestamp>.<body>``; ``X-Webhook-Delivery`` stays
the same over the retries of one delivery.

A 2xx delivers. A 5xx, a timeout or a failed connection is tried again after an exponential
backoff with jitter, in a new job the broker holds back, up to FACTCHECK_WEBHOOK_MAX_ATTEMPTS; a
4xx, a redirect or a refused target is final at once. An endpoint whose last
FACTCHECK_WEBHOOK_DISABLE_AFTER deliveries all failed is switched off with the reason.

A delivery is claimed with a conditional update (pending and due -> sending, one more attempt),
so two jobs carrying it never post it twice; its outcome is written only under that claim. That
is what lets a job post the newsroom's other due deliveries too (``drain_due``): their own jobs
then find them claimed or delivered and do nothing.
"""

import hashlib
import hmac
import json
import random
import time
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from annotations.models import DeliveryState, Job, JobKind, WebhookDelivery, WebhookEndpoint

from .fetcher import FetchResult, FetchStatus, fetch
from .jobs import create_job
from .webhook_events import check_readiness

MAX_ANSWER_BYTES = 64 * 1024
CLIENT_NAME = "factcheck-workbench-webhooks/1.0"
_FINAL = frozenset((FetchStatus.BLOCKED, FetchStatus.UNSUPPORTED))
# Outcomes of ``deliver`` that say nothing against the endpoint.
_POSTED_WELL = frozenset((DeliveryState.DELIVERED, "skipped"))
# Due deliveries read at a time by ``drain_due``.
DRAIN_BATCH = 50


def sign(secret: str, timestamp: str, body: bytes) -> str:
    """``sha256=<hex>`` over ``<timestamp>.<body>``: what a receiver recomputes."""
    digest = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return f"sha256={digest.hexdigest()}"


def backoff(attempt: int) -> float:
    """Seconds to wait after failed attempt number ``attempt`` (1, 2, ...): doubling, plus up to
    25 % jitter so receivers coming back are not hit by every sender at once."""
    base = settings.FACTCHECK_WEBHOOK_BACKOFF_BASE * 2 ** (attempt - 1)
    return min(settings.FACTCHECK_WEBHOOK_BACKOFF_MAX, base) * (1 + random.uniform(0, 0.25))


def deliver_webhooks(job: Job) -> dict[str, Any]:
    """The webhook job: post each of its deliveries that is due; safe to run twice."""
    if "readiness_of" in job.params:  # a change that may have moved the article's readiness
        with transaction.atomic():
            reported = check_readiness(
                article_id=int(job.params["readiness_of"]), newsroom_id=job.newsroom_id
            )
        return {"readiness": reported}
    ids = [str(i) for i in job.params.get("deliveries", [])]
    outcomes: dict[str, str] = {}
    for delivery_id in ids:
        outcomes[delivery_id] = deliver(delivery_id, newsroom_id=job.newsroom_id)
    drained = drain_due(newsroom_id=job.newsroom_id, failed=_failed_endpoints(outcomes))
    return {"deliveries": outcomes, "drained": drained}


def _failed_endpoints(outcomes: dict[str, str]) -> set[int]:
    """The endpoints of the job's own deliveries that were posted and failed."""
    failed = [pk for pk, outcome in outcomes.items() if outcome not in _POSTED_WELL]
    if not failed:
        return set()
    return set(WebhookDelivery.objects.filter(pk__in=failed).values_list("endpoint_id", flat=True))


def drain_due(*, newsroom_id: int, failed: set[int] | None = None) -> int:
    """Post the newsroom's other due deliveries while this job's worker is at it, for up to
    FACTCHECK_WEBHOOK_DRAIN seconds: each delivery has a job of its own, but a worker that
    takes them one message at a time is held to the broker's pace (the filesystem broker's
    poll: five a second), so the first job of a burst posts the rest and their jobs find
    nothing left to do. An endpoint that failed in this job is left to its own jobs and their
    backoff, so a receiver that hangs does not hold up the others. Returns how many were
    posted."""
    budget = settings.FACTCHECK_WEBHOOK_DRAIN
    if budget <= 0:
        return 0
    skip = set(failed or ())
    deadline = time.monotonic() + budget
    posted = 0
    while time.monotonic() < deadline:
        due = list(
            WebhookDelivery.objects.filter(
                state=DeliveryState.PENDING,
                next_attempt_at__lte=timezone.now(),
                endpoint__newsroom_id=newsroom_id,
                endpoint__active=True,
            )
            .exclude(endpoint_id__in=skip)
            .order_by("next_attempt_at", "created_at")
            .values_list("pk", "endpoint_id")[:DRAIN_BATCH]
        )
        if not due:
            break
        for delivery_id, endpoint_id in due:
            if endpoint_id in skip:
                continue
            outcome = deliver(str(delivery_id), newsroom_id=newsroom_id)
            if outcome == "skipped":
                continue
            posted += 1
            if outcome != DeliveryState.DELIVERED:
                skip.add(endpoint_id)
            if time.monotonic() >= deadline:
                break
    return posted


def _claim(delivery_id: str, newsroom_id: int) -> WebhookDelivery | None:
    now = timezone.now()
    lease = now + timedelta(seconds=settings.FACTCHECK_WEBHOOK_TIMEOUT + 60)
    claimed = WebhookDelivery.objects.filter(
        pk=delivery_id,
        state=DeliveryState.PENDING,
        next_attempt_at__lte=now + timedelta(seconds=1),
        endpoint__newsroom_id=newsroom_id,
    ).update(state=DeliveryState.SENDING, attempts=F("attempts") + 1, lease_until=lease)
    if not claimed:
        return None
    return WebhookDelivery.objects.select_related("endpoint", "event").get(pk=delivery_id)


def deliver(delivery_id: str, *, newsroom_id: int) -> str:
    """Post one delivery if it is pending and due; returns what became of it ("skipped" when
    there was nothing to do)."""
    delivery = _claim(delivery_id, newsroom_id)
    if delivery is None:
        return "skipped"
    endpoint = delivery.endpoint
    if not endpoint.active:
        _finish(delivery, state=DeliveryState.FAILED, code=None, error="The endpoint is off.")
        return DeliveryState.FAILED
    result = _post(delivery)
    return _record(delivery, result)


def _post(delivery: WebhookDelivery) -> FetchResult:
    body = json.dumps(delivery.event.payload, separators=(",", ":"), sort_keys=True).encode()
    timestamp = str(int(time.time()))
    timeout = settings.FACTCHECK_WEBHOOK_TIMEOUT
    return fetch(
        delivery.endpoint.url,
        method="POST",
        body=body,
        headers={
            "User-Agent": CLIENT_NAME,
            "Content-Type": "application/json",
            "X-Webhook-Event": delivery.event.type,
            "X-Webhook-Delivery": str(delivery.pk),
            "X-Webhook-Timestamp": timestamp,
            "X-Webhook-Signature": sign(delivery.endpoint.secret, timestamp, body),
        },
        accept=None,
        max_redirects=0,
        max_bytes=MAX_ANSWER_BYTES,
        total_timeout=timeout,
        idle_timeout=timeout,
    )


def _retryable(result: FetchResult) -> bool:
    if result.status in _FINAL:
        return False
    code = result.http_status
    if code is None:  # no answer: a timeout or a failed connection
        return True
    return code >= 500


def _record(delivery: WebhookDelivery, result: FetchResult) -> str:
    code = result.http_status
    if code is not None and 200 <= code < 300:
        _finish(delivery, state=DeliveryState.DELIVERED, code=code, error="")
        if delivery.endpoint.failures_in_a_row:  # a write only when there is a count to clear
            WebhookEndpoint.objects.filter(pk=delivery.endpoint_id).update(failures_in_a_row=0)
        return DeliveryState.DELIVERED
    error = _words(result)
    if _retryable(result) and delivery.attempts < settings.FACTCHECK_WEBHOOK_MAX_ATTEMPTS:
        wait = backoff(delivery.attempts)
        if _finish(delivery, state=DeliveryState.PENDING, code=code, error=error, retry_in=wait):
            create_job(
                newsroom=delivery.endpoint.newsroom_id,
                kind=JobKind.WEBHOOK,
                params={"deliveries": [str(delivery.pk)]},
                countdown=wait,
            )
        return DeliveryState.PENDING
    if _retryable(result):
        error = f"Gave up after {delivery.attempts} attempts; the last: {error}"
    if _finish(delivery, state=DeliveryState.FAILED, code=code, error=error):
        _count_failure(delivery.endpoint_id, error)
    return DeliveryState.FAILED


def _words(result: FetchResult) -> str:
    """What went wrong, in our words (the fetcher's; never the receiver's body)."""
    if result.http_status is not None and 300 <= result.http_status < 400:
        return f"HTTP {result.http_status}: redirects are not followed"
    if result.http_status is not None:
        return f"HTTP {result.http_status}"
    return result.error or result.status.value


def _finish(
    delivery: WebhookDelivery,
    *,
    state: str,
    code: int | None,
    error: str,
    retry_in: float | None = None,
) -> bool:
    """Write this attempt's outcome, only while it still holds its claim."""
    now = timezone.now()
    entry = {"at": now.isoformat(), "code": code, "error": error[:300]}
    if retry_in is not None:
        entry["retry_in"] = round(retry_in, 3)  # type: ignore[assignment]  # seconds, a float
    fields: dict[str, Any] = {
        "state": state,
        "response_code": code,
        "error": error[:300],
        "last_attempt_at": now,
        "lease_until": None,
        "history": [*delivery.history, entry][-20:],
    }
    if retry_in is not None:
        fields["next_attempt_at"] = now + timedelta(seconds=retry_in)
    return bool(
        WebhookDelivery.objects.filter(
            pk=delivery.pk, state=DeliveryState.SENDING, attempts=delivery.attempts
        ).update(**fields)
    )


def _count_failure(endpoint_id: int, error: str) -> None:
    """One more failed delivery in a row; the endpoint is switched off at the limit."""
    WebhookEndpoint.objects.filter(pk=endpoint_id).update(
        failures_in_a_row=F("failures_in_a_row") + 1
    )
    limit = settings.FACTCHECK_WEBHOOK_DISABLE_AFTER
    reason = f"Switched off after {limit} failed deliveries in a row; the last: {error}"[:300]
    WebhookEndpoint.objects.filter(
        pk=endpoint_id, active=True, failures_in_a_row__gte=limit
    ).update(active=False, disabled_reason=reason)


def sweep_deliveries(*, now: Any = None) -> int:
    """Periodic: deliveries whose worker died are pending again; pending deliveries more than
    FACTCHECK_WEBHOOK_GRACE seconds overdue (their message was lost) get a job again. Returns
    how many deliveries were queued."""
    now = now or timezone.now()
    WebhookDelivery.objects.filter(state=DeliveryState.SENDING, lease_until__lt=now).update(
        state=DeliveryState.PENDING, next_attempt_at=now, lease_until=None
    )
    overdue = list(
        WebhookDelivery.objects.filter(
            state=DeliveryState.PENDING,
            next_attempt_at__lt=now - timedelta(seconds=settings.FACTCHECK_WEBHOOK_GRACE),
        ).values_list("pk", "endpoint__newsroom_id")[:500]
    )
    if not overdue:
        return 0
    # Due from now: the next round leaves them alone for another grace period.
    WebhookDelivery.objects.filter(pk__in=[pk for pk, _ in overdue]).update(next_attempt_at=now)
    by_newsroom: dict[int, list[str]] = {}
    for pk, newsroom_id in overdue:
        by_newsroom.setdefault(newsroom_id, []).append(str(pk))
    for newsroom_id, ids in by_newsroom.items():
        create_job(newsroom=newsroom_id, kind=JobKind.WEBHOOK, params={"deliveries": ids})
    return len(overdue)
