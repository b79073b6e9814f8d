"""Verb cues of saying: "erklärte", "teilte … mit", "hat … angekündigt", "wurde bekannt",
"hieß es", "said", "told", with the particle, preposition or auxiliary that belongs to them."""

from __future__ import annotations

from dataclasses import dataclass

from .attribution_types import (
    Attribution,
    at_clause_end,
    build_attribution,
    genitive_chain,
    no_break,
)
from .lexicon import word_set
from .lexicon.cues import (
    AUXILIARIES_DE,
    IMPERSONAL_DE,
    PARTICIPLES_DE,
    PLURAL_SPEECH_VERBS_DE,
    PLURAL_SPEECH_VERBS_EN,
    PREPOSITION_OF_VERB_DE,
    REFLEXIVE_SPEECH_DE,
    SEPARABLE_DE,
    SPEECH_VERBS_DE,
    SPEECH_VERBS_EN,
)
from .sources import DETERMINERS, Context, Source, source_after
from .subjects import verb_source

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
# Auxiliaries of the passive, whose "von" phrase names the speaker.
_PASSIVE = word_set("wurde wurden wird werden")
# Forms of "werden" (and "sein" of "war bekannt geworden") that make "bekannt" news.
_BECOME = word_set("wurde wurden wird werden")
_BEEN = word_set("war ist sei waren sind")
# Prepositions before a document that says what a passive reports ("in einem Bericht").
_DOCUMENT_PREPOSITIONS = word_set("in im auf")
# Endings of nouns naming a document or a statement: the heads of compounds ("Jahresbericht",
# "Pressemitteilung") in either case, and nouns that end one only as themselves.
_COMPOUND_DOCUMENT_HEADS = ("bericht", "erklärung", "mitteilung", "meldung")
_DOCUMENT_HEADS = (
    *_COMPOUND_DOCUMENT_HEADS,
    *(head.capitalize() for head in _COMPOUND_DOCUMENT_HEADS),
    "Schreiben",
    "Brief",
    "Stellungnahme",
    "Studie",
    "Gutachten",
    "Interview",
    "Artikel",
    "Entwurf",
    "Homepage",
    "Website",
    "Webseite",
    "Internetseite",
)
# Words between "heißt es" and the phrase naming where it says so ("hieß es dazu in …").
_IMPERSONAL_FILLERS = word_set("dazu auch weiter nun damals zuletzt jedoch aber außerdem zudem")
_IMPERSONAL_PLACES = word_set("in im auf bei beim von vom aus seitens")
# Longest clause, in tokens, from a separable verb to a particle that closes the sentence.
_APPOSED_PARTICLE_SPAN = 20
# Forms of "sich aussprechen für/gegen", which state a stance.
_SPEAK_OUT = word_set("spricht sprach sprachen sprechen")
# Things that "gehen von … aus" in the sense of emanating from, not of assuming.
_EMANATING = word_set(
    """Gefahr Gefahren Bedrohung Risiko Risiken Initiative Impuls Impulse Signal Signale
    Wirkung Kraft Druck Anregung Idee Vorstoß Anstoß Reiz Strahlung Geruch Gewalt"""
)
# Pronominal adverbs that belong to the cue ("geht davon aus", "wies darauf hin").
_PRONOMINAL_ADVERBS = word_set("davon darauf dazu darüber daran dafür damit dagegen")
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
        if not no_break(text, tokens[v].end, tokens[k].start):
            break
        if tokens[k].text in particles and at_clause_end(text, tokens[k].end):
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
    between = {t.text for t in tokens[v:found]}
    assumes = "davon" in between or "von" in between or "vom" in between
    if tokens[found].text == "aus" and word.startswith(("geh", "ging")) and not assumes:
        return None  # "geht davon aus", "geht von Suizid aus" say what one expects
    return found


@dataclass(frozen=True, slots=True)
class _VerbCue:
    word: str  # the cue as reported ("teilte mit", "äußerte sich", "hieß es")
    particle: int = -1  # token index of the closing particle or the verb's preposition
    lead: tuple[int, int] = (-1, -1)  # the auxiliary before a participle, with "es"
    subject_after: int = -1  # where an inverted subject may start (after "sich")
    impersonal: bool = False
    speaker_only: bool = False  # "geht von X aus": only a speaker's (not "Die Gefahr geht …")


def _verb_preposition(ctx: Context, v: int, word: str) -> int:
    """'sprach von', 'bezeichnete … als', 'warnte … vor': index of the verb's preposition."""
    tokens, text = ctx.tokens, ctx.text
    wanted = PREPOSITION_OF_VERB_DE.get(word)
    if wanted is None:
        return -1
    for k in range(v + 1, min(len(tokens) - 1, v + 10)):
        if not no_break(text, tokens[v].end, tokens[k].start):
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
            if word in _SPEAK_OUT and ctx.connected(v + 1):
                k = _separable_particle(ctx, v, word)  # "sprach sich für … aus": a stance
                if k is not None:
                    return _VerbCue(f"{word} sich {tokens[k].text}", k, subject_after=v + 2)
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
                assumes = word.startswith(("geh", "ging")) and adverb is None
                return _VerbCue(f"{word} {tokens[k].text}", k, lead=lead, speaker_only=assumes)
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


def _speaks(source: Source | None) -> bool:
    """Is the source someone who can hold a view ("Die Polizei", "Gutachter"), not a thing
    that something emanates from ("Die größte Gefahr geht von … aus")?"""
    if source is None:
        return False
    head = (source.text or "").rsplit(" ", 1)[-1]
    return head not in _EMANATING


def _quoted_subject(ctx: Context, v: int, lead: int) -> Source | None:
    """'Der Minister wird von der Zeitung mit den Worten zitiert', 'Dort wird Musk wie folgt
    zitiert': the subject of a passive "zitiert" is who is quoted, so it is the speaker; the
    "von" phrase only names where the words were printed."""
    if lead < 0:
        return None
    aux = ctx.index_at(lead)
    if aux >= v or ctx.tokens[aux].text not in _PASSIVE:
        return None
    return verb_source(ctx, aux, via_auxiliary=True)


def _passive_document(ctx: Context, v: int, lead: int) -> Source | None:
    """'In einem Bericht der Zeitung wurde vermutet, …', 'So wird in einer Pressemitteilung
    der Organisation gefordert, …': a passive without a "von" phrase says where it was said;
    a document named in its clause ("in einem Bericht", "auf der Website") is the source, as
    for "heißt es in …". The phrase must name a document, not a time or a place ("Im Jahr
    2007 wurde angekündigt")."""
    tokens = ctx.tokens
    aux = ctx.index_at(lead)
    if aux >= v or tokens[aux].text not in _PASSIVE:
        return None
    if aux > 1 and tokens[0].text.lower() in _DOCUMENT_PREPOSITIONS:
        return _document_phrase(ctx, 1, tokens[aux].start)
    for k in range(aux + 1, v - 1):
        if not ctx.connected(k):
            return None
        if tokens[k].text in _DOCUMENT_PREPOSITIONS:
            return _document_phrase(ctx, k + 1, tokens[v].start)
    return None


def _document_phrase(ctx: Context, k: int, limit: int) -> Source | None:
    """The noun phrase at token ``k``, ending before ``limit``, when its head names a document
    or a statement."""
    found = source_after(ctx, k, loose=True)
    if found is None or found.end > limit:
        return None
    j = k + 1 if ctx.tokens[k].text.lower() in DETERMINERS else k
    while j < len(ctx.tokens) and ctx.is_adjective(j):
        j += 1
    if j >= len(ctx.tokens) or not ctx.tokens[j].text.endswith(_DOCUMENT_HEADS):
        return None
    return _von_phrase(ctx, k, limit) or found


def _von_phrase(ctx: Context, k: int, limit: int) -> Source | None:
    """The noun phrase at token ``k`` with its genitive ("Seiten der Eltern"), ending before
    ``limit``."""
    found = source_after(ctx, k, loose=True)
    if found is None or found.end > limit:
        return None
    chain_end, name, kind = genitive_chain(ctx, ctx.index_at(found.end))
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


def verb_attributions(ctx: Context, covered: set[int]) -> list[Attribution]:
    """Attributions by verbs of saying, skipping the tokens in ``covered`` (other cues')."""
    found: list[Attribution] = []
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
        quoted = False  # the source is who a passive "zitiert" quotes
        if cue.impersonal:
            cue_span, particle = (tok.start, ctx.tokens[k].end), (-1, -1)
            source = _impersonal_source(ctx, v, k)
        else:
            cue_span = (tok.start, tok.end)
            particle = (ctx.tokens[k].start, ctx.tokens[k].end) if k >= 0 else (-1, -1)
            source = _quoted_subject(ctx, v, cue.lead[0]) if cue.word == "zitiert" else None
            quoted = source is not None
            if source is None:
                source = verb_source(
                    ctx,
                    v,
                    subject_only_before=cue.word in _EN_ADDRESSED,
                    after=cue.subject_after,
                )
            if source is None and cue.lead[0] >= 0:
                source = _passive_speaker(ctx, v, cue.lead[0])
            if source is None and cue.lead[0] >= 0:
                source = _passive_document(ctx, v, cue.lead[0])
            if cue.speaker_only and not _speaks(source):
                continue  # "Die größte Gefahr geht von den Rebellen aus": nobody assumes
        attribution = build_attribution(
            ctx,
            (tok.start, tok.end),
            cue.word,
            cue_span,
            source,
            verbal=True,
            particle=particle,
            lead=cue.lead,
        )
        if attribution.message_start < 0 and (quoted or (source is None and not cue.impersonal)):
            continue  # "Die Zahl wurde nicht bestätigt", "Der Bericht wurde zitiert": no words
        found.append(attribution)
    return found
