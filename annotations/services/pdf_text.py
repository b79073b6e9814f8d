"""The text of a PDF evidence page, read by pypdf and bounded, for the snapshot and the matches.

The body is already bounded by the fetcher (5 MB). Reading stops after MAX_PAGES pages,
MAX_CHARS characters or MAX_SECONDS of reading, whichever comes first, and the note says so;
the time is checked between pages (pypdf is pure Python and a page cannot be interrupted, so
one page may run past it). A PDF pypdf cannot read gives no text and a note, never an error
of the check: the link itself was fine.
"""

import io
import logging
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pypdf import PdfReader


MAX_PAGES = 200
MAX_CHARS = 1_000_000
MAX_SECONDS = 5.0
MAX_TITLE_CHARS = 500

# pypdf logs every oddity of a malformed file; the note says what matters.
logging.getLogger("pypdf").setLevel(logging.ERROR)


@dataclass(frozen=True)
class PdfText:
    text: str
    title: str = ""
    note: str = ""


def pdf_text(
    body: bytes,
    *,
    max_pages: int = MAX_PAGES,
    max_chars: int = MAX_CHARS,
    max_seconds: float = MAX_SECONDS,
) -> PdfText:
    """The text of the PDF's pages in order (pages joined by blank lines) and its title."""
    from pypdf import PdfReader  # here: only the worker's link checks read PDFs

    started = time.monotonic()
    try:
        reader = PdfReader(io.BytesIO(body))
        if reader.is_encrypted and not reader.decrypt(""):
            return PdfText("", note="the PDF is encrypted; its text is not read")
        title = _title(reader)
        pages: list[str] = []
        length, note = 0, ""
        for number, page in enumerate(reader.pages):
            if number >= max_pages:
                note = f"only the first {max_pages} pages were read"
                break
            if time.monotonic() - started > max_seconds:
                note = f"reading stopped after {max_seconds:g} s, at page {number + 1}"
                break
            text = page.extract_text() or ""
            pages.append(text[: max_chars - length])
            length += len(pages[-1]) + 2
            if length >= max_chars:
                note = f"only the first {max_chars} characters were read"
                break
    except Exception:  # any malformed file: pypdf raises many kinds
        return PdfText("", note="the PDF could not be read")
    return PdfText("\n\n".join(p.strip() for p in pages if p.strip()), title=title, note=note)


def _title(reader: "PdfReader") -> str:
    try:
        title = reader.metadata.title if reader.metadata else None
    except Exception:  # a broken info dictionary is only a missing title
        return ""
    return " ".join(str(title).split())[:MAX_TITLE_CHARS] if title else ""
