"""The sentence being tagged, split once into word tokens that every detector shares.

Detectors work on the sentence string alone with offsets relative to it; the entry point adds
the sentence's offset in the article at the end. Tokenising once keeps the detector set fast:
the name, attribution and reported-speech rules are dictionary look-ups over these tokens.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from typing import Any

# A word: letters/digits joined by inner hyphens or apostrophes ("Ukraine-Krieg", "d'Ivoire",
# "Russia's"), or dotted initials ("U.S.", "J.D."). Dots never join words otherwise, so
# "Dr." is the token "Dr" followed by a full stop.
_TOKEN_RE = re.compile(r"(?:[A-Z]\.){2,}|[^\W_]+(?:[-'’][^\W_]+)*")


@dataclass(slots=True)
class Token:
    start: int
    end: int
    text: str
    # True when only whitespace separates this token from the previous one.
    joined: bool


@dataclass(slots=True)
class Sentence:
    """One sentence, its tokens, and the article it came from (for article-wide names)."""

    text: str
    lang: str
    tokens: list[Token]
    article: str
    words: frozenset[str] = frozenset()

    @classmethod
    def build(cls, text: str, lang: str, article: str = "") -> Sentence:
        tokens = tokenize(text)
        words = {tok.text for tok in tokens}
        # Parts of compounds count too ("Ukraine-Krieg", "mid-November").
        words.update(part for tok in tokens if "-" in tok.text for part in tok.text.split("-"))
        return cls(text, lang, tokens, article, frozenset(words))


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    prev_end = -1
    for match in _TOKEN_RE.finditer(text):
        start, end = match.span()
        joined = prev_end >= 0 and (start == prev_end or text[prev_end:start].isspace())
        tokens.append(Token(start, end, text[start:end], joined))
        prev_end = end
    return tokens


def preceded_by(text: str, pos: int, marks: str | tuple[str, ...]) -> bool:
    """Is the last non-space character before ``pos`` one of ``marks``?"""
    end = text_end_before(text, pos)
    return end > 0 and text[end - 1] in marks


def text_end_before(text: str, pos: int) -> int:
    """Position just after the last non-space character before ``pos`` (0 if none).

    Looks back over whitespace only, so checks like "does a comma precede this word" stay
    cheap however long the sentence is.
    """
    while pos > 0 and text[pos - 1].isspace():
        pos -= 1
    return pos


def drop_overlapping(spans: list[Any], blockers: list[Any]) -> list[Any]:
    """``spans`` without those overlapping any of ``blockers`` (sorted, non-overlapping)."""
    if not blockers:
        return spans
    starts = [b.start for b in blockers]
    kept = []
    for span in spans:
        k = bisect.bisect_left(starts, span.end)  # blockers starting before span.end
        if k and blockers[k - 1].end > span.start:
            continue
        kept.append(span)
    return kept


def longest_first(spans: list[Any]) -> list[Any]:
    """Non-overlapping subset preferring longer spans, then earlier ones; sorted by position."""
    ordered = sorted(spans, key=lambda s: (-(s.end - s.start), s.start))
    starts: list[int] = []
    kept: list[Any] = []
    for span in ordered:
        k = bisect.bisect_left(starts, span.start)
        if k and kept[k - 1].end > span.start:
            continue
        if k < len(kept) and kept[k].start < span.end:
            continue
        starts.insert(k, span.start)
        kept.insert(k, span)
    return kept


def normalize_language(language: object) -> str:
    """ "en" for English codes ("en", "en-GB", "EN_us"); German rules for everything else."""
    code = str(language or "").strip().lower().replace("_", "-").split("-")[0]
    return "en" if code in ("en", "eng", "english") else "de"
