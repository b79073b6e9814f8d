"""Span detectors for news sentences in German and English (plain rules, no model, no Django).

``detect_spans(text, start, end, language, article_date)`` tags the sentence
``text[start:end]`` of an article and returns quote, attribution, reported_speech, number,
date, person, organization and place spans whose offsets index the whole article text.

The detectors share one tokenisation of the sentence and run in dependency order: dates first
(years inside dates are not numbers), then numbers and names, then quotes and attributions
(a quote's speaker is the source of an attribution in the same sentence), and last the German
subjunctive, which needs to know where attribution cues are. Every pattern is compiled at
import, so a call does no compilation; whole articles are only scanned once (cached) to learn
people's names for short mentions elsewhere in the article.
"""

from __future__ import annotations

import bisect
import datetime
from typing import Any

from ..types import Span
from ._text import Sentence, drop_overlapping, normalize_language
from .attribution import Attribution, find_attributions
from .dates import find_dates
from .names import find_entities
from .numbers import find_numbers
from .quotes import RawQuote, find_quotes, is_scare
from .reported_speech import find_reported_speech

__all__ = ["detect_spans"]

# Attributions on either side of a quote that may name its speaker.
_SPEAKER_WINDOW = 6
# Source kinds a quote's speaker may come from, most convincing first.
_SPEAKER_PREFERENCE = {"person": 0, "role": 1, "organization": 2, "unknown": 3, "place": 4}


def detect_spans(
    text: str,
    start: int,
    end: int,
    language: str,
    article_date: datetime.date | None = None,
) -> list[Span]:
    """Spans in the sentence ``text[start:end]``, offsets into ``text``, sorted by position."""
    if not isinstance(text, str) or not text:
        return []
    start, end = _clamp(start, end, len(text))
    sentence_text = text[start:end]
    if not sentence_text.strip():
        return []
    lang = normalize_language(language)
    article = _as_date(article_date)
    # The article is scanned for names only when it holds more than this sentence.
    context = text if (start > 0 or end < len(text)) else ""
    sentence = Sentence.build(sentence_text, lang, context)

    dates = find_dates(sentence_text, lang, article, sentence.words)
    numbers = drop_overlapping(find_numbers(sentence_text, lang, sentence.words), dates)
    entities = drop_overlapping(find_entities(sentence), dates)
    raw_quotes = find_quotes(sentence_text)
    attributions = find_attributions(sentence, entities, raw_quotes)
    sourced = [a for a in attributions if a.source and a.source_kind]
    quotes = [_quote_span(q, sentence_text, lang, sourced) for q in raw_quotes]
    reported = find_reported_speech(sentence, [a.end for a in attributions])

    spans = [*dates, *numbers, *entities, *quotes, *(a.as_span() for a in attributions)]
    spans.extend(reported)
    shifted = [
        Span(s.start + start, s.end + start, s.kind, s.payload) for s in spans if s.end > s.start
    ]
    shifted.sort(key=lambda s: (s.start, s.end, s.kind))
    return shifted


def _clamp(start: Any, end: Any, length: int) -> tuple[int, int]:
    try:
        start, end = int(start), int(end)
    except (TypeError, ValueError, OverflowError):
        return 0, 0
    start = min(max(start, 0), length)
    end = min(max(end, start), length)
    return start, end


def _as_date(value: object) -> datetime.date | None:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    return None


def _quote_span(quote: RawQuote, text: str, lang: str, attributions: list[Attribution]) -> Span:
    inner = text[quote.inner_start : quote.inner_end]
    payload: dict[str, Any] = {}
    if quote.partial:
        payload["partial"] = True
    elif is_scare(inner, lang):
        return Span(quote.start, quote.end, "quote", {"scare": True})
    speaker = _speaker(quote, attributions)
    if speaker:
        payload["speaker"] = speaker
    return Span(quote.start, quote.end, "quote", payload)


def _speaker(quote: RawQuote, attributions: list[Attribution]) -> str | None:
    """The attributed source nearest the quote, persons before roles before organisations.

    ``attributions`` are those with a source, sorted by start; only the few nearest the quote
    are weighed, which keeps sentences with hundreds of quotes cheap.
    """
    k = bisect.bisect_left([a.start for a in attributions], quote.start)
    best: tuple[int, int, str] | None = None
    for a in attributions[max(0, k - _SPEAKER_WINDOW) : k + _SPEAKER_WINDOW]:
        if not a.source:
            continue
        if quote.start <= a.source_start < quote.end or quote.start <= a.start < quote.end:
            continue  # the quote names its own source («Euronews») or holds the cue
        rank = _SPEAKER_PREFERENCE.get(a.source_kind, 5)
        distance = a.start - quote.end if a.start >= quote.end else quote.start - a.end
        key = (rank, max(distance, 0), a.source)
        if best is None or key[:2] < best[:2]:
            best = key
    return best[2] if best else None
