"""Rows to the JSON the API returns, as plain functions.

Nested ModelSerializers cost several milliseconds per 100 sentences; these functions do the
same in a fraction of that. ``serializers.py`` describes the very same shapes for the schema, and
the schema tests check that every response still matches it.
"""

from typing import Any

from django.contrib.auth.models import User

from annotations.models import (
    Annotation,
    Article,
    ArticleVersion,
    Evidence,
    Job,
    Sentence,
    SentenceTag,
)
from annotations.services.text import text_warnings
from annotations.services.verdicts import etag_of, evidence_dict


def user_out(user: User | None) -> dict[str, Any] | None:
    if user is None:
        return None
    return {"id": user.pk, "username": user.get_username()}


def link_out(
    evidence_id: int,
    status: str,
    http_status: int | None,
    final_url: str,
    checked_at: Any,
    excerpt_match: str,
    snapshot_at: Any,
    **found: Any,
) -> dict[str, Any]:
    """LinkOut: what the last check of an evidence link found (``checking`` while it runs).

    ``found`` holds the further columns (``FOUND_COLUMNS``): the matched passages, whether the
    sentence's attributed words are on the page, the rot history and when the page changed.
    """
    return {
        "status": status,
        "http_status": http_status,
        "final_url": final_url or None,
        "checked_at": checked_at,
        "excerpt_match": excerpt_match or None,
        "snapshot_url": f"/api/evidence/{evidence_id}/snapshot/" if snapshot_at else None,
        "excerpt_passage": found.get("excerpt_passage") or None,
        "quote_match": found.get("quote_match") or None,
        "quote_passage": found.get("quote_passage") or None,
        "first_ok_at": found.get("link_first_ok_at"),
        "broken_since": found.get("link_broken_since"),
        "changed_at": found.get("changed_at"),
    }


FOUND_COLUMNS = (
    "excerpt_passage",
    "quote_match",
    "quote_passage",
    "link_first_ok_at",
    "link_broken_since",
    "changed_at",
)


def evidence_out(item: Evidence) -> dict[str, Any]:
    return {
        "id": item.pk,
        **evidence_dict(item),
        "published": item.published,
        "link": link_out(
            item.pk,
            item.link_status,
            item.link_http_status,
            item.link_final_url,
            item.link_checked_at,
            item.excerpt_match,
            item.snapshot_at,
            **{name: getattr(item, name) for name in FOUND_COLUMNS},
        ),
    }


def evidence_row_out(row: dict[str, Any]) -> dict[str, Any]:
    """EvidenceOut from an ``evidence_by_annotation`` row: the same shape as ``evidence_out``."""
    return {
        "id": row["id"],
        "url": row["url"],
        "title": row["title"],
        "publisher": row["publisher"],
        "excerpt": row["excerpt"],
        "stance": row["stance"],
        "published": row["published"],
        "link": link_out(
            row["id"],
            row["link_status"],
            row["link_http_status"],
            row["link_final_url"],
            row["link_checked_at"],
            row["excerpt_match"],
            row["snapshot_at"],
            **{name: row[name] for name in FOUND_COLUMNS},
        ),
    }


def _evidence_of(annotation: Annotation) -> list[Evidence]:
    """What a service just saved, when it says so; otherwise the (prefetched) relation."""
    saved = getattr(annotation, "saved_evidence", None)
    return saved if saved is not None else list(annotation.evidence.all())


def anchor_out(state: str, score: float, method: str, previous_text: str) -> dict[str, Any]:
    """How a verdict came to its sentence: ``kept`` (same text, or never moved), ``changed``
    (re-anchored to a different text, ``previous_text`` the one it judged), ``orphaned`` or
    ``closed`` (left on an older version)."""
    return {
        "state": state,
        "score": round(score, 4),
        "method": method or None,
        "previous_text": previous_text or None,
    }


def annotation_out(annotation: Annotation | None, *, sentence_id: int) -> dict[str, Any]:
    """AnnotationOut; a sentence without a verdict has version 0 and verdict null."""
    if annotation is None:
        return {
            "sentence": sentence_id,
            "verdict": None,
            "rationale": "",
            "review_state": None,
            "review_comment": "",
            "version": 0,
            "etag": etag_of(sentence_id, 0),
            "evidence": [],
            "created_by": None,
            "updated_by": None,
            "reviewed_by": None,
            "created_at": None,
            "updated_at": None,
            "submitted_at": None,
            "reviewed_at": None,
            "anchor": None,
            "needs_recheck": False,
            "warnings": [],
        }
    evidence = _evidence_of(annotation)
    return {
        "sentence": sentence_id,
        "verdict": annotation.verdict,
        "rationale": annotation.rationale,
        "review_state": annotation.review_state,
        "review_comment": annotation.review_comment,
        "version": annotation.version,
        "etag": etag_of(sentence_id, annotation.version),
        "evidence": [evidence_out(item) for item in evidence],
        "created_by": user_out(annotation.created_by),
        "updated_by": user_out(annotation.updated_by),
        "reviewed_by": user_out(annotation.reviewed_by),
        "created_at": annotation.created_at,
        "updated_at": annotation.updated_at,
        "submitted_at": annotation.submitted_at,
        "reviewed_at": annotation.reviewed_at,
        "anchor": anchor_out(
            annotation.anchor_state,
            annotation.anchor_score,
            annotation.anchor_method,
            annotation.previous_text,
        ),
        "needs_recheck": annotation.needs_recheck,
        "warnings": text_warnings_out(annotation, evidence),
    }


def text_warnings_out(annotation: Annotation, evidence: list[Evidence]) -> list[dict[str, object]]:
    """Invisible characters and look-alike letters in the texts of a verdict, kept as typed
    but pointed out."""
    texts = [("rationale", annotation.rationale), ("review_comment", annotation.review_comment)]
    texts += [(f"evidence[{index}].title", item.title) for index, item in enumerate(evidence)]
    return [
        warning.as_dict() for field, text in texts for warning in text_warnings(text, field=field)
    ]


def pretag_out(tag: SentenceTag | None) -> dict[str, Any] | None:
    if tag is None:
        return None
    return {
        "tagger_version": tag.tagger_version,
        "checkworthiness": tag.checkworthiness,
        "claim": tag.claim,
        "reasons": tag.reasons,
        "spans": tag.spans,
    }


def dismissal_ref_out(reason: str | None, by: dict[str, Any] | None, at: Any) -> dict | None:
    """A sentence's active dismissal as listings show it (null when it has none)."""
    if reason is None:
        return None
    return {"reason": reason, "by": by, "at": at}


def _dismissed_of(sentence: Sentence) -> dict[str, Any]:
    """``{"dismissed": ...}`` when the selector joined the dismissal (``list_sentences``),
    else nothing: a sentence loaded without it must not claim it has none."""
    if "active_dismissal" not in vars(sentence):
        return {}
    dismissal = vars(sentence)["active_dismissal"]
    if dismissal is None:
        return {"dismissed": None}
    return {"dismissed": dismissal_ref_out(dismissal.reason, user_out(dismissal.by), dismissal.at)}


def sentence_out(sentence: Sentence, *, version: int | None = None) -> dict[str, Any]:
    """SentenceOut, with ``annotation`` null while the sentence has no verdict; ``version`` is
    the number of the article version the sentence belongs to."""
    annotation = getattr(sentence, "annotation", None)
    return {
        **_dismissed_of(sentence),
        "id": sentence.pk,
        "article": sentence.article_id,
        "version": version,
        "ordinal": sentence.ordinal,
        "paragraph": sentence.paragraph,
        "heading": sentence.heading,
        "start": sentence.start,
        "end": sentence.end,
        "text": sentence.text,
        "assignee": user_out(sentence.assignee),
        "pretag": pretag_out(sentence.pretag),
        "annotation": (annotation_out(annotation, sentence_id=sentence.pk) if annotation else None),
    }


def _user_row(row: dict[str, Any], prefix: str) -> dict[str, Any] | None:
    user_id = row[f"{prefix}_id"]
    return None if user_id is None else {"id": user_id, "username": row[f"{prefix}__username"]}


def sentence_row_out(
    row: dict[str, Any], evidence: dict[int, list[dict]], *, article_version: int | None = None
) -> dict[str, Any]:
    """SentenceOut from a ``list_sentence_rows`` row: the same shape as ``sentence_out``."""
    sentence_id = row["id"]
    annotation = None
    annotation_id = row["annotation__id"]
    if annotation_id is not None:
        version = row["annotation__version"]
        annotation = {
            "sentence": sentence_id,
            "verdict": row["annotation__verdict"],
            "rationale": row["annotation__rationale"],
            "review_state": row["annotation__review_state"],
            "review_comment": row["annotation__review_comment"],
            "version": version,
            "etag": etag_of(sentence_id, version),
            "evidence": [evidence_row_out(e) for e in evidence.get(annotation_id, [])],
            "created_by": _user_row(row, "annotation__created_by"),
            "updated_by": _user_row(row, "annotation__updated_by"),
            "reviewed_by": _user_row(row, "annotation__reviewed_by"),
            "created_at": row["annotation__created_at"],
            "updated_at": row["annotation__updated_at"],
            "submitted_at": row["annotation__submitted_at"],
            "reviewed_at": row["annotation__reviewed_at"],
            "anchor": anchor_out(
                row["annotation__anchor_state"],
                row["annotation__anchor_score"],
                row["annotation__anchor_method"],
                row["annotation__previous_text"],
            ),
            "needs_recheck": row["annotation__needs_recheck"],
        }
    pretag = None
    if row["pretag_id"] is not None:
        pretag = {
            "tagger_version": row["pretag__tagger_version"],
            "checkworthiness": row["pretag__checkworthiness"],
            "claim": row["pretag__claim"],
            "reasons": row["pretag__reasons"],
            "spans": row["pretag__spans"],
        }
    return {
        "id": sentence_id,
        "article": row["article_id"],
        "version": article_version,
        "ordinal": row["ordinal"],
        "paragraph": row["paragraph"],
        "heading": row["heading"],
        "start": row["start"],
        "end": row["end"],
        "text": row["text"],
        "assignee": _user_row(row, "assignee"),
        "pretag": pretag,
        "annotation": annotation,
        "dismissed": dismissal_ref_out(
            row["active_dismissal__reason"],
            _user_row(row, "active_dismissal__by"),
            row["active_dismissal__at"],
        ),
    }


def job_out(job: Job) -> dict[str, Any]:
    return {
        "id": job.pk,
        "kind": job.kind,
        "state": job.state,
        "progress": job.progress,
        "attempts": job.attempts,
        "error": job.error,
        "article": job.article_id,
        "created_at": job.created_at,
        "started_at": job.started_at,
        "finished_at": job.finished_at,
    }


def article_out(article: Article) -> dict[str, Any]:
    """ArticleOut for lists; ``sentences``/``annotated`` come from the list's annotations."""
    sentences = getattr(article, "sentence_count", None)
    annotated = getattr(article, "annotated_count", None)
    return {
        "id": article.pk,
        "newsroom": article.newsroom_id,
        "title": article.title,
        "source_url": article.source_url,
        "language": article.language,
        "published_at": article.published_at,
        "version": article.version,
        "assignee": user_out(article.assignee),
        "created_at": article.created_at,
        "updated_at": article.updated_at,
        "sentences": sentences,
        "annotated": annotated,
        "progress": round(annotated / sentences, 4) if sentences else 0.0,
    }


def article_detail_out(article: Article, *, status: dict[str, Any]) -> dict[str, Any]:
    """ArticleDetailOut: the list fields, the text and the review status."""
    data = article_out(article)
    data.update(
        text=article.text,
        text_hash=article.text_hash,
        sentences=status.get("sentences"),
        annotated=status.get("annotated"),
        progress=status.get("progress", 0.0),
        status=status,
    )
    return data


def version_out(version: ArticleVersion, *, current: int) -> dict[str, Any]:
    """VersionOut: one text of an article, without the text itself."""
    return {
        "number": version.number,
        "current": version.number == current,
        "text_hash": version.text_hash,
        "note": version.note,
        "created_by": user_out(version.created_by),
        "created_at": version.created_at,
        "sentences": getattr(version, "sentence_count", None),
        "anchoring": version.anchoring or None,
    }


def orphan_out(annotation: Annotation) -> dict[str, Any]:
    """OrphanOut: a verdict left on an older version, with the sentence it judged."""
    sentence = annotation.sentence
    return {
        "id": annotation.pk,
        "sentence": sentence.pk,
        "version": sentence.version.number,
        "text": sentence.text,
        "verdict": annotation.verdict,
        "rationale": annotation.rationale,
        "review_state": annotation.review_state,
        "evidence": [evidence_out(item) for item in annotation.evidence.all()],
        "anchor": anchor_out(
            annotation.anchor_state,
            annotation.anchor_score,
            annotation.anchor_method,
            annotation.previous_text,
        ),
        "updated_by": user_out(annotation.updated_by),
        "updated_at": annotation.updated_at,
    }
