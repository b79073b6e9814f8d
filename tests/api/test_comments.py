"""Comment threads: writing, mentions, the edit window, resolve / reopen, the trail, tenancy,
the live feed and the JSON export, and constant query counts."""

import datetime
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from annotations.models import Comment, CommentRevision, Notification
from annotations.services.comments import add_comment, mentioned_names
from annotations.services.versions import import_version
from tests.api.conftest import client_for

pytestmark = pytest.mark.django_db

XSS = '<img src=x onerror="alert(1)"><script>alert(2)</script> & @editor2'


def comments_url(sentence) -> str:
    return f"/api/sentences/{sentence.pk}/comments/"


def post(client, sentence, body):
    return client.post(comments_url(sentence), {"body": body}, format="json")


def test_sentence_comment_is_stored_as_plain_text_listed_and_audited(
    as_editor, sentence, editor, second_editor
):
    response = post(as_editor, sentence, XSS)
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["body"] == XSS  # stored and returned as written: escaping is the renderer's
    assert created["mentions"] == ["editor2"]
    assert created["sentence"] == sentence.pk and created["author"]["username"] == "editor"
    assert created["resolved"] is False and created["edited_at"] is None
    listed = as_editor.get(comments_url(sentence)).json()
    assert [c["id"] for c in listed] == [created["id"]]
    trail = CommentRevision.objects.get(comment_id=created["id"])
    assert (trail.action, trail.actor_id, trail.before) == ("create", editor.pk, {})
    assert trail.after["body"] == XSS


@pytest.mark.parametrize(
    ("body", "code"),
    [("", "required"), ("   \n ", "required"), ("x" * 5001, "too_long"), ("a\u202eb", "invalid")],
)
def test_bad_comment_gets_400_naming_the_field_and_writes_nothing(as_editor, sentence, body, code):
    response = post(as_editor, sentence, body)
    assert response.status_code == 400, response.content
    assert "body" in response.json()["fields"]
    assert not Comment.objects.exists() and not CommentRevision.objects.exists()


def test_body_must_be_a_string(as_editor, sentence):
    response = as_editor.post(comments_url(sentence), {"body": ["x"]}, format="json")
    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_viewer_cannot_comment_but_reads_the_thread(as_viewer, as_editor, sentence):
    post(as_editor, sentence, "Seen.")
    assert post(as_viewer, sentence, "Me too").status_code == 403
    assert len(as_viewer.get(comments_url(sentence)).json()) == 1
    assert Comment.objects.count() == 1


def test_other_newsrooms_comments_are_404_through_every_door(as_editor, as_outsider, sentence):
    comment = post(as_editor, sentence, "Internal note").json()
    assert as_outsider.get(comments_url(sentence)).status_code == 404
    assert post(as_outsider, sentence, "Hello").status_code == 404
    assert as_outsider.get(f"/api/articles/{sentence.article_id}/comments/").status_code == 404
    for path in ("", "resolve/", "reopen/"):
        url = f"/api/comments/{comment['id']}/{path}"
        response = as_outsider.post(url) if path else as_outsider.get(url)
        assert response.status_code == 404
    patch = as_outsider.patch(f"/api/comments/{comment['id']}/", {"body": "x"}, format="json")
    assert patch.status_code == 404
    assert Comment.objects.get().body == "Internal note"


def test_mentions_reach_members_of_the_newsroom_only(
    as_editor, sentence, editor, second_editor, outsider
):
    body = "@editor2 and @outsider, also @nobody and @editor (me), mail x@editor2.org."
    created = post(as_editor, sentence, body).json()
    # The other newsroom's admin and unknown names stay plain text and learn nothing.
    assert created["mentions"] == ["editor", "editor2"]
    notes = Notification.objects.all()
    assert [(n.recipient_id, n.kind) for n in notes] == [(second_editor.pk, "mentioned")]
    assert notes[0].sentence_id == sentence.pk and notes[0].comment_id == created["id"]
    assert not Notification.objects.filter(recipient=outsider).exists()


def test_mention_parsing_leaves_addresses_and_full_stops_out():
    assert mentioned_names("@anna. (@b.berg) x@c.org @anna") == ["anna", "b.berg"]


def test_author_edits_within_the_window_and_is_refused_after_it(
    as_editor, as_second_editor, sentence, second_editor
):
    created = post(as_editor, sentence, "First words").json()
    url = f"/api/comments/{created['id']}/"
    assert as_second_editor.patch(url, {"body": "Mine now"}, format="json").status_code == 403
    edited = as_editor.patch(url, {"body": "Better words, @editor2"}, format="json")
    assert edited.status_code == 200, edited.content
    assert edited.json()["body"] == "Better words, @editor2"
    assert edited.json()["edited_at"] is not None
    # A mention added by the edit notifies; the edit is in the trail with what it replaced.
    assert Notification.objects.filter(recipient=second_editor, kind="mentioned").count() == 1
    trail = CommentRevision.objects.filter(comment_id=created["id"]).order_by("pk")
    assert [r.action for r in trail] == ["create", "edit"]
    assert trail[1].before["body"] == "First words"
    Comment.objects.filter(pk=created["id"]).update(
        created_at=Comment.objects.get(pk=created["id"]).created_at - datetime.timedelta(minutes=6)
    )
    late = as_editor.patch(url, {"body": "Too late"}, format="json")
    assert late.status_code == 403
    assert late.json()["code"] == "edit_window_closed"
    assert "5 minutes" in late.json()["message"]
    assert Comment.objects.get(pk=created["id"]).body == "Better words, @editor2"


def test_resolve_and_reopen_are_transitions_in_the_trail(as_editor, as_second_editor, sentence):
    created = post(as_editor, sentence, "Check the date").json()
    base = f"/api/comments/{created['id']}/"
    resolved = as_second_editor.post(base + "resolve/")
    assert resolved.status_code == 200
    assert resolved.json()["resolved"] is True
    assert resolved.json()["resolved_by"]["username"] == "editor2"
    again = as_editor.post(base + "resolve/")
    assert again.status_code == 409 and again.json()["code"] == "invalid_transition"
    reopened = as_editor.post(base + "reopen/")
    assert reopened.status_code == 200 and reopened.json()["resolved"] is False
    assert as_editor.post(base + "reopen/").status_code == 409
    actions = CommentRevision.objects.filter(comment_id=created["id"]).order_by("pk")
    assert [r.action for r in actions] == ["create", "resolve", "reopen"]


def test_viewer_cannot_resolve(as_editor, as_viewer, sentence):
    created = post(as_editor, sentence, "Check").json()
    assert as_viewer.post(f"/api/comments/{created['id']}/resolve/").status_code == 403


def test_article_thread_and_all_threads(as_editor, article, sentence):
    url = f"/api/articles/{article.pk}/comments/"
    on_article = as_editor.post(url, {"body": "Headline needs a source"}, format="json")
    assert on_article.status_code == 201 and on_article.json()["sentence"] is None
    post(as_editor, sentence, "On a sentence")
    assert [c["body"] for c in as_editor.get(url).json()] == ["Headline needs a source"]
    everything = as_editor.get(url, {"all": "true"}).json()
    assert [c["sentence"] for c in everything] == [None, sentence.pk]
    assert as_editor.get(url, {"all": "maybe"}).status_code == 400


def test_old_version_sentence_takes_no_new_comment(as_editor, article, sentence, editor, seed_text):
    import_version(article=article, text=seed_text + "\n\nEin neuer Absatz.", imported_by=editor)
    response = post(as_editor, sentence, "Late")
    assert response.status_code == 409
    assert not Comment.objects.exists()


def test_thread_costs_the_same_queries_for_one_comment_or_twenty(editor, second_editor, sentence):
    client = client_for(editor)
    add_comment(author=editor, article=sentence.article, sentence=sentence, body="one")
    with CaptureQueriesContext(connection) as one:
        assert len(client.get(comments_url(sentence)).json()) == 1
    for n in range(19):
        author = second_editor if n % 2 else editor
        add_comment(author=author, article=sentence.article, sentence=sentence, body=f"n{n}")
    with CaptureQueriesContext(connection) as many:
        assert len(client.get(comments_url(sentence)).json()) == 20
    assert len(many) == len(one)


def test_a_new_comment_reaches_open_workspaces_through_the_live_feed(
    as_editor, as_second_editor, article, sentence
):
    url = f"/api/articles/{article.pk}/changes/"
    first = as_second_editor.get(url).json()
    assert first["comments"] == []
    created = post(as_editor, sentence, "Look here").json()
    after = as_second_editor.get(
        url, {"after": first["cursor"], "comments_after": first["comment_cursor"]}
    ).json()
    assert [(c["comment"], c["sentence"], c["action"], c["by"]) for c in after["comments"]] == [
        (created["id"], sentence.pk, "create", "editor")
    ]
    with CaptureQueriesContext(connection) as quiet:
        as_second_editor.get(url, {"after": first["cursor"], "comments_after": 10**9})
    for n in range(5):
        post(as_editor, sentence, f"more {n}")
    with CaptureQueriesContext(connection) as busy:
        body = as_second_editor.get(
            url, {"after": first["cursor"], "comments_after": first["comment_cursor"]}
        ).json()
    assert len(body["comments"]) == 6
    assert len(busy) == len(quiet)


def test_json_export_carries_each_sentence_thread_at_constant_queries(
    editor, second_editor, article
):
    sentences = list(article.sentences.filter(heading=False).order_by("ordinal")[:6])
    client = client_for(editor)

    def export() -> tuple[list, int]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/api/review-queue/export/", {"format": "json"})
            rows = json.loads(b"".join(response.streaming_content))
        return rows, len(queries)

    add_comment(author=editor, article=article, sentence=sentences[0], body="<b>@editor2</b>")
    rows, few = export()
    first = next(r for r in rows if r["sentence_id"] == sentences[0].pk)
    assert [(c["author"], c["body"], c["mentions"]) for c in first["comments"]] == [
        ("editor", "<b>@editor2</b>", ["editor2"])
    ]
    for sentence in sentences:
        add_comment(author=second_editor, article=article, sentence=sentence, body="again")
    rows, many = export()
    assert all(
        len(r["comments"]) >= 1 for r in rows if r["sentence_id"] in {s.pk for s in sentences}
    )
    assert many == few
    lines = client.get("/api/review-queue/export/", {"format": "jsonl"})
    parsed = [json.loads(x) for x in b"".join(lines.streaming_content).splitlines()]
    assert parsed == rows


def test_search_finds_a_sentence_by_its_comment_across_inflection_and_tenancy(
    as_editor, as_outsider, editor, article, sentence
):
    add_comment(author=editor, article=article, sentence=sentence, body="Die Quellenangaben fehlen")
    add_comment(author=editor, article=article, body="Quellenangaben im Artikel")  # no sentence
    results = as_editor.get("/api/search/", {"q": "Quellenangabe"}).json()["results"]
    assert [r["sentence"] for r in results] == [sentence.pk]
    comment_match = results[0]["matches"][-1]
    assert comment_match["field"] == "comment"
    assert comment_match["text"] == "Die Quellenangaben fehlen"
    assert as_outsider.get("/api/search/", {"q": "Quellenangabe"}).json()["results"] == []
    edited = Comment.objects.get(sentence=sentence)
    Comment.objects.filter(pk=edited.pk).update(body="Alles belegt")
    assert as_editor.get("/api/search/", {"q": "Quellenangabe"}).json()["results"] == []
