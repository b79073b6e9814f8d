"""schema.org ClaimReview JSON-LD for approved verified or disputed verdicts.

A JSON array of ClaimReview objects, each with its own ``@context``, so one item can be cut out
and placed in a ``<script type="application/ld+json">`` element of the published fact-check.
Strings are escaped (``<`` as ``\\u003c`` and so on), so a claim quoting ``</script>`` stays text.
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


def review_url(row: Row, base_url: str | None) -> str | None:
    """Where the fact-check can be read: the workbench's page for the sentence, when known."""
    if not base_url:
        return None
    # The workspace opens with this sentence selected.
    return f"{base_url.rstrip('/')}/articles/{row['article_id']}/?sentence={row['sentence_id']}"


def claim_review(row: Row, *, base_url: str | None = None) -> dict[str, Any]:
    """The ClaimReview of one approved verdict (see the module docstring); the queue holds
    only current versions, so a claim is always quoted as the article says it now."""
    language = row["article_language"] if row["article_language"] in RATING_NAMES else "en"
    claim: dict[str, Any] = {"@type": "Claim"}
    if row["attribution"]:
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
    url = review_url(row, base_url)
    if url:
        review["url"] = url
    return review


def render_claimreview(rows: Iterable[Row], *, base_url: str | None = None) -> Iterator[str]:
    """A JSON array of ClaimReviews; rows that are not approved verified/disputed are skipped."""
    reviews = (claim_review(row, base_url=base_url) for row in rows if publishable(row))
    return stream_array(reviews, encode=html_safe_dumps)
