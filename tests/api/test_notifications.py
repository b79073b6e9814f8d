"""The inbox: which events notify whom, written with their cause, read only by their owner."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from annotations.models import Notification
from annotations.services import review
from annotations.services.comments import add_comment
from annotations.services.errors import InvalidInput
from annotations.services.verdicts import set_verdict
from annotations.services.versions import import_version
from tests.api.conftest import client_for
from tests.factories import member

pytestmark = pytest.mark.django_db

URL = "/api/notifications/"


def kinds(user) -> list[str]:
    return sorted(Notification.objects.filter(recipient=user).values_list("kind", flat=True))


def submitted(sentence, editor):
    set_verdict(sentence=sentence, editor=editor, verdict="verified", expected_version=0)
    return review.submit(sentence=sentence, editor=editor)


def test_review_results_reach_the_verdicts_author_not_the_reviewer(sentence, editor, reviewer):
    submitted(sentence, editor)
    review.request_changes(sentence=sentence, reviewer=reviewer, comment="Source <b>please</b>")
    review.submit(sentence=sentence, editor=editor)
    review.approve(sentence=sentence, reviewer=reviewer)
    assert kinds(editor) == ["approved", "changes_requested"]
    assert kinds(reviewer) == []
    asked = Notification.objects.get(recipient=editor, kind="changes_requested")
    assert (asked.actor_id, asked.sentence_id, asked.text) == (
        reviewer.pk,
        sentence.pk,
        "Source <b>please</b>",
    )


def test_assignment_notifies_the_assignee_once(article, sentence, editor, second_editor):
    review.assign_sentence(sentence=sentence, assignee_id=second_editor.pk, by=editor)
    review.assign_sentence(sentence=sentence, assignee_id=second_editor.pk, by=editor)
    review.assign_sentence(sentence=sentence, assignee_id=editor.pk, by=editor)  # oneself: quiet
    review.assign_article(article=article, assignee_id=second_editor.pk, by=editor)
    assert kinds(second_editor) == ["assigned", "assigned"]
    assert kinds(editor) == []


def test_new_version_notifies_who_works_on_the_article(
    article, sentence, editor, second_editor, reviewer, seed_text
):
    submitted(sentence, second_editor)
    other = article.sentences.filter(heading=False).order_by("ordinal")[5]
    review.assign_sentence(sentence=other, assignee_id=reviewer.pk, by=second_editor)
    import_version(article=article, text=seed_text + "\n\nEin neuer Absatz.", imported_by=editor)
    assert kinds(second_editor) == ["new_version"]
    assert kinds(reviewer) == ["assigned", "new_version"]
    assert kinds(editor) == []  # the importer


def test_a_failed_cause_leaves_no_notification(sentence, editor, reviewer):
    submitted(sentence, editor)
    with pytest.raises(InvalidInput):
        review.request_changes(sentence=sentence, reviewer=reviewer, comment="x" * 6000)
    assert not Notification.objects.exists()


def test_api_lists_only_the_callers_own_with_links_to_the_sentence(
    sentence, editor, second_editor, outsider, as_second_editor, as_editor, as_outsider
):
    add_comment(author=editor, article=sentence.article, sentence=sentence, body="@editor2 look")
    body = as_second_editor.get(URL).json()
    assert body["count"] == 1
    item = body["results"][0]
    assert item["kind"] == "mentioned" and item["actor"]["username"] == "editor"
    assert item["read"] is False and item["text"] == "@editor2 look"
    assert item["url"] == f"/articles/{sentence.article_id}/?sentence={sentence.pk}"
    assert item["message"] == "editor mentioned you"
    assert as_editor.get(URL).json()["count"] == 0
    assert as_outsider.get(URL).json()["count"] == 0
    assert as_outsider.post(f"{URL}{item['id']}/read/").status_code == 404
    assert as_editor.post(f"{URL}{item['id']}/read/").status_code == 404
    assert Notification.objects.get().read_at is None


def test_mark_one_read_then_all(sentence, editor, second_editor, as_second_editor):
    for n in range(3):
        add_comment(
            author=editor, article=sentence.article, sentence=sentence, body=f"@editor2 {n}"
        )
    count = "/api/notifications/unread-count/"
    assert as_second_editor.get(count).json() == {"unread": 3}
    first = as_second_editor.get(URL).json()["results"][0]["id"]
    read = as_second_editor.post(f"{URL}{first}/read/")
    assert read.status_code == 200 and read.json()["read"] is True
    assert as_second_editor.post(f"{URL}{first}/read/").status_code == 200  # again: no change
    assert as_second_editor.get(count).json() == {"unread": 2}
    assert [n["id"] for n in as_second_editor.get(URL, {"unread": "true"}).json()["results"]] != []
    assert as_second_editor.post(f"{URL}read-all/").json() == {"marked": 2}
    assert as_second_editor.get(count).json() == {"unread": 0}
    assert as_second_editor.get(URL, {"unread": "true"}).json()["count"] == 0
    assert as_second_editor.get(URL, {"unread": "soon"}).status_code == 400


def test_notifications_of_a_newsroom_left_are_not_shown(sentence, editor, newsroom):
    leaver = member(newsroom, "editor", "leaver")
    add_comment(author=editor, article=sentence.article, sentence=sentence, body="@leaver hi")
    leaver.memberships.all().delete()
    client = client_for(leaver)
    assert client.get(URL).json()["count"] == 0
    assert client.get("/api/notifications/unread-count/").json() == {"unread": 0}


def test_anonymous_gets_401(client):
    assert client.get(URL).status_code == 401
    assert client.get("/api/notifications/unread-count/").status_code == 401


def test_list_costs_the_same_queries_for_one_notification_or_many(
    article, editor, second_editor, as_second_editor
):
    body = list(article.sentences.filter(heading=False).order_by("ordinal")[:30])
    add_comment(author=editor, article=article, sentence=body[0], body="@editor2")
    with CaptureQueriesContext(connection) as one:
        assert as_second_editor.get(URL).json()["count"] == 1
    for sentence in body[1:]:
        add_comment(author=editor, article=article, sentence=sentence, body="@editor2 more")
    with CaptureQueriesContext(connection) as many:
        assert as_second_editor.get(URL).json()["count"] == len(body)
    assert len(many) == len(one)


# --- the inbox page ------------------------------------------------------------------------
def test_inbox_page_escapes_the_text_marks_mentions_and_follows_to_the_sentence(
    client, sentence, editor, second_editor
):
    add_comment(
        author=editor,
        article=sentence.article,
        sentence=sentence,
        body='<img src=x onerror="alert(1)"> @editor2 @stranger',
    )
    client.force_login(second_editor)
    page = client.get("/inbox/").content.decode()
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page
    assert "<img src=x" not in page
    assert '<mark class="mention">@editor2</mark>' in page
    assert '<mark class="mention">@stranger' not in page
    note = Notification.objects.get()
    response = client.get(f"/inbox/{note.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/articles/{sentence.article_id}/?sentence={sentence.pk}"
    note.refresh_from_db()
    assert note.read_at is not None


def test_inbox_page_never_opens_someone_elses(client, sentence, editor, second_editor, outsider):
    add_comment(author=editor, article=sentence.article, sentence=sentence, body="@editor2")
    note = Notification.objects.get()
    client.force_login(outsider)
    assert client.get(f"/inbox/{note.pk}/").status_code == 404
    assert client.post(f"/inbox/{note.pk}/read/").status_code == 404
    assert "@editor2" not in client.get("/inbox/").content.decode()
    client.post("/inbox/read-all/")
    note.refresh_from_db()
    assert note.read_at is None
