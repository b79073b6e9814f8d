"""Quotation spans: «…», »…«, „…“, “…”, "…", ‚…‘, ‹…›, including the marks.

Pairs are matched within the sentence. Quotes that run over several sentences leave an
unpaired mark behind; the segmenter keeps a closing mark with the sentence it closes, so an
unpaired mark that looks like an opener (space before, word after) runs to the end of the
sentence and one that looks like a closer runs from its start (payload ``partial``).

Short quotes of at most two words without anything verb-like («Euronews», „Selbstverteidigung“)
are scare quotes: they mark a name or a loaded word, not speech (payload ``scare``). Speakers
are attached later by the entry point from the sentence's attributions.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from .lexicon import word_set

__all__ = ["RawQuote", "find_quotes", "is_scare"]

# One alternative per convention; the first that fits at a position wins, so „…“ is not read
# as “…”. Nested single quotes are found by a second pattern and then dropped when inside.
_DOUBLE_RE = re.compile(r'«[^«»]+»|»[^«»]+«|„[^„“”"]+[“”"]|“[^“”]+”|"[^"]+"')
_SINGLE_RE = re.compile(r"‹[^‹›]+›|›[^‹›]+‹|‚[^‚‘’]+[‘’]|‘[^‘’]+’")
_MARK_RE = re.compile('[«»„“”"‹›]')
_TERMINAL = frozenset(".!?…")
# Verb-like words that make even a two-word quote speech ("entschlossen handeln", "is over").
_VERBISH = word_set(
    """
    ist sind war waren hat haben hatte hatten wird werden wurde wurden kann können muss
    müssen soll sollen will wollen sei seien habe gibt gab is are was were be been has
    have had will would can could must should do does did
    """
)
# A quote opening with a pronoun is a clause, not a label ("«Wir kämpfen»", "“It's over”").
_PRONOUNS = word_set(
    """
    ich du er sie es wir ihr Ich Du Er Sie Es Wir Ihr I you he she it we they You He She It
    We They
    """
)
_CONTRACTION = re.compile(r"\w['’](?:s|re|ve|ll|m|d|t)\b|n['’]t\b")
_VERB_ENDINGS = {"de": ("en", "ern", "eln", "t", "te", "ten", "st"), "en": ("ed", "ing")}


@dataclass(frozen=True, slots=True)
class RawQuote:
    start: int  # sentence offsets, marks included
    end: int
    inner_start: int
    inner_end: int
    partial: bool = False


def find_quotes(text: str) -> list[RawQuote]:
    doubles = [
        RawQuote(m.start(), m.end(), m.start() + 1, m.end() - 1) for m in _DOUBLE_RE.finditer(text)
    ]
    starts = [q.start for q in doubles]
    quotes = list(doubles)
    for m in _SINGLE_RE.finditer(text):
        # Double quotes never overlap each other, so only the neighbours can clash with it;
        # a single quote inside or across a double one is dropped, so quotes never overlap.
        k = bisect.bisect_left(starts, m.start())
        if (k and doubles[k - 1].end > m.start()) or (k < len(doubles) and starts[k] < m.end()):
            continue
        quotes.append(RawQuote(m.start(), m.end(), m.start() + 1, m.end() - 1))
    quotes.sort(key=lambda q: (q.start, q.end))
    partials = _partial_quotes(text, quotes)
    if partials:
        # A quote running on from another sentence holds any quote inside it; keep it alone,
        # so quotes never nest.
        quotes = [
            q for q in quotes if not any(p.start <= q.start and q.end <= p.end for p in partials)
        ]
        quotes.extend(partials)
    quotes = [q for q in quotes if text[q.inner_start : q.inner_end].strip()]
    quotes.sort(key=lambda q: (q.start, q.end))
    return quotes


def _partial_quotes(text: str, paired: list[RawQuote]) -> list[RawQuote]:
    """Quotes opened or closed in a neighbouring sentence."""
    loose: list[int] = []
    k, covered_until = 0, -1
    for m in _MARK_RE.finditer(text):  # ``paired`` is sorted by start: one sweep suffices
        while k < len(paired) and paired[k].start <= m.start():
            covered_until = max(covered_until, paired[k].end)
            k += 1
        if m.start() >= covered_until:
            loose.append(m.start())
    if not loose:
        return []
    found: list[RawQuote] = []
    last = loose[-1]
    end = len(text.rstrip())
    if _opens(text, last) and end > last + 1:
        found.append(RawQuote(last, end, last + 1, end, partial=True))
    first = loose[0]
    start = len(text) - len(text.lstrip())
    if _closes(text, first) and first > start and (not found or first < found[0].start):
        found.append(RawQuote(start, first + 1, start, first, partial=True))
    return found


def _opens(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in "(:–-") and not after.isspace()


def _closes(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (
        not before.isspace() and not before.isdigit() and (after.isspace() or not after.isalnum())
    )


def is_scare(inner: str, lang: str) -> bool:
    """At most two words, no sentence punctuation and nothing verb-like."""
    words = inner.split()
    if not words or len(words) > 2 or any(ch in _TERMINAL for ch in inner):
        return False
    if inner.rstrip().endswith((",", ";", ":")) or words[0] in _PRONOUNS:
        return False  # "«Niemals», sagte er", "“It's over,”": speech cut short
    if _CONTRACTION.search(inner):
        return False
    endings = _VERB_ENDINGS.get(lang, _VERB_ENDINGS["de"])
    for raw in words:
        word = raw.strip(",;:()")
        if not word:
            continue
        if word.lower() in _VERBISH:
            return False
        # German nouns are capitalised, so a lowercase word with a verb ending is verb-like.
        if word[0].islower() and len(word) > 3 and word.endswith(endings):
            return False
    return True


# The closing mark of each opening one, for quotations that run over several sentences.
_CLOSER = {"„": "“", "«": "»", "»": "«", "“": "”", '"': '"', "‹": "›", "›": "‹", "‚": "‘"}
# Every mark that opens or closes a quotation.
_MARKS = frozenset(_CLOSER) | frozenset("”“’»«›‹")


def quote_close_after(text: str, start: int, end: int, limit: int) -> int | None:
    """End of the quotation opened in ``text[start:end]`` and still open at ``end``.

    The last quotation mark in the range must be an opener; its closer is looked for within
    ``limit`` characters after ``end``, before a blank line or another opener of its kind.
    Returns the position just after the closing mark, or None.
    """
    # The last mark, found from the end (rfind per mark): a scan of the whole range for each
    # span made long sentences quadratic.
    last = max(text.rfind(mark, start, end) for mark in _MARKS)
    if last < 0:
        return None
    opener = text[last]
    if opener not in _CLOSER or not _opens(text, last):
        return None
    closer = _CLOSER[opener]
    stop = min(len(text), end + limit)
    blank = text.find("\n\n", end, stop)
    if blank >= 0:
        stop = blank
    for i in range(end, stop):
        ch = text[i]
        if ch == closer and (closer != opener or not _opens(text, i)):
            return i + 1
        if ch == opener and opener != closer:
            return None
    return None
