"""The ClaimReview export checked against schema.org's ClaimReview shape: every property is one
schema.org defines for its type, and what consumers require (claimReviewed, reviewRating with
its scale, the reviewing organisation, the public url, itemReviewed as a Claim with its
claimant and appearance) is there. One review per approved verdict, and one more for an
attribution check ("X said Y")."""

import json

import jsonschema
import pytest

from annotations.services.attribution_checks import set_attribution_check
from tests.review.conftest import approve, client_for
from tests.review.test_attribution import MESSAGE, quoted  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db

THING = {"@type", "@context", "name", "url", "description", "identifier", "sameAs"}
PARTY = {
    "type": "object",
    "required": ["@type", "name"],
    "properties": {"@type": {"enum": ["Person", "Organization"]}, "name": {"type": "string",
                                                                         "minLength": 1}},
    "additionalProperties": False,
}  # fmt: skip
DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$"}
RATING = {
    "type": "object",
    "required": ["@type", "ratingValue", "bestRating", "worstRating", "alternateName"],
    "properties": {
        "@type": {"const": "Rating"},
        "ratingValue": {"type": "number"},
        "bestRating": {"type": "number"},
        "worstRating": {"type": "number"},
        "alternateName": {"type": "string", "minLength": 1},
    },
    "additionalProperties": False,
}
CLAIM = {
    "type": "object",
    "required": ["@type", "appearance"],
    "properties": {
        "@type": {"const": "Claim"},
        "author": PARTY,
        "datePublished": DATE,
        "appearance": {
            "type": "object",
            "required": ["@type", "headline"],
            "properties": {
                "@type": {"const": "CreativeWork"},
                "headline": {"type": "string"},
                "url": {"type": "string", "format": "uri"},
            },
            "additionalProperties": False,
        },
    },
    "additionalProperties": False,
}
CLAIM_REVIEW = {
    "type": "object",
    "required": ["@context", "@type", "claimReviewed", "reviewRating", "itemReviewed", "author",
                 "datePublished", "url"],
    "properties": {
        "@context": {"const": "https://schema.org"},
        "@type": {"const": "ClaimReview"},
        "claimReviewed": {"type": "string", "minLength": 1},
        "reviewRating": RATING,
        "itemReviewed": CLAIM,
        "author": {**PARTY, "properties": {**PARTY["properties"],
                                          "@type": {"const": "Organization"}}},
        "datePublished": DATE,
        "url": {"type": "string", "pattern": "^https://"},
        "inLanguage": {"type": "string"},
        "reviewBody": {"type": "string"},
    },
    "additionalProperties": False,
}  # fmt: skip
# Properties schema.org defines for each type (ClaimReview < Review < CreativeWork < Thing),
# as far as this export could use them: an unknown name here is a typo a consumer ignores.
SCHEMA_ORG = {
    "ClaimReview": THING | {"claimReviewed", "reviewRating", "itemReviewed", "author",
                            "datePublished", "inLanguage", "reviewBody", "headline"},
    "Rating": THING | {"ratingValue", "bestRating", "worstRating", "alternateName", "author"},
    "Claim": THING | {"author", "datePublished", "appearance", "firstAppearance",
                      "claimInterpreter"},
    "CreativeWork": THING | {"headline", "author", "datePublished"},
    "Person": THING,
    "Organization": THING,
}  # fmt: skip


def schema_org_properties_only(node):
    if isinstance(node, dict):
        if "@type" in node:
            unknown = set(node) - SCHEMA_ORG[node["@type"]]
            assert not unknown, f"{node['@type']} has no properties {unknown}"
        for value in node.values():
            schema_org_properties_only(value)


def validate(review):
    jsonschema.validate(review, CLAIM_REVIEW, format_checker=jsonschema.FormatChecker())
    schema_org_properties_only(review)


@pytest.fixture
def published(quoted, newsroom, editor, reviewer):  # noqa: F811 - the fixture imported above
    article, sentence = quoted
    newsroom.factcheck_url = "https://faktencheck.example/artikel/{article}#satz-{sentence}"
    newsroom.save()
    approve(sentence, editor, reviewer, "verified", rationale="Eurostat-Zahlen geprüft.")
    return article, sentence


def reviews(user):
    response = client_for(user).get("/api/review-queue/export/", {"format": "claimreview"})
    return json.loads(b"".join(response.streaming_content))


def test_every_claimreview_has_the_schema_org_shape(published, editor):
    article, sentence = published
    set_attribution_check(sentence=sentence, editor=editor, result="confirmed",
                          source="Eurostat", source_type="Organization")  # fmt: skip
    found = reviews(editor)
    assert len(found) == 2
    for review in found:
        validate(review)
    content, attribution = found
    assert content["url"] == f"https://faktencheck.example/artikel/{article.pk}#satz-{sentence.pk}"
    assert content["itemReviewed"]["author"] == {"@type": "Organization", "name": "Eurostat"}
    assert content["reviewRating"]["alternateName"] == "Bestätigt"
    assert attribution["claimReviewed"] == f"Eurostat: „{MESSAGE}“"
    assert attribution["reviewRating"]["alternateName"] == "Zitat bestätigt"
    assert attribution["url"] != content["url"] and "author" not in attribution["itemReviewed"]


def test_a_misattribution_is_rated_worst_and_names_the_corrected_source(published, editor):
    _article, sentence = published
    set_attribution_check(
        sentence=sentence, editor=editor, result="misattributed", source="Destatis",
        rationale="Die Zahl stammt vom Bundesamt.",
    )  # fmt: skip
    content, attribution = reviews(editor)
    validate(attribution)
    assert attribution["reviewRating"]["ratingValue"] == attribution["reviewRating"]["worstRating"]
    assert attribution["claimReviewed"].startswith("Destatis: ")
    assert attribution["reviewBody"] == "Die Zahl stammt vom Bundesamt."
    assert content["itemReviewed"]["author"]["name"] == "Destatis"


def test_the_check_catches_a_claimreview_without_a_public_url(published, newsroom, editor):
    newsroom.factcheck_url = ""
    newsroom.save()
    (review,) = reviews(editor)
    assert "url" not in review  # never the log-in-protected workspace instead
    with pytest.raises(jsonschema.ValidationError, match="'url' is a required property"):
        validate(review)


def test_the_check_catches_a_property_schema_org_does_not_define():
    with pytest.raises(AssertionError, match="reviewRatng"):
        schema_org_properties_only({"@type": "ClaimReview", "reviewRatng": {}})


@pytest.mark.parametrize(
    "value",
    [
        "javascript:alert(1)//{article}",
        "https://x.example/{id}",
        "faktencheck/{article}",
        "ftp://x.example/",
    ],
)
def test_a_public_url_setting_that_is_no_web_address_is_refused(newsroom, value):
    from django.core.exceptions import ValidationError

    newsroom.factcheck_url = value
    with pytest.raises(ValidationError):
        newsroom.full_clean()


def test_a_public_url_setting_with_its_placeholders_is_accepted(newsroom):
    newsroom.factcheck_url = "https://faktencheck.example/artikel/{article}#satz-{sentence}"
    newsroom.full_clean()
