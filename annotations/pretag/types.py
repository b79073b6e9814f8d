"""Plain data passed between the segmenter, the detectors and the scorer (no Django)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Segment:
    """One sentence: ``text[start:end]`` of the article text it was cut from."""

    start: int
    end: int
    paragraph: int
    heading: bool = False


@dataclass(frozen=True, slots=True)
class Span:
    """A tagged stretch of the article text.

    ``kind`` is one of SPAN_KINDS; offsets index the article text, never a sentence alone.
    ``payload`` holds what the detector learned (a speaker, an ISO date, a value, a cue).
    """

    start: int
    end: int
    kind: str
    payload: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "kind": self.kind, "payload": self.payload}


SPAN_KINDS = (
    "quote",
    "attribution",
    "reported_speech",
    "number",
    "date",
    "person",
    "organization",
    "place",
)


@dataclass(frozen=True, slots=True)
class Assessment:
    """Check-worthiness of one sentence: a 0-1 score, the flag, and the reasons that fired."""

    score: float
    claim: bool
    reasons: tuple[str, ...] = ()
