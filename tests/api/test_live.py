"""Live updates: the changes cursor, its tenancy, its constant cost, and presence's lifetime."""

import datetime
import time

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from annotations.models import Revision
from annotations.selectors import changes as changes_selector
from annotations.services import presence
from annotations.services.review import approve, submit
from annotations.services.verdicts import set_verdict
from annotations.services.versions import import_version

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_cache(monkeypatch):
    # Ids repeat between tests: no list remembered from an earlier test may answer.
    monkeypatch.setattr(presence, "MEMO_SECONDS", 0)
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def body_sentences(article):
    return list(article.sentences.filter(heading=False).order_by("ordinal")[:6])


def url(article, **query) -> str:
    params = "&".join(f"{k}={v}" for k, v in query.items())
    return f"/api/articles/{article.pk}/changes/" + (f"?{params}" if params else "")


def age_revisions(seconds: int = 30) -> None:
    """Move every revision into the past, beyond the settling window."""
    past = datetime.timedelta(seconds=seconds)
    for revision in Revision.objects.all():
        Revision.objects.filter(pk=revision.pk).update(created_at=revision.created_at - past)


def poll(client, article, **query):
    response = client.get(url(article, **query))
    assert response.status_code == 200, response.content
    return response.json()


def test_first_poll_without_changes_starts_at_the_newest_revision(as_editor, article):
    body = poll(as_editor, article)
    newest = Revision.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    assert body["cursor"] == newest
    assert body["sentences"] == []
    assert body["version_changed"] is False
    assert body["article"]["version"] == 1


def test_a_saved_verdict_appears_once_settled_then_not_again(
    as_editor, article, body_sentences, second_editor
):
    start = poll(as_editor, article)["cursor"]
    sentence = body_sentences[0]
    set_verdict(sentence=sentence, editor=second_editor, verdict="disputed", expected_version=0)

    fresh = poll(as_editor, article, after=start)
    assert [s["sentence"] for s in fresh["sentences"]] == [sentence.pk]
    change = fresh["sentences"][0]
    assert change["verdict"] == "disputed"
    assert change["review_state"] == "draft"
    assert change["version"] == 1
    assert change["etag"] == f'"{sentence.pk}-1"'
    assert change["by"] == second_editor.username
    assert change["current"] is True
    assert change["needs_recheck"] is False
    # Not settled yet: the cursor stays below it, so a slower transaction cannot be skipped.
    assert fresh["cursor"] < change["revision"]

    age_revisions()
    settled = poll(as_editor, article, after=start)
    assert settled["cursor"] == change["revision"]
    assert poll(as_editor, article, after=settled["cursor"])["sentences"] == []


def test_several_revisions_of_one_sentence_give_its_latest_state_once(
    as_editor, article, body_sentences, second_editor, reviewer
):
    start = poll(as_editor, article)["cursor"]
    sentence = body_sentences[1]
    set_verdict(sentence=sentence, editor=second_editor, verdict="verified", expected_version=0)
    submit(sentence=sentence, editor=second_editor)
    approve(sentence=sentence, reviewer=reviewer)
    body = poll(as_editor, article, after=start)
    assert len(body["sentences"]) == 1
    change = body["sentences"][0]
    assert (change["review_state"], change["by"], change["action"]) == (
        "approved",
        reviewer.username,
        "approve",
    )
    assert change["revision"] == Revision.objects.latest("pk").pk


def test_an_unchanged_answer_is_a_304_by_its_etag(as_editor, article, body_sentences, editor):
    start = poll(as_editor, article)["cursor"]
    first = as_editor.get(url(article, after=start))
    tag = first["ETag"]
    assert tag.startswith('W/"')
    again = as_editor.get(url(article, after=start), HTTP_IF_NONE_MATCH=tag)
    assert again.status_code == 304
    assert again.content == b""
    set_verdict(sentence=body_sentences[2], editor=editor, verdict="verified", expected_version=0)
    changed = as_editor.get(url(article, after=start), HTTP_IF_NONE_MATCH=tag)
    assert changed.status_code == 200
    assert changed["ETag"] != tag


def test_a_new_version_is_announced(as_editor, article, editor, seed_text):
    start = poll(as_editor, article)
    import_version(article=article, text=seed_text + "\n\nEin neuer Absatz.", imported_by=editor)
    body = poll(as_editor, article, after=start["cursor"], version=1)
    assert body["version_changed"] is True
    assert body["article"]["version"] == 2
    assert poll(as_editor, article, after=start["cursor"], version=2)["version_changed"] is False


def test_other_newsrooms_and_missing_articles_are_404(as_outsider, as_editor, article):
    assert as_outsider.get(url(article)).status_code == 404
    assert (
        as_outsider.post(
            f"/api/articles/{article.pk}/presence/", {"sentence": None}, format="json"
        ).status_code
        == 404
    )
    assert as_editor.get(f"/api/articles/{article.pk + 999}/changes/").status_code == 404


def test_bad_cursors_are_400(as_editor, article):
    for bad in ("-1", "x", "1.5"):
        response = as_editor.get(url(article, after=bad))
        assert response.status_code == 400, bad
        assert response.json()["code"]


def test_a_poll_costs_the_same_queries_whatever_happened(
    as_editor, article, body_sentences, editor, reviewer
):
    """Two queries in the selector, whatever changed (plus what every API request costs)."""
    start = poll(as_editor, article)["cursor"]
    with CaptureQueriesContext(connection) as quiet:
        poll(as_editor, article, after=start)
    for sentence in body_sentences:
        set_verdict(sentence=sentence, editor=editor, verdict="verified", expected_version=0)
        submit(sentence=sentence, editor=editor)
        approve(sentence=sentence, reviewer=reviewer)
    with CaptureQueriesContext(connection) as busy:
        body = poll(as_editor, article, after=start)
    assert len(body["sentences"]) == len(body_sentences)
    assert len(busy) == len(quiet)
    with CaptureQueriesContext(connection) as selector:
        state = changes_selector.get_article_state(user=editor, article_id=article.pk)
        changes_selector.list_changes(article=state, after=start)
    assert len(selector) == 2


def test_many_changes_come_in_several_polls(
    as_editor, article, body_sentences, editor, monkeypatch
):
    monkeypatch.setattr(changes_selector, "MAX_ROWS", 2)
    start = poll(as_editor, article)["cursor"]
    for sentence in body_sentences[:5]:
        set_verdict(sentence=sentence, editor=editor, verdict="verified", expected_version=0)
    seen, cursor = [], start
    for _ in range(5):
        body = poll(as_editor, article, after=cursor)
        seen += [s["sentence"] for s in body["sentences"]]
        cursor = body["cursor"]
        if not body["more"]:
            break
    assert sorted(set(seen)) == sorted(s.pk for s in body_sentences[:5])


def test_presence_is_listed_and_expires(
    as_editor, as_second_editor, article, body_sentences, monkeypatch
):
    target = f"/api/articles/{article.pk}/presence/"
    sentence = body_sentences[0]
    assert (
        as_second_editor.post(target, {"sentence": sentence.pk}, format="json").status_code == 204
    )
    assert as_editor.post(target, {"sentence": None}, format="json").status_code == 204
    listed = poll(as_editor, article)["presence"]
    assert [(p["user"], p["sentence"]) for p in listed] == [
        ("editor2", sentence.pk),
        ("editor", None),
    ]
    # A page that stops reporting is gone after the TTL (shortened here, really waited for).
    monkeypatch.setattr(presence, "TTL_SECONDS", 1)
    as_second_editor.post(target, {"sentence": sentence.pk}, format="json")
    assert "editor2" in [p["user"] for p in poll(as_editor, article)["presence"]]
    time.sleep(1.2)
    assert [p["user"] for p in poll(as_editor, article)["presence"]] == ["editor"]
    assert as_editor.delete(target).status_code == 204
    assert poll(as_editor, article)["presence"] == []


def test_presence_of_one_article_is_not_shown_on_another(
    as_editor, as_second_editor, article, newsroom, editor, seed_text
):
    from annotations.services.articles import import_article

    other, _job = import_article(
        newsroom=newsroom, title="Zweiter Text", text=seed_text, language="de", imported_by=editor
    )
    as_second_editor.post(
        f"/api/articles/{article.pk}/presence/", {"sentence": None}, format="json"
    )
    assert poll(as_editor, other)["presence"] == []


def test_presence_refuses_what_is_not_a_sentence_id(as_editor, article):
    target = f"/api/articles/{article.pk}/presence/"
    for bad in ({"sentence": "x"}, {"sentence": 0}, {}):
        assert as_editor.post(target, bad, format="json").status_code == 400, bad


def test_a_first_poll_sends_what_changed_just_before_it(as_viewer, article, body_sentences, editor):
    """A change between the page's rendering and its first poll is not lost (and a viewer,
    who may not write, still follows)."""
    sentence = body_sentences[3]
    set_verdict(sentence=sentence, editor=editor, verdict="unverified", expected_version=0)
    body = poll(as_viewer, article)
    assert [s["sentence"] for s in body["sentences"]] == [sentence.pk]
    assert body["cursor"] < body["sentences"][0]["revision"]
    age_revisions(seconds=120)
    assert poll(as_viewer, article)["sentences"] == []


def test_stored_matches_are_reported_once_per_sentence_at_no_extra_cost(
    as_editor, article, body_sentences, newsroom
):
    from annotations.models import ReferenceFactCheck, SentenceMatch
    from annotations.services.matches import FoundMatch, store_matches

    first = poll(as_editor, article)
    assert first["matches"] == [] and first["match_cursor"] >= 0
    with CaptureQueriesContext(connection) as quiet:
        body = poll(as_editor, article, after=first["cursor"], matches_after=first["match_cursor"])
    assert body["matches"] == []
    check = ReferenceFactCheck.objects.create(
        newsroom=newsroom, claim="Eine Behauptung", url="https://checks.example/1"
    )
    one, two = body_sentences[:2]
    found = [
        FoundMatch(one.pk, ("f", check.pk), 1, 0.9, 0.8),
        FoundMatch(one.pk, ("f", check.pk), 2, 0.8, 0.7),
        FoundMatch(two.pk, ("f", check.pk), 1, 0.9, 0.8),
    ]
    store_matches(version_id=article.current_version_id, matches=found)
    assert SentenceMatch.objects.count() == 3
    with CaptureQueriesContext(connection) as busy:
        body = poll(as_editor, article, after=first["cursor"], matches_after=first["match_cursor"])
    assert body["matches"] == [one.pk, two.pk]
    assert len(busy) == len(quiet)
    # Settled rows are not sent again.
    SentenceMatch.objects.update(created_at=datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC))
    again = poll(as_editor, article, after=first["cursor"], matches_after=body["match_cursor"])
    later = poll(as_editor, article, after=first["cursor"], matches_after=again["match_cursor"])
    assert later["matches"] == []


def test_a_bad_match_cursor_is_400(as_editor, article):
    for bad in ("-1", "x"):
        response = as_editor.get(url(article, matches_after=bad))
        assert response.status_code == 400, bad
