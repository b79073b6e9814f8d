"""Checks and normalisation shared by every way text comes in (import, titles, URLs)."""

import re
import unicodedata
from urllib.parse import urlsplit

from django.conf import settings

from .errors import InvalidInput, TooLarge

# Embeddings, overrides and isolates can make a text display differently from what it says
# ("Trojan Source"); the marks LRM/RLM/ALM are harmless and stay allowed.
BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def decode_utf8(raw: bytes, *, field: str = "text") -> str:
    """Decode strictly; the error says where the first bad byte is."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidInput(
            f"The {field} is not valid UTF-8 (byte 0x{raw[exc.start]:02x} at position "
            f"{exc.start}). Save it as UTF-8 and try again.",
            field=field,
            code="invalid_encoding",
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
        what = "a bidirectional override"
    elif "\ud800" <= char <= "\udfff":
        what = "a lone surrogate"
    else:
        what = "a control character"
    raise InvalidInput(
        f"The {field} contains {what}, {_describe(char)}, at line {line}, column {column}. "
        "Remove it and try again.",
        field=field,
        code="forbidden_character",
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
            "The text contains characters that are not valid Unicode (lone surrogates).",
            field="text",
            code="invalid_encoding",
        ) from exc
    if not text.strip():
        raise InvalidInput("The text is empty.", field="text", code="required")
    return text


def _too_large(size: int, limit: int) -> TooLarge:
    return TooLarge(
        f"The text is {describe_size(size)}; the limit is {describe_size(limit)}. "
        "Split the article or ask an admin to raise FACTCHECK_MAX_TEXT_BYTES.",
        field="text",
    )


def describe_size(size: int) -> str:
    """A size as people read it: "2.0 MB", "12.5 KB", "800 bytes"."""
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{size / 1024:.1f} KB" if size >= 1024 else f"{size} bytes"


def clean_title(title: str) -> str:
    title = unicodedata.normalize("NFC", normalise_newlines(title or "")).strip()
    if not title:
        raise InvalidInput("The title is empty.", field="title", code="required")
    if len(title) > 500:
        raise InvalidInput(
            f"The title is {len(title)} characters long; the limit is 500.", field="title"
        )
    check_characters(title, field="title", allow_newlines=False)
    return title


def clean_url(url: str, *, field: str = "url", required: bool = True) -> str:
    """http and https only, a host, at most 2,048 characters; no credentials, no spaces."""
    url = (url or "").strip()
    if not url:
        if required:
            raise InvalidInput("A URL is required.", field=field, code="required")
        return ""
    if len(url) > 2048:
        raise InvalidInput(
            f"The URL is {len(url)} characters long; the limit is 2,048.", field=field
        )
    check_characters(url, field=field, allow_newlines=False)
    try:
        parts = urlsplit(url)
        port_ok = parts.port is None or 0 < parts.port < 65536
    except ValueError:
        port_ok = False
        parts = None
    if parts is None or parts.scheme.lower() not in ("http", "https"):
        raise InvalidInput(
            "Only http:// and https:// links are accepted.", field=field, code="invalid_url"
        )
    if not parts.hostname or not port_ok or " " in url:
        raise InvalidInput(
            "The link needs a valid host name, e.g. https://example.org/page.",
            field=field,
            code="invalid_url",
        )
    if parts.username or parts.password:
        raise InvalidInput(
            "Links must not carry a user name or password.", field=field, code="invalid_url"
        )
    return url
