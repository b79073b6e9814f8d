"""Turning sentences and their pre-tags into what the workspace template and script show."""

import re
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from annotations.models import Annotation, Sentence
from annotations.pretag.types import SPAN_KINDS as PRETAG_SPAN_KINDS
from annotations.services.verdicts import etag_of, evidence_dict

# How a diff piece reads: kept, removed from the old text, added in the new one.
DIFF_OPS = {0: "=", -1: "-", 1: "+"}
# Words and the spaces or punctuation between them: the units a diff is made of.
WORDS = re.compile(r"\w+|\W+")

# The span kinds the legend explains, in the order it lists them: the pre-tagger's own list.
SPAN_KINDS = PRETAG_SPAN_KINDS


@dataclass(frozen=True, slots=True)
class Piece:
    """A stretch of one sentence's text and the span kinds covering it (empty for plain text)."""

    text: str
    kinds: tuple[str, ...] = ()

    @property
    def css(self) -> str:
        return " ".join(f"sp-{kind}" for kind in self.kinds)


@dataclass(slots=True)
class Paragraph:
    number: int
    heading: bool
    sentences: list[Sentence] = field(default_factory=list)


def score_band(score: float | None) -> str:
    """high / medium / low: what the sentence list shows instead of a bare number.

    The tagger flags claims from about 0.35 up; the bands split the flagged range so the desk
    sees which claims the tagger is surest about.
    """
    if score is None:
        return ""
    if score >= 0.5:
        return "high"
    if score >= 0.4:
        return "medium"
    return "low"


def split_by_spans(text: str, start: int, spans: list[dict[str, Any]]) -> list[Piece]:
    """Cut a sentence at every span boundary; spans carry absolute offsets into the article.

    Overlapping spans (a name inside a quote) give pieces with several kinds. Spans reaching
    outside the sentence are clipped; malformed ones are skipped rather than breaking the page.
    """
    length = len(text)
    ranges = []
    for span in spans or []:
        try:
            lo = max(0, int(span["start"]) - start)
            hi = min(length, int(span["end"]) - start)
            kind = str(span["kind"])
        except (KeyError, TypeError, ValueError):
            continue
        if lo < hi and kind in SPAN_KINDS:
            ranges.append((lo, hi, kind))
    cuts = sorted({0, length, *(r[0] for r in ranges), *(r[1] for r in ranges)})
    pieces = []
    for lo, hi in zip(cuts, cuts[1:], strict=False):
        kinds = tuple(
            sorted({k for a, b, k in ranges if a <= lo and hi <= b}, key=SPAN_KINDS.index)
        )
        pieces.append(Piece(text[lo:hi], kinds))
    return pieces


def user_out(user: Any) -> dict[str, Any] | None:
    return None if user is None else {"id": user.pk, "username": user.get_username()}


def annotation_out(annotation: Annotation | None) -> dict[str, Any] | None:
    """The part of the API's AnnotationOut the workspace needs before it asks the API."""
    if annotation is None:
        return None
    return {
        "sentence": annotation.sentence_id,
        "verdict": annotation.verdict,
        "rationale": annotation.rationale,
        "review_state": annotation.review_state,
        "review_comment": annotation.review_comment,
        "version": annotation.version,
        "etag": etag_of(annotation.sentence_id, annotation.version),
        "evidence": [
            {"id": e.pk, **evidence_dict(e), "link_status": e.link_status}
            for e in annotation.evidence.all()
        ],
        "updated_by": user_out(annotation.updated_by),
        "created_by_id": annotation.created_by_id,
        "updated_by_id": annotation.updated_by_id,
        "needs_recheck": annotation.needs_recheck,
        "anchor": {
            "state": annotation.anchor_state,
            "score": round(annotation.anchor_score, 4),
            "method": annotation.anchor_method or None,
            "previous_text": annotation.previous_text or None,
        },
    }


def text_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Old -> new as pieces ``("=" | "-" | "+", text)`` of whole words, so the desk reads
    "12 -> 14 Prozent" rather than single digits: diff-match-patch over words, each word
    standing in as one character (its line mode, applied to words)."""
    from diff_match_patch import diff_match_patch

    vocabulary: dict[str, str] = {}
    words: list[str] = []

    def encode(text: str) -> str:
        out = []
        for word in WORDS.findall(text):
            if word not in vocabulary:
                vocabulary[word] = chr(len(words) + 0xE000)  # private use: never in the text
                words.append(word)
            out.append(vocabulary[word])
        return "".join(out)

    differ = diff_match_patch()
    differ.Diff_Timeout = 0.2
    pieces = differ.diff_main(encode(old), encode(new), False)
    differ.diff_cleanupSemantic(pieces)
    return [(DIFF_OPS[op], "".join(words[ord(c) - 0xE000] for c in coded)) for op, coded in pieces]


def sentence_out(sentence: Sentence) -> dict[str, Any]:
    """SentenceOut-like data for the script (the panel, filters and keyboard moves)."""
    tag = sentence.pretag
    annotation = getattr(sentence, "annotation", None)
    previous = annotation.previous_text if annotation else ""
    return {
        "diff": text_diff(previous, sentence.text) if previous else None,
        "id": sentence.pk,
        "ordinal": sentence.ordinal,
        "heading": sentence.heading,
        "text": sentence.text,
        "assignee": user_out(sentence.assignee),
        "pretag": None
        if tag is None
        else {
            "checkworthiness": tag.checkworthiness,
            "claim": tag.claim,
            "reasons": tag.reasons,
            "band": score_band(tag.checkworthiness),
        },
        "annotation": annotation_out(annotation),
        "warnings": list(getattr(sentence, "warnings", [])),
    }


def decorate(sentences: list[Sentence]) -> list[Paragraph]:
    """Attach ``pieces``, ``band`` and ``verdict`` to each sentence and group by paragraph."""
    sentence: Any  # decorated for the template
    for sentence in sentences:
        tag = sentence.pretag
        sentence.pieces = split_by_spans(sentence.text, sentence.start, tag.spans if tag else [])
        sentence.band = score_band(tag.checkworthiness) if tag and tag.claim else ""
        annotation = getattr(sentence, "annotation", None)
        sentence.verdict = annotation.verdict if annotation else ""
        sentence.review_state = annotation.review_state if annotation else ""
        sentence.recheck = bool(annotation and annotation.needs_recheck)
    paragraphs = []
    for number, group in groupby(sentences, key=lambda s: s.paragraph):
        items = list(group)
        paragraphs.append(Paragraph(number, all(s.heading for s in items), items))
    return paragraphs


@dataclass(frozen=True, slots=True)
class JobWarnings:
    """A finished pre-tag job's detector warnings: the ones its result lists (at most about a
    hundred, each with the sentence number people read) and how many there were in all."""

    items: list[dict[str, Any]] = field(default_factory=list)
    total: int = 0
    by_ordinal: dict[int, list[str]] = field(default_factory=dict)

    @property
    def more(self) -> int:
        """Warnings the job counted but did not list."""
        return max(0, self.total - len(self.items))


def job_warnings(job: Any) -> JobWarnings:
    """Read ``warnings`` / ``warnings_total`` from a job's result; entries of another shape
    (an older job, a hand-edited row) are skipped rather than breaking the page."""
    result = getattr(job, "result", None)
    if not isinstance(result, dict):
        return JobWarnings()
    items: list[dict[str, Any]] = []
    by_ordinal: dict[int, list[str]] = {}
    for entry in result.get("warnings") or []:
        try:
            ordinal, warning = int(entry["ordinal"]), str(entry["warning"])
        except (KeyError, TypeError, ValueError):
            continue
        items.append({"ordinal": ordinal, "number": ordinal + 1, "warning": warning})
        by_ordinal.setdefault(ordinal, []).append(warning)
    try:
        total = max(int(result.get("warnings_total") or 0), len(items))
    except (TypeError, ValueError):
        total = len(items)
    return JobWarnings(items, total, by_ordinal)


def host_forms(url: str) -> tuple[str, str]:
    """A link's host as people read it (Unicode) and as it is resolved (punycode).

    Both are shown when they differ, so a look-alike internationalised domain cannot pass for
    another one.
    """
    from urllib.parse import urlsplit

    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return "", ""
    try:
        ascii_host = host.encode("idna").decode("ascii")
        unicode_host = ascii_host.encode("ascii").decode("idna")
    except UnicodeError:
        return host, host
    return unicode_host, ascii_host


def orphan_out(annotation: Annotation) -> dict[str, Any]:
    """A verdict left on an older version, as the orphans panel lists it."""
    return {
        "id": annotation.pk,
        "version": annotation.sentence.version.number,
        "text": annotation.sentence.text,
        "verdict": annotation.verdict,
        "rationale": annotation.rationale,
        "evidence": [evidence_dict(e) for e in annotation.evidence.all()],
    }
