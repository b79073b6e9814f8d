"""Person, organisation and place spans from compact gazetteers and precise rules.

No PyPI package ships a German and English NER model inside its wheel that is small and fast
enough here (the detector set must tag thousands of sentences per second on one core), so
names come from rules over the shared tokens:

* gazetteers (``lexicon``) for places, organisations and well-known people, with German
  genitives ("Russlands") and English possessives ("Russia's") mapped to the base name;
* organisation patterns: "…ministerium", a nationality or a country genitive before a generic
  head ("die russische Armee", "Nordkoreas Regierung"), capitalised English names ending in
  "Ministry", "Department", "Party" …, "Ministry of …", company suffixes ("AG", "Inc.");
* people: a role word before capitalised name words ("Verteidigungsminister Andrej Beloussow",
  "President Joe Biden", "Mr. Smith"), a known given name or East Asian family name opening a
  run ("Andrej Beloussow", "Kim Jong Un"), a run right next to a verb of saying, and three or
  more short name words ("No Kwang Chol").

German capitalises every noun, so a capitalised run alone never makes a person. Names found
anywhere in the article are remembered for the article (cached by its text), so a later bare
"Beloussow" or "Kim" is still a person.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..types import Span
from ._text import Sentence, Token, tokenize
from .lexicon import word_set
from .lexicon.cues import PLURAL_SPEECH_VERBS_DE, SPEECH_VERBS_DE, SPEECH_VERBS_EN
from .lexicon.organizations import (
    COMPANY_SUFFIXES,
    GENERIC_HEADS_DE,
    GENERIC_HEADS_EN,
    OF_HEADS_EN,
    ORG_SUFFIXES_DE,
    ORGANIZATIONS,
    TITLE_HEADS_EN,
)
from .lexicon.people import (
    FAMILY_NAMES_EAST_ASIA,
    GIVEN_NAMES,
    KNOWN_PEOPLE,
    NAME_PARTICLES,
    ROLE_SUFFIXES_DE,
    ROLE_WORDS_DE,
    ROLE_WORDS_EN,
)
from .lexicon.places import PLACES
from .lexicon.words import (
    FUNCTION_WORDS_DE,
    FUNCTION_WORDS_EN,
    MONTHS,
    NATIONALITY_DE,
    NATIONALITY_EN,
    NATIONALITY_EN_PAIRS,
    NOUN_ENDINGS_DE,
    WEEKDAYS,
)

__all__ = ["find_entities", "is_name_word", "is_role"]


def _key(name: str) -> str:
    """Gazetteer key: the name's tokens joined by single spaces, as text is matched."""
    return " ".join(tok.text for tok in tokenize(name))


def _genitive(name: str) -> str | None:
    """German genitive of a name ("Russland" -> "Russlands"), None where it takes none."""
    last = name.rsplit(" ", 1)[-1]
    if not last or last.isupper() or last[-1] in "sxzßSXZ.":
        return None
    return name + "s"


def _build_gazetteer() -> dict[str, tuple[str, str]]:
    gazetteer: dict[str, tuple[str, str]] = {}
    # Later kinds win on a clash: a listed person beats a place of the same spelling.
    for kind, names in (
        ("place", PLACES),
        ("organization", ORGANIZATIONS),
        ("person", KNOWN_PEOPLE),
    ):
        for name in sorted(names):
            key = _key(name)
            if key:
                gazetteer[key] = (kind, name)
    # Genitives name their base: "Russlands" -> Russland, "Kremls" -> Kreml, "Putins" -> Putin.
    for key, (kind, name) in list(gazetteer.items()):
        genitive = _genitive(key)
        if genitive and (genitive not in gazetteer or gazetteer[genitive][0] == kind):
            gazetteer[genitive] = (kind, name)
    return gazetteer


_GAZETTEER = _build_gazetteer()
_GAZETTEER_FIRST = frozenset(key.split(" ", 1)[0] for key in _GAZETTEER)
_GAZETTEER_MAX_TOKENS = max(key.count(" ") + 1 for key in _GAZETTEER)
# Single words that are places or organisations never start or continue a person's name.
_NON_PERSON_WORDS = frozenset(
    key for key, (kind, _) in _GAZETTEER.items() if kind != "person" and " " not in key
)
_FUNCTION_WORDS = {"de": FUNCTION_WORDS_DE, "en": FUNCTION_WORDS_EN}
# Lowercase words that may still open a name ("dpa", "von der Leyen", "al-Assad") or an
# organisation ("russische Armee"); every other lowercase word is skipped at once.
_LOWER_FIRST = frozenset(w for w in _GAZETTEER_FIRST if not w[0].isupper())
_LOWER_STARTERS = {
    "de": _LOWER_FIRST | frozenset(w for w in NATIONALITY_DE if w[0].islower()),
    "en": _LOWER_FIRST,
}
_ENGLISH_QUALIFIER_MODIFIERS = word_set(
    "defence defense foreign interior finance justice health state economy trade"
)
_ENGLISH_QUALIFIER_MODIFIERS |= frozenset(w.capitalize() for w in _ENGLISH_QUALIFIER_MODIFIERS)
_ENGLISH_NAME_CONNECTORS = frozenset(("of", "for", "and", "the"))
_SPEECH_VERBS = {
    "de": SPEECH_VERBS_DE | PLURAL_SPEECH_VERBS_DE,
    "en": SPEECH_VERBS_EN,
}


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int  # character offsets in the sentence
    end: int
    kind: str
    payload: dict[str, str]
    next_index: int  # token index to continue scanning from
    rank: int  # tie-break between equally long candidates: higher wins


def _strip_possessive(word: str) -> str:
    if word.endswith(("'s", "’s")) and len(word) > 2:
        return word[:-2]
    return word


@lru_cache(maxsize=8192)
def is_role(word: str, lang: str) -> bool:
    """A title or role word that may stand before a person's name."""
    if lang == "en":
        return word in ROLE_WORDS_EN
    if word in ROLE_WORDS_DE:
        return True
    return len(word) > 3 and word[0].isupper() and word.lower().endswith(ROLE_SUFFIXES_DE)


def is_name_word(word: str, lang: str) -> bool:
    """Could this capitalised word be part of a name rather than a common noun?"""
    return _namelike(word, lang)


@lru_cache(maxsize=16384)
def _namelike(word: str, lang: str) -> bool:
    """Could this capitalised word be part of a person's name?"""
    if word[:3] in ("al-", "el-") and len(word) > 4:
        word = word[3:]
    if not word or not word[0].isupper() or word in _FUNCTION_WORDS[lang]:
        return False
    if any(ch.isdigit() for ch in word) or word in MONTHS or word in WEEKDAYS:
        return False
    base = _strip_possessive(word)
    if base in _NON_PERSON_WORDS or word in _NON_PERSON_WORDS:
        return False
    if word in NATIONALITY_DE or word in NATIONALITY_EN or is_role(word, lang):
        return False
    if lang == "de":
        lower = word.lower()
        for ending in NOUN_ENDINGS_DE:
            if len(lower) > len(ending) + 2 and lower.endswith(ending):
                return False
    return True


def _name_run(sentence: Sentence, i: int, max_names: int = 4) -> int:
    """End (exclusive token index) of the name words starting at ``i``; ``i`` if none."""
    tokens, lang, text = sentence.tokens, sentence.lang, sentence.text
    j, names, end = i, 0, i
    while j < len(tokens) and names < max_names:
        tok = tokens[j]
        if j > i and not tok.joined and not _after_initial(text, tokens[j - 1], tok):
            break
        word = tok.text
        if _namelike(word, lang):
            names += 1
            j += 1
            end = j
            if _strip_possessive(word) != word:
                break  # "Biden's" closes the name
            continue
        if j > i and word in NAME_PARTICLES and j - end < 2:
            # At most two particles in a row; "der"/"den" only inside "von der", "van den".
            if word in ("der", "den", "des") and tokens[j - 1].text not in ("von", "van"):
                break
            j += 1
            continue
        break
    return end


def _after_initial(text: str, prev: Token, tok: Token) -> bool:
    """'John F. Kennedy': an initial and its full stop still join the name."""
    return len(prev.text) == 1 and prev.text.isupper() and text[prev.end : tok.start].strip() == "."


def _gap_is_abbreviation_dot(text: str, prev: Token, tok: Token) -> bool:
    return text[prev.end : tok.start].strip() == "." and text[prev.end] == "."


def _gazetteer_at(sentence: Sentence, i: int) -> _Candidate | None:
    tokens = sentence.tokens
    first = tokens[i].text
    if first not in _GAZETTEER_FIRST and _strip_possessive(first) not in _GAZETTEER_FIRST:
        return None
    keys = [first]
    j = i + 1
    limit = min(len(tokens), i + _GAZETTEER_MAX_TOKENS)
    while j < limit and tokens[j].joined:
        keys.append(keys[-1] + " " + tokens[j].text)
        j += 1
    for length in range(len(keys), 0, -1):
        key = keys[length - 1]
        hit = _GAZETTEER.get(key) or _GAZETTEER.get(_strip_possessive(key))
        if hit:
            kind, name = hit
            last = tokens[i + length - 1]
            return _Candidate(tokens[i].start, last.end, kind, {"name": name}, i + length, 3)
    return None


def _hyphen_parts(sentence: Sentence, i: int) -> list[_Candidate]:
    """Places and organisations inside hyphenated compounds ("Ukraine-Krieg", "Nato-Gipfel")."""
    tok = sentence.tokens[i]
    found: list[_Candidate] = []
    offset = tok.start
    for part in tok.text.split("-"):
        hit = _GAZETTEER.get(part) if part[:1].isupper() else None
        if hit and hit[0] != "person":
            found.append(_Candidate(offset, offset + len(part), hit[0], {"name": hit[1]}, i + 1, 1))
        offset += len(part) + 1
    return found


def _is_place_genitive(word: str) -> bool:
    """'Nordkoreas', "Russia's": a place name in the genitive, qualifying a following noun."""
    hit = _GAZETTEER.get(word)
    if hit and hit[0] == "place" and hit[1] != word:
        return True
    base = _strip_possessive(word)
    if base != word:
        hit = _GAZETTEER.get(base)
        return bool(hit and hit[0] == "place")
    return False


def _organization_at(sentence: Sentence, i: int, companies: bool) -> _Candidate | None:
    tokens, lang = sentence.tokens, sentence.lang
    tok = tokens[i]
    word = tok.text
    nxt = tokens[i + 1] if i + 1 < len(tokens) and tokens[i + 1].joined else None
    if lang == "de":
        lower = word.lower()
        qualifier = word in NATIONALITY_DE or _is_place_genitive(word)
        if (
            qualifier
            and nxt
            and (nxt.text in GENERIC_HEADS_DE or nxt.text.lower().endswith(ORG_SUFFIXES_DE))
        ):
            return _org(sentence, tok.start, nxt.end, i + 2)
        if word[0].isupper() and lower.endswith(ORG_SUFFIXES_DE):
            return _org(sentence, tok.start, tok.end, i + 1)
        if word in GENERIC_HEADS_DE and nxt and _is_place_genitive(nxt.text):
            return _org(sentence, tok.start, nxt.end, i + 2)
    else:
        candidate = _english_qualified_org(sentence, i) or _english_titled_org(sentence, i)
        if candidate:
            return candidate
    return _company_at(sentence, i) if companies else None


def _org(sentence: Sentence, start: int, end: int, next_index: int) -> _Candidate:
    name = " ".join(sentence.text[start:end].split())
    return _Candidate(start, end, "organization", {"name": name}, next_index, 2)


def _english_qualified_org(sentence: Sentence, i: int) -> _Candidate | None:
    """'the Russian army', 'North Korean government', "Russia's defence ministry"."""
    tokens = sentence.tokens
    word = tokens[i].text
    j = i + 1
    if j < len(tokens) and tokens[j].joined and (word, tokens[j].text) in NATIONALITY_EN_PAIRS:
        j += 1
    elif word not in NATIONALITY_EN and not _is_place_genitive(word):
        return None
    if j < len(tokens) and tokens[j].joined and tokens[j].text in _ENGLISH_QUALIFIER_MODIFIERS:
        j += 1
    if j < len(tokens) and tokens[j].joined:
        head = tokens[j].text
        if head in GENERIC_HEADS_EN or head in TITLE_HEADS_EN:
            return _org(sentence, tokens[i].start, tokens[j].end, j + 1)
    return None


def _english_titled_org(sentence: Sentence, i: int) -> _Candidate | None:
    """'Defense Department', 'Labour Party', 'Ministry of Foreign Affairs', 'Bank of England'."""
    tokens = sentence.tokens
    words = _FUNCTION_WORDS["en"]
    first = tokens[i].text
    if not first[0].isupper() or first in words:
        return None
    j = i
    last_cap = -1
    has_title = False
    while j < len(tokens) and j - i < 7:
        tok = tokens[j]
        if j > i and not tok.joined:
            break
        if tok.text[0].isupper() and (j == i or tok.text not in words):
            last_cap = j
            has_title = has_title or tok.text in TITLE_HEADS_EN
            j += 1
            continue
        if j > i and _connector_continues(tokens, j):
            j += 1
            continue
        break
    if last_cap < 0:
        return None
    of_name = first in OF_HEADS_EN and i + 1 < len(tokens) and tokens[i + 1].text == "of"
    if of_name and last_cap > i + 1:
        return _org(sentence, tokens[i].start, tokens[last_cap].end, last_cap + 1)
    if has_title and last_cap > i:
        # End at the last title word: "Labour Party leader" stops before "leader" anyway,
        # and "Defense Department Secretary" keeps only the department.
        end = max(k for k in range(i, last_cap + 1) if tokens[k].text in TITLE_HEADS_EN)
        if end > i:
            return _org(sentence, tokens[i].start, tokens[end].end, end + 1)
    return None


def _connector_continues(tokens: list[Token], j: int) -> bool:
    """'Department of Health and Human Services' continues; '… and the State Department' not."""
    word = tokens[j].text
    if word not in _ENGLISH_NAME_CONNECTORS:
        return False
    if word == "the":
        return tokens[j - 1].text == "of"
    nxt = tokens[j + 1] if j + 1 < len(tokens) else None
    return nxt is not None and nxt.joined and nxt.text[0].isupper() and nxt.text != "The"


def _company_at(sentence: Sentence, i: int) -> _Candidate | None:
    """'Siemens AG', 'Apple Inc.': capitalised words closed by a company suffix."""
    tokens, text = sentence.tokens, sentence.text
    first = tokens[i].text
    if not first[0].isupper() or first in _FUNCTION_WORDS[sentence.lang]:
        return None
    j = i
    while j < len(tokens) and j - i < 5:
        tok = tokens[j]
        if j > i and not tok.joined:
            break
        word = tok.text
        dotted = tok.end < len(text) and text[tok.end] == "."
        if j > i and (word in COMPANY_SUFFIXES or (dotted and word + "." in COMPANY_SUFFIXES)):
            end = tok.end + (1 if dotted and word + "." in COMPANY_SUFFIXES else 0)
            return _org(sentence, tokens[i].start, end, j + 1)
        if not word[0].isupper():
            break
        j += 1
    return None


def _person(sentence: Sentence, i: int, end: int, rank: int, full: str | None = None) -> _Candidate:
    tokens = sentence.tokens
    words = [tok.text for tok in tokens[i:end]]
    words[-1] = _strip_possessive(words[-1])
    payload = {"name": " ".join(words)}
    if full and full != payload["name"]:
        payload["full_name"] = full
    return _Candidate(tokens[i].start, tokens[end - 1].end, "person", payload, end, rank)


def _role_before(sentence: Sentence, i: int) -> bool:
    if i == 0:
        return False
    tokens = sentence.tokens
    prev, tok = tokens[i - 1], tokens[i]
    if tok.joined:
        return is_role(prev.text, sentence.lang)
    # "Mr. Smith", "Dr. Müller": the role's own full stop sits in the gap.
    return _gap_is_abbreviation_dot(sentence.text, prev, tok) and is_role(
        prev.text + ".", sentence.lang
    )


def _speech_verb_adjacent(sentence: Sentence, i: int, end: int) -> bool:
    tokens = sentence.tokens
    verbs = _SPEECH_VERBS[sentence.lang]
    after = end < len(tokens) and tokens[end].joined and tokens[end].text in verbs
    before = i > 0 and sentence.tokens[i].joined and tokens[i - 1].text in verbs
    return after or before


def _person_at(sentence: Sentence, i: int, learned: _Learned | None) -> _Candidate | None:
    tokens = sentence.tokens
    word = tokens[i].text
    if not word[0].isupper():
        return None
    best: _Candidate | None = None

    def consider(candidate: _Candidate | None) -> None:
        nonlocal best
        if candidate and (best is None or candidate.end > best.end):
            best = candidate

    if learned is not None:
        known = learned.match(sentence, i)
        if known is not None:
            return known  # a name known from the article is not stretched by the rules
    if _role_before(sentence, i):
        end = _name_run(sentence, i)
        if end > i:
            consider(_person(sentence, i, end, 2))
    if word in GIVEN_NAMES:
        end = _name_run(sentence, i + 1, max_names=3)
        if end > i + 1:
            consider(_person(sentence, i, end, 2))
    if word in FAMILY_NAMES_EAST_ASIA:
        end = _short_run(sentence, i + 1, max_names=2)
        if end > i + 1:
            consider(_person(sentence, i, end, 2))
    end = _name_run(sentence, i)
    if end - i >= 2 and _speech_verb_adjacent(sentence, i, end) and _no_inner_given(tokens, i, end):
        consider(_person(sentence, i, end, 1))
    end = _short_run(sentence, i, max_names=4)
    if end - i >= 3 and _no_inner_given(tokens, i, end):
        consider(_person(sentence, i, end, 1))
    return best


def _no_inner_given(tokens: list[Token], i: int, end: int) -> bool:
    """'Gewerkschaftsboss Hans Meier': the name starts at the given name, not before it."""
    return not any(tokens[k].text in GIVEN_NAMES for k in range(i + 1, end))


def _short_run(sentence: Sentence, i: int, max_names: int) -> int:
    """End of a run of short name words (2-8 letters), as in Korean and Chinese names."""
    tokens, lang = sentence.tokens, sentence.lang
    j = i
    while j < len(tokens) and j - i < max_names:
        tok = tokens[j]
        if (j > i and not tok.joined) or not 2 <= len(tok.text) <= 8:
            break
        if not _namelike(tok.text, lang) and not (j == i and tok.text in FAMILY_NAMES_EAST_ASIA):
            break
        j += 1
    return j


@dataclass(frozen=True, slots=True)
class _Learned:
    """People named earlier or later in the same article: full names and their short forms."""

    full: frozenset[str]
    short: dict[str, str]
    longest: int

    def match(self, sentence: Sentence, i: int) -> _Candidate | None:
        tokens = sentence.tokens
        keys = [tokens[i].text]
        j = i + 1
        while j < len(tokens) and j - i < self.longest and tokens[j].joined:
            keys.append(keys[-1] + " " + tokens[j].text)
            j += 1
        for length in range(len(keys), 1, -1):
            key = keys[length - 1]
            if key in self.full or _strip_possessive(key) in self.full or key[:-1] in self.full:
                return _person(sentence, i, i + length, 3, full=_full_of(key, self.full))
        word = tokens[i].text
        for form in (word, _strip_possessive(word), word[:-1] if word.endswith("s") else ""):
            full = self.short.get(form)
            if full and word not in _FUNCTION_WORDS[sentence.lang]:
                return _person(sentence, i, i + 1, 3, full=full)
        return None


def _full_of(key: str, full: frozenset[str]) -> str | None:
    for form in (key, _strip_possessive(key), key[:-1]):
        if form in full:
            return form
    return None


_NO_LEARNED = _Learned(frozenset(), {}, 0)


@lru_cache(maxsize=64)
def _learn_article(article: str, lang: str) -> _Learned:
    """Scan the whole article once for people, so short mentions elsewhere resolve."""
    sentence = Sentence.build(article, lang, article)
    full: set[str] = set()
    short: dict[str, str] = {}
    for candidate in _scan(sentence, None):
        if candidate.kind != "person":
            continue
        name = candidate.payload["name"]
        parts = name.split()
        if len(parts) < 2:
            continue
        full.add(name)
        # Surname for Western order, family name for East Asian order ("Kim Jong Un").
        forms = [parts[-1]]
        if parts[0] in FAMILY_NAMES_EAST_ASIA:
            forms.append(parts[0])
        for form in forms:
            if len(form) >= 3 and _namelike(form, lang):
                short.setdefault(form, name)
    if not full:
        return _NO_LEARNED
    longest = max(name.count(" ") + 1 for name in full)
    return _Learned(frozenset(full), short, longest)


def _scan(sentence: Sentence, learned: _Learned | None) -> list[_Candidate]:
    tokens = sentence.tokens
    companies = not COMPANY_SUFFIXES.isdisjoint(sentence.words)
    lower_starters = _LOWER_STARTERS[sentence.lang]
    found: list[_Candidate] = []
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        if not tok.text[0].isupper() and tok.text not in lower_starters:
            # Most words: lowercase, and no name or qualifier starts with them.
            if "-" in tok.text:
                found.extend(_hyphen_parts(sentence, i))
            i += 1
            continue
        best: _Candidate | None = None
        gazetteer = _gazetteer_at(sentence, i)
        candidates = [gazetteer, _organization_at(sentence, i, companies)]
        if gazetteer is None or gazetteer.kind != "person":
            # A listed person ("Angela Merkels" -> Merkel) is not stretched by the name rules
            # ("Angela Merkels Politik").
            candidates.append(_person_at(sentence, i, learned))
        for candidate in candidates:
            if candidate is None:
                continue
            if (
                best is None
                or candidate.end > best.end
                or (candidate.end == best.end and candidate.rank > best.rank)
            ):
                best = candidate
        if best is not None:
            found.append(best)
            i = max(best.next_index, i + 1)
            continue
        if "-" in tok.text:
            found.extend(_hyphen_parts(sentence, i))
        i += 1
    return found


def find_entities(sentence: Sentence) -> list[Span]:
    """Person, organisation and place spans, non-overlapping, offsets in the sentence."""
    if not sentence.tokens:
        return []
    learned = _learn_article(sentence.article, sentence.lang) if sentence.article else None
    return [
        Span(c.start, c.end, c.kind, c.payload) for c in _scan(sentence, learned) if c.end > c.start
    ]
