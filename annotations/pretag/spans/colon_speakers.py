"""Speakers named before a colon: "Bundesinnenminister Schäuble: „…“".

News puts a quotation after its speaker's name and a colon, with no verb at all ("Der
Regierungssprecher: „Wir prüfen das.“", "Die Sprecherin des Ministeriums:" with the quotation
in the next sentence). A sentence that opens with a person or a role phrase running
right up to a colon, followed by a quotation or by nothing, is such an attribution: the phrase
is the source, the quotation the message (the entry point finds a quotation that follows the
sentence), and there is no cue word.
"""

from __future__ import annotations

from ._text import text_end_before
from .attribution_types import Attribution, build_attribution
from .sources import FOCUS_PARTICLES, Context, source_after

__all__ = ["colon_attributions"]

# Longest speaker phrase before the colon, in tokens (a name with its apposition).
_PHRASE_TOKENS = 14
# Source kinds that speak; a place or a bare noun before a colon heads a list or a topic.
_SPEAKING = frozenset(("person", "role", "organization"))


def colon_attributions(ctx: Context, found: list[Attribution]) -> list[Attribution]:
    """The attribution of a sentence that opens with its speaker and a colon, if it has one
    and no other cue comes before the colon."""
    tokens, text = ctx.tokens, ctx.text
    if ctx.lang != "de" or ":" not in text or len(tokens) < 2 or text[: tokens[0].start].strip():
        return []
    last = tokens[_PHRASE_TOKENS].start if len(tokens) > _PHRASE_TOKENS else len(text)
    colon = text.find(":", tokens[0].end, last)
    if colon < 0 or any(a.start < colon for a in found):
        return []
    first = 1 if tokens[0].text in FOCUS_PARTICLES else 0
    source = source_after(ctx, first, loose=False)
    if source is None or source.kind not in _SPEAKING:
        return []
    attribution = build_attribution(
        ctx, (source.start, colon + 1), "", (-1, -1), source, verbal=True
    )
    if attribution.source_end != text_end_before(text, colon):
        return []  # the phrase must run right up to the colon: "Die Gründe der Firma: …"
    after = text[colon + 1 :].strip()
    if after and attribution.message_start < 0:
        return []  # a list or an explanation follows the colon, not a quotation
    return [attribution]
