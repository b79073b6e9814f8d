"""The review queue: filters, assignee semantics, newsroom scope, and its query count."""

import pytest

from annotations.models import Sentence
from annotations.selectors.queue import list_review_queue
from annotations.services import review
from annotations.services.articles import import_article
from annotations.services.errors import InvalidInput
from tests.review.conftest import annotate, approve, client_for, tag

pytestmark = pytest.mark.django_db
URL = "/api/review-queue/"


@pytest.fixture
def worked(body, editor, second_editor, reviewer):
    """Five tagged sentences: approved, submitted, draft, untouched claim, untouched non-claim."""
    for index, sentence in enumerate(body[:5]):
        tag(sentence, claim=index != 4, score=0.9 - index / 10)
    approve(body[0], editor, reviewer, "verified")
    annotate(body[1], second_editor, "disputed")
    review.submit(sentence=body[1], editor=second_editor)
    annotate(body[2], editor, "unverified")
    return body


def ids(queryset) -> list[int]:
    return [s.pk for s in queryset]


def test_queue_lists_body_sentences_of_the_users_newsrooms_in_reading_order(body, editor):
    assert ids(list_review_queue(user=editor)) == [s.pk for s in body]


def test_queue_leaves_out_headings_unless_they_have_a_verdict(article, body, editor):
    heading = article.sentences.filter(heading=True).order_by("ordinal").first()
    assert heading.pk not in ids(list_review_queue(user=editor))
    annotate(heading, editor, "unverified")
    assert heading.pk in ids(list_review_queue(user=editor))


def test_queue_filters_by_verdict_and_review_state_with_comma_lists(worked, editor):
    assert ids(list_review_queue(user=editor, verdict="verified,disputed")) == [
        worked[0].pk, worked[1].pk,
    ]  # fmt: skip
    assert ids(list_review_queue(user=editor, review_state="submitted")) == [worked[1].pk]
    assert ids(list_review_queue(user=editor, review_state=["draft", "approved"])) == [
        worked[0].pk, worked[2].pk,
    ]  # fmt: skip
    none = ids(list_review_queue(user=editor, verdict="none"))
    assert worked[3].pk in none and worked[0].pk not in none


def test_queue_filters_by_checkworthiness(worked, editor):
    claims = ids(list_review_queue(user=editor, checkworthy=True))
    assert claims == [s.pk for s in worked[:4]]
    assert worked[4].pk in ids(list_review_queue(user=editor, checkworthy=False))


def test_queue_orders_by_checkworthiness(worked, editor):
    queue = ids(list_review_queue(user=editor, checkworthy=True, ordering="-checkworthiness"))
    assert queue == [s.pk for s in worked[:4]]
    queue = ids(list_review_queue(user=editor, checkworthy=True, ordering="checkworthiness"))
    assert queue == [s.pk for s in reversed(worked[:4])]


def test_sentence_counts_as_assigned_by_its_own_or_its_articles_assignee(
    article, body, editor, second_editor
):
    review.assign_article(article=article, assignee_id=editor.pk, by=editor)
    review.assign_sentence(sentence=body[1], assignee_id=second_editor.pk, by=editor)
    mine = ids(list_review_queue(user=editor, assignee="me"))
    assert body[0].pk in mine and body[1].pk not in mine
    assert ids(list_review_queue(user=editor, assignee=second_editor.pk)) == [body[1].pk]


@pytest.mark.parametrize(
    ("name", "value"),
    [("verdict", "true"), ("review_state", "done"), ("ordering", "text"), ("assignee", "you")],
)
def test_queue_refuses_unknown_filter_values(editor, newsroom, name, value):
    with pytest.raises(InvalidInput) as excinfo:
        list_review_queue(user=editor, **{name: value})
    assert excinfo.value.field == name


def test_outsider_sees_nothing_of_another_newsrooms_queue(body, outsider):
    assert ids(list_review_queue(user=outsider)) == []
    assert ids(list_review_queue(user=outsider, article=body[0].article_id)) == []


# --- API ----------------------------------------------------------------------------------------
def test_api_queue_items_are_sentences_with_their_article_title(worked, editor, reviewer):
    response = client_for(editor).get(URL, {"review_state": "approved"})
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 1
    (item,) = data["results"]
    assert item["id"] == worked[0].pk and item["article_title"] == worked[0].article.title
    assert item["annotation"]["verdict"] == "verified"
    assert item["annotation"]["reviewed_by"] == {"id": reviewer.pk, "username": "reviewer"}
    assert item["annotation"]["etag"] == f'"{worked[0].pk}-3"'
    assert item["annotation"]["evidence"][0]["url"] == "https://example.org/report"
    assert item["pretag"]["claim"] is True and item["assignee"] is None


def test_api_queue_assignee_me_and_checkworthy_filters(article, worked, editor):
    review.assign_article(article=article, assignee_id=editor.pk, by=editor)
    response = client_for(editor).get(URL, {"assignee": "me", "checkworthy": "false"})
    found = [item["id"] for item in response.json()["results"]]
    # Not check-worthy: tagged as no claim, or not tagged at all.
    assert worked[4].pk in found and not {s.pk for s in worked[:4]} & set(found)
    assert len(found) == len(worked) - 4


def test_api_queue_pages_up_to_500(body, editor):
    response = client_for(editor).get(URL, {"page_size": 1000})
    assert len(response.json()["results"]) == min(len(body), 500)
    second = client_for(editor).get(URL, {"page_size": 2, "page": 2}).json()
    assert [item["id"] for item in second["results"]] == [body[2].pk, body[3].pk]


@pytest.mark.parametrize(
    "params",
    [{"verdict": "true"}, {"assignee": "you"}, {"checkworthy": "maybe"}, {"ordering": "text"},
     {"article": "abc"}],
)  # fmt: skip
def test_api_queue_bad_filter_gets_400_naming_the_field(newsroom, editor, params):
    response = client_for(editor).get(URL, params)
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert set(response.json()["fields"]) == set(params)


def test_anonymous_caller_is_denied_the_queue(client, newsroom):
    assert client.get(URL).status_code in (401, 403)


def test_outsider_is_denied_another_newsrooms_rows_in_the_api_queue(body, outsider):
    response = client_for(outsider).get(URL, {"article": body[0].article_id})
    assert response.status_code == 200 and response.json()["count"] == 0


def _annotate_rows(sentences, editor, reviewer):
    for index, sentence in enumerate(sentences):
        tag(sentence)
        if index % 2:
            approve(sentence, editor, reviewer)
        else:
            annotate(sentence, editor, "disputed")


def test_api_queue_query_count_does_not_grow_with_rows(
    newsroom, editor, reviewer, seed_text, django_assert_num_queries
):
    first, _job = import_article(newsroom=newsroom, title="A", text=seed_text, language="de")
    rows = list(first.sentences.filter(heading=False).order_by("ordinal"))
    _annotate_rows(rows[:3], editor, reviewer)
    client = client_for(editor)
    # count, the page (rows with article, pre-tag, verdict and people joined), the evidence
    with django_assert_num_queries(3):
        small = client.get(URL, {"verdict": "verified,disputed"})
    assert small.json()["count"] == 3
    _annotate_rows(rows[3:], editor, reviewer)
    assert Sentence.objects.filter(annotation__isnull=False).count() > 10
    with django_assert_num_queries(3):
        large = client.get(URL, {"verdict": "verified,disputed"})
    assert large.json()["count"] == len(rows)


def test_export_query_count_does_not_grow_with_rows(
    newsroom, editor, reviewer, seed_text, django_assert_num_queries
):
    first, _job = import_article(newsroom=newsroom, title="A", text=seed_text, language="de")
    rows = list(first.sentences.filter(heading=False).order_by("ordinal"))
    _annotate_rows(rows[:3], editor, reviewer)
    client = client_for(editor)
    # One query: the rows with their joins and their evidence joined on; JSON adds the
    # chunk's "checked before" matches and comment threads.
    counts = {"csv": 1, "webannotation": 1, "claimreview": 1, "json": 3, "jsonl": 3}
    for fmt, count in counts.items():
        with django_assert_num_queries(count):
            b"".join(client.get("/api/review-queue/export/", {"format": fmt}).streaming_content)
    _annotate_rows(rows[3:], editor, reviewer)
    for fmt, count in counts.items():
        with django_assert_num_queries(count):
            b"".join(client.get("/api/review-queue/export/", {"format": fmt}).streaming_content)


def test_export_rows_are_one_query_however_many_chunks_and_keep_their_evidence(
    newsroom, editor, reviewer, seed_text, django_assert_num_queries
):
    from annotations.exports.rows import iter_rows
    from annotations.models import Annotation
    from annotations.selectors.queue import list_review_queue
    from annotations.services.verdicts import EvidenceInput, set_verdict

    first, _job = import_article(newsroom=newsroom, title="A", text=seed_text, language="de")
    rows = list(first.sentences.filter(heading=False).order_by("ordinal"))
    _annotate_rows(rows, editor, reviewer)
    urls = [f"https://example.org/{n}" for n in range(3)]
    sentence = rows[1]
    set_verdict(
        sentence=sentence,
        editor=editor,
        verdict="disputed",
        evidence=[EvidenceInput(url=url) for url in urls],
        expected_version=Annotation.objects.get(sentence=sentence).version,
    )
    queryset = list_review_queue(user=editor)
    with django_assert_num_queries(1):
        exported = list(iter_rows(queryset, chunk_size=2, spans=False))
    assert [r["sentence_id"] for r in exported] == [r.pk for r in queryset]
    by_id = {r["sentence_id"]: r for r in exported}
    assert [e["url"] for e in by_id[sentence.pk]["evidence"]] == urls
    assert "attribution" not in by_id[sentence.pk]  # spans not read
    # With matches and comments: two more per chunk of rows, still none per row.
    with django_assert_num_queries(1 + 2 * -(-len(exported) // 2)):
        assert len(list(iter_rows(queryset, chunk_size=2, matches=True, comments=True))) == len(
            exported
        )


def test_api_queue_blank_filters_filter_nothing_and_a_bad_one_is_a_400(worked, editor):
    client = client_for(editor)
    everything = client.get(URL).json()["count"]
    blank = client.get(URL, {"verdict": "   ", "review_state": " , "})
    assert blank.status_code == 200 and blank.json()["count"] == everything
    assert client.get(URL, {"verdict": "maybe"}).status_code == 400
