"""Re-anchoring: where each annotated sentence of an old article version lives in the new one.

Three passes, cheapest first, each new sentence taking at most one anchor:

1. *Exact quote*: the sentence text, whitespace collapsed, looked up in a dict of the new
   sentences. A whitespace-only change inside a sentence is still ``kept`` with score 1.0: the
   words a verdict judged are the same, only the layout moved. A text that occurs once in the new
   version is method ``exact``; a text that occurs several times is placed by its prefix/suffix
   context (the text either side of it) and then by closeness to where the old sentence would
   now be, method ``context``. Either way the state is ``kept``, wherever the sentence moved.
2. *Fuzzy*, only for what is left, looked for in a window of new sentences around the old
   position. The position comes from the old sentence's raw prefix or suffix where that occurs
   once in the new text (Hypothesis's quote + context), else from the nearest sentence kept in
   pass 1 (so a sentence follows its paragraph when paragraphs are reordered), else from the
   relative offset. A window candidate is the sentence alone (``fuzzy``); two or three
   consecutive new sentences the old one was split into (``split``: scored on the parts joined,
   the anchor goes to the part closest to the old text); or a new sentence that joined the old
   one with its old neighbours (``merge``: scored against the old sentences joined, so of two
   merged annotated sentences the one with the larger share wins and the other is orphaned
   unless it matches elsewhere). Old sentences with no window candidate, and those whose
   candidates were all taken, get one more search over every free new sentence with
   ``rapidfuzz.process.extract``. Candidates are assigned greedily, best score first, exact ones
   before all others.
3. Whatever scores below the threshold is ``orphaned``: a verdict is never put on a sentence that
   is not recognisably the one it judged.

Scores are ``similarity`` (rapidfuzz's normalised Indel ratio) in 0-1; a ``changed`` anchor is
capped at 0.99 so that 1.0 always means identical text. The caller may pass only the annotated
old sentences: context is read from ``old_text`` itself.
"""

from __future__ import annotations

from collections.abc import Sequence

from annotations.pretag.anchoring_match import Matcher
from annotations.pretag.anchoring_types import (
    Anchor,
    AnchorState,
    NewSentence,
    OldSentence,
    normalise,
    similarity,
)

# Chosen by 5-fold cross-validation on the labelled reworded/unrelated sentences in
# bench/anchoring_bench.py (``python bench/anchoring_bench.py --threshold``): every fold chose
# 0.65; held out, 1 of 40 rewordings was missed (a clause moved to the front) and none of 72
# unrelated sentences was attached.
DEFAULT_THRESHOLD = 0.65


def reanchor(
    old_text: str,
    old: Sequence[OldSentence],
    new_text: str,
    new: Sequence[NewSentence],
    *,
    threshold: float = DEFAULT_THRESHOLD,
) -> list[Anchor]:
    """One Anchor per old sentence, in the order given."""
    return Matcher(old_text, old, new_text, new, threshold).run()


__all__ = [
    "DEFAULT_THRESHOLD",
    "Anchor",
    "AnchorState",
    "NewSentence",
    "OldSentence",
    "normalise",
    "reanchor",
    "similarity",
]
