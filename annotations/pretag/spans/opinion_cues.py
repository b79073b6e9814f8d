"""Opinions stated with a noun: "ist der Meinung, dass …", "vertritt die Auffassung, …".

German states a view with a copula or a verb of holding and a noun of opinion: "Die Experten
sind der Meinung, dass …", "Der Verband ist der gegenteiligen Ansicht, …", "Sie vertritt die
Auffassung, …", "Viele teilen die Überzeugung, …". The verb, the article, any adjectives and
the noun form the cue; the verb's subject is the source (as for any verb of saying), and the
clause behind the comma or colon is the message. Without such a clause there is no attribution
("ist der Meinung der Experten gefolgt").
"""

from __future__ import annotations

from .attribution_types import Attribution, build_attribution
from .lexicon import word_set
from .sources import Context
from .subjects import verb_source

__all__ = ["opinion_attributions"]

# Finite verbs with the article of the opinion noun they take: the genitive of "sein" ("ist
# der Meinung") and the accusative of holding and sharing ("vertritt die Ansicht").
_OPINION_VERBS = {
    **dict.fromkeys(word_set("ist sind war waren sei seien"), "der"),
    **dict.fromkeys(
        word_set("vertritt vertrat vertraten vertreten teilt teilte teilten teilen"), "die"
    ),
}
_OPINION_NOUNS = word_set("Meinung Ansicht Auffassung Überzeugung Einschätzung These")
# Words between the verb and the article ("ist jedoch der Meinung").
_FILLERS = word_set("auch jedoch aber allerdings weiterhin weiter nun zudem ebenfalls nach wie vor")
# Adjectives between the article and the noun ("der gegenteiligen Auffassung").
_ADJECTIVES_MAX = 2


def opinion_attributions(ctx: Context, covered: set[int]) -> list[Attribution]:
    """Attributions cued by a verb and a noun of opinion, skipping the tokens in ``covered``."""
    if ctx.lang != "de" or _OPINION_NOUNS.isdisjoint(ctx.sentence.words):
        return []  # a quick test on the sentence's words first
    tokens = ctx.tokens
    found: list[Attribution] = []
    for v, tok in enumerate(tokens):
        article = _OPINION_VERBS.get(tok.text)
        if article is None or v in covered:
            continue
        noun = _opinion_noun(ctx, v, article)
        if noun < 0:
            continue
        cue_span = (tok.start, tokens[noun].end)
        source = verb_source(ctx, v, after=noun + 1)  # the noun is the object, not the subject
        cue = ctx.squeeze(*cue_span)
        attribution = build_attribution(ctx, cue_span, cue, cue_span, source, verbal=True)
        if attribution.message_start >= 0:
            found.append(attribution)
    return found


def _opinion_noun(ctx: Context, v: int, article: str) -> int:
    """Index of the opinion noun after the verb at ``v`` ("ist [jedoch] der [einhelligen]
    Meinung"), or -1."""
    tokens = ctx.tokens
    k = v + 1
    while k < len(tokens) and tokens[k].text in _FILLERS and ctx.connected(k):
        k += 1
    if k >= len(tokens) or tokens[k].text != article or not ctx.connected(k):
        return -1
    k += 1
    first = k
    while k < len(tokens) and k - first < _ADJECTIVES_MAX and ctx.is_adjective(k):
        k += 1
    if k >= len(tokens) or tokens[k].text not in _OPINION_NOUNS or not ctx.connected(k):
        return -1
    return k
