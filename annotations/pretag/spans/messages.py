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

import re

from ._text import text_end_before
from .lexicon import word_set
from .lexicon.cues import KONJUNKTIV_I, KONJUNKTIV_II
from .quotes import RawQuote
from .sources import CLAUSE_BREAKS, Context

__all__ = ["message_span", "reads_as_report"]

_TRAILING = " \t\n.!?;,:"
# English words that open a mere time or place after "said" ("said on Tuesday").
_CIRCUMSTANCE = frozenset(("on", "in", "at", "last", "this", "late", "early", "during", "after"))
_LEADING = " \t\n,:;–—-"
# How many words may stand between a cue and the comma or colon before its message
# ("sagte Scholz am Montag in Berlin, …").
_GAP_TOKENS = 8
# German conjunctions that open an adverbial clause: a clause behind the comma that starts with
# one gives a reason or a time ("forderte den Rücktritt, weil …"), not what was said.
_ADVERBIAL_OPENERS = word_set(
    """weil da wenn falls nachdem obwohl obgleich während bevor ehe sobald seit seitdem indem
    sodass wo wie als zumal sofern solange"""
)
# Relative pronouns: "kündigte einen Truck an, der … vorgestellt werden soll" describes the
# object. The same words open a message as a demonstrative before a verb ("…, das sei falsch")
# or as an article before a noun ("…, die Lage sei ernst"), which the next word tells apart.
_RELATIVES = word_set("der die das dem den denen deren dessen welche welcher welches")
_ADJECTIVE_ENDINGS = ("e", "en", "er", "es", "em")
# A separable verb's infinitive with "zu" inside ("stattzugeben", "abzuschaffen").
_ZU_INFINITIVE = re.compile(
    r"(?:an|auf|aus|ab|ein|mit|statt|vor|zurück|nach|fest|her|hin|zu|um|durch|bei|dar|los|weg"
    r"|wieder|hinzu|heraus|zusammen)zu\w+en"
)
_DEMONSTRATIVE_VERBS = (
    KONJUNKTIV_I
    | KONJUNKTIV_II
    | word_set("ist sind war waren hat haben hatte hatten wird werden kann können muss müssen")
)


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
            if ctx.lang == "de" and gap[mark] == "," and _no_message_after(ctx, k + step):
                return None
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


def _no_message_after(ctx: Context, k: int) -> bool:
    """Does the German clause opening at token ``k`` give a reason, a time or a relative
    clause ("…, weil …", "…, der …") rather than what was said?"""
    tokens = ctx.tokens
    if k >= len(tokens):
        return False
    word = tokens[k].text
    if word in _ADVERBIAL_OPENERS:
        return True
    if word not in _RELATIVES or k + 1 >= len(tokens):
        return False
    following = tokens[k + 1].text
    if not following[0].islower() or following in _DEMONSTRATIVE_VERBS:
        return False
    # "…, die grundsätzliche Kritik …": an article before an adjective and its noun.
    after = tokens[k + 2].text if k + 2 < len(tokens) else ""
    if following.endswith(_ADJECTIVE_ENDINGS) and after[:1].isupper():
        return False
    return not _reports(ctx, k)


def reads_as_report(ctx: Context, pos: int) -> bool:
    """Does the clause starting at character ``pos`` read as what someone said: "dass", "ob",
    a subjunctive or an infinitive with "zu"? Used where the cue is a noun ("die Forderung,
    …"), which also opens plain relative and apposed clauses."""
    k = ctx.index_at(pos)
    if k >= len(ctx.tokens):
        return False
    return ctx.tokens[k].text in ("dass", "ob") or _reports(ctx, k)


def _reports(ctx: Context, k: int) -> bool:
    """Does the clause from token ``k`` to the next clause mark read as reported content: a
    subjunctive ("…, der Plan sei fertig") or an infinitive with "zu" ("…, der Klage
    stattzugeben")?"""
    tokens, text = ctx.tokens, ctx.text
    for j in range(k, len(tokens)):
        if j > k and any(ch in CLAUSE_BREAKS for ch in text[tokens[j - 1].end : tokens[j].start]):
            return False
        word = tokens[j].text
        if word in KONJUNKTIV_I or word == "zu" or _ZU_INFINITIVE.fullmatch(word):
            return True
    return False


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


def message_span(
    ctx: Context, start: int, end: int, verbal: bool, *, subject_first: bool = False
) -> tuple[int, int] | None:
    """Message of the attribution whose cue and source cover ``start:end``.

    ``verbal`` is true for a verb of saying, false for a prepositional cue. ``subject_first``
    says the source stands before the cue: a clause after a comma that opens with its subject
    ("…, die Organisation bezweifelt aber, dass …") says its message after the cue, not before
    the comma as an inverted one does ("Die Lage sei stabil, sagte Scholz").
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
    before_comma = text[text_end_before(text, start) - 1 : start].strip() == ","
    if before_comma and subject_first and ctx.lang == "de":
        found = _after_comma(ctx, end, bare=False)
        if found is not None:
            return found
    if not opens and before_comma:
        # "Die Lage sei stabil, sagte Scholz.": the message ends at the comma before the cue.
        return _trim(text, 0, text_end_before(text, start) - 1)
    found = _after_comma(ctx, end, bare=ctx.lang == "en")
    if found is not None:
        return found
    quote = _quote_in_clause(ctx, start, end)
    return (quote.start, quote.end) if quote is not None else None
