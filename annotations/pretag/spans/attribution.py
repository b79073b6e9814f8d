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
  name a place ("hieß es in einer Mitteilung des Ministeriums");
* a verb and a noun of opinion ("ist der Meinung, dass …", "vertritt die Auffassung, …");
* a speaker before a colon with no verb ("Bundesinnenminister Schäuble: „…“"), with an empty
  cue.

Each attribution carries the cue's offsets, the source phrase's offsets with the name, role and
party found in it (``sources``), and the message's offsets (``messages``). A pronoun subject
gives a source phrase but no source name.
"""

from __future__ import annotations

from dataclasses import replace

from ..types import Span
from ._text import Sentence, text_end_before
from .attribution_prepositions import prepositional_cues
from .attribution_types import Attribution, build_attribution, genitive_chain
from .attribution_verbs import verb_attributions
from .colon_speakers import colon_attributions
from .lexicon import word_set
from .lexicon.cues import NOUN_CUES_DE
from .messages import reads_as_report
from .opinion_cues import opinion_attributions
from .quotes import RawQuote
from .sources import DETERMINERS, Context, Source

__all__ = ["Attribution", "find_attributions"]

# Words before a noun cue that belong to it ("die Forderung", "seine Warnung").
_NOUN_CUE_OPENERS = DETERMINERS | word_set(
    "seine seiner seinen ihre ihrer ihren deren dessen diese dieser diesen jene"
)


# Lowercase words after a comma that go on with the reported clause rather than the sentence.
_CLAUSE_OPENERS = word_set(
    """und oder aber sondern dass ob wenn weil da als wie so der die das den dem denen deren
    dessen welche welcher um ohne statt falls sofern"""
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
            cues.append(_closed_by_comma(ctx, attribution) if text[after] == "," else attribution)
    return cues


def _closed_by_comma(ctx: Context, attribution: Attribution) -> Attribution:
    """'Die Warnung des Anwalts, das Verfahren dauere lange, blieb ungehört': the reported
    clause of a noun inside its sentence ends at the comma that closes it, where the
    sentence's own verb goes on (a lowercase word: "blieb", "ab")."""
    text = ctx.text
    comma = text.find(",", attribution.message_start, attribution.message_end)
    if comma < 0:
        return attribution
    rest = text[comma + 1 : attribution.message_end].split()
    if not rest or not rest[0].islower() or rest[0] in _CLAUSE_OPENERS:
        return attribution  # "…, dass die Stadt, wenn nötig, hilft": the report goes on
    return replace(attribution, message_end=text_end_before(text, comma))


def _covered(ctx: Context, found: list[Attribution]) -> set[int]:
    """Token indices inside the attributions found so far."""
    return {k for a in found for k in range(ctx.index_at(a.start), ctx.index_at(a.end))}


def find_attributions(
    sentence: Sentence, entities: list[Span], quotes: list[RawQuote]
) -> list[Attribution]:
    """Attribution cues with their sources and messages, sentence offsets, sorted by start."""
    if not sentence.tokens:
        return []
    ctx = Context(sentence, entities, quotes)
    found = prepositional_cues(ctx)
    if ctx.lang == "de":
        found.extend(opinion_attributions(ctx, _covered(ctx, found)))
        found.extend(_noun_cues(ctx, found))  # "teilt die Einschätzung" is the opinion's
    found.extend(verb_attributions(ctx, _covered(ctx, found)))
    found.extend(colon_attributions(ctx, found))
    found.sort(key=lambda a: (a.start, a.end))
    return found
