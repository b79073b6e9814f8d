"""Look-alike letters: a Cyrillic "а" in a Latin word ("pаypal"), a Latin "M" in "Mосква".

Scripts and homoglyphs come from the confusable_homoglyphs package (Unicode's Scripts.txt and
the confusables of Unicode Technical Standard #39, shipped as data); its data loads on first use
(about 0.15 s), not when the app starts.

What counts, and why:
- A *word* (a run of letters and marks) that mixes Latin, Cyrillic and Greek letters, where a
  letter of the smaller part (the non-Latin one on a tie) looks like a letter of another of the
  three. "pаypal" (Cyrillic а) and "Mосква" (Latin M) are flagged; "Größe", "Москва" and
  "Αθήνα" are one script each and are not; "ΔT" and "μg" mix scripts but Δ and μ look like no
  Latin letter, so they are not either.
- A *host name label* that mixes scripts whose letters pass for one another is refused (see
  ``check_host_scripts`` in ``text``): a label in one script ("пример.рф", "münchen.de") is a
  legitimate internationalised name. A label wholly in Cyrillic that happens to spell a Latin
  word ("аррӏе") is not caught here; the workspace shows a source host in punycode beside it.
"""

import re
from functools import cache, lru_cache

# The scripts whose letters stand in for one another in running European text.
TEXT_SCRIPTS = frozenset({"LATIN", "CYRILLIC", "GREEK"})
# A word: letters and the combining marks of these scripts (as ``[\p{L}\p{M}]+`` does in
# static/js/invisible.js; other marks belong to other scripts and end no mix here).
_WORD = re.compile(
    "(?:[^\\W\\d_]|[\u0300-\u036f\u0483-\u0489\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f])+"
)


@lru_cache(maxsize=8192)
def script_of(char: str) -> str:
    """The Unicode script of a character ("LATIN", "CYRILLIC", "COMMON", …); cached, as a
    text repeats its letters and the package looks each one up in Python."""
    from confusable_homoglyphs import categories  # type: ignore[import-untyped]  # no types

    return str(categories.alias(char))


@cache
def lookalike_letters() -> frozenset[str]:
    """The Latin, Cyrillic and Greek letters that look like a letter of one of the other two
    (Cyrillic а and Latin a, Greek Ο and Latin O, …), from the Unicode confusables."""
    from confusable_homoglyphs import confusables  # type: ignore[import-untyped]  # no types

    found = set()
    for char, homoglyphs in confusables.confusables_data.items():
        if len(char) != 1 or not char.isalpha() or script_of(char) not in TEXT_SCRIPTS:
            continue
        others = TEXT_SCRIPTS - {script_of(char)}
        for entry in homoglyphs:
            glyph = entry["c"]
            if len(glyph) == 1 and glyph.isalpha() and script_of(glyph) in others:
                found.add(char)
                break
    return frozenset(found)


def find_lookalikes(text: str) -> list[tuple[int, str, str]]:
    """The look-alike letters of ``text`` as (position from 0, letter, the word it is in)."""
    text = text or ""
    # Every mix needs a Cyrillic or Greek letter: most texts are done after a look at their
    # few non-ASCII characters.
    if not any(script_of(char) in ("CYRILLIC", "GREEK") for char in text if not char.isascii()):
        return []
    found: list[tuple[int, str, str]] = []
    letters = lookalike_letters()
    for match in _WORD.finditer(text):
        word, start = match.group(), match.start()
        if word.isascii():
            continue
        scripts = [script_of(char) for char in word]
        counts: dict[str, int] = {}
        for script in scripts:
            if script in TEXT_SCRIPTS:
                counts[script] = counts.get(script, 0) + 1
        if len(counts) < 2:
            continue
        # The word's own script: the one with most letters; on a tie, Latin.
        main = max(counts, key=lambda script: (counts[script], script == "LATIN"))
        odd = [
            (start + index, char)
            for index, (char, script) in enumerate(zip(word, scripts, strict=True))
            if script in TEXT_SCRIPTS and script != main
        ]
        if any(char in letters for _position, char in odd):
            found.extend((position, char, word) for position, char in odd)
    return found
