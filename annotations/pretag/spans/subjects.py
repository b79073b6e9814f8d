"""The subject of a verb of saying: who says it, before the verb or after it.

English puts the speaker before the verb ("Smith said", "Jen Easterly, the agency's director,
told CNN") or, after a quotation, right after it ("…," said Biden). German puts the subject
before the verb in first position ("Die Polizei teilte mit", "Nina Warken (CDU) kündigte an"),
or after it when something else comes first: the message, an adverb or a prepositional
phrase ("Die Lage sei stabil, sagte Bundeskanzler Olaf Scholz", "Bei einem Treffen sagte
Jung"). A participle takes the subject of its auxiliary ("Die Zeitung hatte berichtet"); the
subject of a passive ("wurde bestätigt") says nothing and is not taken.
"""

from __future__ import annotations

from ._text import Token, preceded_by, text_end_before
from .clause_subjects import SUBORDINATORS, clause_subject, share_subject, subordinate_subject
from .lexicon import word_set
from .lexicon.cues import AUXILIARIES_DE, PARTICIPLES_DE
from .lexicon.organizations import GENERIC_HEADS_EN, PARTIES
from .lexicon.words import NOUN_ENDINGS_DE
from .names import is_role
from .sources import (
    CLAUSE_BREAKS,
    DETERMINERS,
    FOCUS_PARTICLES,
    NOMINATIVE_ARTICLES,
    PRONOUNS,
    Context,
    Source,
    bracket_before,
    extend_left,
    is_acronym,
    named_before,
    source_after,
    with_bracket,
    with_genitive,
)

__all__ = ["verb_source"]

# Capitalised adverbs that open sentences and are never a speaker ("Offiziell geht …").
_OPENING_ADVERBS = word_set(
    "Weiter Offiziell Gegenüber Sinngemäß Zudem Ferner Außerdem Ausserdem Laut Gestern Heute "
    "Jetzt Nun Erneut Zuletzt Später Abschließend Wörtlich Ebenso Ebenfalls Damals Derzeit "
    "Unterdessen Indessen Insbesondere Stattdessen Trotzdem Dennoch Allerdings Jedenfalls "
    "Zunächst Mittlerweile Seitdem Daneben"
)

# Adverbs between an inverted German verb and its subject ("kündigte heute der Präsident an").
_ADVERBS_AFTER_VERB = word_set(
    "heute gestern nun jetzt auch bereits zudem außerdem ausserdem dagegen jedoch aber "
    "allerdings ebenfalls erneut nochmals zuletzt damals schon inzwischen später zuvor dann "
    "daraufhin gleichzeitig zugleich darüber dazu"
)

# Pronouns that may follow an inverted German verb as its subject ("sagte er").
_INVERTED_PRONOUNS = frozenset(("er", "sie", "wir", "ich", "ihr", "man"))

# Pronouns that are nominative only: after a verb they are its subject ("bezeichnete er").
_NOMINATIVE_PRONOUNS = frozenset(("er", "ich", "wir"))

# Words after an inverted subject that still close its clause ("said Biden in a statement").
_CLOSING_WORDS = word_set(
    "in on at during after before to from who when while am im auf bei gegenüber vor nach "
    "laut zu zum zur dem der den des am mit"
)

_INVERSION_MARKS = (",", '"', "”", "’", "'", "»", "«", "“")

# Possessive and genitive words that may open an apposition ("the agency's director").
_APPOSITION_OPENERS = DETERMINERS | word_set(
    "der die das who which whose his her their its sein seine ihr ihre deren dessen"
)

_EN_CONNECTORS = frozenset(("of", "for", "and", "on"))

# English common nouns that name a speaking body after "the" ("the company said").
_EN_BODIES = word_set(
    "company firm agency group court ministry department office council committee commission "
    "union party campaign board bank spokesman spokeswoman spokesperson statement report"
)


# Articles of the accusative, dative and genitive only: never a subject's.
_OBLIQUE_ARTICLES = word_set("den dem des einen einem eines")
# Words that open a German noun phrase in first position ("Einer der Feuerwehrmänner sagte").
_SUBJECT_OPENERS = word_set("Der Die Das Ein Eine Einer Eines Einige Mehrere Viele Beide Alle")

# Prepositions and adverbs that open a German clause before its verb, leaving the subject
# to follow the verb ("Bei einem Treffen sagte Jung", "Weiterhin erklärte die Ministerin").
_PREPOSITIONS = word_set(
    "in im bei beim über gegenüber von vom auf nach unter an am mit vor zu zum zur aus seit "
    "während wegen trotz für hinter neben durch angesichts anlässlich laut gemäß gemäss"
)

_VORFELD_ADVERBS = word_set(
    "Hierzu Dazu Weiterhin Bislang Zudem Außerdem Ausserdem Darüber Daraufhin Dabei Damit "
    "Jetzt Nun Heute Gestern Später Zuvor Inzwischen Bereits Weiter Erneut Anschließend "
    "Offiziell Sinngemäß Ebenfalls Zuletzt Demnach Daher Deshalb Deswegen Schließlich"
)

# Possessives that open a subject ("Ihr Vorsitzender Eberhard Brandt erklärte").
_POSSESSIVES = word_set("Ihr Ihre Sein Seine Unser Unsere")
_COORDINATORS = word_set("und sowie")

# Relative pronouns that may be the subject of a verb of saying (", der angab, …").
_RELATIVES = frozenset(("der", "die", "welcher", "welche"))

# Auxiliaries of the perfect only: the subject of a passive ("wurde bestätigt") says nothing.
_AUXILIARIES = word_set("hat hatte haben hatten habe")

# Lowercase words a subject and its apposition may hold ("Der Chef der Firma, zuständig für").
_APPOSITION_LOWER = DETERMINERS | word_set(
    "von vom für auf aus in im und sowie zu zur zum bei beim an am mit des"
)
# Longest opening subject with its apposition, in tokens, before the verb.
_OPENING_TOKENS = 16
# Longest apposition between a name and its verb ("Jen Easterly, the agency's director, told").
_APPOSITION_TOKENS = 12


def _initial_subject(ctx: Context, v: int) -> Source | None:
    """'Die Richter des Bundesverwaltungsgerichtes stellten klar': the noun phrase that opens
    the sentence, from its determiner to the verb, is the subject of a verb in second place.
    A focus particle before it stays out ("Auch einige Parteien haben angekündigt").

    The name is an entity inside the phrase (the last one), else the phrase without its
    determiner.
    """
    tokens = ctx.tokens
    if ctx.lang != "de" or v < 2 or v > 9:
        return None
    o = 1 if tokens[0].text in FOCUS_PARTICLES and v > 2 else 0
    opener = tokens[o].text
    if opener not in _SUBJECT_OPENERS and not (o and opener.capitalize() in _SUBJECT_OPENERS):
        return None
    if ctx.text[: tokens[0].start].strip(' „“»«"'):
        return None
    if not ctx.connected(v) or any(not ctx.connected(j) for j in range(1, v)):
        return None
    if (
        v - o < 2
        or not tokens[v - 1].text[0].isupper()
        or any(
            tokens[j].text in ctx.functions
            or tokens[j].text in ("und", "oder", "dass")
            or tokens[j].text in AUXILIARIES_DE
            or (
                tokens[j].text[0].islower()
                and tokens[j].text not in _APPOSITION_LOWER
                and not ctx.is_adjective(j)
            )
            for j in range(o + 1, v)
        )
    ):
        return None  # "Der Plan wurde von X kritisiert": a verb inside is no noun phrase
    head = tokens[o + 1]
    entities = [ctx.entity_ending[t.end] for t in tokens[o + 1 : v] if t.end in ctx.entity_ending]
    end = tokens[v - 1].end
    start = tokens[o].start
    if entities and entities[-1].kind in ("person", "organization"):
        entity = entities[-1]
        role = ctx.squeeze(head.start, entity.start) if entity.start > head.start else None
        return Source(ctx.name_of(entity), entity.kind, start, end, role)
    return Source(ctx.squeeze(head.start, end), "role", start, end)


def _source_before(ctx: Context, v: int) -> Source | None:
    """Subject right before the verb at token ``v``: an entity, a quote or a role phrase."""
    tokens = ctx.tokens
    verb = tokens[v]
    quote = ctx.quote_ending_at(verb.start)
    if quote is not None and (v == 0 or tokens[v - 1].end <= quote.start):
        return ctx.quote_source(quote)
    if v == 0:
        return None
    if ctx.lang == "de" and _adverbial_before(ctx, v):
        return None  # "In einem Interview mit der «Zeit» sagte X": the subject follows
    initial = _initial_subject(ctx, v)
    if initial is not None:
        return initial
    bracket = bracket_before(ctx, verb.start)
    if bracket is not None:
        return _bracketed_subject(ctx, bracket)
    if not verb.joined:
        found = _apposed_subject(ctx, v)
        if found is None and ctx.lang == "de":
            found = _apposed_opening(ctx, v)
        return found
    prev = tokens[v - 1]
    named = named_before(ctx, prev.end)
    if named is not None and ctx.lang == "en":
        longer = _capitalised_before(ctx, v - 1)
        if longer is not None and longer.kind == "organization" and longer.start < named.start:
            return longer  # "the Office for National Statistics", not "National Statistics"
    if named is not None:
        return named
    if (
        v >= 2
        and prev.joined
        and is_role(tokens[v - 2].text, ctx.lang)
        and prev.text[0].isupper()
        and prev.text not in ctx.functions
        and not is_role(prev.text, ctx.lang)
    ):
        # "Wirtschaftsminister Clement geht davon aus": a role vouches for the name after it.
        start, role = extend_left(ctx, v - 1)
        return Source(prev.text, "person", start, prev.end, role)
    if is_role(prev.text, ctx.lang):
        k = v - 1
        while k > 0 and tokens[k].joined and ctx.is_adjective(k - 1):
            k -= 1
        start = tokens[k].start
        if k > 0 and tokens[k].joined and tokens[k - 1].text.lower() in DETERMINERS:
            start = tokens[k - 1].start
        return Source(ctx.squeeze(tokens[k].start, prev.end), "role", start, prev.end)
    if prev.text in PRONOUNS and prev.text.lower() != "es":
        return Source(None, "pronoun", prev.start, prev.end)
    if is_acronym(prev.text) and prev.text not in ctx.functions:
        return Source(prev.text, "organization", prev.start, prev.end)
    if ctx.lang == "en":
        # English capitalises names, not nouns: "Smith said", "…, Eurostat said".
        return _capitalised_before(ctx, v - 1) or _english_common_subject(ctx, v)
    return (
        _relative_subject(ctx, v)
        or _opening_phrase(ctx, v)
        or clause_subject(ctx, v)
        or share_subject(ctx, v)
    )


def _relative_subject(ctx: Context, v: int) -> Source | None:
    """', der angab, …': the relative pronoun right before the verb, after a comma, is its
    subject (SpkAtt marks the pronoun itself)."""
    tokens = ctx.tokens
    prev = tokens[v - 1]
    if v < 2 or prev.text not in _RELATIVES or not tokens[v].joined or ctx.connected(v - 1):
        return None
    if ctx.text[tokens[v - 2].end : prev.start].strip() != ",":
        return None
    return Source(None, "pronoun", prev.start, prev.end)


def _opening_phrase(ctx: Context, v: int, *, vouched: bool = False) -> Source | None:
    """'Patrick Georg von der IG Metall Trier sagte', 'Rob Mueller, Klub-Sekretär der
    Buitenboys sagte': in a German main clause the one phrase before the verb in second place
    is its subject when it reads as a noun phrase (names, nouns, their genitives and "von"
    phrases, an apposition in commas), not an adverbial or a clause. It needs a name or a
    role in it, or (``vouched``) a subject the other rules found at its end."""
    tokens, text = ctx.tokens, ctx.text
    if v < 2 or v > _OPENING_TOKENS or text[: tokens[0].start].strip(' „“»«"'):
        return None
    opening = 1 if tokens[0].text in FOCUS_PARTICLES and v > 1 else 0
    first = tokens[opening].text
    if (
        not first[0].isupper()
        or first in _OPENING_ADVERBS
        or first in _VORFELD_ADVERBS
        or first.lower() in _PREPOSITIONS
        or (first in PRONOUNS and first not in _POSSESSIVES)
        or (first in ctx.functions and first not in _SUBJECT_OPENERS | _POSSESSIVES)
    ):
        return None
    end = text_end_before(text, tokens[v].start)
    if text[end - 1] == ",":
        end = text_end_before(text, end - 1)
    gap = text[tokens[0].start : end]
    if any(ch in ".;:!?" for ch in gap) or gap.count(",") > 2 or '"' in gap:
        return None
    for j in range(opening + 1, v):
        word = tokens[j].text
        if word in AUXILIARIES_DE or word in ("oder", "dass"):
            return None
        if word in _COORDINATORS and not tokens[j + 1].text[0].isupper():
            return None  # "Müller und Meier sagten", not "Müller kam und sagte"
        if word[0].islower() and word not in _APPOSITION_LOWER and not ctx.is_adjective(j):
            return None
    last = text[:end].rstrip(")").split()[-1] if text[:end].strip() else ""
    if not last or not (last[0].isupper() or last[0].isdigit()):
        return None
    phrase = tokens[opening:v]
    entities = [ctx.entity_ending[t.end] for t in phrase if t.end in ctx.entity_ending]
    named = [e for e in entities if e.kind in ("person", "organization")]
    if not named and not vouched and not any(is_role(t.text, ctx.lang) for t in phrase):
        return None  # unless a subject found inside it vouches for the phrase
    start = tokens[opening].start
    if named:
        entity = next((e for e in reversed(named) if e.kind == "person"), named[-1])
        return Source(ctx.name_of(entity), entity.kind, start, end)
    return Source(ctx.squeeze(start, end), "role", start, end)


def _adverbial_before(ctx: Context, v: int) -> bool:
    """Does the verb's clause open with a preposition or an adverb ("Bei einem Treffen …")?"""
    tokens = ctx.tokens
    c = v - 1
    while c > 0 and ctx.connected(c):
        c -= 1
    if c >= v - 1 and tokens[c].text not in _VORFELD_ADVERBS:
        return False  # one word before the verb: "Kim sagte", "Dies sagte"
    first = tokens[c].text
    return first.lower() in _PREPOSITIONS or first in _VORFELD_ADVERBS


def _bracketed_subject(ctx: Context, bracket: tuple[str, int]) -> Source | None:
    """'Nina Warken (CDU) kündigte an', 'the authority (AFAD) said'."""
    inner, open_ = bracket
    end = text_end_before(ctx.text, open_)
    named = named_before(ctx, end)
    close = ctx.text.find(")", open_) + 1
    if named is not None:
        return with_bracket(ctx, named, (inner, close), named.start)
    if not is_acronym(inner) or inner in PARTIES:
        return None
    # An organisation the name rules do not know, named by its acronym: the phrase runs back
    # over the capitalised words before the bracket ("Disaster ... Authority (AFAD)").
    k = ctx.index_at(end) - 1
    start = open_
    while (
        k >= 0
        and ctx.tokens[k].end <= end
        and (
            ctx.tokens[k].text[0].isupper()
            or (ctx.tokens[k].text in ("and", "of", "for", "und", "für") and k > 0)
        )
    ):
        start = ctx.tokens[k].start
        if k == 0 or not ctx.tokens[k].joined:
            break
        k -= 1
    return Source(inner, "organization", start, close)


def _apposed_subject(ctx: Context, v: int) -> Source | None:
    """'Jen Easterly, the agency's director, told CNN': the name before the apposition."""
    text, tokens = ctx.text, ctx.tokens
    comma = text_end_before(text, tokens[v].start)
    if comma == 0 or text[comma - 1] != ",":
        return None
    last = ctx.index_at(comma) - 1  # last token of the apposition
    k = last  # first token of the apposition, once the comma before it is found
    while k > 0 and last - k < _APPOSITION_TOKENS:
        gap = text[tokens[k - 1].end : tokens[k].start]
        if any(ch in CLAUSE_BREAKS for ch in gap):
            break
        k -= 1
    if k <= 0 or text[tokens[k - 1].end : tokens[k].start].strip() != ",":
        return None
    person = ctx.whole_entity_at(k)
    if person is not None and person.kind == "person" and person.end == tokens[last].end:
        # "Der Leiter des Programms, Klaus Stöhr, sagte": the name is the apposition.
        c = k - 1
        while c > 0 and ctx.connected(c):
            c -= 1
        if c < k - 1 and (c == 0 or not ctx.connected(c)):
            role = ctx.squeeze(tokens[c].start, tokens[k - 1].end)
            return Source(ctx.name_of(person), "person", tokens[c].start, person.end, role)
    opener = tokens[k].text
    possessive = opener.endswith(("'s", "’s"))
    if (
        opener.lower() not in _APPOSITION_OPENERS
        and not is_role(opener, ctx.lang)
        and not possessive
    ):
        return None
    named = named_before(ctx, tokens[k - 1].end) or _capitalised_before(ctx, k - 1)
    if named is None or named.kind not in ("person", "organization"):
        return None
    role = ctx.squeeze(tokens[k].start, tokens[last].end)
    return Source(named.text, named.kind, named.start, tokens[last].end, named.role or role)


def _apposed_opening(ctx: Context, v: int) -> Source | None:
    """'Der Geschäftsführer von Ener1, Charles Gassenheimer, sagte', 'Lothar Nicht,
    Ordnungsdezernent der Stadt, sprach': a sentence that opens with a noun phrase and its
    apposition in commas, right before the verb. The whole stretch is the source phrase; its
    last person (else organisation) is the name, the rest the role."""
    tokens, text = ctx.tokens, ctx.text
    if v < 2 or v > _OPENING_TOKENS or text[: tokens[0].start].strip(' „“»«"'):
        return None
    end = text_end_before(text, tokens[v].start)
    gap = text[tokens[0].start : end - 1]
    if text[end - 1] != "," or any(ch in ".;:!?" for ch in gap) or gap.count(",") not in (1, 2):
        return None
    if not tokens[0].text[0].isupper() or tokens[0].text in _OPENING_ADVERBS:
        return None
    opening = 1 if tokens[0].text in FOCUS_PARTICLES else 0  # "Auch die Bank, …, meldete"
    for j in range(opening, v):
        word = tokens[j].text
        if word in AUXILIARIES_DE or (
            word[0].islower() and word not in _APPOSITION_LOWER and not ctx.is_adjective(j)
        ):
            return None  # a verb or an adverb: "Nachdem er kam, sagte …" is no subject
    people = [ctx.entity_ending[t.end] for t in tokens[:v] if t.end in ctx.entity_ending]
    people = [e for e in people if e.kind in ("person", "organization")]
    phrase_end = text_end_before(text, end - 1)
    start = tokens[opening].start
    if not people:
        return Source(ctx.squeeze(start, phrase_end), "role", start, phrase_end)
    named = next((e for e in reversed(people) if e.kind == "person"), people[-1])
    return Source(ctx.name_of(named), named.kind, start, phrase_end)


def _capitalised_before(ctx: Context, k: int) -> Source | None:
    """Capitalised words ending at token ``k`` that the name rules did not know ("Jen Easterly").

    Two or three such words before an apposition or an English verb of saying are a person;
    one word alone is a name of unknown kind. English names of bodies may hold "of", "for",
    "and" ("the Office for National Statistics"), which makes them an organisation.
    """
    tokens = ctx.tokens
    j, first, connectors = k, k + 1, 0
    while j >= 0 and k - j < 7:
        word = tokens[j].text
        if j < k and not tokens[j + 1].joined:
            break
        if ctx.lang == "en" and word in _EN_CONNECTORS and j < k and j > 0:
            connectors += 1
            j -= 1
            continue
        if not word[0].isupper() or word in ctx.functions or is_role(word, ctx.lang):
            break
        first = j
        j -= 1
    if first > k or (k - first >= 3 and not connectors and ctx.lang == "en" and k - first > 3):
        return None
    words = k - first + 1 - _connectors_in(tokens, first, k)
    start = tokens[first].start
    kind = (
        "organization"
        if _connectors_in(tokens, first, k)
        else ("person" if words >= 2 else "unknown")
    )
    if ctx.lang == "de" and kind == "unknown":
        return None  # a German capitalised word may be any noun
    if first > 0 and tokens[first].joined and tokens[first - 1].text.lower() == "the":
        start = tokens[first - 1].start
    return Source(ctx.squeeze(tokens[first].start, tokens[k].end), kind, start, tokens[k].end)


def _connectors_in(tokens: list[Token], first: int, last: int) -> int:
    return sum(1 for t in tokens[first : last + 1] if t.text in _EN_CONNECTORS)


def _english_common_subject(ctx: Context, v: int) -> Source | None:
    """'The ministry said', 'the company's spokesman said': a common noun naming the body."""
    tokens = ctx.tokens
    prev = tokens[v - 1]
    if prev.text not in GENERIC_HEADS_EN and prev.text not in _EN_BODIES:
        return None
    k = v - 1
    while (
        k > 0
        and tokens[k].joined
        and (tokens[k - 1].text.lower() in DETERMINERS or tokens[k - 1].text.endswith(("'s", "’s")))
    ):
        k -= 1
    if k == v - 1:
        return None  # "police said" without an article is rare and often a headline
    return Source(ctx.squeeze(tokens[k].start, prev.end), "role", tokens[k].start, prev.end)


def _clause_closes(ctx: Context, pos: int) -> bool:
    """Nothing but punctuation, a particle or a prepositional phrase follows ``pos``."""
    k = ctx.index_at(pos)
    rest = ctx.text[pos : ctx.tokens[k].start] if k < len(ctx.tokens) else ctx.text[pos:]
    if rest.strip() or k >= len(ctx.tokens):
        return True  # punctuation or the end of the sentence follows
    word = ctx.tokens[k].text
    return word.lower() in _CLOSING_WORDS or (ctx.lang == "de" and word[0].islower())


def _bare_name_after(ctx: Context, k: int) -> Source | None:
    """'teilte Eurostat mit': one unknown capitalised word after a German verb, not a noun."""
    tokens = ctx.tokens
    if k >= len(tokens) or not tokens[k].joined:
        return None
    word = tokens[k].text
    lower = word.lower()
    if not word[0].isupper() or word in ctx.functions or word.endswith(("en", "ern", "eln")):
        return None  # "-en" is a plural noun ("Experten"); names end in "-on", "-in" ("Larson")
    if any(lower.endswith(end) for end in NOUN_ENDINGS_DE) or is_role(word, ctx.lang):
        return None
    if not _clause_closes(ctx, tokens[k].end):
        return None
    return Source(word, "unknown", tokens[k].start, tokens[k].end)


def _noun_phrase_after(ctx: Context, k: int) -> Source | None:
    """'stellten die Wissenschaftler fest': a nominative noun phrase after an inverted verb.

    Article, adjectives, a capitalised noun, then a genitive or a name joined to it.
    """
    tokens = ctx.tokens
    if k >= len(tokens) or tokens[k].text not in NOMINATIVE_ARTICLES or not ctx.connected(k):
        return None
    j = k + 1
    while j < len(tokens) and j - k < 4 and ctx.is_adjective(j) and ctx.connected(j):
        j += 1
    if j >= len(tokens) or not ctx.connected(j):
        return None
    word = tokens[j].text
    if not word[0].isupper() or word in ctx.functions:
        return None
    source = Source(word, "role", tokens[k].start, tokens[j].end)
    named = ctx.whole_entity_at(j + 1) if j + 1 < len(tokens) and tokens[j + 1].joined else None
    if named is not None and named.kind in ("person", "organization"):
        return Source(ctx.name_of(named), named.kind, tokens[k].start, named.end, word)
    return with_genitive(ctx, source, j + 1)


def _auxiliary_before(ctx: Context, v: int) -> int | None:
    """'hat … gefordert', 'hatte gestern berichtet': the finite auxiliary of the cue's clause."""
    tokens = ctx.tokens
    for a in range(v - 1, max(-1, v - 12), -1):
        if not ctx.connected(a + 1):
            return None
        if tokens[a].text in _AUXILIARIES:
            return a
    return None


def verb_source(
    ctx: Context,
    v: int,
    *,
    subject_only_before: bool = False,
    via_auxiliary: bool = False,
    after: int = -1,
) -> Source | None:
    """Subject of a verb of saying: before it, or after it where word order is inverted.

    ``subject_only_before`` is for verbs whose following name is the addressee ("told CNN").
    A German participle takes the subject of its auxiliary ("Die Zeitung hatte berichtet").
    ``after`` is where an inverted subject starts when a word belongs to the verb ("äußerte
    sich der Minister"); by default right after the verb.
    """
    tokens = ctx.tokens
    pronoun = _inverted_nominative(ctx, after if after >= 0 else v + 1)
    if pronoun is not None:
        return pronoun
    bracketed = _bracket_subject(ctx, v) if not via_auxiliary else None
    if bracketed is not None:
        return bracketed
    subordinate = subordinate_subject(ctx, v)
    if subordinate is not None:
        return subordinate
    before = _source_before(ctx, v)
    if before is not None and ctx.lang == "de" and before.start > tokens[0].start:
        opening = _opening_phrase(ctx, v, vouched=True)
        if opening is not None and opening.start < before.start <= before.end <= opening.end:
            # "Ken Rice vom Institut für Astronomie sagte": the whole first phrase speaks.
            return Source(
                before.text, before.kind, opening.start, opening.end, before.role, before.party
            )
    if before is not None:
        return before
    if subject_only_before:
        return None
    if ctx.lang == "de" and not via_auxiliary:
        a = _auxiliary_before(ctx, v)
        if a is not None and a > 0:
            return verb_source(ctx, a, via_auxiliary=True)
    first = after if after >= 0 else v + 1
    if ctx.lang == "de":
        while first + 1 < len(tokens) and tokens[first].text in _ADVERBS_AFTER_VERB:
            first += 1
    after_tok: Token | None = tokens[first] if first < len(tokens) else None
    if ctx.lang == "en":
        # English is subject-verb-object; the subject follows only in "…," said Biden.
        if v > 0 and not preceded_by(ctx.text, tokens[v].start, _INVERSION_MARKS):
            return None
        if after_tok is not None and after_tok.text.lower() in ("he", "she", "they", "we"):
            return Source(None, "pronoun", after_tok.start, after_tok.end)
        inverted = source_after(ctx, v + 1, loose=False)
        if inverted is None or not _clause_closes(ctx, inverted.end):
            return None  # "…, said Congress would vote": the name opens a new clause
        return inverted
    prev = tokens[v - 1].text if v > 0 else ""
    focus = 1 if v == 2 and tokens[0].text in FOCUS_PARTICLES else 0
    if (
        v == 1 + focus
        and tokens[v].joined
        and prev[0].isupper()
        and prev not in ctx.functions
        and prev not in _OPENING_ADVERBS
        and prev not in _VORFELD_ADVERBS
        and not prev.lower().endswith(("ell", "lich", "weise", "mäß", "isch"))
    ):
        # "Kim beschuldigte …", "Auch Kim sagte …": a lone capitalised word before the verb
        # (after a focus particle) is its subject.
        return Source(prev, "unknown", tokens[v - 1].start, tokens[v - 1].end)
    if after_tok is not None and after_tok.joined and after_tok.text in _INVERTED_PRONOUNS:
        return Source(None, "pronoun", after_tok.start, after_tok.end)
    if v > 0 and prev in PRONOUNS:
        return None  # "Er erklärte …": what follows the verb is its object
    found = (
        source_after(ctx, first, loose=False)
        or _bare_name_after(ctx, first)
        or share_subject(ctx, v, after=first)
    )
    if found is not None and _oblique(ctx, found):
        found = None  # "bat den Papst um …": an accusative or dative is the object
    if found is None and v > 0:
        found = _noun_phrase_after(ctx, first)
    if found is None and v > 1 and (prev == "und" or _comma_coordinated(ctx, v)):
        found = _coordinated_subject(ctx, v)
    return found


def _comma_coordinated(ctx: Context, v: int) -> bool:
    """'Die UN bestätigten den Vorfall, teilten jedoch mit, …': a verb right after a comma
    joins the sentence's first verb when an adverb, not a subject, follows it, and the
    sentence opens with a main clause ("Nachdem …, protestierten Eltern" has the subject
    after the verb)."""
    tokens = ctx.tokens
    if not preceded_by(ctx.text, tokens[v].start, ","):
        return False
    if tokens[0].text.lower() in SUBORDINATORS or v + 1 >= len(tokens):
        return False
    following = tokens[v + 1].text
    return following in _ADVERBS_AFTER_VERB and ctx.connected(v + 1)


def _bracket_subject(ctx: Context, v: int) -> Source | None:
    """'Der Präsident hat in einem Brief den Abgeordneten mitgeteilt': a participle that
    closes the verb bracket of a perfect has the subject of its finite auxiliary, which stands
    in second place; the noun right before the participle is an object ("den Abgeordneten")."""
    tokens = ctx.tokens
    if ctx.lang != "de" or tokens[v].text not in PARTICIPLES_DE:
        return None
    a = _auxiliary_before(ctx, v)
    if a is None or a == 0 or a == v - 1:
        return None  # "Die Zeitung hatte berichtet": the usual rules see the subject
    return verb_source(ctx, a, via_auxiliary=True)


def _oblique(ctx: Context, source: Source) -> bool:
    """Does the phrase open with an article that is never nominative ("den", "dem", "einem",
    "des")? Such a phrase after the verb is its object, not its subject."""
    k = ctx.index_at(source.start)
    return k < len(ctx.tokens) and ctx.tokens[k].text in _OBLIQUE_ARTICLES


def _inverted_nominative(ctx: Context, k: int) -> Source | None:
    """'Deren Haltung bezeichnete er als …': "er", "ich", "wir" right after a German verb can
    only be its subject, whatever stands before the verb."""
    tokens = ctx.tokens
    if ctx.lang != "de" or k >= len(tokens) or not tokens[k].joined:
        return None
    if tokens[k].text not in _NOMINATIVE_PRONOUNS or not ctx.connected(k):
        return None
    return Source(None, "pronoun", tokens[k].start, tokens[k].end)


def _coordinated_subject(ctx: Context, v: int) -> Source | None:
    """'Podolski war ebenfalls anwesend und sagte, …', 'Die UN bestätigten den Vorfall,
    teilten jedoch mit, …': a verb joined by "und" or a comma, with no subject of its own,
    shares the subject that opens the sentence (a name, a noun phrase or a pronoun before its
    own verb)."""
    tokens = ctx.tokens
    if ctx.text[: tokens[0].start].strip(' „“»«"'):
        return None
    first = 1 if tokens[0].text in FOCUS_PARTICLES and v > 2 else 0
    if tokens[first].text in PRONOUNS and tokens[first].text not in ("Es", "es", "Man"):
        return Source(None, "pronoun", tokens[first].start, tokens[first].end)
    found = source_after(ctx, first, loose=False)
    if found is None or found.end >= tokens[v - 1].start:
        return None
    return found
