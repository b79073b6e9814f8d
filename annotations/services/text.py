"""Checks and normalisation shared by every way text comes in (import, titles, URLs)."""

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import reduce
from typing import Literal
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_noop

from .errors import InvalidInput, TooLarge, grouped
from .lookalike import find_lookalikes, script_of

# Embeddings, overrides and isolates can make a text display differently from what it says
# ("Trojan Source"); the marks LRM/RLM/ALM are harmless and stay allowed.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def decode_utf8(raw: bytes, *, field: str = "text") -> str:
    """Decode strictly; the error says where the first bad byte is."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            gettext_noop(
                "The %(field)s is not valid UTF-8 (byte 0x%(byte)s at position %(position)s). "
                "Save it as UTF-8 and try again."
            ),
            field=field,
            code="invalid_encoding",
            params={"field": field, "byte": f"{raw[exc.start]:02x}", "position": exc.start},
        ) from exc
    return text.removeprefix("\ufeff")


def normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n")


def _describe(char: str) -> str:
    unnamed = "surrogate" if unicodedata.category(char) == "Cs" else "control character"
    return f"U+{ord(char):04X} ({unicodedata.name(char, unnamed)})"


# Control characters (Unicode category Cc: U+0000-U+001F and U+007F-U+009F), the paragraph
# separator U+2029, the bidi overrides and lone surrogates (JSON can spell them, no encoding can
# store them), found with one regular-expression scan.
_FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
# The same without newline and tab, which running text may hold.
_FORBIDDEN_IN_TEXT = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)


def check_characters(text: str, *, field: str, allow_newlines: bool = True) -> None:
    """Refuse NUL, control characters other than newline and tab, bidi overrides, surrogates."""
    found = (_FORBIDDEN_IN_TEXT if allow_newlines else _FORBIDDEN).search(text)
    if found is None:
        return
    char, position = found.group(), found.start()
    line = text.count("\n", 0, position) + 1
    column = position - text.rfind("\n", 0, position)
    if char in BIDI_CONTROLS:
        message = gettext_noop(
            "The %(field)s contains a bidirectional override, %(character)s, at line %(line)s, "
            "column %(column)s. Remove it and try again."
        )
    elif "\ud800" <= char <= "\udfff":
        message = gettext_noop(
            "The %(field)s contains a lone surrogate, %(character)s, at line %(line)s, "
            "column %(column)s. Remove it and try again."
        )
    else:
        message = gettext_noop(
            "The %(field)s contains a control character, %(character)s, at line %(line)s, "
            "column %(column)s. Remove it and try again."
        )
    raise InvalidInput(
        message,
        field=field,
        code="forbidden_character",
        params={"field": field, "character": _describe(char), "line": line, "column": column},
    )


def clean_article_text(text: str | bytes) -> str:
    """Validate and normalise an article's text: UTF-8, size cap, characters, NFC, newlines."""
    limit = settings.FACTCHECK_MAX_TEXT_BYTES
    if isinstance(text, bytes):
        if len(text) > limit:
            raise _too_large(len(text), limit)
        text = decode_utf8(text)
    size = len(text.encode("utf-8", errors="surrogatepass"))
    if size > limit:
        raise _too_large(size, limit)
    text = normalise_newlines(text)
    check_characters(text, field="text")
    try:
        text = unicodedata.normalize("NFC", text)
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise InvalidInput(
            gettext_noop(
                "The text contains characters that are not valid Unicode (lone surrogates)."
            ),
            field="text",
            code="invalid_encoding",
        ) from exc
    if not text.strip():
        raise InvalidInput(gettext_noop("The text is empty."), field="text", code="required")
    return text


def _too_large(size: int, limit: int) -> TooLarge:
    return TooLarge(
        gettext_noop(
            "The text is %(size)s; the limit is %(limit)s. "
            "Split the article or ask an admin to raise FACTCHECK_MAX_TEXT_BYTES."
        ),
        field="text",
        params={"size": describe_size(size), "limit": describe_size(limit)},
    )


def describe_size(size: int) -> str:
    """A size as people read it: "2.0 MB", "12.5 KB", "800 bytes"."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{size / 1024:.1f} KB" if size >= 1024 else f"{size} bytes"


def clean_title(title: str) -> str:
    title = unicodedata.normalize("NFC", normalise_newlines(title or "")).strip()
    if not title:
        raise InvalidInput(gettext_noop("The title is empty."), field="title", code="required")
    if len(title) > 500:
        raise InvalidInput(
            gettext_noop("The title is %(length)s characters long; the limit is 500."),
            field="title",
            params={"length": len(title)},
        )
    check_characters(title, field="title", allow_newlines=False)
    return title


def clean_url(url: str, *, field: str = "url", required: bool = True) -> str:
    """http and https only, a host, at most 2,048 characters; no credentials, no spaces."""
    url = (url or "").strip()
    if not url:
        if required:
            raise InvalidInput(gettext_noop("A URL is required."), field=field, code="required")
        return ""
    if len(url) > 2048:
        raise InvalidInput(
            gettext_noop("The URL is %(length)s characters long; the limit is 2,048."),
            field=field,
            params={"length": len(url)},
        )
    check_characters(url, field=field, allow_newlines=False)
    check_invisible(url, field=field)
    try:
        parts = urlsplit(url)
        port_ok = parts.port is None or 0 < parts.port < 65536
    except ValueError:
        port_ok = False
        parts = None
    if parts is None or parts.scheme.lower() not in ("http", "https"):
        raise InvalidInput(
            gettext_noop("Only http:// and https:// links are accepted."),
            field=field,
            code="invalid_url",
        )
    if not parts.hostname or not port_ok or " " in url:
        raise InvalidInput(
            gettext_noop("The link needs a valid host name, e.g. https://example.org/page."),
            field=field,
            code="invalid_url",
        )
    if parts.username or parts.password:
        raise InvalidInput(
            gettext_noop("Links must not carry a user name or password."),
            field=field,
            code="invalid_url",
        )
    check_host_scripts(parts.hostname, field=field, url=url)
    return url


def find_invisible(text: str) -> list[tuple[int, str]]:
    """Characters that show as nothing or as a plain space: format characters (Unicode category
    Cf: zero-width space and joiners, word joiner, BOM, soft hyphen, tag characters, …),
    spaces other than U+0020, and the Hangul fillers. (position, character) pairs."""
    return [(match.start(), match.group()) for match in _INVISIBLE.finditer(text)]


def describe_character(char: str) -> str:
    """ "U+200B ZERO WIDTH SPACE": how messages and warnings name a character."""
    return f"U+{ord(char):04X} {unicodedata.name(char, 'UNNAMED CHARACTER')}"


def check_invisible(url: str, *, field: str) -> None:
    """A link is followed by machines and read by people: an invisible character makes the two
    differ (``https://paypal.com\u200b.evil.example/`` shows as paypal.com)."""
    found = find_invisible(url)
    if found:
        position, char = found[0]
        raise InvalidInput(
            gettext_noop(
                "The link contains an invisible character, %(character)s, at position "
                "%(position)s. Remove it and try again."
            ),
            field=field,
            code="invisible_character",
            params={"character": describe_character(char), "position": position + 1},
        )


@dataclass(frozen=True, slots=True)
class TextWarning:
    """Something a person should look at in a text that was kept as written."""

    field: str
    code: str
    message: str
    positions: tuple[int, ...]  # 1-based character positions

    def as_dict(self) -> dict[str, object]:
        return {
            "field": self.field,
            "code": self.code,
            "message": self.message,
            "positions": list(self.positions),
        }


# How many characters a warning names; the positions list them all.
NAMED_IN_WARNING = 3


def warn_invisible(text: str, *, field: str) -> TextWarning | None:
    """The validator for free text that is kept as typed (rationales, evidence titles, review
    comments): invisible characters (zero-width space and joiners, LRM/RLM, word joiner, BOM,
    soft hyphen, tag characters, odd spaces; see ``find_invisible``) are not refused, but named
    with their positions so the editor sees them. None when there are none. The bidi overrides
    and isolates never get here: ``check_characters`` refuses them."""
    found = find_invisible(text or "")
    if not found:
        return None
    names = list(dict.fromkeys(describe_character(char) for _position, char in found))
    shown = ", ".join(names[:NAMED_IN_WARNING]) + (", …" if len(names) > NAMED_IN_WARNING else "")
    positions = tuple(position + 1 for position, _char in found)
    where = ", ".join(str(p) for p in positions[:NAMED_IN_WARNING])
    more = "" if len(positions) <= NAMED_IN_WARNING else f" and {len(positions) - 3} more"
    return TextWarning(
        field=field,
        code="invisible_character",
        message=(
            f"The {field.split('.')[-1].replace('_', ' ')} contains {len(found)} invisible "
            f"character{'s' if len(found) > 1 else ''} ({shown}) at position"
            f"{'s' if len(found) > 1 else ''} {where}{more}. It was kept as typed; remove "
            "them unless they are meant."
        ),
        positions=positions,
    )


def warn_lookalike(text: str, *, field: str) -> TextWarning | None:
    """Like ``warn_invisible`` for look-alike letters: a word that mixes Latin with Cyrillic or
    Greek letters ("pаypal" with a Cyrillic а; see ``lookalike.find_lookalikes``) is kept as
    typed and named with its positions. None when there are none; plain German, Greek or
    Russian words never warn."""
    found = find_lookalikes(text or "")
    if not found:
        return None
    named = list(
        dict.fromkeys(f"{describe_character(char)} in {word!r}" for _p, char, word in found)
    )
    shown = ", ".join(named[:NAMED_IN_WARNING]) + (", …" if len(named) > NAMED_IN_WARNING else "")
    positions = tuple(position + 1 for position, _char, _word in found)
    where = ", ".join(str(p) for p in positions[:NAMED_IN_WARNING])
    more = "" if len(positions) <= NAMED_IN_WARNING else f" and {len(positions) - 3} more"
    plural = len(found) > 1
    return TextWarning(
        field=field,
        code="lookalike_character",
        message=(
            f"The {field.split('.')[-1].replace('_', ' ')} contains {len(found)} look-alike "
            f"letter{'s' if plural else ''} from another alphabet ({shown}) at position"
            f"{'s' if plural else ''} {where}{more}. It was kept as typed; check that "
            f"{'they are' if plural else 'it is'} meant."
        ),
        positions=positions,
    )


def text_warnings(text: str, *, field: str) -> list[TextWarning]:
    """Every warning for a text kept as typed: invisible characters, then look-alike letters."""
    found = (warn_invisible(text, field=field), warn_lookalike(text, field=field))
    return [warning for warning in found if warning is not None]


def check_host_scripts(host: str, *, field: str, url: str = "") -> None:
    """Refuse a host name label that mixes look-alike alphabets (Latin "p" with Cyrillic "а"
    in "pаypal"): browsers show such names in punycode for the same reason. A label in one
    script ("пример", "münchen", "例え") is a legitimate internationalised name and passes."""
    for label in host.split("."):
        shown = _decoded_label(label)
        scripts: dict[str, str] = {}
        for char in shown:
            script = script_of(char) if char.isalpha() else ""
            if script in HOST_CONFUSABLE_SCRIPTS:
                scripts.setdefault(script, char)
        if len(scripts) > 1:
            odd = next(char for script, char in scripts.items() if script != "LATIN")
            params = {
                "part": repr(shown),
                "scripts": _script_names(list(scripts)),
                "character": describe_character(odd),
                "position": shown.index(odd) + 1,
            }
            message = gettext_noop(
                "The host name part %(part)s mixes %(scripts)s letters (%(character)s at "
                "position %(position)s); look-alike host names are refused."
            )
            in_url = url.find(shown)
            if in_url >= 0:
                params["in_link"] = in_url + shown.index(odd) + 1
                message = gettext_noop(
                    "The host name part %(part)s mixes %(scripts)s letters (%(character)s at "
                    "position %(position)s of the part, position %(in_link)s of the link); "
                    "look-alike host names are refused."
                )
            raise InvalidInput(message, field=field, code="mixed_script_host", params=params)


# Unicode category Cf, the spaces other than U+0020 (Zs, Zl) and the Hangul fillers, which
# render as blank letters; the ranges as of Unicode 14.0, written out so no process scans the
# code space at start-up (tests/api/test_hardening.py checks them against
# unicodedata).
INVISIBLE_PATTERN = (
    "[\u00a0\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890-\u0891\u08e2\u115f-\u1160\u1680"
    "\u180e\u2000-\u200f\u2028\u202a-\u202f\u205f-\u2064\u2066-\u206f\u3000\u3164\ufeff"
    "\uffa0\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U00013438\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f]"
)
_INVISIBLE = re.compile(INVISIBLE_PATTERN)
# Alphabets whose letters pass for one another in a host name.
HOST_CONFUSABLE_SCRIPTS = frozenset(
    {"LATIN", "CYRILLIC", "GREEK", "ARMENIAN", "CHEROKEE", "COPTIC"}
)
# Their names in messages ("Latin and Cyrillic"), read in the reader's language.
SCRIPT_NAMES = {
    "LATIN": gettext_noop("Latin"),
    "CYRILLIC": gettext_noop("Cyrillic"),
    "GREEK": gettext_noop("Greek"),
    "ARMENIAN": gettext_noop("Armenian"),
    "CHEROKEE": gettext_noop("Cherokee"),
    "COPTIC": gettext_noop("Coptic"),
}


def _joined_script_names(scripts: Iterable[str]) -> str:
    names = [gettext(SCRIPT_NAMES[script]) for script in scripts]
    return reduce(
        lambda first, second: (
            gettext("%(first)s and %(second)s") % {"first": first, "second": second}
        ),
        names,
    )


_script_names = lazy(_joined_script_names, str)


def _decoded_label(label: str) -> str:
    if label.lower().startswith("xn--"):
        try:
            return label.encode("ascii").decode("idna")
        except UnicodeError:
            return label
    return label


# check_at_most's message for each thing it counts.
_AT_MOST = {
    "characters": gettext_noop(
        "The %(field)s has %(count)s characters; the limit is %(limit)s "
        "(an admin can raise %(setting)s)."
    ),
    "evidence links": gettext_noop(
        "The %(field)s has %(count)s evidence links; the limit is %(limit)s "
        "(an admin can raise %(setting)s)."
    ),
}


def check_at_most(
    count: int,
    limit: int,
    *,
    field: str,
    what: Literal["characters", "evidence links"],
    setting: str,
) -> None:
    """Refuse a count over its limit, with both numbers and the setting that raises it.

    ``what`` reads after the count: "characters", "evidence links".
    """
    if count > limit:
        raise InvalidInput(
            _AT_MOST[what],
            field=field,
            code="too_long",
            params={
                "field": field,
                "count": grouped(count),
                "limit": grouped(limit),
                "setting": setting,
            },
        )


def check_sentences(text: str, spans: Sequence[tuple[int, int]]) -> None:
    """An article's shape: at most FACTCHECK_MAX_SENTENCES sentences, each at most
    FACTCHECK_MAX_SENTENCE_CHARS characters.

    Past these the pre-tagger, the workspace and every save on the article slow down for the
    whole desk (200,000 one-word sentences took minutes to tag); the desk splits the article.
    """
    limit = settings.FACTCHECK_MAX_SENTENCES
    if len(spans) > limit:
        raise TooLarge(
            gettext_noop(
                "The text has %(count)s sentences; the limit is %(limit)s. Split the article "
                "into parts, or ask an admin to raise FACTCHECK_MAX_SENTENCES."
            ),
            field="text",
            params={"count": grouped(len(spans)), "limit": grouped(limit)},
        )
    longest = settings.FACTCHECK_MAX_SENTENCE_CHARS
    for number, (start, end) in enumerate(spans, start=1):
        if end - start > longest:
            line = text.count("\n", 0, start) + 1
            raise TooLarge(
                gettext_noop(
                    "Sentence %(number)s (line %(line)s) is %(length)s characters long; the "
                    "limit is %(limit)s. Add the missing full stops or line breaks, or ask an "
                    "admin to raise FACTCHECK_MAX_SENTENCE_CHARS."
                ),
                field="text",
                params={
                    "number": grouped(number),
                    "line": grouped(line),
                    "length": grouped(end - start),
                    "limit": grouped(longest),
                },
            )
