"""The plain data of re-anchoring and the two text comparisons it is built on (no Django)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz

AnchorState = Literal["kept", "changed", "orphaned"]


@dataclass(frozen=True, slots=True)
class OldSentence:
    """An annotated sentence of the old version: ``text`` is ``old_text[start:end]``."""

    key: int
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class NewSentence:
    """A sentence of the new version; ``index`` is its position in the version's sentence list."""

    index: int
    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Anchor:
    """Where one old sentence went: ``new_index`` is a ``NewSentence.index``, None if orphaned."""

    key: int
    state: AnchorState
    new_index: int | None
    score: float
    method: str


def normalise(text: str) -> str:
    """Whitespace collapsed: the form in which two sentence texts count as identical."""
    return " ".join(text.split())


def similarity(a: str, b: str) -> float:
    """0-1 similarity of two normalised texts: rapidfuzz's ratio (normalised Indel distance).

    Chosen over the better of ratio and token-sort ratio, which forgives a clause moved to the
    front but also lifts unrelated sentences that share a phrase (bench/anchoring_bench.py).
    """
    return fuzz.ratio(a, b) / 100.0
