"""The whole pre-tagger over an article: segments in, tags out (no Django).

``TAGGER_VERSION`` names the combination of segmenter, detectors and weights; change it whenever
any of them changes what it returns, so stored pre-tags can be told apart and re-tagged.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from .segmenter import segment
from .types import Assessment, Segment, Span

TAGGER_VERSION = "2026.11-1"


@dataclass(frozen=True, slots=True)
class SentenceTags:
    """What the pre-tagger found in one sentence.

    ``warnings`` name the detectors that failed on this sentence (the others' tags are kept), so
    the job can finish and say so instead of failing the article.
    """

    assessment: Assessment
    spans: list[Span]
    warnings: tuple[str, ...] = ()


def segment_text(text: str, language: str) -> list[Segment]:
    return segment(text, language)


def tag_segments(
    text: str,
    segments: Sequence[Segment],
    language: str,
    article_date: datetime.date | None = None,
) -> list[SentenceTags]:
    """Spans and check-worthiness for each segment of ``text``, in the same order."""
    # Imported here: only workers pay for loading the detectors and the model.
    from .checkworthiness import assess
    from .spans import detect_spans

    spans = [detect_spans(text, s.start, s.end, language, article_date) for s in segments]
    assessments = assess(
        [text[s.start : s.end] for s in segments],
        language,
        headings=[s.heading for s in segments],
        spans=spans,
    )
    return [SentenceTags(a, sp) for a, sp in zip(assessments, spans, strict=True)]
