"""Span detectors for news sentences in German and English (plain rules, no model, no Django).

``detect_spans(text, start, end, language, article_date)`` tags the sentence
``text[start:end]`` of an article and returns quote, attribution, reported_speech, number,
date, person, organization and place spans whose offsets index the whole article text.
``detect_spans_with_warnings`` returns the same spans and names the stages that failed.

The detectors share one tokenisation of the sentence and run in dependency order: dates first
(years inside dates are not numbers), then numbers and names, then quotes and attributions
(a quote's speaker is the source of an attribution in the same sentence), and last the German
subjunctive, which needs to know where attribution cues are. The stages are dates, numbers,
entities, quotes, attributions, reported speech, speakers (a quote's speaker) and messages
(messages announced by a colon or running on past the sentence). Each runs guarded: one that
raises contributes nothing, the stages after it see empty input in its place, and a warning
("dates: KeyError") says so, so one bad rule never costs a sentence its other tags. Every
pattern is compiled at import, so a call does no compilation; whole articles are only scanned
once (cached) to learn people's names for short mentions elsewhere in the article.

Payload offsets (``cue_start``, ``source_start``, ``message_end`` …) index the article text like
the spans themselves; a message may run past its sentence when a quotation goes on, and points
to the sentence before when the cue's clause opens with "Dies"/"Das" ("Dies bestätigte der
Sprecher."). Across sentences, attributions also gain: ``resolved`` for a speaking "er"/"sie"
(the last person named before it), a carried attribution (empty cue, ``carried``) for a
subjunctive sentence without a cue that goes on reporting the speaker of the sentence before,
and ``form: "reported"`` for a reporting verb with a source and no message of its own
("Der Verband forderte höhere Löhne."), whose message is the sentence itself.
"""

from __future__ import annotations

import bisect
import datetime
from collections.abc import Callable
from typing import Any, TypeVar

from ..types import Span
from ._text import Sentence, drop_overlapping, normalize_language
from .attribution import Attribution, find_attributions
from .dates import find_dates
from .names import find_entities
from .numbers import find_numbers
from .quotes import RawQuote, find_quotes, is_scare, quote_close_after
from .reported_speech import carried_attribution, find_reported_speech, reports_in_verb_phrase
from .sources import resolve_pronoun

__all__ = ["detect_spans", "detect_spans_with_warnings"]

# Attributions on either side of a quote that may name its speaker.
_SPEAKER_WINDOW = 6
# Source kinds a quote's speaker may come from, most convincing first.
_SPEAKER_PREFERENCE = {"person": 0, "role": 1, "organization": 2, "unknown": 3, "place": 4}
# Payload keys holding sentence offsets, shifted to article offsets with the span.
_OFFSET_KEYS = (
    "cue_start",
    "cue_end",
    "particle_start",
    "particle_end",
    "lead_start",
    "lead_end",
    "verb_start",
    "verb_end",
    "source_start",
    "source_end",
    "message_start",
    "message_end",
)
# How far into the following text a quotation left open may run (characters).
_QUOTE_RUN = 3000
_TRAILING = " \t\n.!?;"

# Words opening a sentence that stand for the sentence before ("Dies bestätigte der Sprecher").
_ANAPHORS = frozenset(("Dies", "Das", "Dieses", "Diese"))

# Articles right before a quotation make it a name, not speech ("sagte der «Bild»").
_NAME_ARTICLES = frozenset(("der", "die", "das", "dem", "den", "des", "the"))

T = TypeVar("T")


def detect_spans(
    text: str,
    start: int,
    end: int,
    language: str,
    article_date: datetime.date | None = None,
) -> list[Span]:
    """Spans in the sentence ``text[start:end]``, offsets into ``text``, sorted by position."""
    return detect_spans_with_warnings(text, start, end, language, article_date)[0]


def detect_spans_with_warnings(
    text: str,
    start: int,
    end: int,
    language: str,
    article_date: datetime.date | None = None,
) -> tuple[list[Span], list[str]]:
    """Spans as ``detect_spans`` gives them, and one warning per stage that raised."""
    if not isinstance(text, str) or not text:
        return [], []
    start, end = _clamp(start, end, len(text))
    sentence_text = text[start:end]
    if not sentence_text.strip():
        return [], []
    warnings: list[str] = []

    def guarded(stage: str, run: Callable[[], T], empty: T) -> T:
        try:
            return run()
        except Exception as error:  # a failing rule must not cost the sentence its other tags
            warnings.append(f"{stage}: {type(error).__name__}")
            return empty

    lang = normalize_language(language)
    article = _as_date(article_date)
    # The article is scanned for names only when it holds more than this sentence.
    context = text if (start > 0 or end < len(text)) else ""
    sentence = Sentence.build(sentence_text, lang, context)

    dates: list[Span] = guarded(
        "dates", lambda: find_dates(sentence_text, lang, article, sentence.words), []
    )
    numbers: list[Span] = guarded(
        "numbers",
        lambda: drop_overlapping(find_numbers(sentence_text, lang, sentence.words), dates),
        [],
    )
    entities: list[Span] = guarded(
        "entities", lambda: drop_overlapping(find_entities(sentence), dates), []
    )
    raw_quotes: list[RawQuote] = guarded("quotes", lambda: find_quotes(sentence_text), [])
    attributions: list[Attribution] = guarded(
        "attributions", lambda: find_attributions(sentence, entities, raw_quotes), []
    )
    reported: list[Span] = guarded(
        "reported speech",
        lambda: find_reported_speech(sentence, [a.end for a in attributions]),
        [],
    )
    quotes = guarded(
        "speakers", lambda: _quote_spans(raw_quotes, sentence_text, lang, attributions), None
    )
    if quotes is None:  # the quotes stand, without speakers
        quotes = [
            Span(q.start, q.end, "quote", {"partial": True} if q.partial else {})
            for q in raw_quotes
        ]

    said = guarded(
        "messages",
        lambda: [
            _reported(
                _anaphoric(_announced(a.as_span(), text, start, end), text, start, sentence),
                sentence,
            )
            for a in attributions
        ],
        None,
    )
    if said is None:  # the attributions stand, with the messages found in their sentence
        said = [a.as_span() for a in attributions]
    spans = [*dates, *numbers, *entities, *quotes, *said, *reported]
    shifted = [_shift(s, start) for s in spans if s.end > s.start]
    runs_on = guarded("messages", lambda: [_run_on(s, text, end) for s in shifted], None)
    shifted = runs_on if runs_on is not None else shifted
    resolved = guarded("speakers", lambda: [_resolved(s, text, lang) for s in shifted], None)
    shifted = resolved if resolved is not None else shifted
    if not attributions and reported:
        carried = guarded(
            "reported speech", lambda: carried_attribution(text, start, end, sentence), None
        )
        if carried is not None:
            shifted.append(carried)

    shifted.sort(key=lambda s: (s.start, s.end, s.kind))
    return shifted, warnings


def _announced(span: Span, text: str, start: int, end: int) -> Span:
    """'Der Text lautete:' closing its sentence announces the quotation that follows it."""
    payload = span.payload
    if "message_start" in payload or not text[start:end].rstrip().endswith(":"):
        return span
    if any(ch in ".;!?" for ch in text[start + span.end : end]):
        return span  # the colon closes another clause than the cue's
    opening = end
    while opening < len(text) and text[opening].isspace():
        opening += 1
    close = quote_close_after(text, opening, opening + 1, _QUOTE_RUN)
    if close is None:
        close = _sentence_end_after(text, opening)
    if close is None:
        return span
    payload = {**payload, "message_start": opening - start, "message_end": close - start}
    return Span(span.start, span.end, span.kind, payload)


def _resolved(span: Span, text: str, lang: str) -> Span:
    """A speaking "er"/"sie" keeps the pronoun as its source phrase and gains ``resolved``: the
    person it most likely stands for."""
    payload = span.payload
    if span.kind != "attribution" or "source" in payload or "source_start" not in payload:
        return span
    pronoun = text[payload["source_start"] : payload["source_end"]]
    plural = payload["cue"].split(" ", 1)[0].endswith("en")
    name = resolve_pronoun(text, payload["source_start"], pronoun, lang, plural)
    if name is None:
        return span
    return Span(span.start, span.end, span.kind, {**payload, "resolved": name})


def _reported(span: Span, sentence: Sentence) -> Span:
    """'Die Anwältin bestritt eine solche Mitgliedschaft.', 'Die Behörde gab die Festnahme
    bekannt.': a speech act with a source but no message of its own reports what was said in
    the verb phrase itself (SpkAtt's "reported" form). The message is the sentence; the verb
    is part of it, so its offsets move from ``cue_*`` to ``verb_*`` and ``form`` says
    "reported"."""
    payload = span.payload
    if (
        sentence.lang != "de"
        or "message_start" in payload
        or "source_start" not in payload
        or "cue_start" not in payload
        or not reports_in_verb_phrase(payload["cue"], payload["cue_end"], sentence)
    ):
        return span
    text = sentence.text
    first = len(text) - len(text.lstrip(' \t\n„“»«"'))
    last = len(text.rstrip(' \t\n.!?;:„“»«"'))
    if last <= first:
        return span
    moved = {k: v for k, v in payload.items() if not k.startswith(("cue_", "lead_", "particle_"))}
    moved.update(
        form="reported",
        verb_start=payload["cue_start"],
        verb_end=payload["cue_end"],
        message_start=first,
        message_end=last,
    )
    return Span(span.start, span.end, span.kind, moved)


def _anaphoric(span: Span, text: str, start: int, sentence: Sentence) -> Span:
    """'Dies bestätigte der Sprecher.': the message is the sentence before, which "Dies" or
    "Das" stands for; the cue must follow that word and have a source."""
    payload = span.payload
    tokens = sentence.tokens
    if "message_start" in payload or "source_start" not in payload or len(tokens) < 2:
        return span
    if tokens[0].text not in _ANAPHORS or payload.get("cue_start") != tokens[1].start:
        return span
    if sentence.text[: tokens[0].start].strip() or start == 0:
        return span
    previous = _sentence_before(text, start)
    if previous is None:
        return span
    first, last = previous
    payload = {**payload, "message_start": first - start, "message_end": last - start}
    return Span(span.start, span.end, span.kind, payload)


def _sentence_before(text: str, pos: int) -> tuple[int, int] | None:
    """The sentence ending right before ``pos`` (a rough look back for '. ', 600 characters)."""
    last = pos
    while last > 0 and text[last - 1].isspace():
        last -= 1
    if last == 0 or text[last - 1] not in '.!?“”»«"':
        return None
    end = last - 1
    while end > 0 and text[end - 1] in '.!?“”»«"':
        end -= 1
    for i in range(end - 1, max(-1, end - 600), -1):
        if text[i] == "\n" or (text[i] in ".!?" and i + 1 < len(text) and text[i + 1].isspace()):
            first = i + 1
            while first < end and text[first].isspace():
                first += 1
            return (first, end) if first < end else None
        if i == 0:
            return (0, end)
    return None


def _sentence_end_after(text: str, pos: int) -> int | None:
    """End of the sentence starting at ``pos`` (a rough look for '. ', within 600 characters)."""
    for i in range(pos, min(len(text), pos + 600)):
        if text[i] in ".!?" and (i + 1 == len(text) or text[i + 1].isspace()):
            return i if i > pos else None
        if text[i] == "\n":
            return i if i > pos else None
    return None


def _shift(span: Span, offset: int) -> Span:
    """The span and its payload offsets moved from sentence to article offsets."""
    payload = span.payload
    if any(key in payload for key in _OFFSET_KEYS):
        payload = {
            key: value + offset if key in _OFFSET_KEYS else value for key, value in payload.items()
        }
    return Span(span.start + offset, span.end + offset, span.kind, payload)


def _run_on(span: Span, text: str, sentence_end: int) -> Span:
    """A quotation opened in the message and left open runs on into the next sentences."""
    message_end = span.payload.get("message_end")
    if message_end is None or text[message_end:sentence_end].strip(_TRAILING):
        return span
    close = quote_close_after(text, span.payload["message_start"], sentence_end, _QUOTE_RUN)
    if close is None:
        return span
    return Span(span.start, span.end, span.kind, {**span.payload, "message_end": close})


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


def _quote_spans(
    raw_quotes: list[RawQuote], text: str, lang: str, attributions: list[Attribution]
) -> list[Span]:
    sourced = [a for a in attributions if a.source and a.source_kind]
    return [_quote_span(q, text, lang, sourced) for q in raw_quotes]


def _quote_span(quote: RawQuote, text: str, lang: str, attributions: list[Attribution]) -> Span:
    inner = text[quote.inner_start : quote.inner_end]
    payload: dict[str, Any] = {}
    if quote.partial:
        payload["partial"] = True
    elif is_scare(inner, lang):
        return Span(quote.start, quote.end, "quote", {"scare": True})
    before = text[: quote.start].rstrip().rsplit(" ", 1)[-1].lower()
    if before in _NAME_ARTICLES:
        return Span(quote.start, quote.end, "quote", payload)  # "der «Bild am Sonntag»": a name
    attribution = _speaker(quote, attributions)
    if attribution is not None:
        payload["speaker"] = attribution.source
        for key in ("role", "party"):
            if getattr(attribution, key):
                payload[key] = getattr(attribution, key)
        payload["cue"] = attribution.cue
        payload.update(
            {k: v for k, v in attribution.offsets().items() if not k.startswith("message")}
        )
    return Span(quote.start, quote.end, "quote", payload)


def _speaker(quote: RawQuote, attributions: list[Attribution]) -> Attribution | None:
    """The attribution whose message is the quote, else the nearest one with a source.

    Among the nearest, persons come before roles before organisations. ``attributions`` are
    those with a source, sorted by start; only the few nearest the quote are weighed, which
    keeps sentences with hundreds of quotes cheap.
    """
    k = bisect.bisect_left([a.start for a in attributions], quote.start)
    best: tuple[int, int, Attribution] | None = None
    for a in attributions[max(0, k - _SPEAKER_WINDOW) : k + _SPEAKER_WINDOW]:
        if quote.start <= a.source_start < quote.end or quote.start <= a.start < quote.end:
            continue  # the quote names its own source («Euronews») or holds the cue
        if a.message_start <= quote.start and quote.end <= a.message_end:
            return a
        rank = _SPEAKER_PREFERENCE.get(a.source_kind or "", 5)
        distance = a.start - quote.end if a.start >= quote.end else quote.start - a.end
        if best is None or (rank, max(distance, 0)) < best[:2]:
            best = (rank, max(distance, 0), a)
    return best[2] if best else None
