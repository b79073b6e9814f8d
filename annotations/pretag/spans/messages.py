"""The message of an attribution: what the source is reported to have said.

Rules over the sentence alone, in the order news writes them:

* a quotation next to the cue and its source ("sagte Merz: „…“", "„…“, sagte Merz",
  "“…,” Zelensky said") is the message, marks included;
* after the cue and its source, behind a comma or colon ("Scholz sagte am Montag, die Lage
  sei …"; English also without one: "Biden said the U.S. would help");
* before them, up to the comma that opens the inverted clause ("Die Lage sei stabil, sagte
  Scholz");
* a prepositional attribution ("laut X", "X zufolge", "according to X", "wie X berichtet")
  qualifies its clause: the rest of the sentence after it when it opens the sentence, the part
  before it when it closes the sentence, else the whole sentence around it.

A quotation still open at the end of the sentence runs on; the entry point extends the message
into the following sentences of the article up to the closing mark.
"""

from __future__ import annotations

from ._text import text_end_before
from .quotes import RawQuote
from .sources import CLAUSE_BREAKS, Context

__all__ = ["message_span"]

_TRAILING = " \t\n.!?;,:"
# English words that open a mere time or place after "said" ("said on Tuesday").
_CIRCUMSTANCE = frozenset(("on", "in", "at", "last", "this", "late", "early", "during", "after"))
_LEADING = " \t\n,:;–—-"
# How many words may stand between a cue and the comma or colon before its message
# ("sagte Scholz am Montag in Berlin, …").
_GAP_TOKENS = 8


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    while start < end and text[start] in _LEADING:
        start += 1
    while end > start and text[end - 1] in _TRAILING:
        end -= 1
    return (start, end) if end > start else None


def _quote_after(ctx: Context, pos: int) -> RawQuote | None:
    text = ctx.text
    while pos < len(text) and text[pos] in " \t\n,:":
        pos += 1
    return ctx.any_quote_starting.get(pos)


def _quote_before(ctx: Context, pos: int) -> RawQuote | None:
    text = ctx.text
    while pos > 0 and text[pos - 1] in " \t\n,":
        pos -= 1
    return ctx.any_quote_ending.get(pos)


def _after_comma(ctx: Context, pos: int, *, bare: bool) -> tuple[int, int] | None:
    """The clause behind the first comma or colon after ``pos``, a few words on at most.

    ``bare`` takes what follows ``pos`` even without a comma (English "said the U.S. …").
    """
    text, tokens = ctx.text, ctx.tokens
    k = ctx.index_at(pos)
    gap_start = pos
    for step in range(_GAP_TOKENS + 1):
        next_start = tokens[k + step].start if k + step < len(tokens) else len(text)
        gap = text[gap_start:next_start]
        mark = next((i for i, ch in enumerate(gap) if ch in ",:"), -1)
        if mark >= 0:
            return _trim(text, gap_start + mark + 1, len(text))
        if any(ch in ".;!?" for ch in gap) or k + step >= len(tokens):
            return None
        if bare and step == 0:
            rest = tokens[k : k + 5]
            if len(rest) < 4 and rest and rest[0].text.lower() in _CIRCUMSTANCE:
                return None  # "Eurostat said on Tuesday.": nothing said after the cue
            # "said on Tuesday that …": the message starts at "that" when it comes soon.
            for j in range(k, min(len(tokens), k + 4)):
                if tokens[j].text == "that" and not any(
                    ch in CLAUSE_BREAKS for ch in text[next_start : tokens[j].start]
                ):
                    next_start = tokens[j].start
                    break
            return _trim(text, next_start, len(text))
        gap_start = tokens[k + step].end
    return None


def _quote_in_clause(ctx: Context, start: int, end: int) -> RawQuote | None:
    """'nannte die Pläne einen „Wortbruch“', '„…“ wird der Franzose zitiert': a quotation in
    the cue's own clause, after it or opening it, with no clause punctuation in between."""
    text = ctx.text
    after = [q for q in ctx.quotes if q.start >= end]
    if after and not any(ch in CLAUSE_BREAKS for ch in text[end : after[0].start]):
        return after[0]
    before = [q for q in ctx.quotes if q.end <= start]
    if before:
        gap = text[before[-1].end : start].lstrip(" \t\n,")
        if not any(ch in CLAUSE_BREAKS for ch in gap):
            return before[-1]
    return None


def message_span(ctx: Context, start: int, end: int, verbal: bool) -> tuple[int, int] | None:
    """Message of the attribution whose cue and source cover ``start:end``.

    ``verbal`` is true for a verb of saying, false for a prepositional cue.
    """
    text = ctx.text
    quote = _quote_after(ctx, end) or _quote_before(ctx, start)
    if quote is not None:
        return quote.start, quote.end
    opens = not text[:start].strip(' \t\n«»„“”"‹›‚‘’')
    closes = not text[end:].strip(_TRAILING)
    if not verbal:
        if opens:
            return _trim(text, end, len(text))
        if closes:
            return _trim(text, 0, text_end_before(text, start))
        return _trim(text, 0, len(text))
    if not opens and text[text_end_before(text, start) - 1 : start].strip() == ",":
        # "Die Lage sei stabil, sagte Scholz.": the message ends at the comma before the cue.
        return _trim(text, 0, text_end_before(text, start) - 1)
    found = _after_comma(ctx, end, bare=ctx.lang == "en")
    if found is not None:
        return found
    quote = _quote_in_clause(ctx, start, end)
    return (quote.start, quote.end) if quote is not None else None
