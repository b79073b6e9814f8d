"""Review-queue exports: each format parsed back and checked field by field, and kept private."""

import csv
import datetime
import io
import json
from html.parser import HTMLParser

import pytest

from annotations.exports.csv import neutralise
from annotations.models import Article
from annotations.services.articles import import_article
from tests.review.conftest import annotate, approve, client_for

pytestmark = pytest.mark.django_db

URL = "/api/review-queue/export/"


def export(user, **params):
    response = client_for(user).get(URL, params)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return response, body.decode("utf-8")


# --- CSV ----------------------------------------------------------------------------------------
def test_csv_has_one_row_per_sentence_with_every_field(desk, editor, reviewer):
    article, s = desk
    response, text = export(editor, format="csv")
    assert response.status_code == 200 and response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'attachment; filename="review-queue-' in response["Content-Disposition"]
    assert response["Content-Disposition"].endswith('.csv"')
    assert "\r\n" in text and not text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert [int(r["sentence_id"]) for r in rows] == [x.pk for x in s]
    first = rows[0]
    assert first["article_id"] == str(article.pk)
    assert first["article_title"] == "Prüfbericht <b>& Co</b>"
    assert first["sentence"] == s[0].text
    assert first["verdict"] == "verified" and first["review_state"] == "approved"
    assert first["editor"] == editor.username and first["reviewer"] == reviewer.username
    assert first["rationale"] == "Statistik bestätigt."
    assert first["evidence_urls"] == "https://example.org/report"
    assert first["checkworthiness"] == "0.9" and first["claim"] == "true"
    assert first["created_at"].startswith(str(datetime.date.today().year))
    assert rows[1]["evidence_urls"] == "https://a.example/1\nhttps://b.example/2"
    assert rows[4]["verdict"] == "" and rows[4]["review_state"] == ""


def test_csv_cells_that_look_like_formulas_come_back_as_text(desk, editor):
    _article, s = desk
    _response, text = export(editor, format="csv")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert rows[1]["sentence"] == "'" + s[1].text
    assert rows[1]["sentence"].startswith("'=HYPERLINK")
    assert rows[1]["rationale"] == "'=cmd|' /C calc'!A0"
    assert rows[2]["sentence"].startswith("'-5 Grad")
    assert rows[2]["rationale"] == "Tab first"  # the service trimmed the tab already
    assert rows[3]["sentence"].startswith("'+49") and rows[3]["rationale"] == "'+still a draft"
    assert rows[4]["sentence"].startswith("'@Kanzler")
    # Nothing in the file starts a cell with a formula character.
    for row in rows:
        assert not any(value.startswith(("=", "+", "-", "@", "\t", "\r")) for value in row.values())


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@A1", "'@A1"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("a=1", "a=1"),
        (" =1", " =1"),
        ("", ""),
    ],
)
def test_neutralise_prefixes_only_formula_starts(value, expected):
    assert neutralise(value) == expected


def test_csv_with_bom_starts_with_the_utf8_byte_order_mark(desk, editor):
    response = client_for(editor).get(URL, {"format": "csv", "bom": "1"})
    raw = b"".join(response.streaming_content)
    assert raw.startswith(b"\xef\xbb\xbf") and raw[3:].startswith(b"article_id,")


# --- JSON and JSON Lines ---------------------------------------------------------------------
def test_json_is_one_array_with_evidence_nested(desk, editor, reviewer):
    article, s = desk
    response, text = export(editor, format="json")
    assert response["Content-Type"] == "application/json"
    items = json.loads(text)
    assert [item["sentence_id"] for item in items] == [x.pk for x in s]
    second = items[1]
    assert second["text"] == s[1].text and second["verdict"] == "disputed"
    assert second["review_state"] == "approved" and second["reviewer"] == reviewer.username
    assert second["article_url"] == "https://news.example/pruefbericht"
    assert second["newsroom"] == "Desk" and second["article_published"] == "2024-11-30"
    assert second["evidence"] == [
        {"url": "https://a.example/1", "title": "@first", "publisher": "", "excerpt": "",
         "stance": "supports"},
        {"url": "https://b.example/2", "title": "", "publisher": "", "excerpt": "",
         "stance": "refutes"},
    ]  # fmt: skip
    assert items[0]["attribution"] == {"name": "Behörde", "type": "Person"}
    assert items[4]["verdict"] is None and items[4]["evidence"] == []


def test_jsonl_has_the_same_rows_one_per_line(desk, editor):
    _response, text = export(editor, format="json")
    response, lines = export(editor, format="jsonl")
    assert response["Content-Type"] == "application/x-ndjson"
    assert lines.endswith("\n")
    assert [json.loads(line) for line in lines.splitlines()] == json.loads(text)


def test_json_of_an_empty_queue_is_an_empty_array(newsroom, editor):
    assert json.loads(export(editor, format="json")[1]) == []
    assert export(editor, format="jsonl")[1] == ""


# --- ClaimReview --------------------------------------------------------------------------------
class ScriptCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[str] = []
        self._inside = False

    def handle_starttag(self, tag, attrs):
        self._inside = tag == "script"
        if self._inside:
            self.scripts.append("")

    def handle_endtag(self, tag):
        self._inside = False

    def handle_data(self, data):
        if self._inside:
            self.scripts[-1] += data


def test_claimreview_lists_only_approved_verified_or_disputed_verdicts(
    desk, newsroom, editor, reviewer
):
    article, s = desk
    newsroom.factcheck_url = "https://faktencheck.example/{article}/?satz={sentence}"
    newsroom.save()
    response, text = export(editor, format="claimreview")
    assert response["Content-Type"] == "application/ld+json"
    reviews = json.loads(text)
    assert [r["claimReviewed"] for r in reviews] == [s[0].text, s[1].text]
    verified, disputed = reviews
    assert verified["@context"] == "https://schema.org" and verified["@type"] == "ClaimReview"
    assert verified["reviewRating"] == {
        "@type": "Rating", "ratingValue": 3, "bestRating": 3, "worstRating": 1,
        "alternateName": "Bestätigt",
    }  # fmt: skip
    assert disputed["reviewRating"]["alternateName"] == "Umstritten"
    assert disputed["reviewRating"]["ratingValue"] == 1
    assert verified["itemReviewed"] == {
        "@type": "Claim",
        "author": {"@type": "Person", "name": "Behörde"},
        "datePublished": "2024-11-30",
        "appearance": {
            "@type": "CreativeWork",
            "headline": "Prüfbericht <b>& Co</b>",
            "url": "https://news.example/pruefbericht",
        },
    }
    assert "author" not in disputed["itemReviewed"]  # no attribution pre-tag
    assert verified["author"] == {"@type": "Organization", "name": "Desk"}
    annotation = s[0].annotation
    annotation.refresh_from_db()
    assert verified["datePublished"] == annotation.reviewed_at.date().isoformat()
    assert verified["url"] == f"https://faktencheck.example/{article.pk}/?satz={s[0].pk}"
    assert verified["reviewBody"] == "Statistik bestätigt."


def test_claimreview_uses_english_rating_names_for_english_articles(newsroom, editor, reviewer):
    article, _job = import_article(
        newsroom=newsroom, title="T", text="The rate rose by 40 percent in 2024.", language="en"
    )
    sentence = article.sentences.get()
    approve(sentence, editor, reviewer, "verified")
    (item,) = json.loads(export(editor, format="claimreview")[1])
    assert item["reviewRating"]["alternateName"] == "Verified"
    assert "url" not in item  # no public fact-check URL set: never the workspace instead
    assert "url" not in item["itemReviewed"]["appearance"]  # the article came without one


def test_claimreview_embedded_in_a_page_cannot_close_its_script_element(desk, editor):
    _article, s = desk
    _response, text = export(editor, format="claimreview")
    assert "</script>" not in text and "<" not in text and "&" not in text
    page = (
        '<html><head><script type="application/ld+json">'
        + text
        + "</script></head><body><p>x</p></body></html>"
    )
    parser = ScriptCollector()
    parser.feed(page)
    assert len(parser.scripts) == 1  # no second <script> smuggled in
    reviews = json.loads(parser.scripts[0])
    assert "</script><script>alert(1)</script>" in reviews[0]["claimReviewed"]
    assert reviews[0]["claimReviewed"] == s[0].text


# --- W3C Web Annotation ------------------------------------------------------------------------
def test_webannotation_anchors_each_verdict_with_quote_and_position(desk, editor):
    article, s = desk
    response, text = export(editor, format="webannotation")
    assert response["Content-Type"].startswith("application/ld+json")
    assert "</script>" not in text
    collection = json.loads(text)
    assert collection["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert collection["type"] == "AnnotationCollection"
    page = collection["first"]
    assert page["type"] == "AnnotationPage"
    items = page["items"]
    assert len(items) == 4  # every verdict, whatever its review state; none for s[4]
    body_text = Article.objects.get(pk=article.pk).text
    for item, sentence in zip(items, s, strict=False):
        assert item["type"] == "Annotation" and item["motivation"] == "assessing"
        assert item["target"]["source"] == "https://news.example/pruefbericht"
        quote, position = item["target"]["selector"]
        assert quote["type"] == "TextQuoteSelector"
        assert quote["exact"] == body_text[sentence.start : sentence.end]
        assert quote["prefix"] == body_text[max(0, sentence.start - 32) : sentence.start]
        assert quote["suffix"] == body_text[sentence.end : sentence.end + 32]
        assert position == {
            "type": "TextPositionSelector", "start": sentence.start, "end": sentence.end,
        }  # fmt: skip
        assert item["creator"] == {"type": "Person", "nickname": editor.username}
    assert items[0]["id"] == f"http://testserver/api/sentences/{s[0].pk}/annotation/"
    assert items[1]["body"] == [
        {"type": "TextualBody", "purpose": "assessing", "value": "disputed", "language": "en"},
        {"type": "TextualBody", "purpose": "assessing", "value": "=cmd|' /C calc'!A0",
         "format": "text/plain", "language": "de"},
        {"type": "SpecificResource", "purpose": "linking",
         "source": {"id": "https://a.example/1", "type": "Text", "title": "@first"}},
        {"type": "SpecificResource", "purpose": "linking",
         "source": {"id": "https://b.example/2", "type": "Text"}},
    ]  # fmt: skip


def test_webannotation_names_an_article_without_url_by_urn(article, editor):
    sentence = article.sentences.filter(heading=False).first()
    annotate(sentence, editor)
    (item,) = json.loads(export(editor, format="webannotation")[1])["first"]["items"]
    assert item["target"]["source"] == f"urn:factcheck:article:{article.pk}"
    # The first sentence after the title: its prefix is the title line.
    assert item["target"]["selector"][0]["prefix"] == article.text[: sentence.start][-32:]


# --- filters, errors, isolation -----------------------------------------------------------------
def test_export_applies_the_queue_filters(desk, editor):
    _article, s = desk
    rows = json.loads(export(editor, format="json", review_state="approved,submitted")[1])
    assert [r["sentence_id"] for r in rows] == [s[0].pk, s[1].pk, s[2].pk]
    rows = json.loads(export(editor, format="json", verdict="none")[1])
    assert [r["sentence_id"] for r in rows] == [s[4].pk]
    rows = json.loads(export(editor, format="json", checkworthy="false")[1])
    assert [r["sentence_id"] for r in rows] == [s[4].pk]


@pytest.mark.parametrize("fmt", ["xlsx", "", "CSV"])
def test_unknown_export_format_gets_400_json_naming_the_choices(newsroom, editor, fmt):
    response = client_for(editor).get(URL, {"format": fmt})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and "format" in body["fields"]
    assert "claimreview" in body["message"]


def test_missing_export_format_gets_400(newsroom, editor):
    response = client_for(editor).get(URL)
    assert response.status_code == 400 and response.json()["fields"].keys() == {"format"}


def test_export_with_a_bad_filter_gets_400_before_streaming(newsroom, editor):
    response = client_for(editor).get(URL, {"format": "csv", "verdict": "true"})
    assert response.status_code == 400 and not response.streaming
    assert response.json()["fields"] == {"verdict": [response.json()["message"]]}


def test_anonymous_caller_is_denied_exports(client, desk):
    response = client.get(URL, {"format": "csv"})
    assert response.status_code in (401, 403)
    assert response.json()["code"] == "not_authenticated"


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl", "claimreview", "webannotation"])
def test_exports_never_include_another_newsrooms_data(desk, elsewhere, editor, outsider, fmt):
    _response, mine = export(editor, format=fmt)
    assert "Secret" not in mine and elsewhere.title not in mine
    _response, theirs = export(outsider, format=fmt)
    assert "Behörde" not in theirs and "Prüfbericht" not in theirs
    _response, probing = export(editor, format=fmt, article=elsewhere.pk)
    assert "Secret" not in probing


def test_viewer_can_export(desk, viewer):
    response, text = export(viewer, format="jsonl")
    assert response.status_code == 200 and len(text.splitlines()) == 5
