"""Webhook events, written by the services whose change they report, in that change's transaction.

Each event is one outbox row (``WebhookEvent``) plus one delivery row per active endpoint of the
newsroom that subscribed to its type, and one webhook job that is sent after commit. A change
that rolls back takes its event with it; a change that commits keeps its event even when the
broker does not answer (the job stays queued and the sweeper sends it). With no endpoint
subscribed, an event costs one read and writes nothing.

``article.ready`` and ``article.not_ready`` report changes of the readiness selector's answer:
the answer last reported is kept per article (``WebhookReadiness``), and only while some endpoint
of the newsroom wants either event; readiness is not computed otherwise. The change itself only
queues a webhook job that looks (``check_readiness``): working out an article's readiness takes
longer than a verdict save, and the save must not wait for it. The job row is written in the
change's transaction, so a lost broker message is sent again by the sweeper like any other.
"""

from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Subquery
from django.utils import timezone

from annotations.models import (
    Annotation,
    Article,
    ArticleVersion,
    DeliveryState,
    JobKind,
    JobState,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
    WebhookEventType,
    WebhookReadiness,
)
from annotations.selectors.readiness import get_article_readiness

from .jobs import create_job

READINESS_EVENTS = (WebhookEventType.ARTICLE_READY, WebhookEventType.ARTICLE_NOT_READY)


class Subscribed(dict[str, list[int]]):
    """The active endpoints per event type; ``stored_ready`` is the article's readiness as last
    reported (None: never), read in the same query."""

    stored_ready: bool | None = None


def _subscribed(
    newsroom_id: int, types: tuple[str, ...], article_id: int | None = None
) -> Subscribed:
    """The active endpoints of the newsroom per event type asked about, in one query."""
    wanted = Subscribed()
    rows = WebhookEndpoint.objects.filter(newsroom_id=newsroom_id, active=True)
    if article_id is not None:
        stored = WebhookReadiness.objects.filter(article_id=article_id).values("ready")[:1]
        rows = rows.annotate(stored_ready=Subquery(stored))
    for row in rows.values("pk", "events", *(["stored_ready"] if article_id else [])):
        wanted.stored_ready = row.get("stored_ready")
        for event_type in types:
            if event_type in (row["events"] or []):
                wanted.setdefault(event_type, []).append(row["pk"])
    return wanted


def api_url(path: str) -> str:
    return f"{settings.FACTCHECK_PUBLIC_URL}{path}"


def payload(
    *,
    event_id: str,
    event_type: str,
    newsroom_id: int,
    article: Article | None = None,
    annotation: Annotation | None = None,
    ready: bool | None = None,
    data: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The body every event has, whatever its type: the same keys, null where they do not apply."""
    version = None
    if article is not None and article.current_version_id:
        version = (
            ArticleVersion.objects.filter(pk=article.current_version_id)
            .values_list("number", flat=True)
            .first()
        )
    sentence_id = annotation.sentence_id if annotation is not None else None
    if sentence_id is not None:
        link = api_url(f"/api/sentences/{sentence_id}/annotation/")
    elif article is not None:
        link = api_url(f"/api/articles/{article.pk}/status/")
    else:
        link = api_url("/api/webhooks/")
    return {
        "id": event_id,
        "type": event_type,
        "created_at": timezone.now().isoformat(),
        "newsroom": newsroom_id,
        "article": None if article is None else {"id": article.pk, "version": version},
        "sentence": sentence_id,
        "review": {
            "verdict": annotation.verdict if annotation is not None else None,
            "state": annotation.review_state if annotation is not None else None,
            "ready": ready,
        },
        "api_url": link,
        "data": data or {},
    }


def write_event(
    *, newsroom_id: int, event_type: str, endpoint_ids: list[int], **fields: Any
) -> WebhookEvent:
    """The outbox row, its deliveries and the job that sends them (after commit)."""
    event = WebhookEvent(newsroom_id=newsroom_id, type=event_type)
    event.payload = payload(
        event_id=str(event.pk), event_type=event_type, newsroom_id=newsroom_id, **fields
    )
    event.save(force_insert=True)
    now = timezone.now()
    deliveries = WebhookDelivery.objects.bulk_create(
        [
            WebhookDelivery(
                endpoint_id=pk, event=event, state=DeliveryState.PENDING, next_attempt_at=now
            )
            for pk in endpoint_ids
        ]
    )
    create_job(
        newsroom=newsroom_id,
        kind=JobKind.WEBHOOK,
        params={"deliveries": [str(d.pk) for d in deliveries]},
        in_background=True,
    )
    return event


def emit(
    event_type: WebhookEventType,
    *,
    newsroom_id: int,
    article: Article | None = None,
    annotation: Annotation | None = None,
    data: dict[str, Any] | None = None,
) -> WebhookEvent | None:
    """Record one event for the endpoints that want it; None when none does. Call it inside
    the transaction of the change."""
    endpoints = _subscribed(newsroom_id, (event_type,)).get(event_type)
    if not endpoints:
        return None
    return write_event(
        newsroom_id=newsroom_id,
        event_type=event_type,
        endpoint_ids=endpoints,
        article=article,
        annotation=annotation,
        data=data,
    )


def note_readiness(*, article: Article, wanted: Subscribed | None = None) -> WebhookEvent | None:
    """Emit ``article.ready`` / ``article.not_ready`` when the article's readiness changed since
    it was last reported; call it inside the transaction of any change that can move readiness.
    ``wanted``: the endpoints per type (with the stored readiness), when the caller read them.
    Unchanged readiness costs one read and writes nothing."""
    if wanted is None:
        wanted = _subscribed(article.newsroom_id, READINESS_EVENTS, article.pk)
    if not any(wanted.get(t) for t in READINESS_EVENTS):
        return None
    ready = get_article_readiness(article=article)["ready"]
    stored = wanted.stored_ready
    if stored is None:  # first report: a new article counts as not ready
        _state, created = WebhookReadiness.objects.get_or_create(
            article=article, defaults={"ready": ready}
        )
        if not (created and ready):
            return None
    # Otherwise one conditional write decides, so two concurrent changes report it once.
    elif stored == ready or not WebhookReadiness.objects.filter(
        article=article, ready=stored
    ).update(ready=ready):
        return None
    event_type = WebhookEventType.ARTICLE_READY if ready else WebhookEventType.ARTICLE_NOT_READY
    endpoints = wanted.get(event_type)
    if not endpoints:
        return None
    return write_event(
        newsroom_id=article.newsroom_id,
        event_type=event_type,
        endpoint_ids=endpoints,
        article=article,
        ready=ready,
    )


def article_changed(
    event_type: WebhookEventType | None,
    *,
    article: Article,
    annotation: Annotation | None = None,
    data: dict[str, Any] | None = None,
) -> None:
    """Something happened to an article or one of its verdicts: its event (if any), then a
    readiness transition (if any). One read when no endpoint wants either; call it inside the
    transaction of the change."""
    types = (*READINESS_EVENTS, event_type) if event_type is not None else READINESS_EVENTS
    wanted = _subscribed(article.newsroom_id, types, article.pk)
    if not wanted:
        return
    if event_type is not None and wanted.get(event_type):
        write_event(
            newsroom_id=article.newsroom_id,
            event_type=event_type,
            endpoint_ids=wanted[event_type],
            article=article,
            annotation=annotation,
            data=data,
        )
    if any(wanted.get(t) for t in READINESS_EVENTS):
        queue_readiness_check(article)


# Some active endpoint wants to hear of readiness changes: over ``endpoint``, an alias of
# annotations_webhookendpoint, with READINESS_WANTED_PARAMS. The events are a JSON list of
# type names, so each name, quotes included, is a substring of its text on either database.
READINESS_WANTED_SQL = (
    "endpoint.active AND (CAST(endpoint.events AS TEXT) LIKE %s"
    " OR CAST(endpoint.events AS TEXT) LIKE %s)"
)
READINESS_WANTED_PARAMS = tuple(f'%"{t.value}"%' for t in READINESS_EVENTS)
# Written by hand, as the save's other statements: it runs on a save whenever an endpoint wants
# readiness, and Django takes longer to compile it than the database takes to answer. The no-op
# update of a waiting job is ``jobs.join_waiting_job``'s.
_JOIN_READINESS_SQL = (
    "UPDATE annotations_job SET params = params WHERE article_id = %s AND kind = %s AND state = %s"
)


def queue_readiness_check(article: Article | int, *, newsroom_id: int | None = None) -> None:
    """Queue the job that reports a readiness transition of ``article``, unless one for it still
    waits: a burst of saves on one article is then checked once, after the last of them that
    came before the job started. The job row names the article (``article_id``), so the waiting
    one is found by an index; ``newsroom_id`` is needed when only the article's id is given."""
    if isinstance(article, Article):
        article_id, newsroom_id = article.pk, article.newsroom_id
    else:
        article_id = article
    assert newsroom_id is not None
    with connection.cursor() as cursor:
        cursor.execute(_JOIN_READINESS_SQL, [article_id, JobKind.WEBHOOK, JobState.QUEUED])
        if cursor.rowcount:
            return
    create_job(
        newsroom=newsroom_id,
        kind=JobKind.WEBHOOK,
        article=article_id,
        params={"readiness_of": article_id},
        in_background=True,
    )


def check_readiness(*, article_id: int, newsroom_id: int) -> str | None:
    """The webhook job's half for readiness: report a transition since the last report; the
    event's type, or None when readiness did not move (or the article is gone)."""
    article = Article.objects.filter(pk=article_id, newsroom_id=newsroom_id).first()
    if article is None:
        return None
    event = note_readiness(article=article)
    return event.type if event is not None else None
