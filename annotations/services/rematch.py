"""New verdicts become matchable within seconds, also for the claims imported before them.

A sentence's matches are stored when its article is pre-tagged (``matches.match_after_pretag``),
against the verdicts and fact-checks there were then. A verdict saved later is found by every
article imported after it (the worker's index reads new verdicts on each use); this module
brings it to the claims imported *before* it as well:

* the first save of a verdict queues one ``match`` job for the newsroom
  (``match_queue.queue_rematch``, called by ``verdicts.set_verdict``, which learns whether one
  waits from the query it reads the verdict with), unless one is already waiting: saves that
  come while it waits ride on it. The job is held ``FACTCHECK_MATCH_DELAY`` seconds (2) before
  it runs: without the wait a desk saving verdicts kept the worker matching back to back, and
  on PostgreSQL, whose server processes do not share the worker's lower priority, that tripled
  a save's time (p50 7.7 ms with the workers stopped, 19 ms with them matching);
* the job (``rematch_newsroom``) takes the newsroom's verdicts newer than the last finished
  match job, looks up which check-worthy sentences of other current articles resemble them in a
  second per-process index (the claims, keyed by sentence, embedded once per process and grown
  by the tags written since), and matches exactly those sentences again against the archive,
  which now holds the new verdicts; their stored matches are replaced.

Chosen over matching at read time: the stored matches are what the exports carry and what the
API pages read in one query, the encoder and the indexes stay in the worker (the web processes
load neither), and a verdict costs the save one small query and one job row, not a search.
"""

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db.models import F

from annotations.models import Job, JobKind, JobState, Sentence, SentenceTag
from annotations.pretag.matching import ClaimIndex, claim_vectors, embed, query_text

from .jobs import fenced_write
from .matches import MIN_SIMILARITY, current_verdicts, find_matches, store_matches

# Sentences looked at per new verdict, before the threshold; a claim that is in no sentence's
# top 30 can hardly be in its top 5.
REVERSE_CANDIDATES = 30
# The reverse look-up compares a verdict's embedding with a query's (links stripped): allow
# a little below the threshold, the forward match decides.
REVERSE_MARGIN = 0.05


@dataclass(slots=True)
class _Claims:
    """One newsroom's check-worthy sentences and the last tag row read."""

    index: ClaimIndex = field(default_factory=ClaimIndex)
    tags_seen: int = 0


_claims: dict[int, _Claims] = {}
_claims_lock = threading.Lock()


def forget_claims() -> None:
    """Drop every newsroom's claims index in this process (tests)."""
    _claims.clear()


def rematch_newsroom(job: Job) -> dict[str, Any]:
    """Match again the claims that the verdicts saved since the last match job resemble.

    Idempotent: a second run finds the same sentences and stores the same matches. The result's
    ``upto`` (the newest verdict seen) is where the next job starts.
    """
    newsroom_id = job.newsroom_id
    after = _last_upto(newsroom_id)
    verdicts = list(
        current_verdicts(newsroom_id)
        .filter(pk__gt=after)
        .order_by("pk")
        .values_list("pk", "sentence_id", "sentence__text", "sentence__article__language")
    )
    if not verdicts:
        return {"verdicts": 0, "sentences": 0, "upto": after}
    pks, own, texts, languages = zip(*verdicts, strict=True)
    # A verdict's own sentence resembles it most, and never matches it.
    nearby = _nearby_claims(newsroom_id, texts, languages) - set(own)
    by_version: dict[int, list[int]] = {}
    for sentence_id, version_id in _current_claims(newsroom_id, nearby):
        by_version.setdefault(version_id, []).append(sentence_id)
    for version_id, sentence_ids in by_version.items():
        found = find_matches(version_id, sentence_ids)
        with fenced_write(job):
            store_matches(version_id=version_id, matches=found, sentence_ids=sentence_ids)
    return {
        "verdicts": len(pks),
        "sentences": sum(len(ids) for ids in by_version.values()),
        "upto": max(pks),
    }


def _last_upto(newsroom_id: int) -> int:
    results = Job.objects.filter(
        newsroom_id=newsroom_id, kind=JobKind.MATCH, state=JobState.DONE
    ).order_by("-finished_at", "-pk")
    result = results.values_list("result", flat=True).first() or {}
    return int(result.get("upto", 0))


def _nearby_claims(newsroom_id: int, texts: Sequence[str], languages: Sequence[str]) -> set[int]:
    """Ids of the claim sentences whose similarity to one of the texts comes near the
    threshold (any version, any article: the caller keeps the current ones)."""
    index = _claims_index(newsroom_id)
    if not len(index):
        return set()
    found: set[int] = set()
    vectors = claim_vectors(list(texts))
    for text, language, vector in zip(texts, languages, vectors, strict=True):
        candidates = index.candidates(text, vector, language)
        cosine = dict(zip(candidates.keys, candidates.cosine.tolist(), strict=True))
        for match in index.fuse(candidates, REVERSE_CANDIDATES):
            if cosine[match.key] >= MIN_SIMILARITY - REVERSE_MARGIN:
                found.add(int(match.key))  # type: ignore[call-overload]  # keys are claim ids
    return found


def _claims_index(newsroom_id: int) -> ClaimIndex:
    """The newsroom's claim sentences, grown by the claim tags written since the last call."""
    with _claims_lock:
        claims = _claims.setdefault(newsroom_id, _Claims())
        _read_claims(newsroom_id, claims)
        return claims.index


def _read_claims(newsroom_id: int, claims: _Claims) -> None:
    rows = list(
        SentenceTag.objects.filter(
            sentence__article__newsroom_id=newsroom_id, claim=True, pk__gt=claims.tags_seen
        )
        .order_by("pk")
        .values_list("pk", "sentence_id", "sentence__text", "sentence__article__language")
    )
    if rows:
        tag_pks, sentence_ids, texts, languages = zip(*rows, strict=True)
        claims.index.add(
            list(sentence_ids),
            list(texts),
            languages=list(languages),
            vectors=embed([query_text(text) for text in texts]),
        )
        claims.tags_seen = tag_pks[-1]


def _current_claims(newsroom_id: int, sentence_ids: set[int]) -> list[tuple[int, int]]:
    """(sentence, version) of those sentences that are still claims of a current version."""
    if not sentence_ids:
        return []
    return list(
        Sentence.objects.filter(
            pk__in=sorted(sentence_ids),
            article__newsroom_id=newsroom_id,
            version_id=F("article__current_version_id"),
            pretag__claim=True,
        ).values_list("pk", "version_id")
    )
