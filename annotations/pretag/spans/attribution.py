"""Attribution spans: who a statement comes from, the cue that says so, and the message.

Cues, in the order they are looked for:

* prepositional: "laut «Euronews»", "gemäss/gemäß X", "nach Angaben der Polizei",
  "according to X"; the span covers cue and source;
* "X zufolge", with the source before the cue;
* "wie die «Tagesschau» berichtet": from "wie" to the verb, the source in between;
* verbs of saying ("erklärte", "betonte", "teilte … mit", "said", "told"); the span is the verb,
  the source is the subject right before it ("No Kwang Chol erklärte", "Nina Warken (CDU)
  kündigte an", "Jen Easterly, the agency's director, told") or, in German inverted order,
  right after it ("betonte der russische Minister", "sagte Bundeskanzler Olaf Scholz").

Each attribution carries the cue's offsets, the source phrase's offsets with the name, role and
party found in it (``sources``), and the message's offsets (``messages``). A pronoun subject
gives a source phrase but no source name.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

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
from .messages import message_span
from .quotes import RawQuote
from .sources import (
    CARRIER_LINKS,
    CLAUSE_BREAKS,
    DETERMINERS,
    Context,
    Source,
    source_after,
)
from .subjects import verb_source

__all__ = ["Attribution", "find_attributions"]

# Nouns after "nach" that make it an attribution ("nach Angaben der Polizei").
_NACH_CARRIERS = word_set(
    """Angaben Informationen Berichten Schätzungen Aussagen Meinung Ansicht Auffassung Worten
    Einschätzung Darstellung Erkenntnissen Berechnungen Aussage Überzeugung Studie Umfrage
    Untersuchung Bericht Recherchen Schätzung Prognose Vernehmen Zählung Auskunft
    Stellungnahme Analyse Endergebnis Ergebnis Hinweis Planungen Stand Nachricht Urteil
    Ankündigung Idee Erfahrungen Quellenlage Gesetzesentwurf Verfassung Wunsch Medien
    Vorstellungen Plänen Willen Daten Zahlen Statistik Mitteilung Erklärung"""
)
# Words between "nach" and its carrier ("nach eigenen Angaben", "nach einer neuen Studie").
_NACH_OPENERS = word_set(
    "einer eines einem dem den der des dessen deren ihren seinen eigenen ersten"
)
_NACH_SUFFIXES = (
    "angaben",
    "berichten",
    "informationen",
    "schätzungen",
    "erkenntnissen",
    "meinung",
    "aussagen",
    "analyse",
    "stellungnahme",
    "einschätzung",
    "erkenntnisstand",
)
# Carriers that also name an event: "nach" them is "according to" only opening a sentence.
_EVENT_CARRIERS = word_set(
    """Urteil Ankündigung Ergebnis Endergebnis Mitteilung Erklärung Stand Hinweis Wunsch Willen
    Plänen Planungen Verfassung Gesetzesentwurf Analyse"""
)
_TIME_WORDS = word_set(
    "kurz Tage Tagen Wochen Monate Monaten Jahre Jahren Stunden Minuten bald unmittelbar erst "
    "noch gleich direkt wenige einen einem"
)
# Modal verbs and "zu" before an infinitive, which is then no report ("wollte nicht bestätigen").
_INFINITIVE_MARKERS = word_set(
    "zu will wollte wollten kann konnte konnten muss musste mussten soll sollte sollten möchte "
    "würde würden darf durfte wird werden"
)
# Relative pronouns after ", nach" ("Studien, nach denen Homöopathie wirke").
_NACH_RELATIVES = word_set("denen dem der welchem welcher welchen")
_GENITIVE_LINKS = frozenset(("des", "der", "von", "vom"))
# Adverbs allowed between "wie" and the source ("wie unter anderem die «Tagesschau» berichtet").
_WIE_FILLERS = word_set(
    "unter anderem auch zuvor bereits etwa zuerst ebenfalls kürzlich zunächst schon"
)
_AFTER_CLAUSE = frozenset(',.;:!?»«“”"‹›)')
# Verbs closing "wie X berichtet", with separable ones written together ("bekannt gab").
_WIE_VERBS = SPEECH_VERBS_DE | frozenset(
    particle + verb for verb, particles in SEPARABLE_DE.items() for particle in particles
)
# English participles that are adjectives after an article ("the reported attack").
_EN_ADJECTIVAL = frozenset(("reported", "claimed", "alleged", "accused", "stated", "noted"))
# English verbs whose following name is the addressee, never the speaker ("told CNN").
_EN_ADDRESSED = frozenset(("told", "tells", "informed", "assured"))

# Every word form that may be a verb cue, for a quick first test on each token.
_VERB_FORMS = {
    "de": SPEECH_VERBS_DE | frozenset(SEPARABLE_DE) | PLURAL_SPEECH_VERBS_DE | IMPERSONAL_DE,
    "en": SPEECH_VERBS_EN | PLURAL_SPEECH_VERBS_EN,
}


@dataclass(frozen=True, slots=True)
class Attribution:
    """One attribution, sentence offsets; -1 marks a part that was not found."""

    start: int
    end: int
    cue: str
    source: str | None = None
    source_kind: str | None = None
    source_start: int = -1
    source_end: int = -1
    cue_start: int = -1
    cue_end: int = -1
    particle_start: int = -1  # the closing particle of "teilte … mit"
    particle_end: int = -1
    message_start: int = -1
    message_end: int = -1
    role: str | None = None
    party: str | None = None

    def as_span(self) -> Span:
        payload: dict[str, Any] = {"cue": self.cue}
        if self.source:
            payload["source"] = self.source
            # person, organization, place, role, quote or unknown: whom a claim review names.
            payload["source_kind"] = self.source_kind
        if self.role:
            payload["role"] = self.role
        if self.party:
            payload["party"] = self.party
        payload.update(self.offsets())
        return Span(self.start, self.end, "attribution", payload)

    def offsets(self) -> dict[str, int]:
        """The offsets found, by payload key (``cue_start`` …), sentence-relative."""
        found = {
            "cue_start": self.cue_start,
            "cue_end": self.cue_end,
            "particle_start": self.particle_start,
            "particle_end": self.particle_end,
            "source_start": self.source_start,
            "source_end": self.source_end,
            "message_start": self.message_start,
            "message_end": self.message_end,
        }
        return {key: value for key, value in found.items() if value >= 0}


def _attribution(
    ctx: Context,
    span: tuple[int, int],
    cue: str,
    cue_span: tuple[int, int],
    source: Source | None,
    *,
    verbal: bool,
    particle: tuple[int, int] = (-1, -1),
) -> Attribution:
    start, end = span
    region_start = min(start, source.start) if source else start
    region_end = max(end, particle[1], source.end if source else -1)
    message = message_span(ctx, region_start, region_end, verbal)
    message_start, message_end = message if message else (-1, -1)
    if source is None:
        return Attribution(
            start, end, cue, None, None, -1, -1, *cue_span, *particle, message_start, message_end
        )
    return Attribution(
        start,
        end,
        cue,
        source.text or None,
        source.kind if source.text else None,
        source.start,
        source.end,
        *cue_span,
        *particle,
        message_start,
        message_end,
        source.role,
        source.party,
    )


def _at_clause_end(text: str, end: int) -> bool:
    while end < len(text) and text[end].isspace():
        end += 1
    return end >= len(text) or text[end] in _AFTER_CLAUSE


def _no_break(text: str, start: int, end: int) -> bool:
    return not any(ch in CLAUSE_BREAKS for ch in text[start:end])


def _preceded_by_comma(text: str, pos: int) -> bool:
    end = text_end_before(text, pos)
    return end > 0 and text[end - 1] == ","


def _prepositional(ctx: Context) -> list[Attribution]:
    """'laut X', 'gemäß X', 'nach Angaben X', 'X zufolge', 'according to X', 'wie X berichtet'."""
    tokens, text = ctx.tokens, ctx.text
    found: list[Attribution] = []
    for i, tok in enumerate(tokens):
        word = tok.text
        lower = word.lower()
        cue_span = (tok.start, tok.end)
        if ctx.lang == "de" and lower in PREPOSITION_CUES_DE and (word == lower or i == 0):
            source = source_after(ctx, i + 1, loose=True)
            if source is not None:
                span = (tok.start, max(tok.end, source.end))
                found.append(_attribution(ctx, span, lower, cue_span, source, verbal=False))
        elif ctx.lang == "de" and lower in ("demnach", "wonach") and i + 1 < len(tokens):
            # "Demnach sind …", "…, wonach die Zahl stieg": the source is in an earlier clause.
            found.append(_attribution(ctx, cue_span, lower, cue_span, None, verbal=False))
        elif ctx.lang == "de" and lower == "nach" and i + 1 < len(tokens):
            attribution = _nach(ctx, i)
            if attribution is not None:
                found.append(attribution)
        elif ctx.lang == "de" and word == "zufolge" and i > 0:
            attribution = _zufolge(ctx, i)
            if attribution is not None:
                found.append(attribution)
        elif ctx.lang == "de" and lower == "wie":
            attribution = _wie_berichtet(ctx, i)
            if attribution is not None:
                found.append(attribution)
        elif ctx.lang == "de" and word == "so" and _preceded_by_comma(text, tok.start):
            # "«…», so Kim." names the speaker after the quote.
            source = source_after(ctx, i + 1, loose=True)
            if source is not None:
                span = (tok.start, max(tok.end, source.end))
                found.append(_attribution(ctx, span, "so", cue_span, source, verbal=True))
        elif (
            ctx.lang == "en"
            and lower == "according"
            and i + 1 < len(tokens)
            and tokens[i + 1].text == "to"
        ):
            source = source_after(ctx, i + 2, loose=True)
            end = max(tokens[i + 1].end, source.end if source else 0)
            cue_span = (tok.start, tokens[i + 1].end)
            found.append(
                _attribution(ctx, (tok.start, end), "according to", cue_span, source, verbal=False)
            )
    for attribution in found:
        k = ctx.index_at(attribution.start)
        after = ctx.index_at(attribution.end)
        if after > k:  # skips only ever move forward
            ctx.skip[k] = after
    return found


def _is_carrier(word: str) -> bool:
    return word in _NACH_CARRIERS or (word[0].isupper() and word.lower().endswith(_NACH_SUFFIXES))


def _genitive_chain(ctx: Context, k: int) -> tuple[int, str | None, str | None]:
    """'der US-Armee', 'des Magazins „Der Spiegel“', 'von Vattenfall Europe' after a head noun.

    Returns where the chain ends (-1 without one) and the name and kind of its last member.
    """
    tokens = ctx.tokens
    end, name, kind = -1, None, None
    for _ in range(3):
        if k >= len(tokens) or tokens[k].text not in _GENITIVE_LINKS or not ctx.connected(k):
            break
        found = source_after(ctx, k + 1, loose=True)
        if found is None:
            break
        end, name, kind = found.end, found.text, found.kind
        k = ctx.index_at(end)
    return end, name, kind


def _nach(ctx: Context, i: int) -> Attribution | None:
    """'nach Angaben der Polizei', 'Nach einer Stellungnahme der US-Armee', 'nach Expertenmeinung',
    'Dem Vernehmen nach', ', nach denen …'."""
    tokens, text = ctx.tokens, ctx.text
    tok = tokens[i]
    cue_span = (tok.start, tok.end)
    nxt = tokens[i + 1]
    if nxt.text in _NACH_RELATIVES and _preceded_by_comma(text, tok.start) and nxt.joined:
        source = Source(None, "pronoun", nxt.start, nxt.end)
        stop = next((p for p in range(nxt.end, len(text)) if text[p] in ",.;:!?"), len(text))
        attribution = _attribution(
            ctx, (tok.start, nxt.end), "nach", cue_span, source, verbal=False
        )
        return (
            replace(attribution, message_start=nxt.end + 1, message_end=stop)
            if stop > nxt.end + 1
            else attribution
        )
    if i > 0 and tok.joined and _is_carrier(tokens[i - 1].text) and not _is_carrier(nxt.text):
        # "Dem Vernehmen nach", "ihrer Meinung nach": the carrier comes first.
        start = _extend_left(ctx, i - 1)
        source = Source(None, None, start, tokens[i - 1].end)
        return _attribution(ctx, (start, tok.end), "nach", cue_span, source, verbal=False)
    c = i + 1
    while c < min(len(tokens) - 1, i + 4) and (
        tokens[c].text.lower() in _NACH_OPENERS
        or ctx.is_adjective(c)
        or (c == i + 1 and tokens[c].text[0].isupper() and tokens[c].text.endswith("s"))
    ):
        c += 1
    if not _is_carrier(tokens[c].text) or not ctx.connected(c):
        return None
    if tokens[c].text in _EVENT_CARRIERS and (i > 0 or c == i + 1):
        return None  # "zwei Monate nach dem Urteil": after an event, not according to it
    if i > 0 and tokens[i - 1].text in _TIME_WORDS:
        return None
    chain_end, name, kind = _genitive_chain(ctx, c + 1)
    end = max(tokens[c].end, chain_end)
    if tokens[c].text in SOURCE_CARRIERS and chain_end < 0:
        name, kind = None, None
    source = Source(name, kind if name else None, nxt.start, end)
    return _attribution(ctx, (tok.start, end), "nach Angaben", cue_span, source, verbal=False)


def _zufolge(ctx: Context, i: int) -> Attribution | None:
    """'der «Tagesschau» zufolge', 'Angaben der Regierung zufolge', 'Medienberichten zufolge'."""
    tokens = ctx.tokens
    cue = tokens[i]
    cue_span = (cue.start, cue.end)
    quote = ctx.quote_ending_at(cue.start)
    if quote is not None and tokens[i - 1].end <= quote.start:
        source = ctx.quote_source(quote)
        start = _extend_left(ctx, ctx.index_at(quote.start))
        source = Source(source.text, source.kind, start, source.end)
        return _attribution(ctx, (start, cue.end), "zufolge", cue_span, source, verbal=False)
    if not cue.joined:
        return None
    prev = tokens[i - 1]
    entity = ctx.entity_ending.get(prev.end)
    if entity is not None:
        start = _extend_left(ctx, ctx.index_at(entity.start))
        source = Source(ctx.name_of(entity), entity.kind, start, entity.end)
        return _attribution(ctx, (start, cue.end), "zufolge", cue_span, source, verbal=False)
    if not prev.text[0].isupper():
        return None
    start = _extend_left(ctx, i - 1)
    text_of = None if prev.text in SOURCE_CARRIERS else prev.text
    source = Source(text_of, "unknown" if text_of else None, start, prev.end)
    return _attribution(ctx, (start, cue.end), "zufolge", cue_span, source, verbal=False)


def _extend_left(ctx: Context, k: int) -> int:
    """Start of the noun phrase ending in token ``k``: adjectives, article, 'Angaben der'."""
    tokens = ctx.tokens
    while k > 0 and tokens[k].joined and ctx.is_adjective(k - 1):
        k -= 1
    if k > 0 and tokens[k].joined and tokens[k - 1].text.lower() in DETERMINERS:
        k -= 1
    if (
        k > 1
        and tokens[k].joined
        and tokens[k - 1].text in CARRIER_LINKS
        and tokens[k - 2].text in SOURCE_CARRIERS
    ):
        k -= 2
    return tokens[k].start


def _wie_berichtet(ctx: Context, i: int) -> Attribution | None:
    """'wie die «Tagesschau» berichtet', 'wie das Ministerium mitteilte'."""
    tokens, text = ctx.tokens, ctx.text
    for v in range(i + 1, min(len(tokens), i + 10)):
        if not _no_break(text, tokens[i].end, tokens[v].start):
            return None
        word = tokens[v].text
        if word in SEPARABLE_DE and tokens[v - 1].text in SEPARABLE_DE[word]:
            word = f"{tokens[v - 1].text}{word}"  # "wie die Bank bekannt gab"
        if word in _WIE_VERBS and _at_clause_end(text, tokens[v].end):
            k = i + 1
            while k < v and tokens[k].text in _WIE_FILLERS:
                k += 1
            source = source_after(ctx, k, loose=True) if k < v else None
            if source is not None and source.start >= tokens[v].start:
                source = None
            span = (tokens[i].start, tokens[v].end)
            joined = word != tokens[v].text
            cue_span = (tokens[v - 1 if joined else v].start, tokens[v].end)
            return _attribution(ctx, span, word.lower(), cue_span, source, verbal=False)
    return None


def _separable_particle(ctx: Context, v: int, word: str) -> int | None:
    """'teilte … mit': index of the particle closing the clause after the finite verb ``word``.

    ``word`` is the verb as looked up (lower-cased at the start of a sentence: "Gab es …").
    """
    tokens, text = ctx.tokens, ctx.text
    particles = SEPARABLE_DE.get(word)
    if particles is None:
        return None
    for k in range(v + 1, min(len(tokens), v + 15)):
        if not _no_break(text, tokens[v].end, tokens[k].start):
            return None
        if tokens[k].text in particles and _at_clause_end(text, tokens[k].end):
            davon = "davon" in (t.text for t in tokens[v:k])
            if tokens[k].text == "aus" and word.startswith(("geh", "ging")) and not davon:
                return None  # "geht davon aus" says what one expects; "geht aus" does not
            return k
    return None


def _verb_cue(ctx: Context, v: int) -> tuple[str, int] | None:
    """The cue at token ``v`` and the index of its particle (-1 without one)."""
    tokens, text = ctx.tokens, ctx.text
    tok = tokens[v]
    word = tok.text if v > 0 else tok.text.lower()
    next_char = text[tok.end : tok.end + 2].lstrip()[:1]
    if ctx.lang == "de":
        if text[tok.end : tok.end + 1] == ")" or (
            v + 1 < len(tokens) and tokens[v + 1].text == "sich"
        ):
            return None  # "(Wikinews berichtete)", "bestätigte sich": nobody is quoted
        if word in SPEECH_VERBS_DE:
            return word, -1
        if word in SEPARABLE_DE:
            k = _separable_particle(ctx, v, word)
            return (f"{word} {tokens[k].text}", k) if k is not None else None
        if word in PLURAL_SPEECH_VERBS_DE and next_char in (",", ":"):
            before = {t.text for t in tokens[max(0, v - 3) : v]}
            return None if before & _INFINITIVE_MARKERS else (word, -1)
        if word in IMPERSONAL_DE and v + 1 < len(tokens) and tokens[v + 1].text == "es":
            return f"{word} es", v + 1
        return None
    if word in SPEECH_VERBS_EN:
        if word in _EN_ADJECTIVAL and v > 0 and tokens[v - 1].text.lower() in DETERMINERS:
            return None
        return word, -1
    if word in PLURAL_SPEECH_VERBS_EN and (
        next_char in (",", ":") or (v + 1 < len(tokens) and tokens[v + 1].text == "that")
    ):
        return word, -1
    return None


def find_attributions(
    sentence: Sentence, entities: list[Span], quotes: list[RawQuote]
) -> list[Attribution]:
    """Attribution cues with their sources and messages, sentence offsets, sorted by start."""
    if not sentence.tokens:
        return []
    ctx = Context(sentence, entities, quotes)
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
        word, k = cue
        if word.endswith(" es"):
            cue_span, particle, source = (tok.start, ctx.tokens[k].end), (-1, -1), None
        else:
            cue_span = (tok.start, tok.end)
            particle = (ctx.tokens[k].start, ctx.tokens[k].end) if k >= 0 else (-1, -1)
            source = verb_source(ctx, v, subject_only_before=word in _EN_ADDRESSED)
        attribution = _attribution(
            ctx, (tok.start, tok.end), word, cue_span, source, verbal=True, particle=particle
        )
        if source is None and attribution.message_start < 0 and not word.endswith(" es"):
            continue  # "Die Zahl wurde nicht bestätigt": nobody says anything
        found.append(attribution)
    found.sort(key=lambda a: (a.start, a.end))
    return found
