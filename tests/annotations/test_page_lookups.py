"""The hand-written and once-compiled statements of the page and save paths answer and write
what the ORM would."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from annotations.models import Annotation, Article, Revision
from annotations.selectors.articles import SentenceRowPages, get_article, list_sentence_rows
from annotations.selectors.handwritten import insert
from annotations.services.access import role_in
from annotations.services.outcomes import dismiss
from annotations.services.verdicts import EvidenceInput, set_verdict

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("with_text", [True, False])
def test_the_article_comes_with_its_newsroom_and_the_callers_role_in_one_query(
    article, reviewer, with_text
):
    stored = Article.objects.select_related("newsroom").get(pk=article.pk)
    with CaptureQueriesContext(connection) as queries:
        found = get_article(user=reviewer, article_id=article.pk, with_text=with_text)
        assert found.newsroom == stored.newsroom and found.newsroom.name == stored.newsroom.name
        assert role_in(reviewer, found.newsroom_id) == found.caller_role == "reviewer"
        fields = [f.attname for f in Article._meta.concrete_fields if f.attname != "text"]
        assert [getattr(found, f) for f in fields] == [getattr(stored, f) for f in fields]
    assert len(queries) == 1
    assert ("text" in found.get_deferred_fields()) is not with_text
    assert found.text == stored.text  # loads when touched


@pytest.mark.parametrize("who", ["outsider", "anonymous", "missing"])
def test_outsiders_anonymous_users_and_missing_ids_get_no_article(article, outsider, who):
    user = {"outsider": outsider, "missing": outsider}.get(who, AnonymousUser())
    article_id = article.pk + 10_000 if who == "missing" else article.pk
    assert get_article(user=user, article_id=article_id) is None


def test_page_rows_are_the_querysets_rows(article, editor, reviewer):
    sentences = list(article.sentences.order_by("ordinal"))
    evidence = [EvidenceInput(url="https://example.org/a", title="Bericht")]
    set_verdict(
        sentence=sentences[1], editor=editor, verdict="verified", evidence=evidence,
        expected_version=0,
    )  # fmt: skip
    dismiss(sentence=sentences[2], editor=reviewer, reason="not_checkable")
    expected = list(list_sentence_rows(article=article))
    pages = SentenceRowPages(article.current_version_id)
    assert pages.count() == len(pages) == len(expected)
    assert pages[0:3] == expected[0:3]  # a verdict, its authors and times, a dismissal
    assert pages[2:] == expected[2:]
    assert pages[len(expected) :] == []
    assert pages[1:2][0]["annotation__created_at"].tzinfo is not None


def test_insert_writes_the_row_save_would(article, editor):
    sentence = article.sentences.get(ordinal=3)
    annotation = insert(Annotation(sentence=sentence, verdict="verified", created_by=editor))
    stored = Annotation.objects.get(pk=annotation.pk)
    assert not annotation._state.adding
    assert (stored.verdict, stored.version, stored.review_state) == ("verified", 1, "draft")
    assert stored.created_at == annotation.created_at and stored.updated_at is not None
    revision = insert(
        Revision(sentence=sentence, annotation=annotation, action="edit", after={"a": [1]})
    )
    assert Revision.objects.get(pk=revision.pk).after == {"a": [1]}


def test_a_pages_evidence_is_what_the_orm_reads(article, editor):
    from annotations.models import Evidence
    from annotations.selectors.articles import EVIDENCE_ROW_FIELDS, evidence_by_annotation

    sentences = list(article.sentences.order_by("ordinal")[:3])
    for index, sentence in enumerate(sentences):
        items = [EvidenceInput(url=f"https://example.org/{index}/{n}") for n in range(index + 1)]
        set_verdict(
            sentence=sentence, editor=editor, verdict="disputed", evidence=items,
            expected_version=0,
        )  # fmt: skip
    Evidence.objects.update(link_status="ok", link_checked_at="2026-01-02T03:04:05Z")
    ids = list(Annotation.objects.values_list("pk", flat=True))
    expected: dict[int, list[dict]] = {}
    rows = Evidence.objects.order_by("annotation_id", "position", "id").values(
        "annotation_id", *EVIDENCE_ROW_FIELDS
    )
    for row in rows:
        expected.setdefault(row.pop("annotation_id"), []).append(row)
    assert evidence_by_annotation(ids) == expected
    assert [len(items) for items in expected.values()] == [1, 2, 3]
    assert evidence_by_annotation([]) == {}


def test_value_rows_are_the_iterators_rows(article, editor):
    from annotations.models import Sentence, SentenceTag
    from annotations.selectors.handwritten import value_rows

    sentences = list(article.sentences.order_by("ordinal")[:2])
    set_verdict(sentence=sentences[0], editor=editor, verdict="verified", expected_version=0)
    tag = SentenceTag.objects.create(
        sentence=sentences[1],
        tagger_version="t",
        checkworthiness=0.5,
        claim=True,
        reasons=["zahl"],
        spans=[{"kind": "number", "n": 1e-05}],
    )
    Sentence.objects.filter(pk=sentences[1].pk).update(pretag=tag)
    queryset = (
        Sentence.objects.filter(article=article)
        .order_by("ordinal")
        .values_list(
            "pk",
            "annotation__created_at",
            "pretag__spans",
            "pretag__reasons__0",
            "article__published_at",
        )
    )
    expected = [list(row) for row in queryset.iterator(chunk_size=3)]
    assert list(value_rows(queryset, chunk_size=3)) == expected
    assert expected[0][1].tzinfo is not None and expected[1][2][0]["n"] == 1e-05


def test_value_rows_give_dates_as_their_iso_text_when_asked(article, editor):
    """On SQLite the text itself; elsewhere the aware value, which ``_iso`` writes the same."""
    from annotations.exports.rows import _iso
    from annotations.models import Sentence
    from annotations.selectors.handwritten import value_rows

    first, second, third = article.sentences.order_by("ordinal")[:3]
    set_verdict(sentence=first, editor=editor, verdict="verified", expected_version=0)
    set_verdict(sentence=second, editor=editor, verdict="disputed", expected_version=0)
    whole_hour = datetime.datetime(2024, 5, 3, 7, 0, tzinfo=datetime.UTC)  # no fraction
    Annotation.objects.filter(sentence=second).update(created_at=whole_hour)
    queryset = (
        Sentence.objects.filter(pk__in=[first.pk, second.pk, third.pk])
        .order_by("ordinal")
        .values_list("pk", "annotation__created_at")
    )
    expected = [[pk, _iso(created)] for pk, created in queryset.iterator(chunk_size=2)]
    rows = list(value_rows(queryset, chunk_size=2, iso_dates=True))
    assert [[pk, _iso(created)] for pk, created in rows] == expected
    assert [created for _pk, created in expected[1:]] == ["2024-05-03T07:00:00+00:00", None]
    if connection.vendor == "sqlite":
        assert all(isinstance(created, str) for _pk, created in rows[:2])


def test_an_id_list_filters_as_the_plain_list_does(article):
    from annotations.models import Sentence
    from annotations.selectors.handwritten import id_list

    ids = list(article.sentences.values_list("pk", flat=True))[::2]
    wanted = Sentence.objects.filter(pk__in=[*ids, -5]).order_by("pk")
    found = Sentence.objects.filter(pk__in=id_list([*ids, -5])).order_by("pk")
    assert list(found) == list(wanted) and len(ids) > 1
    assert not Sentence.objects.filter(pk__in=id_list([])).exists()


def test_json_as_text_passes_strict_json_through_and_parses_the_rest():
    import orjson

    from annotations.selectors.handwritten import _json_fragment

    def parse(value, expression, connection):
        return ("parsed", value)

    fragment = _json_fragment(parse)
    stored = '[{"kind": "number", "payload": {"value": 1.5}}]'
    passed = fragment(stored, None, None)
    assert isinstance(passed, orjson.Fragment)
    assert orjson.loads(orjson.dumps({"spans": passed})) == {"spans": orjson.loads(stored)}
    for loose in ("[NaN]", '{"v": -Infinity}'):
        assert fragment(loose, None, None) == ("parsed", loose)
    assert fragment([1], None, None) == ("parsed", [1])  # already parsed by the driver
