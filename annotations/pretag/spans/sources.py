"""Who speaks: the source phrase next to an attribution cue, its name, role and party.

A source phrase is what a reader would underline as the speaker: "der Bundeskanzler Olaf
Scholz", "Nina Warken (CDU)", "Jen Easterly, the agency's director", "die Statistikbehörde
Eurostat", "er". Inside it the name is what a ClaimReview needs as the claimant ("Olaf Scholz",
"Eurostat", "AFAD"), so a role word before a name is kept apart (``role``), a party in
brackets after a person is kept apart (``party``), and a pronoun gives the phrase but no name.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..types import Span
from ._text import Sentence, text_end_before
from .lexicon import word_set
from .lexicon.cues import SOURCE_CARRIERS
from .lexicon.organizations import PARTIES
from .lexicon.words import FUNCTION_WORDS_DE, FUNCTION_WORDS_EN, NATIONALITY_DE
from .names import find_entities, is_role
from .quotes import RawQuote

__all__ = [
    "FOCUS_PARTICLES",
    "Context",
    "Source",
    "bracket_before",
    "extend_left",
    "is_acronym",
    "named_before",
    "resolve_pronoun",
    "source_after",
    "with_bracket",
    "with_genitive",
]

DETERMINERS = word_set("der die das dem den des ein eine einem einer eines the a an")
# German articles a subject may open with ("stellten die Wissenschaftler fest").
NOMINATIVE_ARTICLES = word_set("der die das ein eine")
_ADJECTIVE_ENDINGS = ("e", "en", "er", "es", "em")
_COORDINATORS = frozenset(("und", "and", "sowie"))
# Endings of adjectives that open names of bodies ("Internationalen", "Europäische",
# "Staatlichen"), and a few such adjectives without them.
_NAME_ADJECTIVE_ENDINGS = tuple(
    stem + ending
    for stem in ("isch", "al", "lich", "ig", "är", "ell")
    for ending in ("e", "en", "er", "es")
)
_NAME_ADJECTIVES = word_set("Deutsche Deutschen Deutscher Vereinten Vereinigten Roten")
# Prepositions, conjunctions and adverbs with an adjective's ending ("gegenüber", "aber").
_NOT_ADJECTIVES = word_set(
    """aber oder wieder immer über gegenüber unter hinter außer sondern gegen wegen zwischen
    neben oben unten eben ferner später vorher nachher daher seither sicher"""
)
CARRIER_LINKS = frozenset(("des", "der", "von", "vom", "aus", "from", "of", "by"))
CLAUSE_BREAKS = frozenset(",.;:!?")
PRONOUNS = word_set(
    "er sie es wir ich ihr man Er Sie Es Wir Ich Ihr Man he she it they we i you He She It "
    "They We I You"
)
# Focus particles that may open a sentence before its subject ("Auch die Bank teilte mit",
# "Einzig Sony gab bekannt"); they are never part of the source.
FOCUS_PARTICLES = word_set("Auch Selbst Sogar Nur Einzig Allein Lediglich Ausgerechnet Gerade")
# Abbreviations of titles whose dot ends no clause ("Privatdozent Dr. Dittrich erklärte").
_TITLE_ABBREVIATIONS = frozenset(("Dr", "Prof", "St", "Nr", "Dipl", "Ing"))
_ACRONYM_RE = re.compile(r"[A-ZÄÖÜ][A-ZÄÖÜ0-9&-]{1,7}")
# Longest bracket content taken for a party or an acronym, in tokens.
_BRACKET_TOKENS = 3


@dataclass(frozen=True, slots=True)
class Source:
    text: str | None  # the name to report; None for a pronoun or a bare carrier noun
    kind: str | None  # person, organization, place, role, quote, unknown, pronoun
    start: int  # the whole source phrase, sentence offsets
    end: int
    role: str | None = None
    party: str | None = None


class Context:
    """Look-ups shared by the cue and source rules for one sentence."""

    def __init__(self, sentence: Sentence, entities: list[Span], quotes: list[RawQuote]):
        self.sentence = sentence
        self.text = sentence.text
        self.tokens = sentence.tokens
        self.lang = sentence.lang
        self.functions = FUNCTION_WORDS_EN if sentence.lang == "en" else FUNCTION_WORDS_DE
        self.entity_at = {e.start: e for e in entities}
        self.entity_ending = {e.end: e for e in entities}
        self.quotes = quotes
        whole = [q for q in quotes if not q.partial]
        self.quote_starting = {q.start: q for q in whole}
        self.quote_ending = {q.end: q for q in whole}
        self.any_quote_starting = {q.start: q for q in quotes}
        self.any_quote_ending = {q.end: q for q in quotes}
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
        prev = self.tokens[k - 1].text
        gap = self.text[self.tokens[k - 1].end : self.tokens[k].start]
        if gap == ".":
            return True  # "t-online.de", "17.12.2005": a dot inside a word ends no clause
        if gap.strip() == "." and (
            prev.isdigit() or (len(prev) == 1 and prev.isupper()) or prev in _TITLE_ABBREVIATIONS
        ):
            return True  # "am 25. November", "Rafik Y. sagte", "Dr. Dittrich"
        return not any(ch in CLAUSE_BREAKS for ch in gap)

    def index_at(self, char: int) -> int:
        """Index of the first token starting at or after ``char``."""
        return bisect.bisect_left(self.token_starts, char)

    def whole_entity_at(self, k: int) -> Span | None:
        """The entity starting with token ``k`` and covering it whole (not "EU" of "EU-Behörde")."""
        if k >= len(self.tokens):
            return None
        entity = self.entity_at.get(self.tokens[k].start)
        if entity is None or entity.end < self.tokens[k].end:
            return None
        return entity

    def quote_source(self, q: RawQuote) -> Source:
        inner = self.text[q.inner_start : q.inner_end].strip()
        # An entity filling the quote («Euronews») tells what kind of source it is.
        k = self.index_at(q.inner_start)
        entity = self.entity_at.get(self.tokens[k].start) if k < len(self.tokens) else None
        kind = entity.kind if entity is not None and entity.end <= q.inner_end else "quote"
        return Source(inner, kind, q.start, q.end)

    def is_adjective(self, k: int) -> bool:
        word = self.tokens[k].text
        if word in NATIONALITY_DE:
            return True
        # "33-jährige", "81-jährige": a number joined to an adjective.
        lowered = word[0].islower() or k == 0 or (word[0].isdigit() and "-" in word)
        return (
            lowered
            and word.endswith(_ADJECTIVE_ENDINGS)
            and word.lower() not in DETERMINERS
            and word.lower() not in _NOT_ADJECTIVES
        )

    def is_descriptor(self, k: int) -> bool:
        """A role or a German common noun that may stand before a name ("Statistikbehörde")."""
        word = self.tokens[k].text
        if is_role(word, self.lang):
            return True
        if not word[0].isupper() or word in self.functions or word in FOCUS_PARTICLES:
            return False
        return self.whole_entity_at(k) is None and len(word) > 3

    def name_of(self, entity: Span) -> str:
        return entity.payload.get("name") or self.text[entity.start : entity.end]

    def squeeze(self, start: int, end: int) -> str:
        return " ".join(self.text[start:end].split())


# How far back a pronoun's person is looked for (characters: about two news sentences).
_COREFERENCE_WINDOW = 600
_RESOLVABLE = frozenset(("er", "Er", "sie", "Sie"))


def resolve_pronoun(text: str, pos: int, pronoun: str, lang: str, plural: bool) -> str | None:
    """The person a speaking "er"/"sie" at ``pos`` in the article ``text`` most likely is: the
    last person named before it, in this sentence or the two before. A cheap stand-in for
    coreference that is right in the common news pattern "Müller … . Er sagte, …"; a plural
    verb ("sagten sie") or another pronoun is not resolved."""
    if pronoun not in _RESOLVABLE or plural or lang != "de":
        return None
    first = max(0, pos - _COREFERENCE_WINDOW)
    if first > 0:
        space = text.find(" ", first, pos)
        first = space + 1 if space >= 0 else pos
    window = text[first:pos]
    if not window.strip():
        return None
    sentence = Sentence.build(window, lang, text)
    people = [e for e in find_entities(sentence) if e.kind == "person"]
    if not people:
        return None
    last = people[-1]
    return last.payload.get("name") or window[last.start : last.end]


def is_acronym(word: str) -> bool:
    return bool(_ACRONYM_RE.fullmatch(word))


def _bracket_after(ctx: Context, pos: int) -> tuple[str, int] | None:
    """'(CDU)' right after ``pos``: its content and where the bracket closes."""
    text = ctx.text
    i = pos
    while i < len(text) and text[i] == " ":
        i += 1
    if i >= len(text) or text[i] != "(":
        return None
    close = text.find(")", i + 1, i + 60)
    if close < 0:
        return None
    inner = text[i + 1 : close].strip()
    if not inner or len(inner.split()) > _BRACKET_TOKENS:
        return None
    return inner, close + 1


def bracket_before(ctx: Context, pos: int) -> tuple[str, int] | None:
    """'(CDU)' closing right before ``pos``: its content and where the bracket opens."""
    text = ctx.text
    end = text_end_before(text, pos)
    if end == 0 or text[end - 1] != ")":
        return None
    open_ = text.rfind("(", max(0, end - 60), end - 1)
    if open_ < 0:
        return None
    inner = text[open_ + 1 : end - 1].strip()
    if not inner or len(inner.split()) > _BRACKET_TOKENS or ")" in inner:
        return None
    return inner, open_


def _party_of(inner: str) -> str | None:
    """'CDU', 'SPD, Hamburg', 'R-Texas': the party named in a bracket after a person."""
    head = re.split(r"[,;/\s-]", inner, maxsplit=1)[0]
    return head if head in PARTIES else None


def with_bracket(ctx: Context, source: Source, bracket: tuple[str, int], start: int) -> Source:
    """A source followed by a bracket: a person's party, or an organisation's acronym."""
    inner, close = bracket
    party = _party_of(inner)
    if source.kind == "person" and party:
        return Source(source.text, source.kind, start, close, source.role, party)
    if source.kind != "person" and is_acronym(inner) and inner not in PARTIES:
        return Source(inner, "organization", start, close, source.role)
    return Source(source.text, source.kind, start, close, source.role, source.party)


def _entity_phrase(ctx: Context, k: int) -> Source | None:
    """Entity at token ``k`` (or a role or descriptor word before one), with its bracket."""
    tokens = ctx.tokens
    start = tokens[k].start
    role_end = -1
    entity = ctx.whole_entity_at(k)
    if entity is not None and entity.kind != "person":
        # "Bundesrat Ignazio Cassis", "Kreml-Sprecher Peskow": the title's bearer speaks.
        after = ctx.index_at(entity.end)
        person = ctx.entity_at.get(tokens[after].start) if after < len(tokens) else None
        if person is not None and person.kind == "person" and tokens[after].joined:
            role_end, entity = entity.end, person
    elif entity is None:
        quote = ctx.quote_between(tokens[k].end, len(ctx.text)) if ctx.is_descriptor(k) else None
        if quote is not None:
            # "die Zeitung „Yemen Observer“", "des Magazins «Der Spiegel»".
            named = ctx.quote_source(quote)
            role: str | None = ctx.squeeze(start, tokens[k].end)
            return Source(named.text, named.kind, start, quote.end, role)
        # "Bundeskanzler Olaf Scholz", "Statistikbehörde Eurostat": a word naming what the
        # bearer is, then the name.
        j = k
        while (
            j < min(len(tokens) - 1, k + 4)
            and (ctx.is_descriptor(j) or tokens[j].text in _TITLE_ABBREVIATIONS)
            and ctx.connected(j + 1)
        ):
            # "Privatdozent Dr. Dittrich": a title's dot joins it to the name.
            nxt = ctx.whole_entity_at(j + 1)
            if nxt is not None and nxt.kind in ("person", "organization"):
                role_end, entity = tokens[j].end, nxt
                break
            j += 1
    if entity is None:
        return None
    role = ctx.squeeze(start, role_end) if role_end > start else None
    name = ctx.name_of(entity)
    end = entity.end
    after = ctx.index_at(end)
    if after + 1 < len(tokens) and tokens[after].text in _COORDINATORS:
        other = ctx.whole_entity_at(after + 1)
        if other is not None and tokens[after + 1].joined:
            name = f"{name} {tokens[after].text} {ctx.name_of(other)}"
            end = other.end
    source = Source(name, entity.kind, start, end, role)
    bracket = _bracket_after(ctx, end)
    return with_bracket(ctx, source, bracket, start) if bracket else source


def source_after(ctx: Context, j: int, *, loose: bool) -> Source | None:
    """The source phrase starting at token ``j``.

    ``loose`` also accepts carriers ("Angaben der …") and bare capitalised phrases, which is
    right after "laut" or "according to" but not after a verb ("betonte die Bedeutung").
    """
    tokens = ctx.tokens
    k = j
    while k in ctx.skip:
        k = ctx.skip[k]
    phrase_start = tokens[k].start if k < len(tokens) else len(ctx.text)
    left = tokens[k - 1].end if 0 < k <= len(tokens) else 0
    quote = ctx.quote_between(left, phrase_start + 1) if k < len(tokens) else None
    if quote is not None:  # „Die Zeit“: the quotation opens before its article
        found = ctx.quote_source(quote)
        return Source(found.text, found.kind, found.start, found.end)
    if k < len(tokens) and tokens[k].text.lower() in DETERMINERS:
        if not ctx.connected(k):
            return None
        left = tokens[k].end
        k += 1
    right = tokens[k].start if k < len(tokens) else len(ctx.text)
    quote = ctx.quote_between(left, right)
    if quote is not None:
        found = ctx.quote_source(quote)
        return Source(found.text, found.kind, min(phrase_start, found.start), found.end)
    if k >= len(tokens) or not ctx.connected(k):
        return None
    first_content = k
    for _ in range(3):  # entity, possibly after up to two adjectives
        phrase = _entity_phrase(ctx, k)
        if phrase:
            return Source(
                phrase.text, phrase.kind, phrase_start, phrase.end, phrase.role, phrase.party
            )
        if ctx.is_adjective(k) and k + 1 < len(tokens) and ctx.connected(k + 1):
            k += 1
            continue
        break
    word = tokens[k].text
    if is_role(word, ctx.lang):
        text: str | None = ctx.squeeze(tokens[first_content].start, tokens[k].end)
        return with_genitive(ctx, Source(text, "role", phrase_start, tokens[k].end), k + 1)
    if not loose:
        if is_acronym(word) and word not in ctx.functions:
            return Source(word, "organization", phrase_start, tokens[k].end)
        return None
    if word in SOURCE_CARRIERS or word.endswith(("angaben", "berichten")):
        if k + 1 < len(tokens) and tokens[k + 1].text in CARRIER_LINKS:
            inner = source_after(ctx, k + 2, loose=True)
            if inner is not None:
                return Source(inner.text, inner.kind, phrase_start, inner.end, inner.role)
        text = None if word[0].isupper() else word
        return Source(text, None, phrase_start, tokens[k].end)
    if (word[0].isupper() or (word[1:] != word[1:].lower())) and word not in ctx.functions:
        end = k
        while (
            end + 1 < len(tokens)
            and end + 1 - k < 4
            and tokens[end + 1].joined
            and tokens[end + 1].text[0].isupper()
        ):
            end += 1
        text = ctx.squeeze(tokens[first_content].start, tokens[end].end)
        return Source(text, "unknown", phrase_start, tokens[end].end)
    return None


def with_genitive(ctx: Context, source: Source, k: int) -> Source:
    """'ein Sprecher des Ministeriums': a role's genitive names whom it speaks for.

    The phrase grows over the genitive; when it holds an organisation, that is the source
    and the role is kept as ``role`` ("Sprecher").
    """
    tokens = ctx.tokens
    if k >= len(tokens) or tokens[k].text not in ("des", "der") or not tokens[k].joined:
        return source
    j = k + 1
    while (
        j < len(tokens)
        and tokens[j].joined
        and (ctx.is_adjective(j) or name_adjective(ctx, j))
        and j - k < 4
    ):
        j += 1
    if j >= len(tokens) or not tokens[j].joined or not tokens[j].text[0].isupper():
        return source
    entity = ctx.whole_entity_at(j) or ctx.entity_ending.get(tokens[j].end)
    end = max(tokens[j].end, entity.end if entity is not None else -1)
    if entity is not None and entity.kind == "organization":
        return Source(ctx.name_of(entity), "organization", source.start, end, source.text)
    return Source(source.text, source.kind, source.start, end, source.role, source.party)


def name_adjective(ctx: Context, k: int) -> bool:
    """'des Internationalen Strafgerichts', 'der Interamerikanischen Entwicklungsbank': a
    capitalised adjective opening a name, before the capitalised noun it qualifies."""
    tokens = ctx.tokens
    word = tokens[k].text
    if not word[0].isupper() or k + 1 >= len(tokens) or not tokens[k + 1].joined:
        return False
    following = tokens[k + 1].text
    if not following[0].isupper() or following in ctx.functions:
        return False
    return word in _NAME_ADJECTIVES or word.lower().endswith(_NAME_ADJECTIVE_ENDINGS)


def extend_left(ctx: Context, k: int) -> tuple[int, str | None]:
    """Start of the phrase ending in the name at token ``k``, and the role words before it.

    Takes role and descriptor words ("Bundeskanzler", "US-Außenminister"), adjectives, a
    country genitive ("Italiens Ministerpräsident") and one determiner.
    """
    tokens = ctx.tokens
    name_start = tokens[k].start
    role_start = -1
    while k > 0 and tokens[k].joined:
        prev = k - 1
        word = tokens[prev].text
        entity = ctx.entity_ending.get(tokens[prev].end)
        if ctx.is_descriptor(prev) and (entity is None or entity.kind != "person"):
            role_start = tokens[prev].start
        elif ctx.is_adjective(prev) or (entity is not None and entity.kind == "place"):
            pass
        elif word.lower() in DETERMINERS:
            k = prev
            break
        else:
            break
        k = prev
    role = ctx.squeeze(role_start, name_start) if role_start >= 0 else None
    return tokens[k].start, role


def named_before(ctx: Context, end: int) -> Source | None:
    """The entity (with its role words) whose name ends at character ``end``."""
    entity = ctx.entity_ending.get(end)
    if entity is None:
        return None
    tokens = ctx.tokens
    k = ctx.index_at(entity.start)
    name = ctx.name_of(entity)
    if k >= 2 and tokens[k - 1].text in _COORDINATORS:
        other = ctx.entity_ending.get(tokens[k - 2].end)
        if other is not None:
            name = f"{ctx.name_of(other)} {tokens[k - 1].text} {name}"
            k = ctx.index_at(other.start)
    start, role = extend_left(ctx, k)
    k = ctx.index_at(start)
    if k >= 2 and tokens[k].joined and tokens[k - 1].text in ("der", "des", "in", "im"):
        # "Experten der polnischen Marine", "Die US-Botschaft in Riad": the head noun before a
        # genitive or a place speaks; an organisation in the genitive stays the name.
        head = k - 2
        if tokens[k - 1].joined and tokens[head].text[0].isupper() and ctx.is_descriptor(head):
            owner_start, _ = extend_left(ctx, head)
            head_text = ctx.squeeze(tokens[ctx.index_at(owner_start)].start, tokens[head].end)
            head_text = head_text.split(" ", 1)[-1] if " " in head_text else head_text
            if entity.kind == "place" or tokens[k - 1].text in ("in", "im"):
                return Source(head_text, "role", owner_start, entity.end)
            return Source(name, entity.kind, owner_start, entity.end, role or head_text)
    return Source(name, entity.kind, start, entity.end, role)
