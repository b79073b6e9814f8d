"""Review-queue exports: CSV, JSON, JSON Lines, ClaimReview and Web Annotation JSON-LD.

``rows`` turns queue sentences into plain rows; one module per format renders rows into text
chunks. ``stream_export`` joins the two for the doors (API, command): it narrows the queryset to
what the format publishes, streams it from one query (JSON and JSON Lines: one more for the
matches and one for the comments per 2,000 rows), and yields text, so memory stays flat.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_noop

from annotations.models import ReviewState, Sentence
from annotations.services.errors import InvalidInput

from .claimreview import PUBLISHED_VERDICTS, render_claimreview
from .csv import render_csv
from .json import render_json, render_jsonl
from .rows import iter_rows, with_quote_context
from .webannotation import render_webannotation


@dataclass(frozen=True, slots=True)
class ExportFormat:
    name: str
    content_type: str
    extension: str
    render: Callable[..., Iterator[str]]
    # Narrow the queue in the database to the rows the format publishes at all.
    narrow: Callable[[QuerySet[Sentence]], QuerySet[Sentence]] = lambda queryset: queryset
    options: tuple[str, ...] = ()
    # Whether the rows carry their "checked before" matches (one more query per chunk).
    matches: bool = False
    # Whether the rows carry their sentence's comment thread (one more query per chunk).
    comments: bool = False
    # Whether the rows carry what is read from the pre-tagger's spans (the claimant, the
    # attributed words); a format that publishes neither is spared reading and parsing them.
    spans: bool = True


FORMATS: dict[str, ExportFormat] = {
    f.name: f
    for f in (
        ExportFormat(
            "csv", "text/csv; charset=utf-8", "csv", render_csv, options=("bom",), spans=False
        ),
        ExportFormat("json", "application/json", "json", render_json, matches=True, comments=True),
        ExportFormat(
            "jsonl", "application/x-ndjson", "jsonl", render_jsonl, matches=True, comments=True
        ),
        ExportFormat(
            "claimreview",
            "application/ld+json",
            "claimreview.jsonld",
            render_claimreview,
            narrow=lambda queryset: queryset.filter(
                annotation__review_state=ReviewState.APPROVED,
                annotation__verdict__in=PUBLISHED_VERDICTS,
            ),
        ),
        ExportFormat(
            "webannotation",
            'application/ld+json; profile="http://www.w3.org/ns/anno.jsonld"',
            "annotations.jsonld",
            render_webannotation,
            narrow=lambda queryset: with_quote_context(queryset.filter(annotation__isnull=False)),
            options=("base_url",),
        ),
    )
}


def get_format(name: str | None) -> ExportFormat:
    """The format called ``name``; InvalidInput (400) naming the choices otherwise."""
    try:
        return FORMATS[name or ""]
    except KeyError:
        raise InvalidInput(
            gettext_noop("Unknown export format %(format)s; choose from %(choices)s."),
            field="format",
            params={"format": repr(name), "choices": ", ".join(FORMATS)},
        ) from None


def stream_export(
    queryset: QuerySet[Sentence], export_format: ExportFormat, **options: Any
) -> Iterator[str]:
    """Text chunks of the export of a ``list_review_queue`` queryset.

    ``options`` the format does not take are ignored (``bom`` for CSV, ``base_url`` for Web
    Annotation), so a door can pass what it has.
    """
    wanted = {key: value for key, value in options.items() if key in export_format.options}
    rows = iter_rows(
        export_format.narrow(queryset),
        matches=export_format.matches,
        comments=export_format.comments,
        spans=export_format.spans,
    )
    return export_format.render(rows, **wanted)


__all__ = ["FORMATS", "ExportFormat", "get_format", "stream_export"]
