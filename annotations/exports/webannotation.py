"""W3C Web Annotation JSON-LD: one annotation per verdict, anchored to the article text.

An ``AnnotationCollection`` whose first (and only) ``AnnotationPage`` holds the annotations, as
the Web Annotation Protocol serves them. Each target carries a ``TextQuoteSelector`` (exact text
with 32 characters of context either side) and a ``TextPositionSelector`` (character offsets in
the article text), so tools can re-anchor the verdict after small edits, as Hypothesis does, and
a ``TimeState`` naming the article version the offsets refer to: when it was made, and the
SHA-256 of its text as ``cached`` (``urn:sha256:<hex>``, the ``text_hash`` the API shows), so a
consumer holding another text knows the selectors were not made for it.
"""

from collections.abc import Iterable, Iterator
from typing import Any

from .json import html_safe_dumps, stream_array
from .rows import Row

CONTEXT = "http://www.w3.org/ns/anno.jsonld"


def annotation_id(row: Row, base_url: str | None) -> str:
    if base_url:
        return f"{base_url.rstrip('/')}/api/sentences/{row['sentence_id']}/annotation/"
    return f"urn:factcheck:annotation:{row['sentence_id']}"


def target_source(row: Row) -> str:
    """The article's own URL, or a URN naming it when it came without one."""
    return row["article_url"] or f"urn:factcheck:article:{row['article_id']}"


def source_state(row: Row) -> dict[str, Any]:
    """The ``TimeState`` of the article version the selectors were made on."""
    state: dict[str, Any] = {
        "type": "TimeState",
        "cached": f"urn:sha256:{row['article_text_hash']}",
    }
    if row["article_version_created"]:
        state["sourceDate"] = row["article_version_created"]
    return state


def web_annotation(row: Row, *, base_url: str | None = None) -> dict[str, Any]:
    """The W3C annotation of one verdict (see the module docstring)."""
    language = row["article_language"]
    body: list[dict[str, Any]] = [
        {"type": "TextualBody", "purpose": "assessing", "value": row["verdict"], "language": "en"}
    ]
    if row["rationale"]:
        body.append(
            {
                "type": "TextualBody",
                "purpose": "assessing",
                "value": row["rationale"],
                "format": "text/plain",
                "language": language,
            }
        )
    for item in row["evidence"]:
        source: dict[str, Any] = {"id": item["url"], "type": "Text"}
        if item["title"]:
            source["title"] = item["title"]
        body.append({"type": "SpecificResource", "purpose": "linking", "source": source})
    quote: dict[str, Any] = {"type": "TextQuoteSelector", "exact": row["text"]}
    if row["prefix"] is not None:
        quote["prefix"] = row["prefix"]
    if row["suffix"] is not None:
        quote["suffix"] = row["suffix"]
    annotation: dict[str, Any] = {
        "id": annotation_id(row, base_url),
        "type": "Annotation",
        "motivation": "assessing",
        "created": row["created_at"],
        "modified": row["updated_at"],
        "body": body,
        "target": {
            "source": target_source(row),
            "state": source_state(row),
            "selector": [
                quote,
                {"type": "TextPositionSelector", "start": row["start"], "end": row["end"]},
            ],
        },
    }
    if row["editor"]:
        annotation["creator"] = {"type": "Person", "nickname": row["editor"]}
    return annotation


def render_webannotation(
    rows: Iterable[Row], *, base_url: str | None = None, label: str = "Review queue"
) -> Iterator[str]:
    """The collection, streamed; rows without a verdict are skipped."""
    header = html_safe_dumps({"@context": CONTEXT, "type": "AnnotationCollection", "label": label})
    opening = header[:-1] + ',"first":{"type":"AnnotationPage","items":['
    annotations = (web_annotation(row, base_url=base_url) for row in rows if row["verdict"])
    return stream_array(annotations, encode=html_safe_dumps, opening=opening, closing="]}}")
