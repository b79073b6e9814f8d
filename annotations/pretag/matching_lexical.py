"""The lexical half of claim matching: words of a claim, and an Okapi BM25 index that grows.

Claims are short (a sentence, a fact-check's title), so nearly every word occurs once in its
claim and the index needs little per posting: a claim number (4 bytes) and the word's count in
it, capped at 255 (1 byte). Adding a claim never rebuilds the index (see ``LexicalIndex``);
document frequencies and the mean claim length are read at query time, so the weights are
always those of the claims indexed so far.
"""

from __future__ import annotations

import math
import re
import unicodedata
from array import array
from collections import Counter
from collections.abc import Iterable

import numpy as np

# Okapi BM25's usual constants; short claims gain nothing measurable from other values.
K1 = 1.2
B = 0.75

# Links and tweet boilerplate carry no claim ("pic.twitter.com/xyz", "https://t.co/...").
_LINK = re.compile(r"(?:https?://|www\.|pic\.twitter\.com/)\S+", re.IGNORECASE)
_WORD = re.compile(r"\w+", re.UNICODE)

# Function words of English and German: frequent in every claim, they would only add noise
# (and long postings, the slowest part of a query) to the scores.
_ENGLISH = """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    out over own same she should so some such than that the their theirs them then there these
    they this those through to too under until up very was we were what when where which while
    who whom why will with would you your yours rt via amp s t
"""
_GERMAN = """
    aber alle allem allen aller alles als also am an ander andere anderem anderen anderer anderes
    auch auf aus bei bin bis bist da damit dann das dass dein deine dem den denn der des dessen
    dich die dies diese diesem diesen dieser dieses dir doch dort du durch ein eine einem einen
    einer eines er es etwas euch euer eure für hab habe haben hat hatte hatten hier hin hinter
    ich ihm ihn ihnen ihr ihre ihrem ihren ihrer im in indem ins ist jede jedem jeden jeder jedes
    jetzt kann kein keine können könnte man manche mein meine mich mir mit muss musste nach nicht
    nichts noch nun nur ob oder ohne sehr sein seine seinem seinen seiner sich sie sind so solche
    soll sollte sondern sonst über um und uns unser unter viel vom von vor war waren warst was
    weil welche welchem welchen welcher welches wenn wer werde werden wie wieder will wir wird
    wirst wo wollen wollte würde würden zu zum zur zwar zwischen
"""
STOPWORDS_EN = frozenset(_ENGLISH.split())
STOPWORDS_DE = frozenset(_GERMAN.split())
STOPWORDS = STOPWORDS_EN | STOPWORDS_DE


def terms(text: str) -> list[str]:
    """The indexable words of a text: case-folded, accents kept, links and function words dropped.

    A light plural fold ("claims" -> "claim", "vaccines" -> "vaccine") joins the commonest
    variants; anything cleverer belongs to the semantic half.
    """
    text = unicodedata.normalize("NFC", _LINK.sub(" ", text)).casefold()
    out = []
    for word in _WORD.findall(text):
        if len(word) < 2 or word in STOPWORDS:
            continue
        if len(word) > 4 and word.endswith("s") and not word.endswith("ss"):
            word = word[:-1]
        out.append(word)
    return out


class LexicalIndex:
    """Okapi BM25 over claims numbered 0, 1, 2, ... in the order they were added.

    Words are kept as their 64-bit ``hash()`` (the index lives in one process, so the salted
    string hash is stable for its life; a collision among 200,000 words has odds of about
    1e-9), which spares a string and a dictionary slot per word. The postings are
    in two parts: ``merged``, flat numpy arrays sorted by word (sorted hashes, offsets, claim
    numbers, counts: 5 bytes a posting, 16 a word), and ``recent``, the postings of the last
    few thousand claims in small per-word arrays. When ``recent`` holds ``MERGE_EVERY`` claims
    it is merged in one linear pass (its claims all come after the merged ones, so each word's
    postings stay in claim order); nothing is ever re-tokenised.

    Not thread-safe on its own: the caller (``ClaimIndex``) serialises adds and queries.
    """

    MERGE_EVERY = 8192

    def __init__(self) -> None:
        self._hashes = np.zeros(0, dtype=np.int64)  # merged: distinct word hashes, ascending
        self._offsets = np.zeros(1, dtype=np.int64)  # merged: word i's postings at [i], [i+1]
        self._docs = np.zeros(0, dtype=np.int32)  # merged: claim numbers, ascending per word
        self._counts = np.zeros(0, dtype=np.uint8)  # merged: the word's count in that claim
        self._recent: dict[int, array] = {}  # word hash -> claim number, count, number, ...
        self._recent_claims = 0
        self._lengths = array("H")  # per claim: its number of indexed words (capped)
        self._total_length = 0

    def __len__(self) -> int:
        return len(self._lengths)

    def add(self, texts: Iterable[str]) -> None:
        """Index claims after the ones already there."""
        recent = self._recent
        for text in texts:
            number = len(self._lengths)
            words = terms(text)
            length = min(len(words), 65535)
            self._lengths.append(length)
            self._total_length += length
            for word, count in Counter(words).items():
                key = hash(word)
                postings = recent.get(key)
                if postings is None:
                    postings = recent[key] = array("i")
                postings.append(number)
                postings.append(min(count, 255))
            self._recent_claims += 1
            if self._recent_claims >= self.MERGE_EVERY:
                self._merge()
                recent = self._recent

    def _merge(self) -> None:
        """Move the recent postings into the merged arrays (one pass, no sorting of postings)."""
        if not self._recent:
            return
        tail_hashes = np.fromiter(self._recent, dtype=np.int64, count=len(self._recent))
        order = np.argsort(tail_hashes)
        tail_hashes = tail_hashes[order]
        tail_lists = list(self._recent.values())
        tail = [np.frombuffer(tail_lists[i], dtype=np.int32) for i in order.tolist()]
        tail_sizes = np.fromiter((len(t) // 2 for t in tail), dtype=np.int64, count=len(tail))
        flat = np.concatenate(tail)

        hashes = np.union1d(self._hashes, tail_hashes)
        old_at = np.searchsorted(hashes, self._hashes)
        tail_at = np.searchsorted(hashes, tail_hashes)
        old_sizes = np.diff(self._offsets)
        sizes = np.zeros(len(hashes), dtype=np.int64)
        sizes[old_at] += old_sizes
        sizes[tail_at] += tail_sizes
        offsets = np.zeros(len(hashes) + 1, dtype=np.int64)
        np.cumsum(sizes, out=offsets[1:])

        docs = np.empty(offsets[-1], dtype=np.int32)
        counts = np.empty(offsets[-1], dtype=np.uint8)
        # An old posting moves by how far its word's start moved; a new one follows the old.
        moved = np.repeat(offsets[old_at] - self._offsets[:-1], old_sizes)
        where = moved + np.arange(len(self._docs))
        docs[where], counts[where] = self._docs, self._counts
        old_here = np.zeros(len(hashes), dtype=np.int64)
        old_here[old_at] = old_sizes
        starts = offsets[tail_at] + old_here[tail_at]
        where = np.repeat(starts - np.concatenate(([0], np.cumsum(tail_sizes)[:-1])), tail_sizes)
        where += np.arange(len(flat) // 2)
        docs[where], counts[where] = flat[0::2], flat[1::2]
        del tail, flat  # views of the recent arrays, dropped with them

        self._hashes, self._offsets, self._docs, self._counts = hashes, offsets, docs, counts
        self._recent = {}
        self._recent_claims = 0

    def _postings(self, key: int) -> tuple[np.ndarray, np.ndarray]:
        """Claim numbers and counts of a word hash, merged part first (so in claim order)."""
        parts_docs, parts_counts = [], []
        at = int(np.searchsorted(self._hashes, key))
        if at < len(self._hashes) and self._hashes[at] == key:
            start, end = self._offsets[at], self._offsets[at + 1]
            parts_docs.append(self._docs[start:end])
            parts_counts.append(self._counts[start:end])
        recent = self._recent.get(key)
        if recent is not None:
            pairs = np.array(recent, dtype=np.int32)
            parts_docs.append(pairs[0::2])
            parts_counts.append(pairs[1::2].astype(np.uint8))
        if not parts_docs:
            return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.uint8)
        if len(parts_docs) == 1:
            return parts_docs[0], parts_counts[0]
        return np.concatenate(parts_docs), np.concatenate(parts_counts)

    def scores(self, query: str) -> np.ndarray:
        """BM25 of the query against every claim (float32, one per claim; zeros if nothing)."""
        n = len(self._lengths)
        out = np.zeros(n, dtype=np.float32)
        if n == 0:
            return out
        lengths = np.frombuffer(self._lengths, dtype=np.uint16)
        mean_length = max(self._total_length / n, 1e-9)
        for word, repeats in Counter(terms(query)).items():
            docs, counts = self._postings(hash(word))
            if not len(docs):
                continue
            df = len(docs)
            idf = math.log(1.0 + (n - df + 0.5) / (df + 0.5))
            tf = counts.astype(np.float32)
            norm = K1 * (1.0 - B + B * lengths[docs].astype(np.float32) / mean_length)
            out[docs] += (repeats * idf) * tf * (K1 + 1.0) / (tf + norm)
        del lengths  # a view of the lengths array: released before any later append
        return out
