"""Checking evidence links: queued after a verdict save, run as link-check jobs, and queued
again once a check is older than FACTCHECK_LINKCHECK_MAX_AGE_DAYS, so link rot shows up.

A check goes through the guarded fetcher and nothing else (``fetcher.fetch``), at most one fetch
per host every FACTCHECK_LINKCHECK_HOST_INTERVAL seconds across all workers (a slot in the cache).
It records the status, HTTP status, final URL and time; the page's title, site name and date
where the editor left those fields empty; whether the quoted excerpt is on the page, and
whether the sentence's attributed words are (``quote_match``: the attribution's "found on the
page"), each with the page's matching passage; and the main text as a snapshot when it differs
from the latest one (``changed_at`` marks the first check that found the text changed).

Its write is conditional on the evidence still having the URL that was checked, so a check that
an edit overtook writes nothing. Rot history: a fetched page sets ``link_first_ok_at`` once and
clears ``link_broken_since``; a failed fetch sets ``link_broken_since`` once. ``blocked`` and
``unsupported`` are our refusals, not the source's rot, and leave the history alone; a failed
fetch keeps the excerpt match of the last page read (its snapshot is still what it said).
"""

import hashlib
import math
import time
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import transaction
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from annotations.models import Evidence, EvidenceSnapshot, Job, JobKind, LinkStatus, Role

from .access import require_role
from .attributed_words import attributed_words
from .fetcher import FetchResult, FetchStatus, fetch
from .jobs import create_job, fenced_write, report_progress
from .page_reading import PageFacts, excerpt_match, matching_passage, read_page

# Not rot: the fetcher refused the target, or a check that could not run.
_NOT_ROT = frozenset((FetchStatus.BLOCKED, FetchStatus.UNSUPPORTED))
# A check queued this long ago that has not run (its job failed or was lost) is queued again.
REQUEUE_AFTER = timedelta(hours=1)
STALE_BATCH = 10  # small jobs: a worker thread that also pre-tags is soon free again


def queue_link_checks(
    *,
    evidence_ids: list[int],
    newsroom_id: int,
    created_by: User | None = None,
) -> Job | None:
    """Queue one link-check job for these evidence items; sent once the transaction commits.

    The caller marks the items ``checking`` (the verdict service does it in the write it makes
    anyway); this adds one row, whatever the number of items, and the broker is told from the
    dispatcher thread, so a save does not wait for it. The job belongs to the newsroom, not to
    an article: an article's jobs are its pre-tagging runs.
    """
    if not evidence_ids:
        return None
    return _check_job(evidence_ids, newsroom_id, created_by)


def _check_job(evidence_ids: list[int], newsroom_id: int, created_by: User | None) -> Job:
    return create_job(
        newsroom=newsroom_id,
        kind=JobKind.LINK_CHECK,
        created_by=created_by,
        params={"evidence_ids": list(evidence_ids)},
        in_background=True,
    )


@transaction.atomic
def request_recheck(*, evidence: Evidence, editor: User) -> Job:
    """Check one evidence link again now (editor role in its newsroom)."""
    article = evidence.annotation.sentence.article
    require_role(editor, article.newsroom_id, Role.EDITOR)
    now = timezone.now()
    Evidence.objects.filter(pk=evidence.pk).update(
        link_status=LinkStatus.CHECKING, link_queued_at=now
    )
    evidence.link_status, evidence.link_queued_at = LinkStatus.CHECKING, now
    return _check_job([evidence.pk], article.newsroom_id, editor)


def check_links(job: Job) -> dict[str, Any]:
    """The link-check job: check each of its evidence items; safe to run twice."""
    ids = [int(i) for i in job.params.get("evidence_ids", [])]
    items = list(
        Evidence.objects.filter(
            pk__in=ids, annotation__sentence__article__newsroom_id=job.newsroom_id
        )
        .select_related("annotation__sentence__pretag")
        .order_by("pk")
    )
    statuses: Counter[str] = Counter()
    for done, evidence in enumerate(items, start=1):
        statuses[check_evidence(evidence, job=job)] += 1
        report_progress(job, done / len(items))
    return {"checked": len(items), "statuses": dict(statuses)}


@dataclass(frozen=True)
class _Page:
    facts: PageFacts | None
    note: str = ""


def _read(result: FetchResult) -> _Page:
    if not result.fetched:
        return _Page(None)
    try:
        return _Page(read_page(result))
    except ValueError as exc:  # fetched, but nothing the page reader reads
        return _Page(None, str(exc))


def check_evidence(evidence: Evidence, *, job: Job | None = None) -> str:
    """Fetch one evidence link and record what it found; returns the link status written.

    With ``job``, the write is fenced by the job's attempt (JobSuperseded once taken over).
    """
    url = evidence.url
    wait_for_host(url)
    result = fetch(url)
    page = _read(result)
    now = timezone.now()
    fields: dict[str, Any] = {
        "link_status": result.status.value,
        "link_http_status": result.http_status,
        "link_final_url": result.final_url[:2048],
        "link_error": (result.error or page.note)[:300],
        "link_checked_at": now,
    }
    if result.fetched:
        fields["link_first_ok_at"] = Coalesce(F("link_first_ok_at"), Value(now))
        fields["link_broken_since"] = None
    elif result.status not in _NOT_ROT:
        fields["link_broken_since"] = Coalesce(F("link_broken_since"), Value(now))
    facts = page.facts
    if facts is not None:
        fields.update(_filled(facts))
        fields.update(_matches("excerpt", evidence.excerpt, facts.text))
        fields.update(_matches("quote", attributed_words(evidence.annotation.sentence), facts.text))
    writing = fenced_write(job) if job is not None else transaction.atomic()
    with writing:
        # Conditional on the URL that was checked: an edit that changed it meanwhile removed
        # this row, and the new URL's own check follows.
        if not Evidence.objects.filter(pk=evidence.pk, url=url).update(**fields):
            return "superseded"
        if facts is not None and facts.text:
            stored = _store_snapshot(evidence.pk, facts, result, now)
            if stored is not None:
                changed = {"changed_at": Coalesce(F("changed_at"), Value(now))} if stored else {}
                Evidence.objects.filter(pk=evidence.pk).update(snapshot_at=now, **changed)
    return result.status.value


def _matches(prefix: str, needle: str, text: str) -> dict[str, Any]:
    """``<prefix>_match``, ``_score`` and ``_passage``: whether ``needle`` is on the page, and
    where; all empty when there is nothing to compare (no needle, or a page without text)."""
    if not needle.strip() or not text:
        return {f"{prefix}_match": "", f"{prefix}_score": None, f"{prefix}_passage": ""}
    state, score = excerpt_match(needle, text)
    passage = matching_passage(needle, text) if state.value != "not_found" else ""
    return {f"{prefix}_match": state.value, f"{prefix}_score": score, f"{prefix}_passage": passage}


def _filled(facts: PageFacts) -> dict[str, Any]:
    """The page's title, site name and date, only into fields the editor left empty."""
    fields: dict[str, Any] = {}
    if facts.title:
        fields["title"] = Case(When(title="", then=Value(facts.title[:500])), default=F("title"))
    if facts.site_name:
        fields["publisher"] = Case(
            When(publisher="", then=Value(facts.site_name[:200])), default=F("publisher")
        )
    if facts.published:
        fields["published"] = Coalesce(F("published"), Value(facts.published))
    return fields


def _store_snapshot(
    evidence_id: int, facts: PageFacts, result: FetchResult, now: datetime
) -> bool | None:
    """Keep the page's text as a new snapshot, unless the latest one has the very same text:
    None then; True when the new text replaces an earlier one (the page changed), else False."""
    latest = (
        EvidenceSnapshot.objects.filter(evidence_id=evidence_id)
        .values_list("sha256", flat=True)
        .first()
    )
    if latest == facts.text_hash:
        return None
    EvidenceSnapshot.objects.create(
        evidence_id=evidence_id,
        text_z=zlib.compress(facts.text.encode("utf-8"), 6),
        sha256=facts.text_hash,
        fetched_at=now,
        final_url=result.final_url[:2048],
        content_type=result.content_type[:100],
    )
    return latest is not None


def wait_for_host(url: str) -> None:
    """Wait for this host's fetch slot: at most one fetch per host per interval, all workers.

    The slot is a cache key that lives for the interval (``cache.add`` takes it only when free),
    so the limit holds across processes when the cache is shared (Redis in production).
    """
    interval = settings.FACTCHECK_LINKCHECK_HOST_INTERVAL
    if interval <= 0:
        return
    try:
        host = (urlsplit(url).hostname or "").lower()
    except ValueError:
        return  # the fetcher reports the URL as unsupported, without any connection
    key = f"linkcheck:host:{hashlib.sha256(host.encode()).hexdigest()[:32]}"
    # Whole seconds: Django's Redis cache truncates a timeout to an int, and a slot of 0 s
    # would be deleted as soon as it is taken.
    slot = max(1, math.ceil(interval))
    while not cache.add(key, 1, timeout=slot):
        time.sleep(min(0.1, slot / 4))


def queue_stale_checks(*, now: datetime | None = None) -> int:
    """Queue checks of links last checked more than FACTCHECK_LINKCHECK_MAX_AGE_DAYS ago, and
    of links whose queued check never ran; returns how many links were queued.

    One job per newsroom and batch of STALE_BATCH links; the items are marked in the same
    transaction, so the next round does not queue them again.
    """
    now = now or timezone.now()
    checked_before = now - timedelta(days=settings.FACTCHECK_LINKCHECK_MAX_AGE_DAYS)
    due = (
        Evidence.objects.filter(Q(link_checked_at__lt=checked_before) | Q(link_checked_at=None))
        .filter(Q(link_queued_at=None) | Q(link_queued_at__lt=now - REQUEUE_AFTER))
        .order_by("link_checked_at", "pk")
        .values_list("pk", "annotation__sentence__article__newsroom_id")[: STALE_BATCH * 20]
    )
    rows = list(due)
    if not rows:
        return 0
    by_newsroom: dict[int, list[int]] = defaultdict(list)
    for evidence_id, newsroom_id in rows:
        by_newsroom[newsroom_id].append(evidence_id)
    with transaction.atomic():
        Evidence.objects.filter(pk__in=[row[0] for row in rows]).update(
            link_status=LinkStatus.CHECKING, link_queued_at=now
        )
        for newsroom_id, ids in by_newsroom.items():
            for batch in _batches(ids, STALE_BATCH):
                queue_link_checks(evidence_ids=batch, newsroom_id=newsroom_id)
    return len(rows)


def _batches(ids: list[int], size: int) -> Iterable[list[int]]:
    return (ids[i : i + size] for i in range(0, len(ids), size))


def sweep_links(*, every: float | None = None) -> int:
    """The periodic entry: ``queue_stale_checks`` at most once per FACTCHECK_LINKCHECK_SWEEP_EVERY
    seconds however often (and from however many processes) the job sweeper runs."""
    every = settings.FACTCHECK_LINKCHECK_SWEEP_EVERY if every is None else every
    if not cache.add("linkcheck:sweep", 1, timeout=every):
        return 0
    return queue_stale_checks()
