"""Checked before: matching an article version's claims against what the desk checked already.

Each check-worthy sentence (pre-tag ``claim``) is matched against (a) the newsroom's own
sentences that carry a verdict, on the current version of another article, and (b) the
newsroom's reference fact-checks, with the pure matcher (``annotations.pretag.matching``: BM25
and the multilingual encoder fused, so a German sentence finds an English fact-check). The top
``TOP`` per sentence whose cosine similarity reaches ``MIN_SIMILARITY`` are stored as
``SentenceMatch`` rows, in the matcher's order.

Each process keeps one ``ClaimIndex`` per newsroom, built from the database on first use and
grown on every later call: one query for verdicts with a larger id than the last one seen, one
for fact-checks that are new or were updated since (an updated fact-check rebuilds the
newsroom's index, as an index cannot take a claim back). Fact-checks bring the vectors their
import stored, so only the verdicts' sentences go through the encoder here. A verdict saved a
moment ago is therefore found by the next article's matching. What the index returns is
checked against the database before it is stored (the verdict still there, its sentence still
current, not in the article being matched), so an index that lags behind never stores a stale
match.

``MIN_SIMILARITY`` = 0.65 was chosen on twelve hand-made German/English pairs (six the same
claim, translated or rephrased: cosines 0.67-0.85; six different claims on a shared topic or
not: 0.04-0.64); the tests use other claims. It is the cosine, not the fused score, that is
compared: the BM25 part is divided by the query's best BM25, so it lifts the best lexical
candidate whatever its quality.
"""

import logging
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, cast

import numpy as np
from django.db.models import F, Q

from annotations.models import (
    Annotation,
    ArticleVersion,
    Job,
    ReferenceFactCheck,
    Sentence,
    SentenceMatch,
)
from annotations.pretag.matching import ClaimIndex, claim_vectors, embed, query_text
from annotations.pretag.matching_vectors import DIM

from .factchecks import vectors_of
from .jobs import JobSuperseded, fenced_write

logger = logging.getLogger(__name__)

MATCHER_VERSION = "2026.12-1"
TOP = 5
MIN_SIMILARITY = 0.65
# Candidates read from the index per sentence before the database checks thin them out.
CANDIDATES = 30

# Ids checked against the database per query.
LOOKUP_CHUNK = 500

# Index keys: ("a", annotation id) for the desk's own verdicts, ("f", id) for fact-checks.
Key = tuple[str, int]
# A candidate of one sentence: its key, fused score and cosine similarity.
Proposal = tuple[Key, float, float]


@dataclass(slots=True)
class _Archive:
    """One newsroom's index and how far into its verdicts and fact-checks it has read."""

    index: ClaimIndex = field(default_factory=ClaimIndex)
    annotations_seen: int = 0
    fact_checks_seen: int = 0
    fact_checks_changed: datetime | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)


_archives: dict[int, _Archive] = {}
_archives_lock = threading.Lock()


@dataclass(frozen=True, slots=True)
class FoundMatch:
    sentence_id: int
    key: Key
    rank: int
    score: float
    similarity: float


def forget_archives() -> None:
    """Drop every newsroom's index in this process (tests; a database restored from backup)."""
    with _archives_lock:
        _archives.clear()


def archive_for(newsroom_id: int) -> ClaimIndex:
    """The newsroom's index, brought up to date with its verdicts and fact-checks."""
    with _archives_lock:
        archive = _archives.setdefault(newsroom_id, _Archive())
    with archive.lock:
        if _read_fact_checks(newsroom_id, archive):
            # Searches already under way keep the old index; the next ones get the new one.
            archive.index, archive.annotations_seen = ClaimIndex(), 0
            archive.fact_checks_seen, archive.fact_checks_changed = 0, None
            _read_fact_checks(newsroom_id, archive)
        _read_verdicts(newsroom_id, archive)
        return archive.index


def _read_fact_checks(newsroom_id: int, archive: _Archive) -> bool:
    """Add new fact-checks; True (nothing added) when one already indexed has changed."""
    rows = ReferenceFactCheck.objects.filter(newsroom_id=newsroom_id)
    newer = Q(pk__gt=archive.fact_checks_seen)
    if archive.fact_checks_changed is not None:
        newer |= Q(updated_at__gt=archive.fact_checks_changed)
    found = list(
        rows.filter(newer)
        .order_by("pk")
        .values_list("pk", "claim", "title", "subtitle", "language", "updated_at", "vector")
    )
    if any(row[0] <= archive.fact_checks_seen for row in found):
        return True
    if found:
        pks, claims, titles, subtitles, languages, changed, vectors = zip(*found, strict=True)
        archive.index.add(
            [("f", pk) for pk in pks],
            list(claims),
            titles=list(titles),
            subtitles=list(subtitles),
            languages=list(languages),
            vectors=_vectors(claims, titles, subtitles, vectors),
        )
        archive.fact_checks_seen = pks[-1]
        latest = max(changed)
        if archive.fact_checks_changed is None or latest > archive.fact_checks_changed:
            archive.fact_checks_changed = latest
    return False


def _vectors(
    claims: Sequence[str],
    titles: Sequence[str],
    subtitles: Sequence[str],
    stored: Sequence[bytes | memoryview | None],
) -> np.ndarray:
    """The stored vectors; rows stored without one (written by hand) are embedded now."""
    missing = [i for i, vector in enumerate(stored) if vector is None]
    present = [(i, bytes(vector)) for i, vector in enumerate(stored) if vector is not None]
    out = np.zeros((len(stored), DIM), dtype=np.float32)
    if present:
        out[[i for i, _ in present]] = vectors_of([vector for _, vector in present])
    if missing:
        out[missing] = claim_vectors(
            [claims[i] for i in missing],
            [titles[i] for i in missing],
            [subtitles[i] for i in missing],
        )
    return out


def _read_verdicts(newsroom_id: int, archive: _Archive) -> None:
    found = list(
        current_verdicts(newsroom_id)
        .filter(pk__gt=archive.annotations_seen)
        .order_by("pk")
        .values_list("pk", "sentence__text", "sentence__article__language")
    )
    if not found:
        return
    pks, texts, languages = zip(*found, strict=True)
    archive.index.add([("a", pk) for pk in pks], list(texts), languages=list(languages))
    archive.annotations_seen = pks[-1]


def current_verdicts(newsroom_id: int) -> Any:
    """The newsroom's verdicts on sentences of current article versions (what is matchable)."""
    return Annotation.objects.filter(
        sentence__article__newsroom_id=newsroom_id,
        sentence__version_id=F("sentence__article__current_version_id"),
    )


def find_matches(version_id: int, sentence_ids: Sequence[int] | None = None) -> list[FoundMatch]:
    """The matches of a version's check-worthy sentences (of those of ``sentence_ids`` only,
    when given); reads only, writes nothing."""
    article_id, newsroom_id, language = (
        ArticleVersion.objects.filter(pk=version_id)
        .values_list("article_id", "article__newsroom_id", "article__language")
        .get()
    )
    claims = Sentence.objects.filter(version_id=version_id, pretag__claim=True)
    if sentence_ids is not None:
        claims = claims.filter(pk__in=list(sentence_ids))
    sentences = list(claims.order_by("ordinal").values_list("pk", "text"))
    if not sentences:
        return []
    index = archive_for(newsroom_id)
    if not len(index):
        return []
    vectors = embed([query_text(text) for _pk, text in sentences])
    proposed: list[tuple[int, list[Proposal]]] = []
    for (sentence_id, text), vector in zip(sentences, vectors, strict=True):
        found = index.candidates(text, vector, language)
        cosine = dict(zip(found.keys, found.cosine.tolist(), strict=True))
        close: list[Proposal] = [
            (cast(Key, m.key), m.score, cosine[m.key])  # the index's keys
            for m in index.fuse(found, CANDIDATES)
            if cosine[m.key] >= MIN_SIMILARITY
        ]
        proposed.append((sentence_id, close))
    keys = {proposal[0] for _sentence, close in proposed for proposal in close}
    valid = _still_valid(newsroom_id, article_id, keys)
    out: list[FoundMatch] = []
    for sentence_id, close in proposed:
        kept = [proposal for proposal in close if proposal[0] in valid][:TOP]
        out += [
            FoundMatch(sentence_id, key, rank, round(score, 4), round(similarity, 4))
            for rank, (key, score, similarity) in enumerate(kept, start=1)
        ]
    return out


def _still_valid(newsroom_id: int, article_id: int, keys: set[Key]) -> set[Key]:
    """The keys the database confirms: the verdict is still on a current sentence of another
    article of the newsroom, the fact-check still the newsroom's. A query per kind and chunk."""
    valid: set[Key] = set()
    for kind in ("a", "f"):
        ids = sorted(pk for k, pk in keys if k == kind)
        for first in range(0, len(ids), LOOKUP_CHUNK):
            chunk = ids[first : first + LOOKUP_CHUNK]
            if kind == "a":
                rows = (
                    current_verdicts(newsroom_id)
                    .filter(pk__in=chunk)
                    .exclude(sentence__article_id=article_id)
                )
            else:
                rows = ReferenceFactCheck.objects.filter(newsroom_id=newsroom_id, pk__in=chunk)
            valid |= {(kind, pk) for pk in rows.values_list("pk", flat=True)}
    return valid


def store_matches(
    *, version_id: int, matches: list[FoundMatch], sentence_ids: Sequence[int] | None = None
) -> int:
    """Replace the version's stored matches (those of ``sentence_ids`` only, when given); the
    caller holds the transaction and its fence. The version's row is locked first, so a
    pre-tag run and a re-match of the same version replace their rows one after the other."""
    list(ArticleVersion.objects.select_for_update().filter(pk=version_id).values_list("pk"))
    stored = SentenceMatch.objects.filter(sentence__version_id=version_id)
    if sentence_ids is not None:
        stored = stored.filter(sentence_id__in=list(sentence_ids))
    stored.delete()
    SentenceMatch.objects.bulk_create(
        [
            SentenceMatch(
                sentence_id=m.sentence_id,
                annotation_id=m.key[1] if m.key[0] == "a" else None,
                fact_check_id=m.key[1] if m.key[0] == "f" else None,
                score=m.score,
                similarity=m.similarity,
                rank=m.rank,
                matcher_version=MATCHER_VERSION,
            )
            for m in matches
        ]
    )
    return len(matches)


def match_after_pretag(job: Job, *, version_id: int) -> dict[str, Any]:
    """Match the version the pre-tag job tagged and store the matches under the job's fence.

    For the job's result: ``{"matches": n}``, or ``{"matches": 0, "matching_warning": ...}``
    when matching failed, which never fails the pre-tag job (its tags are stored already). A
    job that was taken over still stops here (JobSuperseded), as at every fenced write.
    """
    try:
        found = find_matches(version_id)
        with fenced_write(job):
            stored = store_matches(version_id=version_id, matches=found)
    except JobSuperseded:
        raise
    except Exception as exc:
        logger.exception("job %s: matching version %s failed", job.pk, version_id)
        return {"matches": 0, "matching_warning": f"Matching failed: {type(exc).__name__}: {exc}"}
    return {"matches": stored}
