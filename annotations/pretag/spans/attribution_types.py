"""The attribution record, and the helpers the prepositional, noun and verb finders share."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..types import Span
from .lexicon.cues import AUXILIARIES_DE
from .messages import message_span
from .source_extent import extend_source
from .sources import CLAUSE_BREAKS, Context, Source, source_after

_GENITIVE_LINKS = frozenset(("des", "der", "von", "vom"))
_AFTER_CLAUSE = frozenset(',.;:!?»«“”"‹›)')


@dataclass(frozen=True, slots=True)
class Attribution:
    """One attribution, sentence offsets; -1 marks a part that was not found."""

    start: int
    end: int
    cue: str
    source: str | None = None
    source_kind: str | None = None
    source_start: int = -1
    source_end: int = -1
    cue_start: int = -1
    cue_end: int = -1
    particle_start: int = -1  # the closing particle of "teilte … mit", "sprach von"
    particle_end: int = -1
    lead_start: int = -1  # another word of the cue: "hat … angekündigt", "wie … sagte", "davon"
    lead_end: int = -1
    message_start: int = -1
    message_end: int = -1
    role: str | None = None
    party: str | None = None

    def as_span(self) -> Span:
        payload: dict[str, Any] = {"cue": self.cue}
        if self.source:
            payload["source"] = self.source
            # person, organization, place, role, quote or unknown: whom a claim review names.
            payload["source_kind"] = self.source_kind
        if self.role:
            payload["role"] = self.role
        if self.party:
            payload["party"] = self.party
        payload.update(self.offsets())
        return Span(self.start, self.end, "attribution", payload)

    def offsets(self) -> dict[str, int]:
        """The offsets found, by payload key (``cue_start`` …), sentence-relative."""
        found = {
            "cue_start": self.cue_start,
            "cue_end": self.cue_end,
            "particle_start": self.particle_start,
            "particle_end": self.particle_end,
            "lead_start": self.lead_start,
            "lead_end": self.lead_end,
            "source_start": self.source_start,
            "source_end": self.source_end,
            "message_start": self.message_start,
            "message_end": self.message_end,
        }
        return {key: value for key, value in found.items() if value >= 0}


def build_attribution(
    ctx: Context,
    span: tuple[int, int],
    cue: str,
    cue_span: tuple[int, int],
    source: Source | None,
    *,
    verbal: bool,
    particle: tuple[int, int] = (-1, -1),
    lead: tuple[int, int] = (-1, -1),
) -> Attribution:
    start, end = span
    if source is not None:
        source = extend_source(ctx, source, _extent_limit(ctx, source, cue_span, particle, lead))
    region_start = min(start, source.start) if source else start
    region_end = max(end, particle[1], source.end if source else -1)
    subject_first = source is not None and source.end <= cue_span[0]
    message = message_span(ctx, region_start, region_end, verbal, subject_first=subject_first)
    message_start, message_end = message if message else (-1, -1)
    if source is None:
        return Attribution(
            start,
            end,
            cue,
            None,
            None,
            -1,
            -1,
            *cue_span,
            *particle,
            *lead,
            message_start,
            message_end,
        )
    return Attribution(
        start,
        end,
        cue,
        source.text or None,
        source.kind if source.text else None,
        source.start,
        source.end,
        *cue_span,
        *particle,
        *lead,
        message_start,
        message_end,
        source.role,
        source.party,
    )


def _extent_limit(
    ctx: Context,
    source: Source,
    cue_span: tuple[int, int],
    particle: tuple[int, int],
    lead: tuple[int, int],
) -> int:
    """Where a source phrase must stop growing: at the next word of its cue after it."""
    after = [p for p in (cue_span[0], particle[0], lead[0]) if p >= source.end]
    return min(after, default=len(ctx.text))


def at_clause_end(text: str, end: int) -> bool:
    while end < len(text) and text[end].isspace():
        end += 1
    return end >= len(text) or text[end] in _AFTER_CLAUSE


def closing_auxiliary(ctx: Context, v: int) -> int:
    """'wie … bekanntgegeben hat', '…, zumal er betont hatte': index of the finite auxiliary
    that closes the clause right after the participle at token ``v``, else -1."""
    tokens = ctx.tokens
    a = v + 1
    if a >= len(tokens) or tokens[a].text not in AUXILIARIES_DE or not ctx.connected(a):
        return -1
    return a if at_clause_end(ctx.text, tokens[a].end) else -1


def no_break(text: str, start: int, end: int) -> bool:
    return not any(ch in CLAUSE_BREAKS for ch in text[start:end])


def genitive_chain(ctx: Context, k: int) -> tuple[int, str | None, str | None]:
    """'der US-Armee', 'des Magazins „Der Spiegel“', 'von Vattenfall Europe' after a head noun.

    Returns where the chain ends (-1 without one) and the name and kind of its last member.
    """
    tokens = ctx.tokens
    end, name, kind = -1, None, None
    for _ in range(3):
        if k >= len(tokens) or tokens[k].text not in _GENITIVE_LINKS or not ctx.connected(k):
            break
        found = source_after(ctx, k + 1, loose=True)
        if found is None:
            break
        end, name, kind = found.end, found.text, found.kind
        k = ctx.index_at(end)
    return end, name, kind
