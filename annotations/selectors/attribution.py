"""A sentence's attribution: who the pre-tagger says is quoted, the desk's check, and where the
attributed words were found on the verdict's evidence pages."""

from typing import Any

from annotations.exports.rows import attribution_of
from annotations.models import AttributionCheck, Evidence, Sentence, SentenceTag
from annotations.services.attributed_words import message_of

_RANK = {"verbatim": 0, "approximate": 1, "not_found": 2}


def get_attribution(*, sentence: Sentence) -> dict[str, Any]:
    """``{sentence, suggested, words, check, found_on}`` in three queries, whatever the evidence.

    ``suggested`` is the pre-tagger's source (``{name, type}`` or None), ``words`` what the
    sentence says the source said, ``check`` the desk's AttributionCheck or None, ``found_on``
    the checked evidence pages that hold the words, best match first.
    """
    tag = (
        SentenceTag.objects.filter(pk=sentence.pretag_id).only("spans").first()
        if sentence.pretag_id is not None
        else None
    )
    spans = tag.spans if tag is not None else []
    check = (
        AttributionCheck.objects.filter(annotation__sentence_id=sentence.pk)
        .select_related("updated_by")
        .first()
    )
    matches = (
        Evidence.objects.filter(annotation__sentence_id=sentence.pk)
        .exclude(quote_match="")
        .values("id", "url", "quote_match", "quote_score", "quote_passage")
    )
    found = sorted(
        matches, key=lambda m: (_RANK.get(m["quote_match"], 3), -(m["quote_score"] or 0))
    )
    return {
        "sentence": sentence.pk,
        "suggested": attribution_of(spans),
        "words": message_of(sentence.text, sentence.start, spans),
        "check": check,
        "found_on": [
            {
                "evidence": m["id"],
                "url": m["url"],
                "match": m["quote_match"],
                "score": m["quote_score"],
                "passage": m["quote_passage"],
            }
            for m in found
        ],
    }
