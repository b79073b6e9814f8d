"""The subject of a German verb of saying inside the sentence, where its clause opens.

A subordinate clause puts its finite verb last and its subject right after the conjunction
that opens it: "Während Premierminister Juncker ankündigte, …", "…, zumal der Verteidiger
immer wieder betont hatte, …", "…, nachdem sie erklärt hatte, …". Before such a verb stand
objects and adverbials ("in der Nacht", "immer wieder"), so the word right before it says
nothing about who speaks; the phrase after the conjunction does. ("Wie X mitteilte" is
mostly the prepositional cue's business; this covers the clauses too long for it.)

A main clause after a comma or a coordinating conjunction opens with its subject as a sentence
does: "Die Gründung wird begrüßt, die Organisation bezweifelt aber, dass …", "… und die
Hongkonger befürchten, dass …". A plain noun phrase (article, adjectives, noun) right before
the verb there is the speaker.

A survey's share of respondents speaks as well: "80 Prozent befürworteten, dass …", "22 Prozent
der Befragten teilen die Meinung, …".
"""

from __future__ import annotations

from .attribution_types import at_clause_end, closing_auxiliary
from .lexicon import word_set
from .names import is_name_word
from .sources import NOMINATIVE_ARTICLES, Context, Source, source_after

__all__ = ["SUBORDINATORS", "clause_subject", "share_subject", "subordinate_subject"]

# Conjunctions that open a verb-final clause with its subject right after them. "Während",
# "seit" and "bis" are also prepositions; the verb closing the clause tells them apart.
SUBORDINATORS = word_set(
    """während nachdem als weil da zumal obwohl obgleich wenn seit seitdem bevor sobald dass
    ob indem sodass falls solange sofern wie"""
)
# Subject pronouns after a conjunction ("nachdem sie erklärt hatte"); "es" and "man" say who
# nobody is.
_SUBJECT_PRONOUNS = word_set("er sie wir ich ihr")
# Longest clause, in tokens, from the conjunction to the verb.
_CLAUSE_TOKENS = 14
# Conjunctions that join main clauses: the clause after them opens with its own subject.
_COORDINATORS = word_set("und aber doch denn sondern")
# Words for a share of people ("80 Prozent"), and the articles of their genitive.
_SHARES = word_set("Prozent Prozentpunkte")
_GENITIVE_ARTICLES = word_set("der aller")
# Longest subject phrase before the verb, in tokens, article included.
_PHRASE_TOKENS = 5


def subordinate_subject(ctx: Context, v: int) -> Source | None:
    """Subject of the verb at token ``v`` when it closes a clause opened by a conjunction:
    the pronoun or the name or role phrase right after the conjunction, ending before the
    verb."""
    tokens = ctx.tokens
    if ctx.lang != "de" or not _closes_clause(ctx, v):
        return None
    c = v
    while c > 0 and ctx.connected(c) and v - c < _CLAUSE_TOKENS:
        c -= 1
    if c >= v - 1 or not ctx.connected(c + 1) or (c > 0 and ctx.connected(c)):
        return None  # the clause must open right at a comma or the sentence start
    if tokens[c].text.lower() not in SUBORDINATORS:
        return None
    first = tokens[c + 1]
    if first.text in _SUBJECT_PRONOUNS:
        return Source(None, "pronoun", first.start, first.end)
    found = source_after(ctx, c + 1, loose=False)
    if found is None and c + 2 == v and _bare_name(first.text, ctx):
        return Source(first.text, "unknown", first.start, first.end)  # "Während Shakira sagte"
    if found is None or found.end > tokens[v - 1].end:
        return None
    return found


def _bare_name(word: str, ctx: Context) -> bool:
    """A capitalised word alone between the conjunction and the verb that reads as a name,
    not a plural noun ("weil Experten warnten")."""
    return (
        word[0].isupper()
        and word not in ctx.functions
        and not word.endswith(("en", "ern", "eln"))
        and is_name_word(word, ctx.lang)
    )


def _closes_clause(ctx: Context, v: int) -> bool:
    """Is the verb at ``v`` last in its clause, alone or before its auxiliary ("betont hatte")?"""
    return at_clause_end(ctx.text, ctx.tokens[v].end) or closing_auxiliary(ctx, v) >= 0


def clause_subject(ctx: Context, v: int) -> Source | None:
    """Subject of the verb at token ``v`` in a main clause that opens inside the sentence,
    after a comma or "und"/"aber": the article, adjectives and noun (or name) right before
    the verb. A name inside the phrase is the source's name, else the phrase is a role."""
    tokens = ctx.tokens
    if ctx.lang != "de" or v < 3:
        return None
    c = v - 1
    while c > 0 and ctx.connected(c) and tokens[c - 1].text not in _COORDINATORS:
        if v - c >= _PHRASE_TOKENS:
            return None
        c -= 1
    if c == 0 or tokens[c].text not in NOMINATIVE_ARTICLES:
        return None  # the sentence's own opening phrase is another rule's business
    if ctx.connected(c) and tokens[c - 1].text not in _COORDINATORS:
        return None
    head = tokens[v - 1]
    if not head.text[0].isupper() or head.text in ctx.functions:
        return None
    for j in range(c + 1, v - 1):
        word = tokens[j].text
        if not ctx.is_adjective(j) and not (word[0].isupper() and word not in ctx.functions):
            return None
    entity = ctx.entity_ending.get(head.end)
    start, end = tokens[c].start, head.end
    if entity is not None and entity.kind in ("person", "organization"):
        return Source(ctx.name_of(entity), entity.kind, start, end)
    return Source(ctx.squeeze(tokens[c + 1].start, end), "role", start, end)


def share_subject(ctx: Context, v: int, *, after: int = -1) -> Source | None:
    """'80 Prozent (der Befragten) befürworteten, …': a number and "Prozent", with a genitive
    after it, opening the sentence right before the verb at ``v``, or (``after``, the token
    after the verb) right after an inverted verb ("Dabei sprachen sich 75 Prozent … aus")."""
    tokens = ctx.tokens
    if ctx.lang != "de":
        return None
    if after >= 0:
        return _share(ctx, after, len(tokens), whole=False)
    if v < 2 or v > _PHRASE_TOKENS + 2 or ctx.text[: tokens[0].start].strip():
        return None
    return _share(ctx, 0, v, whole=True)


def _share(ctx: Context, first: int, limit: int, *, whole: bool) -> Source | None:
    """The share phrase from token ``first``: numbers, "Prozent", then a genitive ("der
    Befragten") up to token ``limit`` (which ``whole`` says it must reach)."""
    tokens = ctx.tokens
    k = first
    while k < limit and tokens[k].text.isdigit():
        k += 1  # "5,5 Prozent" is two number tokens
    if k == first or k >= limit or tokens[k].text not in _SHARES:
        return None
    end = k + 1
    if end < limit and tokens[end].text in _GENITIVE_ARTICLES and ctx.connected(end):
        j = end + 1
        while j < limit and ctx.is_adjective(j) and ctx.connected(j):
            j += 1
        if j < limit and tokens[j].text[0].isupper() and ctx.connected(j):
            end = j + 1
    if whole and end != limit:
        return None
    start = tokens[first].start
    return Source(ctx.squeeze(start, tokens[end - 1].end), "role", start, tokens[end - 1].end)
