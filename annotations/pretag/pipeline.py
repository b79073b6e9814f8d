"""The whole pre-tagger over an article: segments in, tags out (no Django).

``TAGGER_VERSION`` names the combination of segmenter, detectors and weights; change it whenever
any of them changes what it returns, so stored pre-tags can be told apart and re-tagged. Weights
trained on the desk's outcomes are named ``TAGGER_VERSION+desk<N>`` (``weights_store.py``).

No input makes ``tag_segments`` raise: a job that stops on one odd sentence leaves the desk with
no tags for the whole article. A detector stage that fails on a sentence costs that sentence
only that stage's tags; a scorer that fails on a batch is retried sentence by sentence, and a
sentence it still cannot score gets 0.0. Either way the sentence carries a warning naming what
failed, and each kind of failure is logged once per call, so a bug shows in the job, the
workspace and the log instead of hiding behind the fallback. A detector or scorer module that
cannot be imported still raises: that is a broken install, not an odd sentence, and tags stored
under this version without it would not be re-tagged once the install is fixed.
"""

from __future__ import annotations

import datetime
import logging
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .segmenter import segment
from .types import Assessment, Segment, Span

TAGGER_VERSION = "2026.12-4"

# Sentences per scorer call: the encoder batches within a call, and a failing call falls back
# to scoring its sentences one by one, so this bounds both memory and the cost of a fallback.
SCORE_BATCH = 256
# Sentences encoded ahead in one call, before their batches are scored: the encoder shares the
# work of the pieces common to them (``checkworthiness.embed_ahead``). At most half the
# encoder's cache of recent sentences, so a chunk's embeddings are still there when scored.
ENCODE_AHEAD = 2048
# Sentences a pre-tag job tags and stores at a time (its progress steps and write transactions);
# ``tag_in_chunks`` encodes ENCODE_AHEAD of them ahead first, so the chunks still share the
# encoder's per-piece work across the article.
JOB_CHUNK = 250

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class SentenceTags:
    """What the pre-tagger found in one sentence.

    ``warnings`` name the detectors that failed on this sentence (the others' tags are kept), so
    the job can finish and say so instead of failing the article.
    """

    assessment: Assessment
    spans: list[Span]
    warnings: tuple[str, ...] = ()


UNSCORED = Assessment(0.0, False, ())


def segment_text(text: str, language: str) -> list[Segment]:
    """Sentences of ``text``; if the segmenter raises, one segment per non-blank line."""
    if not isinstance(text, str):
        return []
    try:
        return segment(text, language)
    except Exception:
        logger.warning("segmenter failed; the text is split at line breaks", exc_info=True)
        return _lines(text)


def tag_segments(
    text: str,
    segments: Sequence[Segment],
    language: str,
    article_date: datetime.date | None = None,
) -> list[SentenceTags]:
    """Spans and check-worthiness for each segment of ``text``, in the same order; never raises."""
    if not segments:
        return []
    from .spans import detect_spans_with_warnings  # only workers pay for loading the detectors

    text = text if isinstance(text, str) else ""
    bounds = [_bounds(s, len(text)) for s in segments]
    spans: list[list[Span]] = []
    warnings: list[list[str]] = []
    failures = _Failures(len(segments))
    for i, (start, end) in enumerate(bounds):
        found, trouble = _detect(
            detect_spans_with_warnings, text, start, end, language, article_date, failures, i
        )
        spans.append(found)
        warnings.append(trouble)
    sentences = [text[start:end] for start, end in bounds]
    headings = [bool(getattr(s, "heading", False)) for s in segments]
    assessments = _score(sentences, language, headings, spans, warnings, failures)
    failures.log()
    return [
        SentenceTags(a, sp, tuple(w)) for a, sp, w in zip(assessments, spans, warnings, strict=True)
    ]


def tag_in_chunks(
    text: str,
    segments: Sequence[Segment],
    language: str,
    article_date: datetime.date | None = None,
    chunk: int = JOB_CHUNK,
) -> Iterator[tuple[int, list[SentenceTags]]]:
    """``tag_segments`` over ``chunk`` segments at a time, as (index of the first, its tags): a
    job stores and reports each chunk as it comes. Each block of ``ENCODE_AHEAD`` sentences is
    encoded ahead in one call, so the chunks share the encoder's per-piece work; never raises."""
    text = text if isinstance(text, str) else ""
    encoded = 0  # segments encoded ahead so far
    for first in range(0, len(segments), chunk):
        part = segments[first : first + chunk]
        if first + len(part) > encoded:
            _encode_ahead_segments(text, segments[first : first + ENCODE_AHEAD], language)
            encoded = first + ENCODE_AHEAD
        yield first, tag_segments(text, part, language, article_date)


def _encode_ahead_segments(text: str, segments: Sequence[Segment], language: str) -> None:
    from . import checkworthiness  # only workers pay for loading the model

    bounds = [_bounds(s, len(text)) for s in segments]
    _encode_ahead(checkworthiness, [text[start:end] for start, end in bounds], language)


def _detect(
    detect: Callable[..., tuple[list[Span], list[str]]],
    text: str,
    start: int,
    end: int,
    language: str,
    article_date: datetime.date | None,
    failures: _Failures,
    index: int,
) -> tuple[list[Span], list[str]]:
    """The detectors' spans inside ``text[start:end]`` and the names of the stages that failed."""
    try:
        found, trouble = detect(text, start, end, language, article_date)
    except Exception as error:  # the detectors guard their stages; this is what slips past
        warning = f"spans: {type(error).__name__}"
        failures.add(warning, index, error)
        return [], [warning]
    trouble = list(trouble)
    for warning in trouble:
        failures.add(warning, index)
    inside = [s for s in found if start <= s.start <= s.end <= end]
    if len(inside) < len(found):  # an offset bug in a detector: drop the span, say so
        warning = "spans: span outside its sentence"
        failures.add(warning, index)
        trouble.append(warning)
    return inside, trouble


def _score(
    sentences: list[str],
    language: str,
    headings: list[bool],
    spans: list[list[Span]],
    warnings: list[list[str]],
    failures: _Failures,
) -> list[Assessment]:
    """Check-worthiness per sentence, in batches; a failing batch is scored one by one."""
    from . import checkworthiness  # only workers pay for loading the model

    assess = checkworthiness.assess
    out: list[Assessment] = []
    for first in range(0, len(sentences), SCORE_BATCH):
        last = min(first + SCORE_BATCH, len(sentences))
        if first % ENCODE_AHEAD == 0:
            _encode_ahead(checkworthiness, sentences[first : first + ENCODE_AHEAD], language)
        try:
            out += _checked(assess, sentences, language, headings, spans, first, last)
            continue
        except Exception as error:
            logger.warning(
                "scorer failed on sentences %d-%d; scoring them one by one (%s)",
                first,
                last - 1,
                _name(error),
                exc_info=True,
            )
        for i in range(first, last):
            try:
                out += _checked(assess, sentences, language, headings, spans, i, i + 1)
            except Exception as error:
                warning = f"checkworthiness: {type(error).__name__}"
                failures.add(warning, i, error)
                warnings[i].append(warning)
                out.append(UNSCORED)
    return out


def _encode_ahead(checkworthiness: Any, sentences: list[str], language: str) -> None:
    """Fill the encoder's cache for the batches to come; a failure here is left to them (they
    score one by one and say what failed), so this only logs it for debugging."""
    try:
        checkworthiness.embed_ahead(sentences, language)
    except Exception:
        logger.debug("encoding ahead failed; the batches encode their own", exc_info=True)


def _checked(
    assess: Any,
    sentences: list[str],
    language: str,
    headings: list[bool],
    spans: list[list[Span]],
    first: int,
    last: int,
) -> list[Assessment]:
    """``assess`` over sentences first..last-1, refusing an answer of the wrong length."""
    result = list(
        assess(
            sentences[first:last], language, headings=headings[first:last], spans=spans[first:last]
        )
    )
    if len(result) != last - first:
        raise ValueError(f"scorer returned {len(result)} assessments for {last - first} sentences")
    return result


class _Failures:
    """Warnings of one call, logged once per kind with a count and the first traceback."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.counts: Counter[str] = Counter()
        self.first: dict[str, tuple[int, BaseException | None]] = {}

    def add(self, warning: str, index: int, error: BaseException | None = None) -> None:
        self.counts[warning] += 1
        if warning not in self.first or (self.first[warning][1] is None and error is not None):
            self.first[warning] = (index, error)

    def log(self) -> None:
        for warning, count in self.counts.items():
            index, error = self.first[warning]
            logger.warning(
                "pre-tagger: %s on %d of %d sentences (first: sentence %d)%s",
                warning,
                count,
                self.total,
                index,
                f": {_name(error)}" if error is not None else "",
                exc_info=(type(error), error, error.__traceback__) if error is not None else None,
            )


def _name(error: BaseException) -> str:
    """The exception and where it was raised, e.g. "KeyError('Gab') in attribution.py:212"."""
    frame = error.__traceback__
    while frame is not None and frame.tb_next is not None:
        frame = frame.tb_next
    where = ""
    if frame is not None:
        code = frame.tb_frame.f_code
        where = f" in {Path(code.co_filename).name}:{frame.tb_lineno}"
    return f"{error!r}{where}"


def _bounds(segment: Any, length: int) -> tuple[int, int]:
    """The segment's offsets clamped to the text (bad offsets make an empty sentence)."""
    try:
        start, end = int(segment.start), int(segment.end)
    except (AttributeError, TypeError, ValueError, OverflowError):
        return 0, 0
    start = min(max(start, 0), length)
    return start, min(max(end, start), length)


def _lines(text: str) -> list[Segment]:
    """One segment per non-blank line, without its surrounding white space."""
    out: list[Segment] = []
    position = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            start = position + line.index(stripped[0])
            out.append(Segment(start, start + len(stripped), len(out)))
        position += len(line) + 1
    return out
