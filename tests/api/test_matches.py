"""``/api/sentences/{id}/matches/`` and reuse: what the desk sees of "checked before"."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from annotations.models import Annotation, ReferenceFactCheck, Revision, SentenceMatch
from annotations.services import matches
from annotations.services.factchecks import import_fact_checks
from tests.annotations.test_matches import (
    BIKE_LANES,
    TROOPS,
    claim_sentence,
    publish,
    verdict_on,
)

from .conftest import client_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_archives():
    matches.forget_archives()
    yield
    matches.forget_archives()


@pytest.fixture
def checked_before(newsroom, editor):
    """Article A's verdict on the troops claim, and article B (English) that repeats it."""
    a, _job = publish(newsroom, editor, "Erster Bericht", TROOPS["de"], "de")
    annotation = verdict_on(claim_sentence(a, TROOPS["de"]), editor)
    b, _job = publish(newsroom, editor, "Second report", TROOPS["en"], "en")
    return annotation, claim_sentence(b, TROOPS["en"])


def url(sentence_id: int) -> str:
    return f"/api/sentences/{sentence_id}/matches/"


def test_the_matches_show_verdict_date_similarity_and_workspace_link(checked_before, editor):
    annotation, sentence = checked_before
    body = client_for(editor).get(url(sentence.pk)).json()
    (match,) = body["results"]
    assert match["kind"] == "verdict" and match["verdict"] == "disputed"
    assert match["claim"] == TROOPS["de"] and match["rank"] == 1
    assert match["similarity"] >= matches.MIN_SIMILARITY
    assert match["date"] == annotation.updated_at.date().isoformat()
    article_id = annotation.sentence.article_id
    assert match["url"] == f"/articles/{article_id}/?sentence={annotation.sentence_id}"


def test_a_fact_check_match_links_to_its_page(newsroom, editor):
    import_fact_checks(
        newsroom=newsroom,
        raw=json.dumps({"vclaim": BIKE_LANES["en"], "page_url": "https://checks.example/b",
                        "rating": "False", "date": "2023-03-01"}),
        name="checks.jsonl",
    )  # fmt: skip
    b, _job = publish(newsroom, editor, "Bericht", BIKE_LANES["de"], "de")
    (match,) = client_for(editor).get(url(claim_sentence(b, BIKE_LANES["de"]).pk)).json()["results"]
    assert (match["kind"], match["url"], match["rating"], match["date"]) == (
        "fact_check", "https://checks.example/b", "False", "2023-03-01",
    )  # fmt: skip


def test_another_newsrooms_sentence_is_404(checked_before, outsider):
    _annotation, sentence = checked_before
    assert client_for(outsider).get(url(sentence.pk)).status_code == 404
    response = client_for(outsider).post(f"{url(sentence.pk)}1/reuse/")
    assert response.status_code == 404


def test_the_query_count_does_not_grow_with_the_matches(checked_before, newsroom, editor):
    annotation, sentence = checked_before
    client = client_for(editor)
    with CaptureQueriesContext(connection) as one:
        assert len(client.get(url(sentence.pk)).json()["results"]) == 1
    lines = "\n".join(
        json.dumps({"vclaim": f"Claim number {n}", "vclaim_id": f"c{n}"}) for n in range(4)
    )
    import_fact_checks(newsroom=newsroom, raw=lines, name="more.jsonl")
    SentenceMatch.objects.bulk_create(
        SentenceMatch(sentence=sentence, fact_check=check, score=0.5, similarity=0.5,
                      rank=rank, matcher_version="test")
        for rank, check in enumerate(ReferenceFactCheck.objects.order_by("pk"), start=2)
    )  # fmt: skip
    with CaptureQueriesContext(connection) as five:
        assert len(client.get(url(sentence.pk)).json()["results"]) == 5
    assert len(five) == len(one)


def test_reuse_copies_verdict_rationale_and_evidence_as_a_draft_with_its_origin(
    checked_before, editor, second_editor
):
    source, sentence = checked_before
    match = SentenceMatch.objects.get(sentence=sentence)
    response = client_for(second_editor).post(f"{url(sentence.pk)}{match.pk}/reuse/")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["verdict"], body["review_state"], body["version"]) == ("disputed", "draft", 1)
    assert body["rationale"] == source.rationale
    assert [e["url"] for e in body["evidence"]] == ["https://example.org/report"]
    copied = Annotation.objects.get(sentence=sentence)
    origin = Revision.objects.filter(annotation=copied).order_by("id").last().after["reused_from"]
    assert origin == {
        "kind": "verdict", "annotation": source.pk, "sentence": source.sentence_id,
        "article": source.sentence.article_id, "version": source.version,
        "match": match.pk, "similarity": match.similarity,
    }  # fmt: skip
    assert Revision.objects.filter(annotation=copied).count() == 2  # the edit, and its origin


def test_reuse_from_a_fact_check_maps_the_rating(newsroom, editor):
    import_fact_checks(
        newsroom=newsroom,
        raw=json.dumps({"vclaim": TROOPS["en"], "page_url": "https://checks.example/t",
                        "title": "Troops", "rating": "Mostly false"}),
        name="checks.jsonl",
    )  # fmt: skip
    b, _job = publish(newsroom, editor, "Bericht", TROOPS["de"], "de")
    sentence = claim_sentence(b, TROOPS["de"])
    match = SentenceMatch.objects.get(sentence=sentence)
    body = client_for(editor).post(f"{url(sentence.pk)}{match.pk}/reuse/").json()
    assert (body["verdict"], body["rationale"]) == ("disputed", "Troops\nRating: Mostly false")
    assert [(e["url"], e["stance"]) for e in body["evidence"]] == [
        ("https://checks.example/t", "refutes")
    ]


def test_reuse_never_overwrites_a_verdict_unseen(checked_before, editor):
    _source, sentence = checked_before
    verdict_on(sentence, editor, "verified")
    match = SentenceMatch.objects.get(sentence=sentence)
    response = client_for(editor).post(f"{url(sentence.pk)}{match.pk}/reuse/")
    assert response.status_code == 412
    assert Annotation.objects.get(sentence=sentence).verdict == "verified"
    fresh = client_for(editor).post(
        f"{url(sentence.pk)}{match.pk}/reuse/", HTTP_IF_MATCH=f'"{sentence.pk}-1"'
    )
    assert fresh.status_code == 200 and fresh.json()["verdict"] == "disputed"


def test_reuse_needs_an_editor_and_a_match_of_this_sentence(checked_before, viewer, editor):
    source, sentence = checked_before
    match = SentenceMatch.objects.get(sentence=sentence)
    assert client_for(viewer).post(f"{url(sentence.pk)}{match.pk}/reuse/").status_code == 403
    other = source.sentence_id
    assert client_for(editor).post(f"{url(other)}{match.pk}/reuse/").status_code == 404
    assert not Annotation.objects.filter(sentence=sentence).exists()


def test_the_json_exports_carry_the_matches(checked_before, editor):
    source, sentence = checked_before
    client = client_for(editor)
    rows = json.loads(
        b"".join(client.get("/api/review-queue/export/", {"format": "json"}).streaming_content)
    )
    by_id = {row["sentence_id"]: row for row in rows}
    (match,) = by_id[sentence.pk]["matches"]
    assert match["kind"] == "verdict" and match["sentence_id"] == source.sentence_id
    assert match["verdict"] == "disputed" and match["rank"] == 1
    lines = b"".join(
        client.get("/api/review-queue/export/", {"format": "jsonl"}).streaming_content
    ).splitlines()
    assert any(json.loads(line)["matches"] for line in lines)
