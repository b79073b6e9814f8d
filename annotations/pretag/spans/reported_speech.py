"""German indirect speech: subjunctive verb forms that mark a reported claim.

Konjunktiv I ("habe", "sei", "seien", "werde", "könne", "solle") signals indirect speech on
its own, except where the form equals the first person indicative ("ich habe"). Konjunktiv II
("würden", "wäre", "hätte") is also the ordinary conditional, so it only counts after an
attribution cue in the same sentence ("Er sagte, sie würden …"). English marks indirect speech
with no verb form of its own and relies on the attribution detector.

Reported speech in SpkAtt's sense also includes a verb whose object is what was said ("Die
Behörde gab die Festnahme bekannt."); ``reports_in_verb_phrase`` tells such verbs.
"""

from __future__ import annotations

from ..types import Span
from ._text import Sentence
from .attribution import Attribution, find_attributions
from .lexicon.cues import (
    KONJUNKTIV_I,
    KONJUNKTIV_II,
    REPORTED_PARTICLE_CUES_DE,
    REPORTING_VERBS_DE,
)
from .names import find_entities
from .quotes import find_quotes
from .sources import resolve_pronoun

__all__ = ["carried_attribution", "find_reported_speech", "reports_in_verb_phrase"]

# How many sentences back the speaker of cue-less indirect speech is looked for.
_CARRY_SENTENCES = 2
_SENTENCE_ENDS = ".!?"

# Forms of "berichten", which report what was said in a "von" phrase ("berichtete von …").
_REPORT_ON = frozenset(("berichtet", "berichtete", "berichteten", "berichten"))

# "ich habe", "habe ich": the same form as first person indicative.
_FIRST_PERSON = frozenset(("ich", "Ich"))
# "Seien Sie …", "Seien wir ehrlich": imperatives at the start of a sentence.
_IMPERATIVE_SUBJECTS = frozenset(("Sie", "wir"))


def find_reported_speech(sentence: Sentence, cue_ends: list[int]) -> list[Span]:
    """Subjunctive verbs in ``sentence``; ``cue_ends`` are where attribution cues end."""
    if sentence.lang != "de":
        return []
    tokens = sentence.tokens
    first_cue = min(cue_ends, default=None)
    found: list[Span] = []
    for i, tok in enumerate(tokens):
        word = tok.text
        lower = word.lower() if i == 0 else word
        subjunctive_i = lower in KONJUNKTIV_I
        after_cue = first_cue is not None and first_cue <= tok.start
        if not subjunctive_i and not (after_cue and lower in KONJUNKTIV_II):
            continue
        before = tokens[i - 1].text if i > 0 else ""
        after = tokens[i + 1].text if i + 1 < len(tokens) else ""
        if before in _FIRST_PERSON or after in _FIRST_PERSON:
            continue
        if i == 0 and after in _IMPERATIVE_SUBJECTS:
            continue
        found.append(Span(tok.start, tok.end, "reported_speech", {"verb": lower}))
    return found


def reports_in_verb_phrase(cue: str, cue_end: int, sentence: Sentence) -> bool:
    """Is the cue a verb whose object is what was said: a reporting verb ("forderte"), an
    announcing particle verb ("gab … bekannt"), or "berichten von" ("Augenzeugen berichteten
    von einem Knall"), whose "von" phrase in the same clause is the content reported?
    ``cue_end`` is where the cue's verb ends in ``sentence``."""
    verb = cue.split(" ")[0]
    if verb in REPORTING_VERBS_DE or cue in REPORTED_PARTICLE_CUES_DE:
        return True
    if verb not in _REPORT_ON:
        return False
    for token in sentence.tokens:
        if token.start < cue_end:
            continue
        if any(ch in ",;:.!?" for ch in sentence.text[cue_end : token.start]):
            return False
        if token.text in ("von", "vom"):
            return True
    return False


def carried_attribution(text: str, start: int, end: int, sentence: Sentence) -> Span | None:
    """Free indirect speech: a sentence in the subjunctive with no cue of its own ("Die Lage
    sei ernst.") goes on reporting the speaker of the sentence before ("Scholz sagte, …").

    The speaker is the source of the last attribution in one of the two sentences before,
    found by tagging them again (only such sentences pay for it). The span covers the sentence;
    its payload has an empty cue, the source's name (a pronoun resolved to its person) and the
    sentence as message. The source phrase stays with the attribution that names it, so it
    carries no offsets here.
    """
    if sentence.lang != "de" or not _konjunktiv_i(sentence):
        return None
    pos = start
    for _ in range(_CARRY_SENTENCES):
        previous = _sentence_before(text, pos)
        if previous is None:
            return None
        first, last = previous
        before = Sentence.build(text[first:last], sentence.lang, sentence.article)
        entities = find_entities(before)
        sourced = [
            a
            for a in find_attributions(before, entities, find_quotes(before.text))
            if a.source_start >= 0 and (a.source or a.source_kind == "pronoun")
        ]
        if sourced:
            a = sourced[-1]
            name = a.source or _pronoun_name(text, first, a)
            if name is None:
                return None
            payload: dict[str, object] = {
                "cue": "",
                "carried": True,
                "source": name,
                "source_kind": a.source_kind if a.source else "person",
                "message_start": start + _lead(sentence.text),
                "message_end": start + len(sentence.text.rstrip(" \t\n.!?;")),
            }
            return Span(start, end, "attribution", payload)
        if not _konjunktiv_i(before):
            return None  # the report does not reach further back
        pos = first
    return None


def _pronoun_name(text: str, first: int, a: Attribution) -> str | None:
    pronoun = text[first + a.source_start : first + a.source_end]
    plural = a.cue.split(" ", 1)[0].endswith("en")
    return resolve_pronoun(text, first + a.source_start, pronoun, "de", plural)


def _konjunktiv_i(sentence: Sentence) -> bool:
    return any(span.payload["verb"] in KONJUNKTIV_I for span in find_reported_speech(sentence, []))


def _lead(text: str) -> int:
    return len(text) - len(text.lstrip(' \t\n„“»«"'))


def _sentence_before(text: str, pos: int) -> tuple[int, int] | None:
    """The sentence ending right before ``pos``: back over spaces to its final mark, then back
    to the previous one (a rough look within 600 characters; abbreviations may cut it short)."""
    last = pos
    while last > 0 and text[last - 1].isspace():
        last -= 1
    if last == 0 or text[last - 1] not in _SENTENCE_ENDS + '“”»«"':
        return None
    for i in range(last - 2, max(-1, last - 600), -1):
        if text[i] == "\n" or (text[i] in _SENTENCE_ENDS and text[i + 1].isspace()):
            first = i + 1
            while first < last and text[first].isspace():
                first += 1
            return (first, last) if first < last else None
        if i == 0:
            return 0, last
    return None
