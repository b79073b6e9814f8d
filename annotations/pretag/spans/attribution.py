"""Attribution spans: who a statement comes from, the cue that says so, and the message.

Cues, in the order they are looked for:

* prepositional: "laut «Euronews»", "gemäss/gemäß X", "nach Angaben der Polizei",
  "according to X"; the span covers cue and source;
* "X zufolge", with the source before the cue;
* "wie die «Tagesschau» berichtet": from "wie" to the verb, the source in between;
* German nouns of saying with a genitive source and a reported clause ("die Forderung des
  Verbands, die Steuer zu senken");
* verbs of saying ("erklärte", "betonte", "teilte … mit", "said", "told"); the span is the verb,
  the source is the subject right before it ("No Kwang Chol erklärte", "Nina Warken (CDU)
  kündigte an", "Jen Easterly, the agency's director, told") or, in German inverted order,
  right after it ("betonte der russische Minister", "sagte Bundeskanzler Olaf Scholz").
  German cues take their other words along: the particle ("teilte … mit"), the verb's
  preposition ("sprach von", "bezeichnete … als"), "sich" ("äußerte sich"), the auxiliary of a
  participle ("hat … angekündigt", "wurde … mitgeteilt", whose "von" phrase is the source) and
  "davon"/"darauf" ("geht davon aus"); "wurde bekannt" and "hieß es" have no speaker but may
  name a place ("hieß es in einer Mitteilung des Ministeriums").

Each attribution carries the cue's offsets, the source phrase's offsets with the name, role and
party found in it (``sources``), and the message's offsets (``messages``). A pronoun subject
gives a source phrase but no source name.
"""

from __future__ import annotations

from ..types import Span
from ._text import Sentence
from .attribution_prepositions import prepositional_cues
from .attribution_types import Attribution, build_attribution, genitive_chain
from .attribution_verbs import verb_attributions
from .lexicon import word_set
from .lexicon.cues import NOUN_CUES_DE
from .messages import reads_as_report
from .quotes import RawQuote
from .sources import DETERMINERS, Context, Source

__all__ = ["Attribution", "find_attributions"]

# Words before a noun cue that belong to it ("die Forderung", "seine Warnung").
_NOUN_CUE_OPENERS = DETERMINERS | word_set(
    "seine seiner seinen ihre ihrer ihren deren dessen diese dieser diesen jene"
)


def _noun_cues(ctx: Context, found: list[Attribution]) -> list[Attribution]:
    """'die Forderung des Verbands, die Steuer zu senken', 'seine Warnung, es drohe Streit':
    a noun of saying, its genitive or "von" phrase as the source, and the clause behind the
    comma as the message when it reads as reported content."""
    tokens, text = ctx.tokens, ctx.text
    taken = [(a.start, a.end) for a in found]
    cues: list[Attribution] = []
    for c, tok in enumerate(tokens):
        if tok.text not in NOUN_CUES_DE or any(a <= tok.start < b for a, b in taken):
            continue
        start = tok.start
        if c > 0 and tok.joined and tokens[c - 1].text.lower() in _NOUN_CUE_OPENERS:
            start = tokens[c - 1].start
        chain_end, name, kind = genitive_chain(ctx, c + 1)
        source = Source(name, kind, tokens[c + 1].start, chain_end) if chain_end > 0 else None
        end = max(tok.end, chain_end)
        after = end
        while after < len(text) and text[after] == " ":
            after += 1
        if after >= len(text) or text[after] not in ",:":
            continue
        if text[after] == "," and not reads_as_report(ctx, after + 1):
            continue
        attribution = build_attribution(
            ctx, (start, end), tok.text, (start, tok.end), source, verbal=True
        )
        if attribution.message_start >= 0:
            cues.append(attribution)
    return cues


def find_attributions(
    sentence: Sentence, entities: list[Span], quotes: list[RawQuote]
) -> list[Attribution]:
    """Attribution cues with their sources and messages, sentence offsets, sorted by start."""
    if not sentence.tokens:
        return []
    ctx = Context(sentence, entities, quotes)
    found = prepositional_cues(ctx)
    if ctx.lang == "de":
        found.extend(_noun_cues(ctx, found))
    covered = {k for a in found for k in range(ctx.index_at(a.start), ctx.index_at(a.end))}
    found.extend(verb_attributions(ctx, covered))
    found.sort(key=lambda a: (a.start, a.end))
    return found
