"""The matcher behind ``anchoring.reanchor``: exact lookup, then a windowed fuzzy search."""

from __future__ import annotations

import bisect
import heapq
import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from rapidfuzz import fuzz, process

from annotations.pretag.anchoring_types import (
    Anchor,
    AnchorState,
    NewSentence,
    OldSentence,
    normalise,
    similarity,
)

CONTEXT_CHARS = 40  # prefix/suffix compared for repeated texts and searched for the position
MIN_CONTEXT_CHARS = 12  # a shorter context (start or end of the text) is not searched
WINDOW = 8  # new sentences either side of the predicted position searched for a fuzzy match
DUPLICATE_CANDIDATES = 16  # nearest copies considered for a text repeated in the new version
MERGE_NEIGHBOURS = 2  # old sentences on either side a new sentence may have swallowed
CHANGED_CAP = 0.99

# Where an old sentence may end: final punctuation (and closing quotes) before a space, or a line.
_SENTENCE_END = re.compile(r"[.!?…][\"'»«“”)]*(?=\s)|\n")

# A candidate pairing: (sort key, old position, new position, state, score, method).
_Candidate = tuple[tuple[float, float, float], int, int, AnchorState, float, str]


class Matcher:
    """One re-anchoring run: i indexes ``old`` as given, p indexes ``new`` sorted by start."""

    def __init__(
        self,
        old_text: str,
        old: Sequence[OldSentence],
        new_text: str,
        new: Sequence[NewSentence],
        threshold: float,
    ) -> None:
        self.old_text, self.new_text, self.threshold = old_text, new_text, threshold
        self.old = list(old)
        self.new = sorted(new, key=lambda n: n.start)
        self.old_norm = [normalise(o.text) for o in self.old]
        self.new_norm = [normalise(n.text) for n in self.new]
        self.starts = [n.start for n in self.new]
        self.result: dict[int, Anchor] = {}
        self.taken: set[int] = set()
        self.landmarks: list[tuple[int, int, int, int]] = []  # old start/end, new start/end
        self._new_context: dict[int, tuple[str, str]] = {}

    def run(self) -> list[Anchor]:
        self._exact()
        leftovers = [i for i in range(len(self.old)) if i not in self.result and self.old_norm[i]]
        if leftovers and self.new:
            candidates: list[_Candidate] = []
            unplaced = []
            for i in leftovers:
                found = self._window_candidates(i)
                candidates += found
                if not found:
                    unplaced.append(i)
            self._assign(candidates + self._fallback(unplaced))
            self._assign(self._fallback([i for i in leftovers if i not in self.result]))
        orphan: tuple[AnchorState, None, float, str] = ("orphaned", None, 0.0, "none")
        return [self.result.get(i) or Anchor(o.key, *orphan) for i, o in enumerate(self.old)]

    # Pass 1: identical text.

    def _exact(self) -> None:
        by_text: dict[str, list[int]] = defaultdict(list)
        for p, text in enumerate(self.new_norm):
            by_text[text].append(p)
        old_count = Counter(self.old_norm)
        repeated = []
        for i, text in enumerate(self.old_norm):
            places = by_text.get(text) if text else None
            if not places:
                continue
            if len(places) == 1 and old_count[text] == 1:
                self._take(i, places[0], "kept", 1.0, "exact")
            else:
                repeated.append(i)
        self.landmarks.sort()
        candidates: list[_Candidate] = []
        for i in repeated:
            places = by_text[self.old_norm[i]]
            method = "exact" if len(places) == 1 else "context"
            hint = self._predict(i, search=False)
            around = _around(self.old_text, self.old[i].start, self.old[i].end)
            at = bisect.bisect_left(places, hint)  # places ascend: the nearest are around ``at``
            near = places[max(at - DUPLICATE_CANDIDATES, 0) : at + DUPLICATE_CANDIDATES]
            for p in heapq.nsmallest(DUPLICATE_CANDIDATES, near, key=lambda q: abs(q - hint)):
                key = (-self._context(around, p), abs(p - hint), 0.0)
                candidates.append((key, i, p, "kept", 1.0, method))
        self._assign(candidates)
        self.landmarks.sort()

    def _context(self, around: tuple[str, str], p: int) -> float:
        """How alike an old sentence's context (``around``) and new sentence p's is, 0-1."""
        old_prefix, old_suffix = around
        if p not in self._new_context:
            self._new_context[p] = _around(self.new_text, self.new[p].start, self.new[p].end)
        new_prefix, new_suffix = self._new_context[p]
        return (fuzz.ratio(old_prefix, new_prefix) + fuzz.ratio(old_suffix, new_suffix)) / 200.0

    def _predict(self, i: int, *, search: bool = True) -> int:
        """Where old sentence i should be now.

        Found from the text just before or after it when that occurs once in the new text (with
        ``search``), else from the nearest identical sentence placed, else from its relative
        offset.
        """
        o = self.old[i]
        offset = self._follow_context(o) if search else None
        if offset is None:
            k = bisect.bisect_right(self.landmarks, (o.start, o.end, len(self.new_text) + 1, 0))
            before = self.landmarks[k - 1] if k > 0 else None
            after = self.landmarks[k] if k < len(self.landmarks) else None
            if before and (not after or o.start - before[1] <= after[0] - o.end):
                offset = before[3] + (o.start - before[1])
            elif after:
                offset = after[2] - (after[0] - o.end)
            else:
                offset = o.start * len(self.new_text) // max(len(self.old_text), 1)
        return min(max(bisect.bisect_right(self.starts, offset) - 1, 0), len(self.new) - 1)

    def _follow_context(self, o: OldSentence) -> int | None:
        """The new offset of old sentence o from its raw prefix or suffix, if either is unique."""
        prefix = self.old_text[max(o.start - CONTEXT_CHARS, 0) : o.start]
        suffix = self.old_text[o.end : o.end + CONTEXT_CHARS]
        for quote, shift in ((prefix, len(prefix)), (suffix, -1)):
            if len(quote.strip()) < MIN_CONTEXT_CHARS:
                continue
            at = self.new_text.find(quote)
            if at >= 0 and self.new_text.find(quote, at + 1) < 0:
                return at + shift
        return None

    # Pass 2: changed text, near the old position first.

    def _window_candidates(self, i: int) -> list[_Candidate]:
        text, hint, threshold = self.old_norm[i], self._predict(i), self.threshold
        lo, hi = max(hint - WINDOW, 0), min(hint + WINDOW + 1, len(self.new))
        single = {p: similarity(text, self.new_norm[p]) for p in range(lo, hi)}
        free = [p for p in range(lo, hi) if p not in self.taken]
        out: list[_Candidate] = []
        for p in free:
            score = single[p]
            merged = self._merge_score(i, p) if len(self.new_norm[p]) > len(text) else 0.0
            if merged > score and merged >= threshold:
                out.append(
                    ((-merged, -score, abs(p - hint)), i, p, "changed", _cap(merged), "merge")
                )
            elif score >= threshold:
                out.append(((-score, -score, abs(p - hint)), i, p, "changed", _cap(score), "fuzzy"))
        for size in (2, 3):
            for first in range(lo, hi - size + 1):
                group = range(first, first + size)
                parts = [p for p in group if p not in self.taken]
                if not parts:
                    continue
                score = similarity(text, " ".join(self.new_norm[p] for p in group))
                if score < threshold or score <= max(single[p] for p in group):
                    continue
                for p in parts:
                    # Only a part found in the old sentence, not one inserted next to it.
                    if fuzz.partial_ratio(self.new_norm[p], text) >= threshold * 100:
                        key = (-score, -single[p], abs(p - hint))
                        out.append((key, i, p, "changed", _cap(score), "split"))
        return out

    def _merge_score(self, i: int, p: int) -> float:
        """Best similarity of new sentence p to old sentence i joined with its old neighbours.

        The neighbours are cut from the old text at sentence-final punctuation, up to
        MERGE_NEIGHBOURS on either side, so two merged old sentences get the same score. The old
        sentence must be found in the new one (partial ratio) and improve the match over the
        neighbours alone, or a neighbour that stayed as it was would carry its verdict along.
        """
        o, joined, text = self.old[i], self.new_norm[p], self.old_text
        if fuzz.partial_ratio(self.old_norm[i], joined) < self.threshold * 100:
            return 0.0
        reach = 2 * len(self.new[p].text)
        hi = min(o.end + reach, len(text))
        ends = [m.end() for m in _SENTENCE_END.finditer(text, o.end, hi)]
        ends = [e for e in ends if e > o.end + 1][:MERGE_NEIGHBOURS] or [hi]
        lo = max(o.start - reach, 0)
        starts = [m.end() for m in _SENTENCE_END.finditer(text, lo, o.start)]
        starts = [lo] + [s for s in starts if s < o.start - 1]
        stretches = [(o.start, e) for e in ends] + [(s, o.end) for s in starts[-MERGE_NEIGHBOURS:]]
        best = 0.0
        for a, b in stretches:
            score = similarity(joined, normalise(text[a:b]))
            if score > best and score > similarity(
                joined, normalise(text[a : o.start] + text[o.end : b])
            ):
                best = score
        return best

    def _fallback(self, indices: list[int]) -> list[_Candidate]:
        """The best free new sentences anywhere, for old sentences the window did not place."""
        choices = {p: t for p, t in enumerate(self.new_norm) if p not in self.taken}
        cutoff = self.threshold * 100
        out: list[_Candidate] = []
        for i in indices:
            hint = self._predict(i)
            for _, ratio, p in process.extract(
                self.old_norm[i], choices, scorer=fuzz.ratio, score_cutoff=cutoff, limit=3
            ):
                score = ratio / 100.0
                out.append(((-score, -score, abs(p - hint)), i, p, "changed", _cap(score), "fuzzy"))
        return out

    # Assignment.

    def _assign(self, candidates: list[_Candidate]) -> None:
        """Greedy over the candidates, best first: each old and each new sentence used once."""
        for _, i, p, state, score, method in sorted(candidates, key=lambda c: c[:3]):
            if i not in self.result and p not in self.taken:
                self._take(i, p, state, score, method)

    def _take(self, i: int, p: int, state: AnchorState, score: float, method: str) -> None:
        o, n = self.old[i], self.new[p]
        self.result[i] = Anchor(o.key, state, n.index, score, method)
        self.taken.add(p)
        if state == "kept":
            self.landmarks.append((o.start, o.end, n.start, n.end))


def _around(text: str, start: int, end: int) -> tuple[str, str]:
    """The normalised context of ``text[start:end]``: up to CONTEXT_CHARS either side."""
    before = normalise(text[max(start - 2 * CONTEXT_CHARS, 0) : start])[-CONTEXT_CHARS:]
    after = normalise(text[end : end + 2 * CONTEXT_CHARS])[:CONTEXT_CHARS]
    return before, after


def _cap(score: float) -> float:
    return min(score, CHANGED_CAP)
