"""Prepositional attribution cues: "laut X", "gemäß X", "nach Angaben X", "X zufolge",
"according to X", "wie X berichtet", "«…», so X"."""

from __future__ import annotations

from dataclasses import replace

from ._text import preceded_by, text_end_before
from .attribution_types import (
    Attribution,
    at_clause_end,
    build_attribution,
    closing_auxiliary,
    genitive_chain,
)
from .lexicon import word_set
from .lexicon.cues import PREPOSITION_CUES_DE, SEPARABLE_DE, SOURCE_CARRIERS, SPEECH_VERBS_DE
from .source_extent import phrase_before
from .sources import (
    CARRIER_LINKS,
    DETERMINERS,
    Context,
    Source,
    bracket_before,
    is_acronym,
    source_after,
)

# Nouns after "nach" that make it an attribution ("nach Angaben der Polizei").
_NACH_CARRIERS = word_set(
    """Angaben Informationen Berichten Schätzungen Aussagen Meinung Ansicht Auffassung Worten
    Einschätzung Darstellung Erkenntnissen Berechnungen Aussage Überzeugung Studie Umfrage
    Untersuchung Bericht Recherchen Schätzung Prognose Vernehmen Zählung Auskunft
    Stellungnahme Analyse Endergebnis Ergebnis Hinweis Planungen Stand Nachricht Urteil
    Ankündigung Idee Erfahrungen Quellenlage Gesetzesentwurf Verfassung Wunsch Medien
    Vorstellungen Plänen Willen Daten Zahlen Statistik Mitteilung Erklärung Ermittlungen
    Beobachtungen Messungen"""
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
_POSSESSIVES = word_set("seiner meiner ihrer unserer eurer deiner seinem ihrem meinem unserem")
_EVENT_CARRIERS = word_set(
    """Urteil Ankündigung Ergebnis Endergebnis Mitteilung Erklärung Stand Hinweis Wunsch Willen
    Plänen Planungen Verfassung Gesetzesentwurf Analyse"""
)
_TIME_WORDS = word_set(
    "kurz Tage Tagen Wochen Monate Monaten Jahre Jahren Stunden Minuten bald unmittelbar erst "
    "noch gleich direkt wenige einen einem"
)
# Nouns before ", nach der" that make it a relative clause of what a source says.
_NACH_NOUNS = word_set(
    "Studie Umfrage Untersuchung Bericht Meldung Darstellung Aussage Version Theorie These "
    "Vorschrift Regel Regelung Gesetz Vereinbarung Klausel Prognose Analyse Information"
)
# Heads after "gemäß" that make it conformity to a rule, not an attribution.
_RULE_HEADS = word_set(
    """Regelung Regelungen Regel Regeln Standard Standards Profil Vorschrift Vorschriften Gesetz
    Gesetzes Paragraph Paragraf Artikel Vertrag Vertrages Plan Norm Normen Richtlinie
    Richtlinien Verordnung Satzung Verfassung Vereinbarung Abkommen Beschluss Auftrag Motto
    Tradition Prinzip Grundsatz Wunsch Willen Anweisung Anweisungen Vorgaben Kriterien"""
)
# Longest noun phrase, in tokens, before "zufolge" that opens its clause with a determiner.
_PHRASE_TOKENS = 8
# Relative pronouns after ", nach" ("Studien, nach denen Homöopathie wirke").
_NACH_RELATIVES = word_set("denen dem der welchem welcher welchen")
# Adverbs allowed between "wie" and the source ("wie unter anderem die «Tagesschau» berichtet").
_WIE_FILLERS = word_set(
    "unter anderem auch zuvor bereits etwa zuerst ebenfalls kürzlich zunächst schon"
)
# Longest "wie" clause without commas, in tokens ("wie der Minister X am Montag in Y sagte").
_WIE_TOKENS = 12
# Verbs closing "wie X berichtet", with separable ones written together ("bekannt gab").
_WIE_VERBS = SPEECH_VERBS_DE | frozenset(
    particle + verb for verb, particles in SEPARABLE_DE.items() for particle in particles
)


def prepositional_cues(ctx: Context) -> list[Attribution]:
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
                found.append(build_attribution(ctx, span, lower, cue_span, source, verbal=False))
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
            if lower == "wonach" and i > 0 and preceded_by(text, tok.start, ","):
                source = phrase_before(ctx, i - 1)  # "Berichte der Zeitung, wonach …"
            found.append(build_attribution(ctx, cue_span, lower, cue_span, source, verbal=False))
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
        elif ctx.lang == "de" and word == "so" and preceded_by(text, tok.start, ",–—"):
            # "«…», so Kim." names the speaker after the quote; "…, und man sei dankbar – so
            # Kim –, trotzdem …" puts it between dashes.
            source = source_after(ctx, i + 1, loose=True)
            if source is not None:
                span = (tok.start, max(tok.end, source.end))
                found.append(build_attribution(ctx, span, "so", cue_span, source, verbal=True))
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
                build_attribution(
                    ctx, (tok.start, end), "according to", cue_span, source, verbal=False
                )
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


def _nach_relative(ctx: Context, i: int) -> bool:
    """', nach denen …', 'eine Studie, nach der …': a relative clause giving what a source says.

    "der" and "dem" after a comma are also articles ("in die Pause, nach der …" is a time), so
    they count only after a noun that carries statements ("Studie", "Bericht", "Angaben").
    """
    tokens = ctx.tokens
    word = tokens[i + 1].text
    if word not in _NACH_RELATIVES or not preceded_by(ctx.text, tokens[i].start, ","):
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
        attribution = build_attribution(
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
        return build_attribution(ctx, (start, tok.end), "nach", cue_span, source, verbal=False)
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
    chain_end, name, kind = genitive_chain(ctx, c + 1)
    end = max(tokens[c].end, chain_end)
    if tokens[c].text in SOURCE_CARRIERS and chain_end < 0:
        name, kind = None, None
    source = Source(name, kind if name else None, nxt.start, end)
    return build_attribution(ctx, (tok.start, end), "nach Angaben", cue_span, source, verbal=False)


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
        return build_attribution(ctx, (start, cue.end), "zufolge", cue_span, source, verbal=False)
    if not cue.joined:
        bracket = bracket_before(ctx, cue.start)
        if bracket is None or not is_acronym(bracket[0]):
            return None
        # "Einer Erklärung des Verbandes Deutscher Realschullehrer (VDR) zufolge".
        k = ctx.index_at(bracket[1]) - 1
        first = _determiner_before(ctx, k) if k >= 0 else None
        start = tokens[first].start if first is not None else bracket[1]
        source = Source(bracket[0], "organization", start, text_end_before(ctx.text, cue.start))
        return build_attribution(ctx, (start, cue.end), "zufolge", cue_span, source, verbal=False)
    prev = tokens[i - 1]
    entity = ctx.entity_ending.get(prev.end)
    if entity is not None:
        start = _extend_left(ctx, ctx.index_at(entity.start))
        source = Source(ctx.name_of(entity), entity.kind, start, entity.end)
        return build_attribution(ctx, (start, cue.end), "zufolge", cue_span, source, verbal=False)
    if not prev.text[0].isupper():
        # "Dem Sender al-Dschasira zufolge", "Der Website worldreferee.com zufolge".
        first = _determiner_before(ctx, i - 1)
        if first is None:
            return None
        # The name is the lowercase part after its descriptor ("Sender al-Dschasira").
        lower = next(j for j in range(first + 1, i) if tokens[j].text[0].islower())
        name = ctx.squeeze(tokens[lower].start, prev.end)
        source = Source(name, "unknown", tokens[first].start, prev.end)
        return build_attribution(
            ctx, (tokens[first].start, cue.end), "zufolge", cue_span, source, verbal=False
        )
    start = _extend_left(ctx, i - 1)
    text_of = None if prev.text in SOURCE_CARRIERS else prev.text
    source = Source(text_of, "unknown" if text_of else None, start, prev.end)
    return build_attribution(ctx, (start, cue.end), "zufolge", cue_span, source, verbal=False)


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
    if k > 0 and tokens[k].joined and tokens[k - 1].text.lower() in _POSSESSIVES:
        return tokens[k - 1].start  # "seiner Meinung nach": the possessive opens the phrase
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
    commas = 0
    for v in range(i + 1, min(len(tokens), i + 14)):
        if not ctx.connected(v):
            # A dot inside a name or after a title ("t-online.de", "Dr. Dittrich") is no break.
            gap = text[tokens[v - 1].end : tokens[v].start]
            commas += gap.count(",")
            if any(ch in ".;:!?" for ch in gap):
                return None
        if commas > 2 or (v > i + _WIE_TOKENS and not commas):
            return None  # commas only around an apposition: "wie X, Sprecher der Y, mitteilte"
        if commas == 1:
            continue
        word = tokens[v].text
        if word in SEPARABLE_DE and tokens[v - 1].text in SEPARABLE_DE[word]:
            word = f"{tokens[v - 1].text}{word}"  # "wie die Bank bekannt gab"
        auxiliary = closing_auxiliary(ctx, v)
        if word in _WIE_VERBS and (auxiliary >= 0 or at_clause_end(text, tokens[v].end)):
            k = i + 1
            while k < v and tokens[k].text in _WIE_FILLERS:
                k += 1
            source = source_after(ctx, k, loose=True) if k < v else None
            if source is not None and source.start >= tokens[v].start:
                source = None
            joined = word != tokens[v].text
            cue_span = (tokens[v - 1 if joined else v].start, tokens[v].end)
            lead = (tokens[i].start, tokens[i].end)
            particle = (-1, -1)
            if auxiliary >= 0:  # "wie die FIFA bekanntgegeben hat": the auxiliary is cue too
                particle = (tokens[auxiliary].start, tokens[auxiliary].end)
            span = (tokens[i].start, max(tokens[v].end, particle[1]))
            return build_attribution(
                ctx,
                span,
                word.lower(),
                cue_span,
                source,
                verbal=False,
                lead=lead,
                particle=particle,
            )
    return None
