"""How far a German source phrase runs to the right of the word that names it.

SpkAtt marks the whole noun phrase of the speaker, so the phrase takes what German attaches to
its head: a genitive ("ein Sprecher des Landesbetriebs", "die Moderatorin eines
Lokalsenders", "nach Meinung Russlands"), a "von"/"vom" phrase ("Theo Kitz vom Bankhaus
Merck Finck"), a place ("die Organisation in Bonn"), an acronym in brackets ("des
Investitionsfonds (MIF)") and an apposition in commas ("Hugo Salcedo, Kopf einer Gruppe von
Inspektoren"). The name, role and party found for the source stay as they were; only the
phrase's end moves, and never into the cue.
"""

from __future__ import annotations

from .lexicon import word_set
from .names import is_name_word, is_role
from .sources import DETERMINERS, Context, Source, name_adjective

__all__ = ["extend_source", "phrase_before"]

_GENITIVES = word_set("des eines seines ihres dieses jenes deren dessen")
# "der"/"einer" are also datives: "sagte der Minister der Zeitung" names the addressee.
_GENITIVE_OR_DATIVE = word_set("der einer seiner ihrer dieser")
_VON = word_set("von vom")
# Quantifiers opening a genitive plural ("nach Ansicht einiger Juristen").
_QUANTIFIERS = word_set("einiger mehrerer vieler zahlreicher aller beider")
_LINKS = _GENITIVES | _GENITIVE_OR_DATIVE | _VON
_PLACE_LINKS = word_set("in im aus")
# Heads of a dative addressee after a verb of saying, never of a genitive of the speaker.
_ADDRESSEE_HEADS = (
    "zeitung",
    "agentur",
    "presse",
    "blatt",
    "magazin",
    "sender",
    "fernsehen",
    "rundfunk",
    "radio",
    "journalisten",
    "reportern",
)
# Lowercase words the rest of an apposition may hold ("Professor am Institut für Physik").
_APPOSITION_LINKS = _LINKS | word_set("in im am an aus bei beim für zu zur zum und of for")
# Longest rest of an apposition taken over by ``_nominal_run``, in tokens.
_APPOSITION_RUN = 8
# Longest noun phrase looked back over, in tokens.
_PHRASE_TOKENS = 10
# Longest stretch taken over in one step, in tokens.
_STEP_TOKENS = 6


def extend_source(ctx: Context, source: Source, limit: int) -> Source:
    """``source`` with its phrase grown to the right, up to character ``limit`` (the cue)."""
    if ctx.lang != "de" or source.kind in ("pronoun", "quote"):
        return source
    end = source.end
    ambiguous = False
    for _ in range(4):
        k = ctx.index_at(end)
        if k < len(ctx.tokens) and ctx.tokens[k].text in _GENITIVE_OR_DATIVE:
            if ambiguous:
                break  # "nach Auskunft der NASA der überwiegende Teil": a new subject
            ambiguous = True
        grown = _attachment(ctx, k, limit, person=source.kind in ("person", "unknown"))
        if grown is None or grown <= end:
            break
        end = grown
    if end == source.end:
        return source
    return Source(source.text, source.kind, source.start, end, source.role, source.party)


def _attachment(ctx: Context, k: int, limit: int, *, person: bool = False) -> int | None:
    """Where the attachment opening at token ``k`` ends, if one does.

    A place after a person is where they spoke ("sagte Seibert in Berlin"), not who they are.
    """
    tokens = ctx.tokens
    if k >= len(tokens) or tokens[k].end > limit:
        return None
    if k > 0 and ctx.text[tokens[k - 1].end : tokens[k].start].strip() == "(":
        return _bracket(ctx, k, limit)
    if not ctx.connected(k):
        return _apposition(ctx, k, limit)
    word = tokens[k].text
    if word in _GENITIVES or word in _GENITIVE_OR_DATIVE:
        end = _noun_group(ctx, k + 1, limit)
        if end is None:
            return None
        head = ctx.text[tokens[k + 1].start : end].lower()
        first = tokens[k + 1].text
        if word in _GENITIVE_OR_DATIVE and first[0].islower() and first.endswith("e"):
            return None  # "der überwiegende Teil": a weak "-e" after "der" is nominative
        if word in _GENITIVE_OR_DATIVE and any(h in head for h in _ADDRESSEE_HEADS):
            return None
        return end
    if word in _VON:
        j = k + 1
        if j < len(tokens) and tokens[j].text in DETERMINERS and ctx.connected(j):
            j += 1
        return _noun_group(ctx, j, limit)
    if word == "für" and k + 1 < len(tokens) and tokens[k + 1].text not in DETERMINERS:
        return _noun_group(ctx, k + 1, limit)  # "das Bundesministerium für Bildung"
    if word in _PLACE_LINKS and not person:
        entity = ctx.whole_entity_at(k + 1)
        if entity is not None and entity.kind == "place" and entity.end <= limit:
            return entity.end if ctx.connected(k + 1) else None
        if entity is None and ctx.connected(k + 1):
            return _names(ctx, k + 1, limit, closing=False)  # "die Regierung in Lomé"
        return None
    if word[0].islower() and (word in _QUANTIFIERS or _strong_genitive(ctx, k)):
        return _noun_group(ctx, k + 1, limit)  # "der Verband kommunaler Unternehmen"
    if _genitive_name(ctx, k, limit):
        return tokens[k].end
    if not person and k > 0 and not _is_name(ctx, k - 1):
        return _names(ctx, k, limit)  # "die japanische Zeitung Sankei Shimbun"
    if k > 0 and _ends_place(ctx, k - 1) and not is_role(word, "de"):
        return _names(ctx, k, limit)  # "die Bangkok Post", "des United States Geological Survey"
    return None


def _ends_place(ctx: Context, k: int) -> bool:
    """Does token ``k`` end a place name, which a following name word makes part of a body's
    name ("Bangkok Post", "United States Geological Survey")?"""
    entity = ctx.entity_ending.get(ctx.tokens[k].end)
    return entity is not None and entity.kind == "place"


def _noun_group(ctx: Context, j: int, limit: int) -> int | None:
    """Adjectives, a capitalised noun and the names joined to it, from token ``j``."""
    tokens = ctx.tokens
    first = j
    while (
        j < len(tokens)
        and j - first < 3
        and (ctx.is_adjective(j) or name_adjective(ctx, j))
        and ctx.connected(j)
    ):
        j += 1
    if j >= len(tokens) or not ctx.connected(j) or tokens[j].end > limit:
        return None
    word = tokens[j].text
    if not word[0].isupper() or word in ctx.functions:
        return None
    end = tokens[j].end
    entity = ctx.whole_entity_at(j) or ctx.entity_ending.get(end)
    if entity is not None and entity.end <= limit:
        end = max(end, entity.end)
    n = ctx.index_at(end)
    while (
        n < len(tokens)
        and n - first < _STEP_TOKENS
        and ctx.connected(n)
        and tokens[n].end <= limit
        and tokens[n].text[0].isupper()
        and tokens[n].text not in ctx.functions
        and (ctx.whole_entity_at(n) is not None or is_role(word, "de"))
    ):
        end = tokens[n].end  # "des Bauernbundes Brandenburg", "Sprecherin Heike van Laak"
        n += 1
    if (
        n + 1 < len(tokens)
        and tokens[n].text in ("und", "sowie")
        and ctx.connected(n)
        and ctx.connected(n + 1)
        and tokens[n + 1].end <= limit
        and _is_noun(ctx, n + 1)
    ):
        entity = ctx.whole_entity_at(n + 1)
        end = entity.end if entity is not None and entity.end <= limit else tokens[n + 1].end
    return end  # "von Deutschland und Frankreich", "für Bildung und Forschung"


def _strong_genitive(ctx: Context, k: int) -> bool:
    """'kommunaler', 'britischer': an adjective in "-er" with no article before a noun, the
    genitive plural of a phrase attached to the noun before it."""
    tokens = ctx.tokens
    word = tokens[k].text
    return (
        word.endswith("er")
        and ctx.is_adjective(k)
        and k + 1 < len(tokens)
        and ctx.connected(k + 1)
        and _is_noun(ctx, k + 1)
    )


def _genitive_name(ctx: Context, k: int, limit: int) -> bool:
    """'Meinung Russlands', 'Aussagen Gordons': a name in the genitive right after a noun."""
    tokens = ctx.tokens
    word = tokens[k].text
    if tokens[k].end > limit or not word[0].isupper() or not word.endswith("s"):
        return False
    entity = ctx.whole_entity_at(k)
    return entity is not None and entity.kind in ("person", "place", "organization")


def _bracket(ctx: Context, k: int, limit: int) -> int | None:
    """'(MIF)' after an organisation: its acronym in brackets."""
    close = ctx.text.find(")", ctx.tokens[k].end, ctx.tokens[k].end + 2)
    if close < 0 or close >= limit or not ctx.tokens[k].text.isupper():
        return None
    return close + 1


def _apposition(ctx: Context, k: int, limit: int) -> int | None:
    """', Kopf einer Gruppe von Inspektoren' / ', der Geschäftsführer des Unternehmens': a role
    in commas after the name (or a name after the role), closed by a comma, the cue or the
    end of the clause."""
    tokens, text = ctx.tokens, ctx.text
    if text[tokens[k - 1].end : tokens[k].start].strip() != ",":
        return None
    j = k
    if j < len(tokens) and tokens[j].text in DETERMINERS:
        j += 1
    while j < len(tokens) and j - k < 4 and ctx.is_adjective(j) and ctx.connected(j):
        j += 1
    if j >= len(tokens) or (j > k and not ctx.connected(j)):
        return None
    end = _appositive_name(ctx, j, limit)
    if end is None and j == k and ctx.whole_entity_at(j) is None:
        end = _names(ctx, j, limit, closing=False)  # "der Direktor der Behörde, Bagus Puruhito,"
    if end is not None:
        return end
    head = tokens[j].text
    if not is_role(head, "de") and not (
        _is_noun(ctx, j) and j + 1 < len(tokens) and tokens[j + 1].text in _LINKS
    ):
        return None  # a role, or a noun with a genitive or "von" ("Kopf einer Gruppe")
    end = tokens[j].end
    for _ in range(3):
        n = ctx.index_at(end)
        if n >= len(tokens) or not ctx.connected(n):
            break
        grown = _attachment(ctx, n, limit)
        if grown is None or grown <= end:
            break
        end = grown
    rest = text[end:limit].lstrip()
    if end > limit or (rest and rest[0] not in ",.;:!?"):
        return _nominal_run(ctx, ctx.index_at(end), limit) if is_role(head, "de") else None
    return end


def _nominal_run(ctx: Context, n: int, limit: int) -> int | None:
    """', Vorsitzender des Ausschusses im Senat,': the rest of an apposition that opened with
    a role, when it holds only nouns, names, articles, adjectives and the prepositions that
    attach places and bodies ("im Senat", "am Institute of Technology"). It must close at a
    comma, the cue or the end of the clause; a verb or an adverb on the way rules it out."""
    tokens, text = ctx.tokens, ctx.text
    end = tokens[n - 1].end if n > 0 else -1
    for m in range(n, min(len(tokens), n + _APPOSITION_RUN)):
        if not ctx.connected(m) or tokens[m].end > limit:
            break
        word = tokens[m].text
        adjective = ctx.is_adjective(m) and m + 1 < len(tokens) and _is_noun(ctx, m + 1)
        if not (
            _is_noun(ctx, m)
            or adjective
            or word in DETERMINERS
            or word in _APPOSITION_LINKS
            or word.isdigit()
        ):
            return None
        end = tokens[m].end
    rest = text[end:limit].lstrip()
    return end if end > 0 and (not rest or rest[0] in ",.;:!?") else None


def phrase_before(ctx: Context, k: int) -> Source | None:
    """The noun phrase ending with token ``k``: 'Ein Bericht der Nachrichtenagentur
    „Interfax“, wonach …', 'Spekulationen, wonach …'. It runs back over names, nouns,
    adjectives and genitive links to its determiner, and stops at a preposition or a verb."""
    tokens = ctx.tokens
    if k < 0 or k >= len(tokens):
        return None
    if not _is_noun(ctx, k):
        return None
    first = k
    j = k - 1
    while j >= 0 and ctx.connected(j + 1) and k - j < _PHRASE_TOKENS:
        word = tokens[j].text
        if word.lower() in DETERMINERS or word in _VON:
            linked = j > 0 and ctx.connected(j) and _is_noun(ctx, j - 1)
            if linked and (word in _VON or word in _GENITIVES or word in _GENITIVE_OR_DATIVE):
                j -= 1  # a genitive or "von" phrase: its head noun comes before
                continue
            if word not in _VON:
                first = j
            break
        if _is_noun(ctx, j) or ctx.is_adjective(j):
            first = j
            j -= 1
            continue
        break
    ending = [tok.end for tok in tokens[first : k + 1] if tok.end in ctx.entity_ending]
    entities = [ctx.entity_ending[pos] for pos in ending]
    end = tokens[k].end
    if entities and entities[-1].kind in ("person", "organization"):
        return Source(ctx.name_of(entities[-1]), entities[-1].kind, tokens[first].start, end)
    return Source(ctx.squeeze(tokens[first].start, end), "role", tokens[first].start, end)


def _appositive_name(ctx: Context, j: int, limit: int) -> int | None:
    """', Bagus Puruhito,' after a role: the name in commas, closed by a comma or the clause."""
    text = ctx.text
    entity = ctx.whole_entity_at(j)
    if entity is None or entity.kind != "person" or entity.end > limit:
        return None
    rest = text[entity.end : limit].lstrip()
    return entity.end if not rest or rest[0] in ",.;:!?" else None


def _names(ctx: Context, k: int, limit: int, *, closing: bool = True) -> int | None:
    """Name words from token ``k`` (at most three, spaces between), ending the phrase: then
    comes punctuation, the cue or (``closing``) a lowercase word."""
    tokens, text = ctx.tokens, ctx.text
    n = k
    while (
        n < len(tokens)
        and n - k < 3
        and tokens[n].end <= limit
        and (n == k or text[tokens[n - 1].end : tokens[n].start].isspace())
        and is_name_word(tokens[n].text, "de")
    ):
        n += 1
    if n == k:
        return None
    rest = text[tokens[n - 1].end : limit].lstrip()
    if rest and rest[0] not in ",.;:!?(" and not (closing and rest[0].islower()):
        return None  # "(" opens the acronym of the name: "Geological Survey (USGS)"
    return tokens[n - 1].end


def _is_name(ctx: Context, k: int) -> bool:
    """Is token ``k`` inside a named entity or a name word (not a common noun)?"""
    tok = ctx.tokens[k]
    return (
        ctx.whole_entity_at(k) is not None
        or tok.end in ctx.entity_ending
        or (is_name_word(tok.text, "de") and not is_role(tok.text, "de"))
    )


def _is_noun(ctx: Context, k: int) -> bool:
    word = ctx.tokens[k].text
    return word[0].isupper() and word not in ctx.functions
