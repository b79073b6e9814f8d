"""What a sentence says its source said: the words an attribution check looks for on a page."""

from typing import Any

from annotations.models import Sentence

_QUOTE_MARKS = "\"'«»„“”‚‘’‹› "


def message_of(text: str, start: int, spans: list[dict[str, Any]] | None) -> str:
    """The attributed message of a sentence (``text`` beginning at article offset ``start``):
    the message of its first attribution span that names one, else its first quote, without
    the quotation marks; empty when the sentence attributes nothing."""
    spans = [s for s in spans or [] if isinstance(s, dict)]
    for kind, lo_key, hi_key in (
        ("attribution", "message_start", "message_end"),
        ("quote", "start", "end"),
    ):
        for span in spans:
            if span.get("kind") != kind:
                continue
            where = span.get("payload") if lo_key.startswith("message") else span
            try:
                lo = int((where or {})[lo_key]) - start
                hi = int((where or {})[hi_key]) - start
            except (KeyError, TypeError, ValueError):
                continue
            words = text[max(0, lo) : max(0, hi)].strip().strip(_QUOTE_MARKS).strip(" ,.;:")
            if words:
                return words
    return ""


def attributed_words(sentence: Sentence) -> str:
    """``message_of`` a sentence with its pre-tags (``sentence.pretag``, may be None)."""
    tag = sentence.pretag
    return message_of(sentence.text, sentence.start, tag.spans if tag is not None else None)
