"""German indirect speech: subjunctive verb forms that mark a reported claim.

Konjunktiv I ("habe", "sei", "seien", "werde", "könne", "solle") signals indirect speech on
its own, except where the form equals the first person indicative ("ich habe"). Konjunktiv II
("würden", "wäre", "hätte") is also the ordinary conditional, so it only counts after an
attribution cue in the same sentence ("Er sagte, sie würden …"). English marks indirect speech
with no verb form of its own and relies on the attribution detector.
"""

from __future__ import annotations

from ..types import Span
from ._text import Sentence
from .lexicon.cues import KONJUNKTIV_I, KONJUNKTIV_II

__all__ = ["find_reported_speech"]

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
