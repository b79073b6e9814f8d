"""The desk's live feed for the home page and the queue: one poll per page, its tenancy, its
constant cost, and what it reports (changed sentences, imports, jobs, counts, readiness)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from annotations.models import ArticleVersion, Revision
from annotations.selectors.readiness import get_article_readiness
from annotations.services.articles import import_article
from annotations.services.review import approve, submit
from annotations.services.verdicts import set_verdict
from annotations.services.versions import import_version

pytestmark = pytest.mark.django_db
URL = "/api/desk/changes/"
TEXT = "Die Regierung hat am Montag neue Zahlen vorgelegt. Die Opposition kritisierte sie."


def poll(client, **query):
    response = client.get(URL, query)
    assert response.status_code == 200, response.content
    return response.json()


def articles(newsroom, editor, n: int) -> list:
    return [
        import_article(newsroom=newsroom, title=f"A{i}", text=TEXT, language="de",
                       imported_by=editor)[0]
        for i in range(n)
    ]  # fmt: skip


def listed(found) -> str:
    return ",".join(str(a.pk) for a in found)


def age_everything(seconds: int = 120) -> None:
    """Move the log into the past, beyond a first poll's window."""
    past = datetime.timedelta(seconds=seconds)
    for model in (Revision, ArticleVersion):
        for row in model.objects.all():
            model.objects.filter(pk=row.pk).update(created_at=row.created_at - past)


def first_sentence(article):
    return article.sentences.filter(heading=False).order_by("ordinal").first()


def test_a_save_reports_the_sentence_and_the_articles_new_figures(
    as_reviewer, newsroom, editor, reviewer
):
    one, two = articles(newsroom, editor, 2)
    age_everything()
    start = poll(as_reviewer, articles=listed([one, two]))
    assert start["sentences"] == [] and start["articles"] == [] and start["imports"] == []
    assert {j["article"] for j in start["jobs"]} == {one.pk, two.pk}

    sentence = first_sentence(one)
    set_verdict(sentence=sentence, editor=editor, verdict="verified", expected_version=0)
    submit(sentence=sentence, editor=editor)
    approve(sentence=sentence, reviewer=reviewer)
    body = poll(
        as_reviewer,
        articles=listed([one, two]),
        after=start["cursor"],
        versions_after=start["version_cursor"],
    )
    (change,) = body["sentences"]
    assert change["sentence"] == sentence.pk and change["article"] == one.pk
    assert (change["verdict"], change["review_state"], change["by"]) == (
        "verified", "approved", "reviewer"
    )  # fmt: skip
    (figures,) = body["articles"]  # only the article that changed
    assert figures["article"] == one.pk
    assert figures["verdicts"] == {"verified": 1, "disputed": 0, "unverified": 0}
    assert figures["open"] == figures["sentences"] - 1
    readiness = get_article_readiness(article=one)
    assert figures["ready"] == readiness["ready"]
    assert figures["blockers"] == [b["message"] for b in readiness["blockers"]]


def test_a_poll_costs_the_same_queries_for_2_and_for_10_articles(as_editor, newsroom, editor):
    def cost(n: int) -> tuple[int, int]:
        found = articles(newsroom, editor, n)
        age_everything()
        start = poll(as_editor, articles=listed(found))
        cursors = {"after": start["cursor"], "versions_after": start["version_cursor"]}
        with CaptureQueriesContext(connection) as quiet:
            poll(as_editor, articles=listed(found), **cursors)
        for article in found:
            sentence = first_sentence(article)
            set_verdict(sentence=sentence, editor=editor, verdict="disputed", expected_version=0)
        with CaptureQueriesContext(connection) as busy:
            body = poll(as_editor, articles=listed(found), **cursors)
        assert {f["article"] for f in body["articles"]} == {a.pk for a in found}
        return len(quiet), len(busy)

    two = cost(2)
    ten = cost(10)
    assert two == ten
    assert two[1] == two[0] + 2  # the changed articles' counts and readiness, once for all


def test_imports_are_reported_and_a_new_version_refreshes_its_row(as_editor, newsroom, editor):
    (old,) = articles(newsroom, editor, 1)
    age_everything()
    start = poll(as_editor, articles=listed([old]))
    cursors = {"after": start["cursor"], "versions_after": start["version_cursor"]}
    (new,) = articles(newsroom, editor, 1)
    import_version(article=old, text=TEXT + " Ein neuer Satz steht hier.", imported_by=editor)
    body = poll(as_editor, articles=listed([old]), **cursors)
    assert [(i["article"], i["version"]) for i in body["imports"]] == [(new.pk, 1), (old.pk, 2)]
    assert body["imports"][0]["title"] == "A0" and body["imports"][0]["by"] == "editor"
    (figures,) = body["articles"]
    assert figures["article"] == old.pk and figures["sentences"] == 3
    (job,) = body["jobs"]
    assert job["version"] == 2


def test_refresh_asks_for_figures_without_a_change(as_editor, newsroom, editor):
    one, two = articles(newsroom, editor, 2)
    age_everything()
    start = poll(as_editor, articles=listed([one, two]))
    body = poll(
        as_editor,
        articles=listed([one, two]),
        refresh=str(two.pk),
        after=start["cursor"],
        versions_after=start["version_cursor"],
    )
    assert [f["article"] for f in body["articles"]] == [two.pk]


def test_the_queue_count_follows_the_filters_when_something_changed(as_editor, newsroom, editor):
    (article,) = articles(newsroom, editor, 1)
    age_everything()
    open_before = poll(as_editor, queue="true", verdict="none")
    assert open_before["queue_count"] == 2  # a first poll counts
    cursors = {"after": open_before["cursor"], "versions_after": open_before["version_cursor"]}
    quiet = poll(as_editor, queue="true", verdict="none", **cursors)
    assert "queue_count" not in quiet
    set_verdict(sentence=first_sentence(article), editor=editor, verdict="verified",
                expected_version=0)  # fmt: skip
    body = poll(as_editor, queue="true", verdict="none", **cursors)
    assert body["queue_count"] == 1


def test_another_newsrooms_desk_is_invisible(as_outsider, newsroom, editor):
    (article,) = articles(newsroom, editor, 1)
    start = poll(as_outsider, articles=str(article.pk), refresh=str(article.pk))
    set_verdict(sentence=first_sentence(article), editor=editor, verdict="verified",
                expected_version=0)  # fmt: skip
    body = poll(
        as_outsider,
        articles=str(article.pk),
        refresh=str(article.pk),
        queue="true",
        after=start["cursor"],
        versions_after=start["version_cursor"],
    )
    assert body["sentences"] == [] and body["imports"] == [] and start["imports"] == []
    assert body["jobs"] == [] and body["articles"] == []
    assert "queue_count" not in body  # nothing of this caller's desk changed


def test_an_unchanged_answer_is_a_304(as_editor, newsroom, editor):
    (article,) = articles(newsroom, editor, 1)
    age_everything()
    start = as_editor.get(URL, {"articles": article.pk})
    query = {
        "articles": article.pk,
        "after": start.json()["cursor"],
        "versions_after": start.json()["version_cursor"],
    }
    first = as_editor.get(URL, query)
    again = as_editor.get(URL, query, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


@pytest.mark.parametrize(
    "query",
    [
        {"articles": "1,x"},
        {"articles": "0"},
        {"articles": ",".join(str(i) for i in range(1, 102))},
        {"after": "-1"},
        {"versions_after": "y"},
        {"refresh": "1;2"},
        {"queue": "true", "verdict": "maybe"},
    ],
)
def test_bad_queries_are_400_with_a_message(as_editor, query):
    response = as_editor.get(URL, query)
    assert response.status_code == 400, query
    assert response.json()["message"]


def test_an_anonymous_caller_is_refused(client):
    assert client.get(URL).status_code in (401, 403)
