"""A sentence's correctable pre-tags (speakers, sources, dates) beside the desk's corrections."""

from typing import Any

from annotations.correctable import correctable_tags
from annotations.models import PretagCorrection, Sentence, SentenceTag


def get_pretag_corrections(*, sentence: Sentence) -> dict[str, Any]:
    """``{sentence, tagger_version, tags}`` in two queries: each correctable tag of the
    sentence's current pre-tags (kind, field, start, end, the words it covers, the pre-tagger's
    value, the value now) with its correction (None while the pre-tagger's value stands)."""
    tag = (
        SentenceTag.objects.filter(pk=sentence.pretag_id).only("tagger_version", "spans").first()
        if sentence.pretag_id is not None
        else None
    )
    if tag is None:
        return {"sentence": sentence.pk, "tagger_version": None, "tags": []}
    corrections = {
        (c.kind, c.start, c.field): c
        for c in PretagCorrection.objects.filter(tag=tag).select_related("by")
    }
    tags = []
    for found in correctable_tags(tag.spans):
        correction = corrections.get(found.key)
        words = sentence.text[max(0, found.start - sentence.start) : found.end - sentence.start]
        tags.append(
            {
                "kind": found.kind,
                "field": found.field,
                "start": found.start,
                "end": found.end,
                "text": words,
                "pretag_value": found.value,
                "value": correction.value if correction is not None else found.value,
                "correction": correction,
            }
        )
    return {"sentence": sentence.pk, "tagger_version": tag.tagger_version, "tags": tags}
