"""Turning an uploaded .txt or .html file into an article's title and text."""

from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_noop

from .errors import InvalidInput, ServiceError, TooLarge
from .text import decode_utf8, describe_size

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm"}
# An HTML page carries markup around its text; allow it that much more before refusing.
HTML_OVERHEAD = 4


class UnsupportedFile(ServiceError):
    code = "unsupported_file"
    status = 415


@dataclass(frozen=True, slots=True)
class Upload:
    title: str
    text: str | bytes


def read_upload(upload: UploadedFile, *, field: str = "file") -> Upload:
    """A .txt file's bytes as they are (the import service checks them); an .html page's main
    text as trafilatura extracts it, without navigation, ads or comments.

    The size is checked before anything is read, so an oversized file never reaches memory.
    """
    name = PurePath(upload.name or "")
    suffix = name.suffix.lower()
    if suffix not in TEXT_SUFFIXES | HTML_SUFFIXES:
        raise UnsupportedFile(
            gettext_noop("Upload a .txt (UTF-8) or .html file; other formats are not imported."),
            field=field,
        )
    limit = settings.FACTCHECK_MAX_TEXT_BYTES * (HTML_OVERHEAD if suffix in HTML_SUFFIXES else 1)
    if upload.size is not None and upload.size > limit:
        raise TooLarge(
            gettext_noop("The file is %(size)s; the limit is %(limit)s."),
            field=field,
            params={"size": describe_size(upload.size), "limit": describe_size(limit)},
        )
    raw = upload.read()
    if suffix in TEXT_SUFFIXES:
        return Upload(title=name.stem, text=raw)
    return _from_html(raw, fallback_title=name.stem, field=field)


def _from_html(raw: bytes, *, fallback_title: str, field: str) -> Upload:
    import trafilatura

    html = decode_utf8(raw, field=field)
    document = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False
    )
    text = getattr(document, "text", None) or ""
    if not text.strip():
        raise InvalidInput(
            gettext_noop("No article text was found in this HTML page."), field=field
        )
    return Upload(title=(getattr(document, "title", None) or fallback_title), text=text)
