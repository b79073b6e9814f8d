"""What a fetched page says: its title, site name, published date and main text, and whether an
evidence excerpt is on it.

HTML is read by trafilatura (metadata through htmldate, asked for the original publication date
and without its "extensive" guessing from loose text, since a wrong date filled in is worse than
none). Titles and site names come back as plain text: a ``<title>`` holding ``<script>`` yields
the words around it, never markup. Plain text is the text itself. PDF: its pages' text and its
title, read by pypdf within bounds (``pdf_text``).

Excerpt matching compares whitespace-, case- and punctuation-normalised strings: ``verbatim``
when the excerpt is a substring of the text, else ``approximate`` when rapidfuzz's
``partial_ratio`` (best-aligned window) reaches APPROXIMATE_AT, else ``not_found``.

APPROXIMATE_AT was chosen on the hand-made tuning cases in tests/annotations/test_page_reading.py
(German and English news text; excerpts an editor quoted imperfectly scored 88.7-98.1, sentences
on the same topic that are not on the page 45.8-77.5; 83 is the middle of the gap) and checked
once on the held-out cases there: 6 of 6 absent sentences stay ``not_found`` (highest 77.4), 4 of
6 edited quotes are ``approximate``; the two missed are rewordings (a compound split, words
reordered) at 81.2 and 82.1, which a desk should read for itself anyway. Excerpts shorter than
MIN_FUZZY_CHARS are only ever verbatim: a few letters match somewhere in any long text.
"""

import datetime
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from rapidfuzz import fuzz

from .fetcher import FetchResult
from .pdf_text import pdf_text
from .text import normalise_newlines

if TYPE_CHECKING:
    from trafilatura.settings import Document

APPROXIMATE_AT = 83.0
MIN_FUZZY_CHARS = 20
MAX_TITLE_CHARS = 500
PASSAGE_CONTEXT = 40  # characters kept on each side of a matched passage

_DATE_SEARCH = {"extensive_search": False, "original_date": True}
_UNRENDERED = ("script", "style", "template", "noscript")
# Quotes, apostrophes and dashes an editor types differently from the page, and invisible marks.
_FOLD = str.maketrans(
    {
        **dict.fromkeys("«»„“”‟″❝❞＂", '"'),
        **dict.fromkeys("‚‘’‛′‹›`´", "'"),
        **dict.fromkeys("‐‑‒–—―−", "-"),
        **dict.fromkeys("\u00ad\u200b\u200c\u200d\u2060\ufeff", ""),
    }
)
_SPACE = re.compile(r"\s+")


class PageKind(StrEnum):
    HTML = "html"
    PDF = "pdf"
    TEXT = "text"


class ExcerptState(StrEnum):
    VERBATIM = "verbatim"
    APPROXIMATE = "approximate"
    NOT_FOUND = "not_found"


@dataclass(frozen=True)
class PageFacts:
    kind: PageKind
    title: str = ""
    site_name: str = ""
    published: datetime.date | None = None
    text: str = ""
    text_hash: str = ""  # sha256 of the text in UTF-8, empty when there is no text
    note: str = ""


def plain_text(fragment: str | None, limit: int = MAX_TITLE_CHARS) -> str:
    """Markup-free text on one line: tags dropped, script and style with their content."""
    # Control and format characters (NUL, bidi overrides) go first: lxml refuses some of them.
    text = "".join(
        c for c in fragment or "" if c.isspace() or unicodedata.category(c) not in ("Cc", "Cf")
    )
    if "<" in text:
        import lxml.html  # here: only the worker's link checks read markup (5 MB)

        root = lxml.html.fragment_fromstring(text, create_parent="div")
        for element in list(root.iter(*_UNRENDERED)):
            element.drop_tree()
        text = root.text_content()
    return _SPACE.sub(" ", text).strip()[:limit]


def _clean_text(text: str) -> str:
    return unicodedata.normalize("NFC", normalise_newlines(text).replace("\x00", "")).strip()


def _facts(kind: PageKind, text: str, **fields: Any) -> PageFacts:
    text = _clean_text(text)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest() if text else ""
    return PageFacts(kind=kind, text=text, text_hash=digest, **fields)


def _date(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _decode(body: bytes, charset: str) -> str:
    try:
        return body.decode(charset or "utf-8")
    except (LookupError, UnicodeDecodeError):
        return body.decode("utf-8", errors="replace")


def _read_html(result: FetchResult) -> PageFacts:
    # Imported here: trafilatura brings numpy and language models (tens of MB) into a process,
    # and only the worker's link checks read pages; the web server imports this module too.
    from trafilatura import bare_extraction, extract_metadata, load_html

    # The header's charset wins; without one trafilatura reads the page's own declaration.
    html: str | bytes = _decode(result.body, result.charset) if result.charset else result.body
    document: Document | None = bare_extraction(  # type: ignore[assignment]  # not as_dict
        html,
        url=result.final_url,
        with_metadata=True,
        include_comments=False,
        date_extraction_params=_DATE_SEARCH,
    )
    text = (document.text or "") if document is not None else ""
    if document is None:  # too little text for an extract; the metadata may still be there
        tree = load_html(html)
        if tree is None:
            return _facts(PageKind.HTML, "")
        document = extract_metadata(
            tree, default_url=result.final_url, date_config=_DATE_SEARCH, extensive=False
        )
    return _facts(
        PageKind.HTML,
        text,
        title=plain_text(document.title),
        site_name=plain_text(document.sitename),
        published=_date(document.date),
    )


def read_page(result: FetchResult) -> PageFacts:
    """The facts of a fetched page; ValueError for a result without a page (not fetched, or of a
    type other than HTML, PDF and plain text)."""
    if not result.fetched:
        raise ValueError(f"a {result.status} result has no page to read")
    if result.content_type == "application/pdf":
        pdf = pdf_text(result.body)
        return _facts(PageKind.PDF, pdf.text, title=plain_text(pdf.title), note=pdf.note)
    if result.content_type == "text/plain":
        return _facts(PageKind.TEXT, _decode(result.body, result.charset).removeprefix("\ufeff"))
    if result.content_type in ("text/html", "application/xhtml+xml"):
        return _read_html(result)
    raise ValueError(f"{result.content_type or 'a body without a type'} is not read as a page")


def normalise_for_matching(text: str) -> str:
    """Compatibility forms folded, case folded, quotes and dashes unified, whitespace collapsed."""
    folded = unicodedata.normalize("NFKC", text).translate(_FOLD).casefold()
    return _SPACE.sub(" ", folded).strip()


def excerpt_match(excerpt: str, text: str) -> tuple[ExcerptState, float]:
    """Whether the excerpt is on the page, and how well the best-matching window agrees (0-100)."""
    needle, haystack = normalise_for_matching(excerpt), normalise_for_matching(text)
    if not needle or not haystack:
        return ExcerptState.NOT_FOUND, 0.0
    if needle in haystack:
        return ExcerptState.VERBATIM, 100.0
    score = round(fuzz.partial_ratio(needle, haystack), 1)
    if len(needle) >= MIN_FUZZY_CHARS and score >= APPROXIMATE_AT:
        return ExcerptState.APPROXIMATE, score
    return ExcerptState.NOT_FOUND, score


def _normalised_with_offsets(text: str) -> tuple[str, list[int]]:
    """``normalise_for_matching`` one character at a time, with each output character's offset
    in ``text``, so a match found in the normalised text can be cut from the original."""
    out: list[str] = []
    offsets: list[int] = []
    for index, char in enumerate(text):
        folded = unicodedata.normalize("NFKC", char).translate(_FOLD).casefold()
        for piece in folded:
            if piece.isspace():
                if not out or out[-1] == " ":
                    continue
                piece = " "
            out.append(piece)
            offsets.append(index)
    while out and out[-1] == " ":
        out.pop()
        offsets.pop()
    return "".join(out), offsets


def matching_passage(needle: str, text: str) -> str:
    """The words of ``text`` where ``needle`` matches best, with PASSAGE_CONTEXT characters
    around them cut at word boundaries; empty when either is empty."""
    wanted, _ = _normalised_with_offsets(needle)
    haystack, offsets = _normalised_with_offsets(text)
    if not wanted or not haystack:
        return ""
    start = haystack.find(wanted)
    if start >= 0:
        end = start + len(wanted)
    else:
        alignment = fuzz.partial_ratio_alignment(wanted, haystack)
        if alignment is None:
            return ""
        start, end = alignment.dest_start, alignment.dest_end
    if end <= start:
        return ""
    lo = offsets[start]
    hi = offsets[min(end, len(offsets)) - 1] + 1
    lo = _word_start(text, max(0, lo - PASSAGE_CONTEXT), lo)
    hi = _word_end(text, min(len(text), hi + PASSAGE_CONTEXT), hi)
    passage = _SPACE.sub(" ", text[lo:hi]).strip()
    return ("… " if lo > 0 else "") + passage + (" …" if hi < len(text) else "")


def _word_start(text: str, at: int, limit: int) -> int:
    while 0 < at < limit and not text[at - 1].isspace():
        at += 1
    return at


def _word_end(text: str, at: int, limit: int) -> int:
    while limit < at < len(text) and not text[at].isspace():
        at -= 1
    return at
