"""Attribution spans: who a statement comes from, and the cue that says so.

Cues, in the order they are looked for:

* prepositional: "laut «Euronews»", "gemäss/gemäß X", "nach Angaben der Polizei",
  "according to X"; the span covers cue and source;
* "X zufolge", with the source before the cue;
* "wie die «Tagesschau» berichtet": from "wie" to the verb, the source in between;
* verbs of saying ("erklärte", "betonte", "teilte … mit", "said", "told"); the span is the verb,
  the source is the subject right before it ("No Kwang Chol erklärte") or, in German inverted
  order, right after it ("betonte der russische Minister").

A source is a named entity, a quotation («Euronews»), a role ("Staatschef"), or a short
capitalised phrase after a prepositional cue. Pronouns give no source.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from ..types import Span
from ._text import Sentence, text_end_before
from .lexicon import word_set
from .lexicon.cues import (
    IMPERSONAL_DE,
    PLURAL_SPEECH_VERBS_DE,
    PLURAL_SPEECH_VERBS_EN,
    PREPOSITION_CUES_DE,
    SEPARABLE_DE,
    SOURCE_CARRIERS,
    SPEECH_VERBS_DE,
    SPEECH_VERBS_EN,
)
from .lexicon.words import FUNCTION_WORDS_DE, FUNCTION_WORDS_EN, NATIONALITY_DE
from .names import is_role
from .quotes import RawQuote

__all__ = ["Attribution", "find_attributions"]

_DETERMINERS = word_set("der die das dem den des ein eine einem einer eines the a an")
_ADJECTIVE_ENDINGS = ("e", "en", "er", "es", "em")
_COORDINATORS = frozenset(("und", "and", "sowie"))
_CARRIER_LINKS = frozenset(("des", "der", "von", "vom", "aus", "from", "of", "by"))
_NACH_CARRIERS = frozenset(("Angaben", "Informationen", "Berichten", "Schätzungen", "Aussagen"))
# Adverbs allowed between "wie" and the source ("wie unter anderem die «Tagesschau» berichtet").
_WIE_FILLERS = word_set(
    "unter anderem auch zuvor bereits etwa zuerst ebenfalls kürzlich zunächst schon"
)
_CLAUSE_BREAKS = frozenset(",.;:!?")
_AFTER_CLAUSE = frozenset(',.;:!?»«“”"‹›)')
_PRONOUNS = word_set(
    "er sie es wir ich ihr man Er Sie Es Wir Ich Ihr Man he she it they we i you He She It "
    "They We I You"
)
# Words after an inverted subject that still close its clause ("said Biden in a statement").
_CLOSING_WORDS = word_set("in on at during after before to from who when while")
_INVERSION_MARKS = (",", '"', "”", "’", "'", "»", "«", "“")
# English participles that are adjectives after an article ("the reported attack").
_EN_ADJECTIVAL = frozenset(("reported", "claimed", "alleged", "accused", "stated", "noted"))


# Every word form that may be a verb cue, for a quick first test on each token.
_VERB_FORMS = {
    "de": SPEECH_VERBS_DE | frozenset(SEPARABLE_DE) | PLURAL_SPEECH_VERBS_DE | IMPERSONAL_DE,
    "en": SPEECH_VERBS_EN | PLURAL_SPEECH_VERBS_EN,
}


@dataclass(frozen=True, slots=True)
class Attribution:
    start: int
    end: int
    cue: str
    source: str | None = None
    source_kind: str | None = None
    source_start: int = -1
    source_end: int = -1

    def as_span(self) -> Span:
        payload: dict[str, str] = {"cue": self.cue}
        if self.source:
            payload["source"] = self.source
        return Span(self.start, self.end, "attribution", payload)


@dataclass(frozen=True, slots=True)
class _Source:
    text: str | None
    kind: str | None
    start: int
    end: int  # where the source phrase ends (the span may extend to here)


class _Context:
    """Look-ups shared by the cue rules for one sentence."""

    def __init__(self, sentence: Sentence, entities: list[Span], quotes: list[RawQuote]):
        self.sentence = sentence
        self.text = sentence.text
        self.tokens = sentence.tokens
        self.lang = sentence.lang
        self.functions = FUNCTION_WORDS_EN if sentence.lang == "en" else FUNCTION_WORDS_DE
        self.entity_at = {e.start: e for e in entities}
        self.entity_ending = {e.end: e for e in entities}
        whole = [q for q in quotes if not q.partial]
        self.quote_starting = {q.start: q for q in whole}
        self.quote_ending = {q.end: q for q in whole}
        self.entities = entities
        self.token_starts = [tok.start for tok in sentence.tokens]
        # Token index -> index after a prepositional attribution that starts there.
        self.skip: dict[int, int] = {}

    def quote_between(self, left: int, right: int) -> RawQuote | None:
        """A quote opening after only whitespace at ``left``, before ``right``."""
        pos = left
        while pos < right and self.text[pos].isspace():
            pos += 1
        return self.quote_starting.get(pos) if pos < right else None

    def quote_ending_at(self, pos: int) -> RawQuote | None:
        """A quote closing right before ``pos``, with only whitespace between."""
        return self.quote_ending.get(text_end_before(self.text, pos))

    def connected(self, k: int) -> bool:
        """No clause punctuation between token ``k`` and the one before it."""
        if k <= 0 or k >= len(self.tokens):
            return k <= 0
        gap = self.text[self.tokens[k - 1].end : self.tokens[k].start]
        return not any(ch in _CLAUSE_BREAKS for ch in gap)

    def index_at(self, char: int) -> int:
        """Index of the first token starting at or after ``char``."""
        return bisect.bisect_left(self.token_starts, char)

    def quote_source(self, q: RawQuote) -> _Source:
        inner = self.text[q.inner_start : q.inner_end].strip()
        # An entity filling the quote («Euronews») tells what kind of source it is.
        k = self.index_at(q.inner_start)
        entity = self.entity_at.get(self.tokens[k].start) if k < len(self.tokens) else None
        kind = entity.kind if entity is not None and entity.end <= q.inner_end else "quote"
        return _Source(inner, kind, q.start, q.end)

    def entity_source(self, k: int) -> _Source | None:
        """Entity starting at token ``k``, with a coordinated second one ("USA und Südkorea")."""
        tokens = self.tokens
        entity = self.entity_at.get(tokens[k].start)
        if entity is None:
            return None
        if entity.kind != "person":
            # "Bundesrat Ignazio Cassis", "Kreml-Sprecher Peskow": the title's bearer speaks.
            after = self.index_at(entity.end)
            person = self.entity_at.get(tokens[after].start) if after < len(tokens) else None
            if person is not None and person.kind == "person" and tokens[after].joined:
                entity = person
        name = entity.payload.get("name") or self.text[entity.start : entity.end]
        end = entity.end
        after = self.index_at(end)
        if after + 1 < len(tokens) and tokens[after].text in _COORDINATORS:
            other = self.entity_at.get(tokens[after + 1].start)
            if other is not None:
                name = f"{name} {tokens[after].text} {other.payload.get('name', '')}".strip()
                end = other.end
        return _Source(name, entity.kind, entity.start, end)

    def is_adjective(self, k: int) -> bool:
        word = self.tokens[k].text
        if word in NATIONALITY_DE:
            return True
        lowered = word[0].islower() or k == 0
        return lowered and word.lower() not in _DETERMINERS and word.endswith(_ADJECTIVE_ENDINGS)


def _source_after(ctx: _Context, j: int, *, loose: bool) -> _Source | None:
    """The source phrase starting at token ``j``.

    ``loose`` also accepts carriers ("Angaben der …") and bare capitalised phrases, which is
    right after "laut" or "according to" but not after a verb ("betonte die Bedeutung").
    """
    tokens = ctx.tokens
    k = j
    while k in ctx.skip:
        k = ctx.skip[k]
    left = tokens[k - 1].end if 0 < k <= len(tokens) else 0
    if k < len(tokens) and tokens[k].text.lower() in _DETERMINERS:
        if not ctx.connected(k):
            return None
        left = tokens[k].end
        k += 1
    right = tokens[k].start if k < len(tokens) else len(ctx.text)
    quote = ctx.quote_between(left, right)
    if quote is not None:
        return ctx.quote_source(quote)
    if k >= len(tokens) or not ctx.connected(k):
        return None
    first_content = k
    for _ in range(3):  # entity, possibly after up to two adjectives
        found = ctx.entity_source(k)
        if found:
            return found
        if ctx.is_adjective(k) and ctx.connected(k + 1):
            k += 1
            continue
        break
    word = tokens[k].text
    if is_role(word, ctx.lang):
        start = tokens[first_content].start
        return _Source(
            " ".join(ctx.text[start : tokens[k].end].split()), "role", start, tokens[k].end
        )
    if not loose:
        return None
    if word in SOURCE_CARRIERS:
        if k + 1 < len(tokens) and tokens[k + 1].text in _CARRIER_LINKS:
            inner = _source_after(ctx, k + 2, loose=True)
            if inner is not None:
                return inner
        return _Source(None if word[0].isupper() else word, None, tokens[k].start, tokens[k].end)
    if word[0].isupper() and word not in ctx.functions:
        end = k
        while (
            end + 1 < len(tokens)
            and end + 1 - k < 4
            and tokens[end + 1].joined
            and tokens[end + 1].text[0].isupper()
        ):
            end += 1
        start = tokens[first_content].start
        text = " ".join(ctx.text[start : tokens[end].end].split())
        return _Source(text, "unknown", start, tokens[end].end)
    return None


def _source_before(ctx: _Context, v: int) -> _Source | None:
    """Subject right before the verb at token ``v``: an entity, a quote or a role phrase."""
    tokens = ctx.tokens
    verb = tokens[v]
    quote = ctx.quote_ending_at(verb.start)
    if quote is not None and (v == 0 or tokens[v - 1].end <= quote.start):
        return ctx.quote_source(quote)
    if v == 0 or not verb.joined:
        return None
    prev = tokens[v - 1]
    entity = ctx.entity_ending.get(prev.end)
    if entity is not None:
        name = entity.payload.get("name") or ctx.text[entity.start : entity.end]
        start = entity.start
        k = ctx.index_at(entity.start)
        if k >= 2 and tokens[k - 1].text in _COORDINATORS:
            other = ctx.entity_ending.get(tokens[k - 2].end)
            if other is not None:
                name = f"{other.payload.get('name', '')} {tokens[k - 1].text} {name}".strip()
                start = other.start
        return _Source(name, entity.kind, start, entity.end)
    if is_role(prev.text, ctx.lang):
        k = v - 1
        while k > 0 and tokens[k].joined and ctx.is_adjective(k - 1):
            k -= 1
        start = tokens[k].start
        return _Source(" ".join(ctx.text[start : prev.end].split()), "role", start, prev.end)
    return None


def _verb_source(ctx: _Context, v: int) -> _Source | None:
    """Subject of a verb of saying: before it, or after it where word order is inverted."""
    before = _source_before(ctx, v)
    if before is not None:
        return before
    tokens = ctx.tokens
    prev = tokens[v - 1].text if v > 0 else ""
    if prev in _PRONOUNS:
        return None  # "Er erklärte …": the subject is a pronoun, what follows is the object
    if ctx.lang == "en":
        # English is subject-verb-object; the subject follows only in "…," said Biden.
        if v > 0 and not _preceded_by(ctx.text, tokens[v].start, _INVERSION_MARKS):
            return None
        after = _source_after(ctx, v + 1, loose=False)
        if after is None or not _clause_closes(ctx, after.end):
            return None  # "…, said Congress would vote": the name opens a new clause
        return after
    if v == 1 and tokens[1].joined and prev[0].isupper() and prev not in ctx.functions:
        # "Kim beschuldigte …": a lone capitalised word before the verb is its subject.
        return _Source(prev, "unknown", tokens[0].start, tokens[0].end)
    return _source_after(ctx, v + 1, loose=False)


def _preceded_by(text: str, pos: int, marks: str | tuple[str, ...]) -> bool:
    """Is the last non-space character before ``pos`` one of ``marks``?"""
    end = text_end_before(text, pos)
    return end > 0 and text[end - 1] in marks


def _clause_closes(ctx: _Context, pos: int) -> bool:
    """Nothing but punctuation or a prepositional phrase follows position ``pos``."""
    k = ctx.index_at(pos)
    rest = ctx.text[pos : ctx.tokens[k].start] if k < len(ctx.tokens) else ctx.text[pos:]
    if rest.strip() or k >= len(ctx.tokens):
        return True  # punctuation or the end of the sentence follows
    return ctx.tokens[k].text.lower() in _CLOSING_WORDS


def _at_clause_end(text: str, end: int) -> bool:
    while end < len(text) and text[end].isspace():
        end += 1
    return end >= len(text) or text[end] in _AFTER_CLAUSE


def _no_break(text: str, start: int, end: int) -> bool:
    return not any(ch in _CLAUSE_BREAKS for ch in text[start:end])


def _attribution(start: int, end: int, cue: str, source: _Source | None) -> Attribution:
    if source is None or not source.text:
        return Attribution(start, end, cue)
    return Attribution(start, end, cue, source.text, source.kind, source.start, source.end)


def _prepositional(ctx: _Context) -> list[Attribution]:
    """'laut X', 'gemäß X', 'nach Angaben X', 'X zufolge', 'according to X', 'wie X berichtet'."""
    tokens, text = ctx.tokens, ctx.text
    found: list[Attribution] = []
    for i, tok in enumerate(tokens):
        word = tok.text
        lower = word.lower()
        if ctx.lang == "de" and lower in PREPOSITION_CUES_DE and (word == lower or i == 0):
            source = _source_after(ctx, i + 1, loose=True)
            if source is not None:
                found.append(_attribution(tok.start, max(tok.end, source.end), lower, source))
        elif ctx.lang == "de" and lower == "nach" and i + 1 < len(tokens):
            if tokens[i + 1].text in _NACH_CARRIERS:
                source = _source_after(ctx, i + 1, loose=True)
                end = max(tokens[i + 1].end, source.end if source else 0)
                found.append(_attribution(tok.start, end, "nach Angaben", source))
        elif ctx.lang == "de" and word == "zufolge" and i > 0:
            attribution = _zufolge(ctx, i)
            if attribution is not None:
                found.append(attribution)
        elif ctx.lang == "de" and lower == "wie":
            attribution = _wie_berichtet(ctx, i)
            if attribution is not None:
                found.append(attribution)
        elif ctx.lang == "de" and word == "so" and _preceded_by(text, tok.start, ","):
            # "«…», so Kim." names the speaker after the quote.
            source = _source_after(ctx, i + 1, loose=False)
            if source is not None:
                found.append(_attribution(tok.start, max(tok.end, source.end), "so", source))
        elif (
            ctx.lang == "en"
            and lower == "according"
            and i + 1 < len(tokens)
            and tokens[i + 1].text == "to"
        ):
            source = _source_after(ctx, i + 2, loose=True)
            end = max(tokens[i + 1].end, source.end if source else 0)
            found.append(_attribution(tok.start, end, "according to", source))
    for attribution in found:
        k = ctx.index_at(attribution.start)
        after = ctx.index_at(attribution.end)
        if after > k:  # skips only ever move forward
            ctx.skip[k] = after
    return found


def _zufolge(ctx: _Context, i: int) -> Attribution | None:
    """'der «Tagesschau» zufolge', 'Angaben der Regierung zufolge', 'Medienberichten zufolge'."""
    tokens, text = ctx.tokens, ctx.text
    cue = tokens[i]
    quote = ctx.quote_ending_at(cue.start)
    if quote is not None and tokens[i - 1].end <= quote.start:
        source = ctx.quote_source(quote)
        return _attribution(source.start, cue.end, "zufolge", source)
    if not cue.joined:
        return None
    prev = tokens[i - 1]
    entity = ctx.entity_ending.get(prev.end)
    if entity is not None:
        name = entity.payload.get("name") or text[entity.start : entity.end]
        source = _Source(name, entity.kind, entity.start, entity.end)
        return _attribution(
            _extend_left(ctx, ctx.index_at(entity.start)), cue.end, "zufolge", source
        )
    if not prev.text[0].isupper():
        return None
    if prev.text in SOURCE_CARRIERS:
        return Attribution(_extend_left(ctx, i - 1), cue.end, "zufolge")
    source = _Source(prev.text, "unknown", prev.start, prev.end)
    return _attribution(_extend_left(ctx, i - 1), cue.end, "zufolge", source)


def _extend_left(ctx: _Context, k: int) -> int:
    """Start of the noun phrase ending in token ``k``: adjectives, article, 'Angaben der'."""
    tokens = ctx.tokens
    while k > 0 and tokens[k].joined and ctx.is_adjective(k - 1):
        k -= 1
    if k > 0 and tokens[k].joined and tokens[k - 1].text.lower() in _DETERMINERS:
        k -= 1
    if (
        k > 1
        and tokens[k].joined
        and tokens[k - 1].text in _CARRIER_LINKS
        and tokens[k - 2].text in SOURCE_CARRIERS
    ):
        k -= 2
    return tokens[k].start


def _wie_berichtet(ctx: _Context, i: int) -> Attribution | None:
    """'wie die «Tagesschau» berichtet', 'wie das Ministerium mitteilte'."""
    tokens, text = ctx.tokens, ctx.text
    for v in range(i + 1, min(len(tokens), i + 10)):
        if not _no_break(text, tokens[i].end, tokens[v].start):
            return None
        word = tokens[v].text
        if word in SPEECH_VERBS_DE and _at_clause_end(text, tokens[v].end):
            k = i + 1
            while k < v and tokens[k].text in _WIE_FILLERS:
                k += 1
            source = _source_after(ctx, k, loose=True) if k < v else None
            if source is not None and source.start >= tokens[v].start:
                source = None
            return _attribution(tokens[i].start, tokens[v].end, word.lower(), source)
    return None


def _separable_particle(ctx: _Context, v: int, word: str) -> str | None:
    """'teilte … mit': the particle closing the clause after the finite verb ``word``, if any.

    ``word`` is the verb as looked up (lower-cased at the start of a sentence: "Gab es …").
    """
    tokens, text = ctx.tokens, ctx.text
    particle = SEPARABLE_DE.get(word)
    if particle is None:
        return None
    for k in range(v + 1, min(len(tokens), v + 15)):
        if not _no_break(text, tokens[v].end, tokens[k].start):
            return None
        if tokens[k].text == particle and _at_clause_end(text, tokens[k].end):
            return particle
    return None


def _verb_cue(ctx: _Context, v: int) -> str | None:
    tokens, text = ctx.tokens, ctx.text
    tok = tokens[v]
    word = tok.text if v > 0 else tok.text.lower()
    next_char = text[tok.end : tok.end + 2].lstrip()[:1]
    if ctx.lang == "de":
        if word in SPEECH_VERBS_DE:
            return word
        if word in SEPARABLE_DE:
            particle = _separable_particle(ctx, v, word)
            return f"{word} {particle}" if particle else None
        if word in PLURAL_SPEECH_VERBS_DE and next_char in (",", ":"):
            return word
        if word in IMPERSONAL_DE and v + 1 < len(tokens) and tokens[v + 1].text == "es":
            return f"{word} es"
        return None
    if word in SPEECH_VERBS_EN:
        if word in _EN_ADJECTIVAL and v > 0 and tokens[v - 1].text.lower() in _DETERMINERS:
            return None
        return word
    if word in PLURAL_SPEECH_VERBS_EN and (
        next_char in (",", ":") or (v + 1 < len(tokens) and tokens[v + 1].text == "that")
    ):
        return word
    return None


def find_attributions(
    sentence: Sentence, entities: list[Span], quotes: list[RawQuote]
) -> list[Attribution]:
    """Attribution cues with their sources, sentence offsets, sorted by start."""
    if not sentence.tokens:
        return []
    ctx = _Context(sentence, entities, quotes)
    found = _prepositional(ctx)
    covered = {k for a in found for k in range(ctx.index_at(a.start), ctx.index_at(a.end))}
    verbs = _VERB_FORMS[ctx.lang]
    for v, tok in enumerate(ctx.tokens):
        if tok.text not in verbs and (v > 0 or tok.text.lower() not in verbs):
            continue
        if v in covered:
            continue
        cue = _verb_cue(ctx, v)
        if cue is None:
            continue
        source = None if cue.endswith(" es") else _verb_source(ctx, v)
        found.append(_attribution(tok.start, tok.end, cue, source))
    found.sort(key=lambda a: (a.start, a.end))
    return found
