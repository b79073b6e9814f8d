"""Attribution spans: who a statement comes from, the cue that says so, and the message.

Cues, in the order they are looked for:

* prepositional: "laut «Euronews»", "gemäss/gemäß X", "nach Angaben der Polizei",
  "according to X"; the span covers cue and source;
* "X zufolge", with the source before the cue;
* "wie die «Tagesschau» berichtet": from "wie" to the verb, the source in between;
* German nouns of saying with a genitive source and a reported clause ("die Forderung des
  Verbands, die Steuer zu senken");
* verbs of saying ("erklärte", "betonte", "teilte … mit", "said", "told"); the span is the verb,
  the source is the subject right before it ("No Kwang Chol erklärte", "Nina Warken (CDU)
  kündigte an", "Jen Easterly, the agency's director, told") or, in German inverted order,
  right after it ("betonte der russische Minister", "sagte Bundeskanzler Olaf Scholz").
  German cues take their other words along: the particle ("teilte … mit"), the verb's
  preposition ("sprach von", "bezeichnete … als"), "sich" ("äußerte sich"), the auxiliary of a
  participle ("hat … angekündigt", "wurde … mitgeteilt", whose "von" phrase is the source) and
  "davon"/"darauf" ("geht davon aus"); "wurde bekannt" and "hieß es" have no speaker but may
  name a place ("hieß es in einer Mitteilung des Ministeriums").

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
    AUXILIARIES_DE,
    IMPERSONAL_DE,
    NOUN_CUES_DE,
    PARTICIPLES_DE,
    PLURAL_SPEECH_VERBS_DE,
    PLURAL_SPEECH_VERBS_EN,
    PREPOSITION_CUES_DE,
    PREPOSITION_OF_VERB_DE,
    REFLEXIVE_SPEECH_DE,
    SEPARABLE_DE,
    SOURCE_CARRIERS,
    SPEECH_VERBS_DE,
    SPEECH_VERBS_EN,
)
from .messages import message_span, reads_as_report
from .quotes import RawQuote
from .sources import (
    CARRIER_LINKS,
    CLAUSE_BREAKS,
    DETERMINERS,
    Context,
    Source,
    bracket_before,
    is_acronym,
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
# Words after a preposition that make it a time ("vor zwei Wochen", "vor Ort"), not an object.
_TIME_UNITS = word_set(
    "Ort allem kurzem Beginn Ablauf Jahresende Tag Tagen Woche Wochen Monat Monaten Jahr Jahren "
    "Stunde Stunden Minuten Jahrzehnten Jahrhunderten"
)
# Modal verbs and "zu" before an infinitive, which is then no report ("wollte nicht bestätigen").
_INFINITIVE_MARKERS = word_set(
    "zu will wollte wollten kann konnte konnten muss musste mussten soll sollte sollten möchte "
    "würde würden darf durfte wird werden"
)
# Nouns before ", nach der" that make it a relative clause of what a source says.
_NACH_NOUNS = word_set(
    "Studie Umfrage Untersuchung Bericht Meldung Darstellung Aussage Version Theorie These "
    "Vorschrift Regel Regelung Gesetz Vereinbarung Klausel Prognose Analyse Information"
)
# Auxiliaries of the passive, whose "von" phrase names the speaker.
_PASSIVE = word_set("wurde wurden wird werden")
# Forms of "werden" (and "sein" of "war bekannt geworden") that make "bekannt" news.
_BECOME = word_set("wurde wurden wird werden")
_BEEN = word_set("war ist sei waren sind")
# Words before a noun cue that belong to it ("die Forderung", "seine Warnung").
_NOUN_CUE_OPENERS = DETERMINERS | word_set(
    "seine seiner seinen ihre ihrer ihren deren dessen diese dieser diesen jene"
)
# Heads after "gemäß" that make it conformity to a rule, not an attribution.
_RULE_HEADS = word_set(
    """Regelung Regelungen Regel Regeln Standard Standards Profil Vorschrift Vorschriften Gesetz
    Gesetzes Paragraph Paragraf Artikel Vertrag Vertrages Plan Norm Normen Richtlinie
    Richtlinien Verordnung Satzung Verfassung Vereinbarung Abkommen Beschluss Auftrag Motto
    Tradition Prinzip Grundsatz Wunsch Willen Anweisung Anweisungen Vorgaben Kriterien"""
)
# Words between "heißt es" and the phrase naming where it says so ("hieß es dazu in …").
_IMPERSONAL_FILLERS = word_set("dazu auch weiter nun damals zuletzt jedoch aber außerdem zudem")
_IMPERSONAL_PLACES = word_set("in im bei beim von vom aus seitens")
# Longest noun phrase, in tokens, before "zufolge" that opens its clause with a determiner.
_PHRASE_TOKENS = 8
# Longest clause, in tokens, from a separable verb to a particle that closes the sentence.
_APPOSED_PARTICLE_SPAN = 20
# Pronominal adverbs that belong to the cue ("geht davon aus", "wies darauf hin").
_PRONOMINAL_ADVERBS = word_set("davon darauf dazu darüber daran dafür damit dagegen")
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
    "de": SPEECH_VERBS_DE
    | frozenset(SEPARABLE_DE)
    | PLURAL_SPEECH_VERBS_DE
    | IMPERSONAL_DE
    | REFLEXIVE_SPEECH_DE
    | frozenset(PREPOSITION_OF_VERB_DE)
    | frozenset(("bekannt",)),
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
    particle_start: int = -1  # the closing particle of "teilte … mit", "sprach von"
    particle_end: int = -1
    lead_start: int = -1  # another word of the cue: "hat … angekündigt", "wie … sagte", "davon"
    lead_end: int = -1
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
            "lead_start": self.lead_start,
            "lead_end": self.lead_end,
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
    lead: tuple[int, int] = (-1, -1),
) -> Attribution:
    start, end = span
    region_start = min(start, source.start) if source else start
    region_end = max(end, particle[1], source.end if source else -1)
    message = message_span(ctx, region_start, region_end, verbal)
    message_start, message_end = message if message else (-1, -1)
    if source is None:
        return Attribution(
            start,
            end,
            cue,
            None,
            None,
            -1,
            -1,
            *cue_span,
            *particle,
            *lead,
            message_start,
            message_end,
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
        *lead,
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
            if source is not None and lower != "laut" and _names_a_rule(source):
                source = None  # "gemäß dem neuen Standard": conforming to a rule, not a source
            if source is not None:
                span = (tok.start, max(tok.end, source.end))
                found.append(_attribution(ctx, span, lower, cue_span, source, verbal=False))
        elif (
            ctx.lang == "de"
            and lower in ("demnach", "wonach")
            and i + 1 < len(tokens)
            and (i == 0 or lower == "wonach")
        ):
            # "Demnach sind …", "…, wonach die Zahl stieg": the source is in an earlier clause.
            # Inside a clause ("Geplant ist demnach …") it mostly means "so", not "according to".
            # "Demnach" stands for that source, and SpkAtt marks it as the source phrase too.
            source = Source(None, "pronoun", *cue_span) if lower == "demnach" else None
            found.append(_attribution(ctx, cue_span, lower, cue_span, source, verbal=False))
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


def _names_a_rule(source: Source) -> bool:
    head = (source.text or "").rsplit(" ", 1)[-1]
    return head in _RULE_HEADS


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


def _nach_relative(ctx: Context, i: int) -> bool:
    """', nach denen …', 'eine Studie, nach der …': a relative clause giving what a source says.

    "der" and "dem" after a comma are also articles ("in die Pause, nach der …" is a time), so
    they count only after a noun that carries statements ("Studie", "Bericht", "Angaben").
    """
    tokens = ctx.tokens
    word = tokens[i + 1].text
    if word not in _NACH_RELATIVES or not _preceded_by_comma(ctx.text, tokens[i].start):
        return False
    if word in ("der", "dem"):
        return i > 0 and (_is_carrier(tokens[i - 1].text) or tokens[i - 1].text in _NACH_NOUNS)
    return True


def _nach(ctx: Context, i: int) -> Attribution | None:
    """'nach Angaben der Polizei', 'Nach einer Stellungnahme der US-Armee', 'nach Expertenmeinung',
    'Dem Vernehmen nach', ', nach denen …'."""
    tokens, text = ctx.tokens, ctx.text
    tok = tokens[i]
    cue_span = (tok.start, tok.end)
    nxt = tokens[i + 1]
    if _nach_relative(ctx, i) and nxt.joined:
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
    if (
        i > 0
        and tok.joined
        and _is_carrier(tokens[i - 1].text)
        and not _is_carrier(nxt.text)
        and nxt.text.lower() not in DETERMINERS
    ):
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
        bracket = bracket_before(ctx, cue.start)
        if bracket is None or not is_acronym(bracket[0]):
            return None
        # "Einer Erklärung des Verbandes Deutscher Realschullehrer (VDR) zufolge".
        k = ctx.index_at(bracket[1]) - 1
        first = _determiner_before(ctx, k) if k >= 0 else None
        start = tokens[first].start if first is not None else bracket[1]
        source = Source(bracket[0], "organization", start, text_end_before(ctx.text, cue.start))
        return _attribution(ctx, (start, cue.end), "zufolge", cue_span, source, verbal=False)
    prev = tokens[i - 1]
    entity = ctx.entity_ending.get(prev.end)
    if entity is not None:
        start = _extend_left(ctx, ctx.index_at(entity.start))
        source = Source(ctx.name_of(entity), entity.kind, start, entity.end)
        return _attribution(ctx, (start, cue.end), "zufolge", cue_span, source, verbal=False)
    if not prev.text[0].isupper():
        # "Dem Sender al-Dschasira zufolge", "Der Website worldreferee.com zufolge".
        first = _determiner_before(ctx, i - 1)
        if first is None:
            return None
        # The name is the lowercase part after its descriptor ("Sender al-Dschasira").
        lower = next(j for j in range(first + 1, i) if tokens[j].text[0].islower())
        name = ctx.squeeze(tokens[lower].start, prev.end)
        source = Source(name, "unknown", tokens[first].start, prev.end)
        return _attribution(
            ctx, (tokens[first].start, cue.end), "zufolge", cue_span, source, verbal=False
        )
    start = _extend_left(ctx, i - 1)
    text_of = None if prev.text in SOURCE_CARRIERS else prev.text
    source = Source(text_of, "unknown" if text_of else None, start, prev.end)
    return _attribution(ctx, (start, cue.end), "zufolge", cue_span, source, verbal=False)


def _determiner_before(ctx: Context, k: int) -> int | None:
    """The determiner opening the noun phrase that ends in token ``k``, a few words back, when
    it also opens its clause ("Dem Sender al-Dschasira", "Einer Erklärung des Verbandes")."""
    tokens = ctx.tokens
    for j in range(k - 1, max(-1, k - _PHRASE_TOKENS), -1):
        if not ctx.connected(j + 1) and tokens[j].end != tokens[j + 1].start - 1:
            return None  # clause punctuation, unless a dot inside a name ("wetter.example")
        if tokens[j].text.lower() in DETERMINERS and (j == 0 or not ctx.connected(j)):
            return j if tokens[j + 1].text[0].isupper() else None
    return None


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
    for v in range(i + 1, min(len(tokens), i + 14)):
        gap = text[tokens[i].end : tokens[v].start]
        commas = gap.count(",")
        if any(ch in ".;:!?" for ch in gap) or commas > 2 or (v > i + 9 and not commas):
            return None  # commas only around an apposition: "wie X, Sprecher der Y, mitteilte"
        if commas == 1:
            continue
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
            lead = (tokens[i].start, tokens[i].end)
            return _attribution(ctx, span, word.lower(), cue_span, source, verbal=False, lead=lead)
    return None


def _separable_particle(ctx: Context, v: int, word: str) -> int | None:
    """'teilte … mit': index of the particle closing the clause after the finite verb ``word``.

    ``word`` is the verb as looked up (lower-cased at the start of a sentence: "Gab es …").
    """
    tokens, text = ctx.tokens, ctx.text
    particles = SEPARABLE_DE.get(word)
    if particles is None:
        return None
    found = None
    for k in range(v + 1, min(len(tokens), v + 15)):
        if not _no_break(text, tokens[v].end, tokens[k].start):
            break
        if tokens[k].text in particles and _at_clause_end(text, tokens[k].end):
            found = k
            break
    last = len(tokens) - 1
    if (
        found is None
        and v + 1 < last
        and last - v < _APPOSED_PARTICLE_SPAN
        and tokens[last].text in particles
        and not text[tokens[last].end :].strip(' .!?\n“”»«"')
    ):
        # "Dies teilte der Vorsitzende, Jens Nacke, mit.": an apposition in commas, the
        # particle closing the sentence.
        found = last
    if found is None:
        return None
    davon = "davon" in (t.text for t in tokens[v:found])
    if tokens[found].text == "aus" and word.startswith(("geh", "ging")) and not davon:
        return None  # "geht davon aus" says what one expects; "geht aus" does not
    return found


@dataclass(frozen=True, slots=True)
class _VerbCue:
    word: str  # the cue as reported ("teilte mit", "äußerte sich", "hieß es")
    particle: int = -1  # token index of the closing particle or the verb's preposition
    lead: tuple[int, int] = (-1, -1)  # the auxiliary before a participle, with "es"
    subject_after: int = -1  # where an inverted subject may start (after "sich")
    impersonal: bool = False


def _verb_preposition(ctx: Context, v: int, word: str) -> int:
    """'sprach von', 'bezeichnete … als', 'warnte … vor': index of the verb's preposition."""
    tokens, text = ctx.tokens, ctx.text
    wanted = PREPOSITION_OF_VERB_DE.get(word)
    if wanted is None:
        return -1
    for k in range(v + 1, min(len(tokens) - 1, v + 10)):
        if not _no_break(text, tokens[v].end, tokens[k].start):
            return -1
        if tokens[k].text in wanted:
            following = tokens[k + 1].text
            unit = tokens[k + 2].text if k + 2 < len(tokens) else ""
            if following[0].isdigit() or following in _TIME_UNITS or unit in _TIME_UNITS:
                return -1  # "warnte vor zwei Tagen": a time, not what was warned of
            return k
    return -1


def _participle_lead(ctx: Context, v: int) -> tuple[int, int]:
    """The finite auxiliary of a participle cue ("hat … angekündigt", "wurde mitgeteilt",
    "angekündigt hatte"), with an "es" right before it ("Es wird vermutet")."""
    tokens = ctx.tokens
    if v + 1 < len(tokens) and tokens[v + 1].text in AUXILIARIES_DE and ctx.connected(v + 1):
        return tokens[v + 1].start, tokens[v + 1].end
    for a in range(v - 1, max(-1, v - 12), -1):
        if not ctx.connected(a + 1):
            break
        if tokens[a].text in AUXILIARIES_DE:
            start = tokens[a].start
            if a > 0 and tokens[a - 1].text in ("Es", "es") and tokens[a].joined:
                start = tokens[a - 1].start
            return start, tokens[a].end
    return -1, -1


def _became_known(ctx: Context, v: int) -> _VerbCue | None:
    """'wurde bekannt, dass …', 'nachdem bekannt geworden war, dass …': news without a named
    source. The form of "werden" is the cue's auxiliary, "geworden" its second part."""
    tokens = ctx.tokens
    after = tokens[v + 1].text if v + 1 < len(tokens) and ctx.connected(v + 1) else ""
    particle = v + 1 if after == "geworden" else -1
    lead = (-1, -1)
    auxiliaries = _BECOME | _BEEN if particle > 0 else _BECOME  # "ist bekannt" is no news
    for a in (v + 2 if particle > 0 else v + 1, v - 1, v - 2):
        if 0 <= a < len(tokens) and tokens[a].text in auxiliaries and ctx.connected(max(a, v)):
            lead = (tokens[a].start, tokens[a].end)
            break
    if lead[0] < 0 and particle < 0:
        return None  # "bekannt" alone is an adjective ("ein bekannter Fall")
    return _VerbCue("wurde bekannt", particle, lead=lead)


def _verb_cue(ctx: Context, v: int) -> _VerbCue | None:
    """The cue at token ``v``: its word, particle or preposition, and auxiliary."""
    tokens, text = ctx.tokens, ctx.text
    tok = tokens[v]
    word = tok.text if v > 0 else tok.text.lower()
    next_char = text[tok.end : tok.end + 2].lstrip()[:1]
    if ctx.lang == "de":
        if text[tok.end : tok.end + 1] == ")":
            return None  # "(Wikinews berichtete)": nobody is quoted
        if v + 1 < len(tokens) and tokens[v + 1].text == "sich":
            if word not in REFLEXIVE_SPEECH_DE or not ctx.connected(v + 1):
                return None  # "bestätigte sich": nobody is quoted
            if word.startswith("zeig") and (
                v + 2 >= len(tokens) or not tokens[v + 2].text[0].islower()
            ):
                return None  # "zeigte sich" only reports with a mood: "zeigte sich besorgt"
            return _VerbCue(f"{word} sich", v + 1, subject_after=v + 2)
        if word == "bekannt":
            return _became_known(ctx, v)
        if word in SEPARABLE_DE:
            k = _separable_particle(ctx, v, word)
            if k is not None:
                adverb = next(
                    (
                        tokens[j]
                        for j in range(v + 1, min(k, v + 4))
                        if tokens[j].text in _PRONOMINAL_ADVERBS
                    ),
                    None,
                )
                lead = (adverb.start, adverb.end) if adverb is not None else (-1, -1)
                return _VerbCue(f"{word} {tokens[k].text}", k, lead=lead)
        k = _verb_preposition(ctx, v, word)
        if k >= 0:
            return _VerbCue(f"{word} {tokens[k].text}", k)
        if word.startswith("mein") and v + 1 < len(tokens) and tokens[v + 1].text == "es":
            return None  # "meinte es gut": meant well, said nothing
        if word in SPEECH_VERBS_DE:
            lead = _participle_lead(ctx, v) if word in PARTICIPLES_DE else (-1, -1)
            return _VerbCue(word, lead=lead)
        if word in PLURAL_SPEECH_VERBS_DE and next_char in (",", ":"):
            first = v
            while first > max(0, v - 8) and ctx.connected(first):
                first -= 1
            before = {t.text for t in tokens[first:v]}  # the clause so far: "konnte … nicht"
            return None if before & _INFINITIVE_MARKERS else _VerbCue(word)
        if word in IMPERSONAL_DE and v + 1 < len(tokens) and tokens[v + 1].text == "es":
            return _VerbCue(f"{word} es", v + 1, impersonal=True)
        return None
    if word in SPEECH_VERBS_EN:
        if word in _EN_ADJECTIVAL and v > 0 and tokens[v - 1].text.lower() in DETERMINERS:
            return None
        return _VerbCue(word)
    if word in PLURAL_SPEECH_VERBS_EN and (
        next_char in (",", ":") or (v + 1 < len(tokens) and tokens[v + 1].text == "that")
    ):
        return _VerbCue(word)
    return None


def _passive_speaker(ctx: Context, v: int, lead: int) -> Source | None:
    """'Von deutscher Seite wurde gefordert, …', 'wurde von der Opposition kritisiert': the
    "von" phrase of a passive names who said it."""
    tokens = ctx.tokens
    aux = ctx.index_at(lead)
    if aux >= len(tokens) or tokens[aux].text not in _PASSIVE:
        return None
    if tokens[0].text in ("Von", "Vom", "Seitens") and 0 < aux < v:
        return _von_phrase(ctx, 1, tokens[aux].start)
    for k in range(aux + 1, v):
        if not ctx.connected(k):
            return None
        if tokens[k].text in ("von", "vom", "seitens"):
            return _von_phrase(ctx, k + 1, tokens[v].start)
    return None


def _von_phrase(ctx: Context, k: int, limit: int) -> Source | None:
    """The noun phrase at token ``k`` with its genitive ("Seiten der Eltern"), ending before
    ``limit``."""
    found = source_after(ctx, k, loose=True)
    if found is None or found.end > limit:
        return None
    chain_end, name, kind = _genitive_chain(ctx, ctx.index_at(found.end))
    if 0 < chain_end <= limit:
        return Source(name or found.text, kind or found.kind, found.start, chain_end)
    return found


def _impersonal_source(ctx: Context, v: int, es: int) -> Source | None:
    """'hieß es in einer Mitteilung des Ministeriums', 'Bei der Agentur hieß es': the body
    named by the place phrase next to "heißt es" is the source (the phrase without its
    preposition)."""
    tokens = ctx.tokens
    k = es + 1
    while k < len(tokens) and tokens[k].text in _IMPERSONAL_FILLERS and ctx.connected(k):
        k += 1
    if k + 1 < len(tokens) and tokens[k].text in _IMPERSONAL_PLACES and ctx.connected(k):
        return source_after(ctx, k + 1, loose=True)
    if v > 1 and tokens[0].text.lower() in _IMPERSONAL_PLACES:
        found = source_after(ctx, 1, loose=True)
        if found is not None and found.end <= tokens[v].start:
            return found
    return None


def _noun_cues(ctx: Context, found: list[Attribution]) -> list[Attribution]:
    """'die Forderung des Verbands, die Steuer zu senken', 'seine Warnung, es drohe Streit':
    a noun of saying, its genitive or "von" phrase as the source, and the clause behind the
    comma as the message when it reads as reported content."""
    tokens, text = ctx.tokens, ctx.text
    taken = [(a.start, a.end) for a in found]
    cues: list[Attribution] = []
    for c, tok in enumerate(tokens):
        if tok.text not in NOUN_CUES_DE or any(a <= tok.start < b for a, b in taken):
            continue
        start = tok.start
        if c > 0 and tok.joined and tokens[c - 1].text.lower() in _NOUN_CUE_OPENERS:
            start = tokens[c - 1].start
        chain_end, name, kind = _genitive_chain(ctx, c + 1)
        source = Source(name, kind, tokens[c + 1].start, chain_end) if chain_end > 0 else None
        end = max(tok.end, chain_end)
        after = end
        while after < len(text) and text[after] == " ":
            after += 1
        if after >= len(text) or text[after] not in ",:":
            continue
        if text[after] == "," and not reads_as_report(ctx, after + 1):
            continue
        attribution = _attribution(
            ctx, (start, end), tok.text, (start, tok.end), source, verbal=True
        )
        if attribution.message_start >= 0:
            cues.append(attribution)
    return cues


def find_attributions(
    sentence: Sentence, entities: list[Span], quotes: list[RawQuote]
) -> list[Attribution]:
    """Attribution cues with their sources and messages, sentence offsets, sorted by start."""
    if not sentence.tokens:
        return []
    ctx = Context(sentence, entities, quotes)
    found = _prepositional(ctx)
    if ctx.lang == "de":
        found.extend(_noun_cues(ctx, found))
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
        k = cue.particle
        if cue.impersonal:
            cue_span, particle = (tok.start, ctx.tokens[k].end), (-1, -1)
            source = _impersonal_source(ctx, v, k)
        else:
            cue_span = (tok.start, tok.end)
            particle = (ctx.tokens[k].start, ctx.tokens[k].end) if k >= 0 else (-1, -1)
            source = verb_source(
                ctx,
                v,
                subject_only_before=cue.word in _EN_ADDRESSED,
                after=cue.subject_after,
            )
            if source is None and cue.lead[0] >= 0:
                source = _passive_speaker(ctx, v, cue.lead[0])
        attribution = _attribution(
            ctx,
            (tok.start, tok.end),
            cue.word,
            cue_span,
            source,
            verbal=True,
            particle=particle,
            lead=cue.lead,
        )
        if source is None and attribution.message_start < 0 and not cue.impersonal:
            continue  # "Die Zahl wurde nicht bestätigt": nobody says anything
        found.append(attribution)
    found.sort(key=lambda a: (a.start, a.end))
    return found
