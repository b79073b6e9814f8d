"""Dismissing a pre-tag over HTTP, undoing it, the listing that shows it, and the precision
of each tagger version at /api/stats/pretag/."""

import pytest

from annotations.models import Dismissal, Role, SentenceTag
from annotations.services.articles import import_article
from annotations.services.verdicts import set_verdict
from annotations.services.versions import import_version
from tests.factories import MembershipFactory

from .conftest import client_for

pytestmark = pytest.mark.django_db

ALLOWED = "opinion, prediction, not_checkable, duplicate, other"


def dismiss_url(sentence) -> str:
    return f"/api/sentences/{sentence.pk}/dismiss/"


def post_dismiss(client, sentence, **body):
    return client.post(dismiss_url(sentence), body, format="json")


def test_editor_dismisses_a_sentence_and_gets_201_with_the_dismissal(as_editor, sentence):
    response = post_dismiss(as_editor, sentence, reason="opinion", note="Kommentar")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["sentence"], body["reason"], body["note"]) == (sentence.pk, "opinion", "Kommentar")
    assert body["by"]["username"] == "editor" and body["at"] and body["undone_at"] is None


def test_dismissing_again_changes_the_reason_and_gets_200(as_editor, sentence):
    post_dismiss(as_editor, sentence, reason="opinion")
    response = post_dismiss(as_editor, sentence, reason="prediction")
    assert response.status_code == 200 and response.json()["reason"] == "prediction"
    assert Dismissal.objects.filter(sentence=sentence).count() == 1


def test_unknown_reason_gets_400_naming_the_allowed_reasons(as_editor, sentence):
    response = post_dismiss(as_editor, sentence, reason="boring")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid" and ALLOWED in body["message"] and "boring" in body["message"]
    assert "reason" in body["fields"]
    assert not Dismissal.objects.exists()


def test_missing_reason_gets_400_naming_the_allowed_reasons(as_editor, sentence):
    response = post_dismiss(as_editor, sentence)
    assert response.status_code == 400 and ALLOWED in response.json()["message"]


def test_viewer_is_denied_dismissing_with_403(as_viewer, sentence):
    assert post_dismiss(as_viewer, sentence, reason="opinion").status_code == 403
    assert not Dismissal.objects.exists()


def test_outsider_gets_404_for_another_newsrooms_sentence(as_outsider, sentence):
    assert post_dismiss(as_outsider, sentence, reason="opinion").status_code == 404
    assert as_outsider.delete(dismiss_url(sentence)).status_code == 404
    assert not Dismissal.objects.exists()


def test_sentence_with_a_verdict_gets_409_has_verdict(as_editor, editor, sentence):
    set_verdict(sentence=sentence, editor=editor, verdict="disputed", expected_version=0)
    response = post_dismiss(as_editor, sentence, reason="opinion")
    assert response.status_code == 409 and response.json()["code"] == "has_verdict"


def test_sentence_of_a_superseded_version_gets_409(as_editor, editor, article, sentence):
    import_version(article=article, text=article.text + "\n\nEin neuer Absatz.", imported_by=editor)
    response = post_dismiss(as_editor, sentence, reason="opinion")
    assert response.status_code == 409 and response.json()["code"] == "article_version_changed"


@pytest.mark.parametrize("how", ["delete", "post"])
def test_undo_by_delete_or_post_marks_the_dismissal_undone(as_editor, sentence, how):
    post_dismiss(as_editor, sentence, reason="duplicate")
    if how == "delete":
        response = as_editor.delete(dismiss_url(sentence))
    else:
        response = as_editor.post(dismiss_url(sentence) + "undo/")
    assert response.status_code == 200, response.json()
    assert response.json()["undone_at"] and response.json()["undone_by"]["username"] == "editor"
    assert not Dismissal.objects.filter(sentence=sentence, undone_at__isnull=True).exists()
    # and it can be dismissed afresh
    assert post_dismiss(as_editor, sentence, reason="other").status_code == 201


def test_undo_without_a_dismissal_gets_409_not_dismissed(as_editor, sentence):
    response = as_editor.delete(dismiss_url(sentence))
    assert response.status_code == 409 and response.json()["code"] == "not_dismissed"


def test_viewer_is_denied_undo_with_403(as_editor, as_viewer, sentence):
    post_dismiss(as_editor, sentence, reason="opinion")
    assert as_viewer.delete(dismiss_url(sentence)).status_code == 403
    assert as_viewer.post(dismiss_url(sentence) + "undo/").status_code == 403


def test_dismissal_and_undo_are_in_the_audit_trail(as_editor, as_viewer, sentence):
    post_dismiss(as_editor, sentence, reason="opinion", note="Meinung")
    as_editor.delete(dismiss_url(sentence))
    trail = as_viewer.get(f"/api/sentences/{sentence.pk}/revisions/").json()
    assert [(r["action"], r["actor"]["username"]) for r in trail] == [
        ("dismiss", "editor"),
        ("undo_dismiss", "editor"),
    ]
    assert trail[0]["after"] == {"dismissed": {"reason": "opinion", "note": "Meinung"}}
    assert trail[1]["before"] == trail[0]["after"] and trail[1]["after"] == {}


def listing(client, article, **params):
    response = client.get(f"/api/articles/{article.pk}/sentences/", params)
    assert response.status_code == 200
    return {item["id"]: item for item in response.json()["results"]}


def test_sentence_listing_shows_the_dismissal_without_extra_queries(
    as_editor, as_viewer, article, sentence, django_assert_num_queries
):
    with django_assert_num_queries(4):  # token+user, article, count, page (as pinned elsewhere)
        before = listing(as_viewer, article, page_size=500)
    assert all(item["dismissed"] is None for item in before.values())
    post_dismiss(as_editor, sentence, reason="not_checkable")
    with django_assert_num_queries(4):
        after = listing(as_viewer, article, page_size=500)
    shown = after[sentence.pk]["dismissed"]
    assert shown["reason"] == "not_checkable" and shown["by"]["username"] == "editor"
    assert shown["at"]
    assert sum(1 for item in after.values() if item["dismissed"]) == 1
    assert len(after) == len(before)  # the join adds no rows
    as_editor.delete(dismiss_url(sentence))
    assert listing(as_viewer, article, page_size=500)[sentence.pk]["dismissed"] is None


def test_note_with_control_characters_gets_400(as_editor, sentence):
    response = post_dismiss(as_editor, sentence, reason="other", note="a\u202eb")
    assert response.status_code == 400 and "note" in response.json()["fields"]
    assert not Dismissal.objects.exists()


def test_a_sentence_loaded_with_its_models_shows_the_dismissal_too(as_editor, sentence):
    post_dismiss(as_editor, sentence, reason="duplicate")
    response = as_editor.put(
        f"/api/sentences/{sentence.pk}/assignee/", {"assignee": None}, format="json"
    )
    assert response.status_code == 200
    assert response.json()["dismissed"]["reason"] == "duplicate"


# --- /api/stats/pretag/ ----------------------------------------------------------------------
def tag_all(article, *, version: str = "t-1", flagged: int) -> list:
    sentences = list(article.sentences.filter(heading=False).order_by("ordinal"))
    for index, sentence in enumerate(sentences):
        SentenceTag.objects.create(
            sentence=sentence, tagger_version=version, checkworthiness=0.5,
            claim=index < flagged,
        )  # fmt: skip
    return sentences


def test_stats_list_each_tagger_version_of_the_callers_newsroom(
    as_editor, as_viewer, editor, article
):
    sentences = tag_all(article, flagged=4)
    set_verdict(sentence=sentences[0], editor=editor, verdict="verified", expected_version=0)
    set_verdict(sentence=sentences[5], editor=editor, verdict="verified", expected_version=0)
    post_dismiss(as_editor, sentences[1], reason="opinion")
    response = as_viewer.get("/api/stats/pretag/")
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["newsroom"] == article.newsroom_id
    (row,) = body["versions"]
    assert (row["tagger_version"], row["flagged"], row["confirmed"]) == ("t-1", 4, 1)
    assert (row["dismissed"], row["missed"], row["open"]) == (1, 1, 2)
    assert row["precision"]["value"] == 0.5 and row["recall"]["value"] == 0.5
    assert row["precision"]["low"] < 0.5 < row["precision"]["high"]


def test_stats_of_an_outsider_show_nothing_of_our_newsroom(as_editor, as_outsider, article):
    sentences = tag_all(article, flagged=3)
    post_dismiss(as_editor, sentences[0], reason="opinion")
    body = as_outsider.get("/api/stats/pretag/").json()
    assert body["newsroom"] != article.newsroom_id and body["versions"] == []
    asked = as_outsider.get("/api/stats/pretag/", {"newsroom": article.newsroom_id})
    assert asked.status_code == 404


def test_member_of_several_newsrooms_chooses_with_the_newsroom_parameter(
    editor, article, other_newsroom
):
    MembershipFactory(user=editor, newsroom=other_newsroom, role=Role.VIEWER)
    tag_all(article, flagged=2)
    client = client_for(editor)
    unchosen = client.get("/api/stats/pretag/")
    assert unchosen.status_code == 400 and "newsroom" in unchosen.json()["fields"]
    ours = client.get("/api/stats/pretag/", {"newsroom": article.newsroom_id}).json()
    theirs = client.get("/api/stats/pretag/", {"newsroom": other_newsroom.pk}).json()
    assert [r["flagged"] for r in ours["versions"]] == [2] and theirs["versions"] == []


def test_stats_undo_takes_the_dismissal_out_of_the_counts(as_editor, as_viewer, article):
    sentences = tag_all(article, flagged=2)
    post_dismiss(as_editor, sentences[0], reason="opinion")
    as_editor.post(dismiss_url(sentences[0]) + "undo/")
    (row,) = as_viewer.get("/api/stats/pretag/").json()["versions"]
    assert (row["dismissed"], row["open"], row["precision"]) == (0, 2, None)


def test_stats_query_count_is_constant_in_the_number_of_sentences(
    as_editor, as_viewer, editor, newsroom, article, django_assert_num_queries
):
    sentences = tag_all(article, flagged=3)
    post_dismiss(as_editor, sentences[0], reason="opinion")
    # token+user, memberships, the aggregate, the decided tag sets, the corrections
    with django_assert_num_queries(5):
        small = as_viewer.get("/api/stats/pretag/")
    for index in range(3):
        more, _job = import_article(
            newsroom=newsroom, title=f"M{index}", text=article.text, imported_by=editor
        )
        for sentence in tag_all(more, version="t-2", flagged=20)[:5]:
            post_dismiss(as_editor, sentence, reason="other")
    with django_assert_num_queries(5):
        large = as_viewer.get("/api/stats/pretag/")
    assert len(small.json()["versions"]) == 1 and len(large.json()["versions"]) == 2


def test_stats_need_a_login(client):
    assert client.get("/api/stats/pretag/").status_code in (401, 403)
