"""schema.org ClaimReview JSON-LD for approved verified or disputed verdicts.

A JSON array of ClaimReview objects, each with its own ``@context``, so one item can be cut out
and placed in a ``<script type="application/ld+json">`` element of the published fact-check.
Strings are escaped (``<`` as ``\\u003c`` and so on), so a claim quoting ``</script>`` stays text.

``url`` is the newsroom's public fact-check page (``Newsroom.factcheck_url``, with ``{article}``
and ``{sentence}`` replaced by the ids), never the workbench: its pages need a log-in. A
newsroom without the setting gets ClaimReviews without ``url``, which consumers such as search
engines do not accept, so set it before publishing. A sentence whose attribution was checked
("X said Y") gets a second ClaimReview, of the attribution: its claim is that the source said
the words, rated confirmed / not found / misattributed.
"""

from collections.abc import Iterable, Iterator
from typing import Any

from .json import html_safe_dumps, stream_array
from .rows import Row

PUBLISHED_VERDICTS = ("verified", "disputed")
# A three-step scale leaves room for "unverified", which is never published as a rating.
WORST, BEST = 1, 3
RATING_VALUE = {"disputed": 1, "unverified": 2, "verified": 3}
RATING_NAMES = {
    "de": {"verified": "Bestätigt", "disputed": "Umstritten", "unverified": "Nicht überprüfbar"},
    "en": {"verified": "Verified", "disputed": "Disputed", "unverified": "Unverified"},
}


def publishable(row: Row) -> bool:
    return row["review_state"] == "approved" and row["verdict"] in PUBLISHED_VERDICTS


ATTRIBUTION_VALUE = {"misattributed": 1, "not_found": 2, "confirmed": 3}
ATTRIBUTION_NAMES = {
    "de": {"confirmed": "Zitat bestätigt", "misattributed": "Falsch zugeschrieben",
           "not_found": "Zitat nicht belegt"},
    "en": {"confirmed": "Quote confirmed", "misattributed": "Misattributed",
           "not_found": "Quote not found"},
}  # fmt: skip
SAID = {"de": "{source}: „{words}“", "en": "{source}: “{words}”"}


def review_url(row: Row) -> str | None:
    """The public page of the fact-check, from the newsroom's setting; None without one."""
    template = row.get("factcheck_url") or ""
    if not template:
        return None
    return template.replace("{article}", str(row["article_id"])).replace(
        "{sentence}", str(row["sentence_id"])
    )


def claim_review(row: Row) -> dict[str, Any]:
    """The ClaimReview of one approved verdict (see the module docstring); the queue holds
    only current versions, so a claim is always quoted as the article says it now. The claim's
    author is the claimant: the source as the attribution check names it, else the pre-tagger's."""
    language = row["article_language"] if row["article_language"] in RATING_NAMES else "en"
    claim: dict[str, Any] = {"@type": "Claim"}
    check = row.get("attribution_check")
    if check:  # the editor's reading of who is quoted wins over the pre-tagger's
        claim["author"] = {"@type": check["source_type"], "name": check["source"]}
    elif row["attribution"]:
        claim["author"] = {"@type": row["attribution"]["type"], "name": row["attribution"]["name"]}
    if row["article_published"]:
        claim["datePublished"] = row["article_published"]
    appearance: dict[str, Any] = {"@type": "CreativeWork", "headline": row["article_title"]}
    if row["article_url"]:
        appearance["url"] = row["article_url"]
    claim["appearance"] = appearance
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "claimReviewed": row["text"],
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": RATING_VALUE[row["verdict"]],
            "bestRating": BEST,
            "worstRating": WORST,
            "alternateName": RATING_NAMES[language][row["verdict"]],
        },
        "itemReviewed": claim,
        "author": {"@type": "Organization", "name": row["newsroom"]},
        "datePublished": (row["reviewed_at"] or row["updated_at"] or "")[:10] or None,
        "inLanguage": row["article_language"],
        "reviewBody": row["rationale"],
    }
    url = review_url(row)
    if url:
        review["url"] = url
    return review


def attribution_review(row: Row, content: dict[str, Any]) -> dict[str, Any] | None:
    """The ClaimReview of the sentence's attribution check, beside ``content`` (the verdict's
    ClaimReview of the same row); None when the attribution was not checked."""
    check = row.get("attribution_check")
    if not check or not row.get("attributed_words"):
        return None
    language = row["article_language"] if row["article_language"] in RATING_NAMES else "en"
    # "X said Y" is the article's claim, not X's: it appears in the article, by no named author.
    claim = {k: v for k, v in content["itemReviewed"].items() if k != "author"}
    review = {
        **content,
        "claimReviewed": SAID[language].format(
            source=check["source"], words=row["attributed_words"]
        ),
        "itemReviewed": claim,
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": ATTRIBUTION_VALUE[check["result"]],
            "bestRating": BEST,
            "worstRating": WORST,
            "alternateName": ATTRIBUTION_NAMES[language][check["result"]],
        },
        "reviewBody": check["rationale"],
    }
    if "url" in content:
        review["url"] = content["url"] + ("&" if "?" in content["url"] else "?") + "attribution"
    return review


def _reviews(rows: Iterable[Row]) -> Iterator[dict[str, Any]]:
    for row in rows:
        if not publishable(row):
            continue
        content = claim_review(row)
        yield content
        attribution = attribution_review(row, content)
        if attribution is not None:
            yield attribution


def render_claimreview(rows: Iterable[Row]) -> Iterator[str]:
    """A JSON array of ClaimReviews; rows that are not approved verified/disputed are skipped."""
    return stream_array(_reviews(rows), encode=html_safe_dumps)
