"""A light German/English stemmer for search: folds case and diacritics, strips one suffix.

Search matches a query word's stem as a prefix of indexed words, so the stem only has to be a
prefix shared by a word's inflected forms ("Verteidigungsministers" and "Verteidigungsminister"
both give "verteidigungsminist"). Over-stripping costs a little precision and no recall, which
suits a desk looking for something it checked before; a full Snowball stemmer is not needed.
"""

import re
import unicodedata
from typing import NamedTuple

# Longest first; one suffix is removed. German inflection endings, then English ones.
SUFFIXES = (
    "ungen", "ern", "ers", "ens", "em", "en", "er", "es", "e", "n", "s",
    "ings", "ing", "ied", "ies", "ed", "ly",
)  # fmt: skip
# A stem shorter than this would match too much ("er*"); such words are kept whole.
MIN_STEM = 4
# Letters and digits, as unicode61 reads words: "_" and every other sign separate them.
WORD = re.compile(r"[^\W_]+")


def fold(word: str) -> str:
    """Lower case without diacritics, as SQLite's unicode61 tokenizer (remove_diacritics 2)
    stores words: "Ärzte" -> "arzte". "ß" stays "ß", as it does there (so no casefold)."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def stem(word: str) -> str:
    """The folded word without its longest inflection suffix, never shorter than MIN_STEM."""
    folded = fold(word)
    for suffix in sorted(SUFFIXES, key=len, reverse=True):
        if folded.endswith(suffix) and len(folded) - len(suffix) >= MIN_STEM:
            return folded[: -len(suffix)]
    return folded


def words(text: str) -> list[tuple[int, int, str]]:
    """(start, end, word) for every word of ``text``, offsets into ``text`` itself."""
    return [(m.start(), m.end(), m.group()) for m in WORD.finditer(text)]


class Term(NamedTuple):
    """One query word as search uses it: its stem, and whether indexed words may go on."""

    text: str
    prefix: bool


def query_terms(query: str) -> list[Term]:
    """The distinct terms of a query's words, in order. Every character but letters and digits
    separates words, so operators, quotes and stars are only spaces here. A stem shorter than
    MIN_STEM ("EU") must match a whole word, or it would find every word it begins."""
    seen: dict[str, Term] = {}
    for _start, _end, word in words(query):
        text = stem(word)
        seen.setdefault(text, Term(text, len(text) >= MIN_STEM))
    return list(seen.values())


def term_matches(word: str, terms: list[Term]) -> bool:
    folded = fold(word)
    return any(folded.startswith(t.text) if t.prefix else folded == t.text for t in terms)


def hits(text: str, terms: list[Term]) -> list[tuple[int, int]]:
    """[start, end) of every word of ``text`` a term matches, the way the SQLite index does."""
    if not terms:
        return []
    return [(start, end) for start, end, word in words(text) if term_matches(word, terms)]
