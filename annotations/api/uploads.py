"""Turning an uploaded .txt or .html file into an article's title and text."""

from dataclasses import dataclass
from pathlib import PurePath

from django.core.files.uploadedfile import UploadedFile

from annotations.services.errors import InvalidInput, ServiceError
from annotations.services.text import decode_utf8

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm"}


class UnsupportedFile(ServiceError):
    code = "unsupported_file"
    status = 415


@dataclass(frozen=True, slots=True)
class Upload:
    title: str
    text: str | bytes


def read_upload(upload: UploadedFile) -> Upload:
    """A .txt file's bytes as they are (the import service checks them); an .html page's main
    text as trafilatura extracts it, without navigation, ads or comments."""
    name = PurePath(upload.name or "")
    suffix = name.suffix.lower()
    raw = upload.read()
    if suffix in TEXT_SUFFIXES:
        return Upload(title=name.stem, text=raw)
    if suffix in HTML_SUFFIXES:
        return _from_html(raw, fallback_title=name.stem)
    raise UnsupportedFile(
        "Upload a .txt (UTF-8) or .html file; other formats are not imported.", field="file"
    )


def _from_html(raw: bytes, *, fallback_title: str) -> Upload:
    import trafilatura

    html = decode_utf8(raw, field="file")
    document = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False
    )
    text = getattr(document, "text", None) or ""
    if not text.strip():
        raise InvalidInput("No article text was found in this HTML page.", field="file")
    return Upload(title=(getattr(document, "title", None) or fallback_title), text=text)
