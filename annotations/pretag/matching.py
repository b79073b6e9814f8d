"""Claim matching ("checked before"): which archived claims say what a new sentence says.

Two signals, fused per candidate:

* lexical: Okapi BM25 over the claim's words (``matching_lexical.py``), divided by the query's
  best BM25 so it runs 0-1 like the other signal;
* semantic: cosine of USE multilingual v3 embeddings (the pre-tagger's encoder), kept as 4-bit
  integers behind a sign-bit shortlist (``matching_vectors.py``), which is what finds a German
  sentence's English fact-check.

``score = cosine + weight * normalised BM25``, where the weight depends on the language pair:
``SAME_LANGUAGE_WEIGHT`` was chosen by cross-validation on the CheckThat! 2022 task 2A train
queries (English tweets against Snopes fact-checks); across languages the words of a claim and
its translation hardly overlap, and what they share (names, numbers) also ties the query to
every other claim naming them, so the weight is 0 there and the semantic signal decides alone.
That choice was made before measuring, not on the German-English test sentences.

There is no re-ranker: a logistic regression over the fused top 20 (cosines and BM25 per field,
ranks, gaps), cross-validated on the same train queries, scored MAP@5 0.870 against 0.873 for
the fusion alone.

An archived claim is a text with an optional title and subtitle (a fact-check's headline): its
vector is the normalised sum of their embeddings and its words are theirs together. Queries are
stripped of links and of a tweet's trailing signature ("— Name (@handle) January 6, 2020")
before they are embedded: they say who posted, not what is claimed.

``ClaimIndex`` grows by ``add`` (one claim or a batch; nothing is rebuilt) and answers
``search``; adds and searches may come from several threads.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Hashable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from .encoder import shared_encoder
from .matching_lexical import STOPWORDS_DE, STOPWORDS_EN, LexicalIndex
from .matching_vectors import DIM, VectorStore

# Weight of the normalised BM25 beside the cosine when query and claim share a language.
SAME_LANGUAGE_WEIGHT = 0.4
CROSS_LANGUAGE_WEIGHT = 0.0
# Claims the lexical side brings to the candidates, beside the semantic shortlist.
LEXICAL_CANDIDATES = 100

_LINK = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/)\S+", re.IGNORECASE)
_SIGNATURE = re.compile(r"\s*[—–-]\s*[^—–]{0,80}\(@\w+\)\s*\w+\s+\d{1,2},\s+\d{4}\s*$")
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")
_ONLY_EN = STOPWORDS_EN - STOPWORDS_DE
_ONLY_DE = STOPWORDS_DE - STOPWORDS_EN
_LANGUAGES = ("", "en", "de")


@dataclass(frozen=True, slots=True)
class Candidates:
    """The claims scored for one query, with both signals, before they are fused.

    Per candidate: its key, its number in the index, the cosine, BM25 divided by the query's
    best BM25, and whether it is in the query's language (which decides the BM25 weight).
    """

    keys: list[Hashable]
    numbers: np.ndarray
    cosine: np.ndarray
    lexical: np.ndarray
    same_language: np.ndarray


@dataclass(frozen=True, slots=True)
class Match:
    """An archived claim found for a query: its key, its place (1 = best) and fused score."""

    key: Hashable
    rank: int
    score: float


def guess_language(text: str) -> str:
    """The language of a text as "en", "de" or "" (cannot tell), from its function words.

    Counts the words only one of the two languages has; used when the caller does not know the
    language (the measurement command's files), where a wrong guess costs only the BM25 part.
    """
    words = _WORD.findall(text.casefold())
    en = sum(word in _ONLY_EN for word in words)
    de = sum(word in _ONLY_DE for word in words)
    if en == de:
        return ""
    return "en" if en > de else "de"


def _language_code(language: str) -> int:
    """Index into ``_LANGUAGES`` of "de", "en-GB", "EN"...; 0 (unknown) for anything else."""
    base = language.split("-")[0].casefold()
    return _LANGUAGES.index(base) if base in _LANGUAGES else 0


def query_text(text: str) -> str:
    """What of a query is embedded: without links and a tweet's trailing signature."""
    cleaned = _SPACE.sub(" ", _LINK.sub(" ", _SIGNATURE.sub("", text))).strip()
    return cleaned or text.strip()


def embed(texts: Sequence[str]) -> np.ndarray:
    """L2-normalised (n, 512) float32 embeddings from the shared encoder (batched)."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    return np.asarray(shared_encoder().encode(list(texts)), dtype=np.float32)


def claim_vectors(
    texts: Sequence[str],
    titles: Sequence[str] | None = None,
    subtitles: Sequence[str] | None = None,
) -> np.ndarray:
    """A claim's vector: the normalised sum of the embeddings of its non-empty texts."""
    fields = [list(texts)] + [list(f) for f in (titles, subtitles) if f is not None]
    flat = [text for field in fields for text in field if text.strip()]
    vectors = embed(flat)
    out = np.zeros((len(texts), DIM), dtype=np.float32)
    row = 0
    for field in fields:
        for i, text in enumerate(field):
            if text.strip():
                out[i] += vectors[row]
                row += 1
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    return out / np.maximum(norms, 1e-12)


class ClaimIndex:
    """Archived claims under caller-chosen keys, searchable by text in any supported language."""

    def __init__(self) -> None:
        self._keys: list[Hashable] = []
        self._languages = bytearray()  # per claim: index into _LANGUAGES
        self._lexical = LexicalIndex()
        self._vectors = VectorStore()
        self._lock = threading.Lock()
        # The BM25 weight within a language; an attribute so the benchmark can tune it.
        self.same_language_weight = SAME_LANGUAGE_WEIGHT

    def __len__(self) -> int:
        return len(self._keys)

    def add(
        self,
        keys: Sequence[Hashable],
        texts: Sequence[str],
        *,
        titles: Sequence[str] | None = None,
        subtitles: Sequence[str] | None = None,
        languages: Sequence[str] | None = None,
        vectors: np.ndarray | None = None,
    ) -> None:
        """Make claims findable; ``vectors`` (from ``claim_vectors``) skips the encoder."""
        count = len(keys)
        for name, field in (("texts", texts), ("titles", titles), ("subtitles", subtitles)):
            if field is not None and len(field) != count:
                raise ValueError(f"{count} keys but {len(field)} {name}")
        if count == 0:
            return
        if vectors is None:
            vectors = claim_vectors(texts, titles, subtitles)
        if len(vectors) != count:
            raise ValueError(f"{count} keys but {len(vectors)} vectors")
        words = [
            " ".join(parts)
            for parts in zip(texts, titles or [""] * count, subtitles or [""] * count, strict=True)
        ]
        if languages is None:
            languages = [guess_language(text) for text in words]
        codes = bytes(_language_code(language) for language in languages)
        with self._lock:
            self._lexical.add(words)
            self._vectors.add(vectors)
            self._keys.extend(keys)
            self._languages.extend(codes)

    def search(
        self, query: str, k: int = 10, *, language: str | None = None, vector: Any = None
    ) -> list[Match]:
        """The ``k`` best claims for a query text, best first; equal scores keep adding order."""
        if vector is None:
            vector = embed([query_text(query)])[0] if query.strip() else None
        return self._search(query, k, language, vector)

    def search_many(
        self, queries: Sequence[str], k: int = 10, *, languages: Sequence[str] | None = None
    ) -> list[list[Match]]:
        """``search`` for many queries, their embeddings computed in one batch."""
        present = [i for i, query in enumerate(queries) if query.strip()]
        vectors = embed([query_text(queries[i]) for i in present])
        by_query: dict[int, Any] = dict(zip(present, vectors, strict=True))
        return [
            self._search(query, k, None if languages is None else languages[i], by_query.get(i))
            for i, query in enumerate(queries)
        ]

    def candidates(self, query: str, vector: Any, language: str | None = None) -> Candidates:
        """The claims worth scoring for a query and both signals for each (for tuning, too)."""
        vector = np.asarray(vector, dtype=np.float32)
        if language is None:
            language = guess_language(query)
        with self._lock:
            lexical = self._lexical.scores(query)
            best = float(lexical.max()) if len(lexical) else 0.0
            numbers = self._vectors.nearest(vector)
            if best > 0:
                top_lexical = min(LEXICAL_CANDIDATES, len(lexical) - 1)
                lexical_top = np.argpartition(-lexical, top_lexical)[:LEXICAL_CANDIDATES]
                numbers = np.union1d(numbers, lexical_top)
            numbers = np.asarray(numbers, dtype=np.int64)
            cosine = self._vectors.exact(vector, numbers)
            claim_languages = np.frombuffer(self._languages, dtype=np.uint8)[numbers]
            keys = [self._keys[number] for number in numbers.tolist()]
        code = _language_code(language)
        same = (claim_languages == code) | (claim_languages == 0) | (code == 0)
        lexical_part = lexical[numbers] / best if best > 0 else np.zeros(len(numbers))
        return Candidates(keys, numbers, cosine, lexical_part.astype(np.float32), same)

    def fuse(self, found: Candidates, k: int) -> list[Match]:
        """The ``k`` best of the candidates by the fused score; ties keep adding order."""
        weights = np.where(found.same_language, self.same_language_weight, CROSS_LANGUAGE_WEIGHT)
        scores = found.cosine.astype(np.float64) + weights * found.lexical
        order = np.lexsort((found.numbers, -scores))[:k]
        return [
            Match(found.keys[i], rank, float(scores[i]))
            for rank, i in enumerate(order.tolist(), start=1)
        ]

    def _search(self, query: str, k: int, language: str | None, vector: Any) -> list[Match]:
        if k <= 0 or vector is None or not self._keys:
            return []
        return self.fuse(self.candidates(query, vector, language), k)
