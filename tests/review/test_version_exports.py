"""Exports, queue and readiness after a new article version: only the current text counts."""

import csv
import io
import json

import pytest

from annotations.models import Article
from annotations.selectors.readiness import get_article_readiness
from annotations.selectors.versions import list_orphans
from annotations.services.versions import close_orphan, import_version
from tests.review.conftest import HOSTILE_TEXT, client_for, tag
from tests.review.test_exports import export

pytestmark = pytest.mark.django_db

# The approved disputed sentence (s[1]) reworded, the approved verified one (s[0]) kept.
CORRECTED = HOSTILE_TEXT.replace('"klick") steht in der Tabelle', '"klick") stand in der Tabelle')


@pytest.fixture
def corrected(desk, editor):
    article, s = desk
    result = import_version(article=article, text=CORRECTED, imported_by=editor, note="Tabelle")
    assert result.anchoring["changed"] == 1
    return Article.objects.get(pk=article.pk), s


def test_csv_and_json_carry_the_version_and_only_its_sentences(corrected, editor):
    article, old = corrected
    _response, text = export(editor, format="csv")
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert {r["article_version"] for r in rows} == {"2"}
    assert not {int(r["sentence_id"]) for r in rows} & {s.pk for s in old}
    _response, body = export(editor, format="json")
    items = json.loads(body)
    assert {i["article_version"] for i in items} == {2}
    assert {i["article_text_hash"] for i in items} == {article.text_hash}


def test_web_annotation_targets_name_the_text_they_were_made_on(corrected, editor):
    article, _old = corrected
    _response, body = export(editor, format="webannotation")
    items = json.loads(body)["first"]["items"]
    assert items
    for item in items:
        state = item["target"]["state"]
        assert state["type"] == "TimeState"
        assert state["cached"] == f"urn:sha256:{article.text_hash}"
        assert state["sourceDate"].startswith(str(article.current_version.created_at.date()))


def test_claimreview_comes_only_from_the_current_version(corrected, editor):
    article, old = corrected
    _response, body = export(editor, format="claimreview")
    claims = [r["claimReviewed"] for r in json.loads(body)]
    # The kept approved verdict is published with the current text; the reworded one went back
    # to draft and is not published until it is approved again.
    assert claims == [old[0].text]
    assert "steht in der Tabelle" not in body


def test_queue_lists_the_current_version_with_the_anchor(corrected, editor):
    article, old = corrected
    response = client_for(editor).get("/api/review-queue/", {"article": article.pk})
    ids = [r["id"] for r in response.json()["results"]]
    assert ids and not set(ids) & {s.pk for s in old}


def test_readiness_blocks_on_rechecks_and_orphans_in_one_query(
    desk, editor, django_assert_num_queries
):
    article, s = desk
    deleted = HOSTILE_TEXT.replace("\n-5 Grad wurden am Montag in Berlin gemessen.", "")
    result = import_version(article=article, text=deleted.replace("40 Prozent", "41 Prozent"))
    assert result.anchoring["orphaned"] == 1 and result.anchoring["changed"] == 1
    article = Article.objects.get(pk=article.pk)
    for sentence in article.sentences.filter(version=article.current_version):
        tag(sentence)
    with django_assert_num_queries(1):
        readiness = get_article_readiness(article=article)
    blockers = {b["code"]: b["sentences"] for b in readiness["blockers"]}
    assert blockers["orphaned"] == [s[2].pk]
    assert len(blockers["needs_recheck"]) == 1
    (orphan,) = list_orphans(article=article)
    close_orphan(article=article, annotation_id=orphan.pk, editor=editor)
    assert "orphaned" not in {b["code"] for b in get_article_readiness(article=article)["blockers"]}
