"""Greetings and sign-offs that end a sentence with a comma: "Hi Greg, I faxed …", "Regards, Anna".

Letters, e-mails and forum posts open with a greeting and close with a sign-off that a comma
ends ("Hi," "Dear Mr. Smith," "Best regards," "Viele Grüße,"). When the next word starts with a
capital on the same line, that word opens the next sentence or is the writer's name, and the
greeting or sign-off is a segment of its own: an editor should not give one verdict to "Hi Greg,
I faxed you the figures".

Only at the start of a sentence, and only before a capital:

* a greeting, possibly followed by up to three words of address ("Hi all,", "Dear Mr. Smith,",
  "Hallo Frau Weber,"); in German, where nouns are capitalised, the next word must also be a
  typical sentence opener ("Hallo Anna, Ich …" is rare, "Hallo Anna, Sie …" is a sentence);
* a sign-off directly followed by its comma, when the next word is not a typical sentence
  opener: that is a name ("Thanks, Debra"); "Thanks, I will" stays one sentence.
"""

from __future__ import annotations

import re

from annotations.pretag.segment_words import OPENER_WORDS

__all__ = ["salutation_end"]

_ADDRESS = r"(?:[ \t]+(?!\d)[\w.'’-]+){0,3}"  # up to three words: "all", "Mr. Smith"
_GREETINGS = {
    "en": r"hi|hello|hey|hiya|dear|greetings|good (?:morning|afternoon|evening)",
    "de": r"hallo|hi|hey|moin|servus|liebe|lieber|guten (?:morgen|tag|abend)",
}
_SIGN_OFFS = {
    "en": (
        r"(?:(?:best|kind|kindest|warm|warmest|many|with) )?regards|best wishes|all the best"
        r"|cheers|(?:many )?thanks(?: again| so much| a lot)?|thank you(?: (?:so|very) much)?"
        r"|sincerely(?: yours)?|yours(?: sincerely| truly| faithfully)?|take care|love"
    ),
    "de": (
        r"(?:(?:viele|liebe|beste|herzliche|schöne|freundliche) )?grüße|(?:mit )?freundlichen "
        r"grüßen|mit besten grüßen|gruß|lg|vg|mfg|(?:vielen )?dank|danke(?: schön)?"
    ),
}


def _pattern(language: str) -> re.Pattern[str]:
    return re.compile(
        rf"(?:(?P<greeting>{_GREETINGS[language]}){_ADDRESS}|(?P<sign_off>{_SIGN_OFFS[language]}))"
        r",(?P<space>[ \t]+)(?=[^\W\d_])",
        re.IGNORECASE,
    )


_PATTERNS = {language: _pattern(language) for language in _GREETINGS}
_WORD = re.compile(r"[^\W\d_]+")


def salutation_end(text: str, start: int, end: int, language: str) -> tuple[int, int] | None:
    """Where a greeting or sign-off at ``start`` ends and the next sentence begins, if one is
    there.

    ``text[start:end]`` is one sentence as the other rules cut it; ``language`` is "de" or "en".
    Returns the offset just after the comma and that of the first character after its
    whitespace, or None.
    """
    if not text[start].isalpha():
        return None
    german = language == "de"
    match = _PATTERNS[language].match(text, start, end)
    if match is None:
        return None
    nxt = match.end()
    word = _WORD.match(text, nxt, end)
    if word is None or not word.group()[0].isupper():
        return None
    is_opener = word.group() in OPENER_WORDS
    greeting = match.group("greeting") is not None
    ends = (is_opener or not german) if greeting else not is_opener
    return (match.start("space"), nxt) if ends else None
