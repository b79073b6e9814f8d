"""Texts kept as typed, shown so that what looks alike is not taken for one: invisible
characters (a zero-width space, a soft hyphen) and look-alike letters (a Cyrillic "а" inside
a Latin word) become a visible ``⟨U+0430⟩`` with the character's name on hover, and a warning
names them. Used for titles, rationales, comments and evidence titles on every page that shows
them (the workspace, the home page, the review queue, search results)."""

from collections.abc import Iterable
from dataclasses import dataclass
from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from annotations.services.lookalike import find_lookalikes
from annotations.services.text import describe_character, find_invisible


@dataclass(frozen=True, slots=True)
class Revealed:
    """A text as escaped HTML with its odd characters made visible, and the warning for it
    (empty when there is nothing to point out)."""

    markup: SafeString
    warning: str


def reveal(
    text: str, *, limit: int | None = None, marks: Iterable[tuple[int, int]] = ()
) -> Revealed:
    """``text`` escaped, cut to ``limit`` characters (as ``truncatechars`` does) and with
    ``marks`` (start, end) wrapped in ``<mark>``; the warning covers the whole text, also what
    the cut left out."""
    text = text or ""
    shown = Truncator(text).chars(limit) if limit else text
    flagged = _flagged(shown)
    spans = sorted(marks)
    starts, ends = {start for start, _end in spans}, {end for _start, end in spans}
    out: list[str] = []
    run: list[str] = []

    def flush() -> None:
        out.append(escape("".join(run)))
        run.clear()

    for position, char in enumerate(shown):
        if position in ends:
            flush()
            out.append("</mark>")
        if position in starts:
            flush()
            out.append("<mark>")
        if position in flagged:
            flush()
            css, odd = flagged[position]
            name = escape(describe_character(odd))
            out.append(f'<span class="{css}" title="{name}">⟨U+{ord(odd):04X}⟩</span>')
        else:
            run.append(char)
    flush()
    if len(shown) in ends:
        out.append("</mark>")
    # Safe: every piece of the text went through escape() above.
    return Revealed(markup=mark_safe("".join(out)), warning=warning_for(text))


def reveal_text(text: str, *, limit: int | None = None) -> str:
    """``text`` as plain text with its odd characters written ``⟨U+0430⟩``, for what can hold
    no markup (an ``<option>``, the page's ``<title>``); cut to ``limit`` characters first."""
    text = text or ""
    shown = Truncator(text).chars(limit) if limit else text
    flagged = _flagged(shown)
    return "".join(
        f"⟨U+{ord(char):04X}⟩" if position in flagged else char
        for position, char in enumerate(shown)
    )


def _flagged(text: str) -> dict[int, tuple[str, str]]:
    """{position: (css class, character)} of the invisible and look-alike characters."""
    flagged = {position: ("invisible-char", char) for position, char in find_invisible(text)}
    for position, char, _word in find_lookalikes(text):
        flagged[position] = ("lookalike-char", char)
    return flagged


def warning_for(text: str) -> str:
    """What a page says beside a text with invisible or look-alike characters; "" if none."""
    parts = []
    invisible = sorted({describe_character(char) for _position, char in find_invisible(text)})
    if invisible:
        parts.append(
            _("Contains invisible characters, shown as ⟨U+…⟩: %(names)s")
            % {"names": ", ".join(invisible)}
        )
    lookalike = [
        f"{describe_character(char)} in “{word}”" for _position, char, word in find_lookalikes(text)
    ]
    if lookalike:
        parts.append(
            _("Mixes alphabets within a word, the odd letters shown as ⟨U+…⟩: %(names)s")
            % {"names": ", ".join(dict.fromkeys(lookalike))}
        )
    return " · ".join(parts)
