"""The desk's statistics (``GET /api/stats/``, the statistics page and its CSV downloads):
figures from a hand-made fixture, a constant number of queries, and no other newsroom's rows."""

import pytest

from annotations.models import SentenceTag
from annotations.selectors.desk_stats import get_desk_stats
from annotations.selectors.readiness import get_article_readiness
from annotations.services.articles import import_article
from annotations.services.attribution_checks import set_attribution_check
from annotations.services.review import approve, request_changes, submit
from annotations.services.verdicts import set_verdict
from tests.annotations.test_pretag_stats import acceptance_fixture
from tests.api.conftest import client_for
from tests.factories import member

pytestmark = pytest.mark.django_db

TEXT = "Die Stadt zählte 12.000 Einwohner. Es regnete. Der Bürgermeister lachte."


def tagged_article(newsroom, editor, title):
    article, _job = import_article(
        newsroom=newsroom, title=title, text=TEXT, language="de", imported_by=editor
    )
    sentences = list(article.sentences.filter(heading=False).order_by("ordinal"))
    for index, sentence in enumerate(sentences):
        tag = SentenceTag.objects.create(
            sentence=sentence, tagger_version="t-1", checkworthiness=0.9 if index == 0 else 0.1,
            claim=index == 0,
        )  # fmt: skip
        sentence.pretag = tag
        sentence.save(update_fields=["pretag"])
    return sentences


def desk(newsroom, editor, reviewer):
    """Two articles: one ready (its claim approved), one whose claim went back for changes."""
    ready = tagged_article(newsroom, editor, "Fertig")
    waiting = tagged_article(newsroom, editor, "Offen")
    for sentence in (ready[0], waiting[0]):
        set_verdict(sentence=sentence, editor=editor, verdict="unverified", expected_version=0)
        submit(sentence=sentence, editor=editor)
    approve(sentence=ready[0], reviewer=reviewer)
    request_changes(sentence=waiting[0], reviewer=reviewer, comment="Quelle fehlt.")


def test_figures_match_the_hand_made_fixture(newsroom, editor, reviewer):
    desk(newsroom, editor, reviewer)
    stats = get_desk_stats(newsroom_id=newsroom.pk)
    [mix] = stats["verdict_mix"]
    assert (mix["unverified"], mix["verified"], mix["total"]) == (2, 0, 2)
    [week] = stats["articles_per_week"]
    assert (week["imported"], week["ready"]) == (2, 1)
    assert stats["import_to_ready"]["articles"] == 1
    assert stats["import_to_ready"]["median_hours"] >= 0
    [turnaround] = stats["review_turnaround"]
    assert turnaround["reviewed"] == 2 and turnaround["mean_hours"] >= 0
    assert stats["editor_throughput"] == [
        {"editor": "editor", "verdicts": 2, "approved": 1, "changes_requested": 1}
    ]
    [changes] = stats["changes_requested"]
    assert (changes["reviews"], changes["changes_requested"], changes["rate"]) == (2, 1, 0.5)
    [version] = stats["pretag_versions"]
    assert (version["tagger_version"], version["flagged"], version["confirmed"]) == ("t-1", 2, 2)


def test_queries_do_not_grow_with_rows(newsroom, editor, reviewer, django_assert_num_queries):
    desk(newsroom, editor, reviewer)
    with django_assert_num_queries(9):
        get_desk_stats(newsroom_id=newsroom.pk)
    desk(newsroom, editor, reviewer)
    desk(newsroom, editor, reviewer)
    with django_assert_num_queries(9):
        stats = get_desk_stats(newsroom_id=newsroom.pk)
    assert stats["articles_per_week"][0]["imported"] == 6


def test_another_newsrooms_rows_never_count(newsroom, editor, reviewer, other_newsroom):
    desk(newsroom, editor, reviewer)
    theirs = member(other_newsroom, "editor", "their-editor")
    their_reviewer = member(other_newsroom, "reviewer", "their-reviewer")
    desk(other_newsroom, theirs, their_reviewer)
    desk(other_newsroom, theirs, their_reviewer)
    stats = get_desk_stats(newsroom_id=newsroom.pk)
    assert stats["articles_per_week"][0]["imported"] == 2
    assert [e["editor"] for e in stats["editor_throughput"]] == ["editor"]
    assert stats["verdict_mix"][0]["total"] == 2


def test_api_answers_the_members_newsroom_only(newsroom, editor, reviewer, viewer, outsider):
    desk(newsroom, editor, reviewer)
    response = client_for(viewer).get("/api/stats/")
    assert response.status_code == 200
    body = response.json()
    assert body["newsroom"] == newsroom.pk and body["articles_per_week"][0]["ready"] == 1
    denied = client_for(outsider).get("/api/stats/", {"newsroom": newsroom.pk})
    assert denied.status_code == 404
    assert client_for(outsider).get("/api/stats/").json()["articles_per_week"] == []


def test_api_refuses_a_newsroom_that_is_not_a_number(viewer):
    response = client_for(viewer).get("/api/stats/", {"newsroom": "abc"})
    assert response.status_code == 400 and "newsroom" in response.json()["fields"]


def test_page_shows_every_chart_with_its_table_and_csv(client, newsroom, editor, reviewer):
    desk(newsroom, editor, reviewer)
    client.force_login(editor)
    page = client.get("/stats/")
    assert page.status_code == 200
    html = page.content.decode()
    keys = ("verdicts", "articles", "turnaround", "editors", "changes", "pretag", "acceptance")
    for key in keys:
        assert f'id="stat-{key}"' in html and f"/stats/{key}.csv" in html
    assert html.count("<svg") == 7 and "style=" not in html.split("<main")[1]
    download = client.get("/stats/editors.csv")
    assert download["Content-Type"].startswith("text/csv")
    assert download.content.decode().splitlines() == [
        "Editor,Verdicts,Approved,Changes requested",
        "editor,2,1,1",
    ]


def test_page_in_german(client, newsroom, editor, reviewer):
    desk(newsroom, editor, reviewer)
    client.force_login(editor)
    html = client.get("/stats/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Statistik" in html and "Urteile pro Woche" in html


def test_page_and_csv_are_404_for_another_newsroom(client, newsroom, editor, reviewer, outsider):
    desk(newsroom, editor, reviewer)
    client.force_login(outsider)
    assert client.get("/stats/", {"newsroom": newsroom.pk}).status_code == 404
    assert client.get("/stats/editors.csv", {"newsroom": newsroom.pk}).status_code == 404
    assert "editor,2" not in client.get("/stats/editors.csv").content.decode()
    assert client.get("/stats/nothing.csv").status_code == 404


def test_a_formula_looking_editor_name_is_neutralised_in_csv(client, newsroom, reviewer):
    sly = member(newsroom, "editor", "=cmd")
    desk(newsroom, sly, reviewer)
    client.force_login(sly)
    assert "'=cmd,2,1,1" in client.get("/stats/editors.csv").content.decode()


def test_an_article_blocked_only_by_a_missing_attribution_check_is_not_ready(
    newsroom, editor, reviewer, viewer
):
    """The statistics use the readiness rules of the article page, attribution check included."""
    claim, *_rest = tagged_article(newsroom, editor, "Zitiert")
    message = {"message_start": claim.start, "message_end": claim.end - 1, "source": "Kim"}
    claim.pretag.spans = [
        {"start": claim.start, "end": claim.start + 3, "kind": "attribution", "payload": message}
    ]
    claim.pretag.save(update_fields=["spans"])
    set_verdict(sentence=claim, editor=editor, verdict="unverified", expected_version=0)
    submit(sentence=claim, editor=editor)
    approve(sentence=claim, reviewer=reviewer)
    blockers = get_article_readiness(article=claim.article)["blockers"]
    assert [b["code"] for b in blockers] == ["no_attribution_check"]
    body = client_for(viewer).get("/api/stats/").json()
    assert body["articles_per_week"][0] == {**body["articles_per_week"][0], "ready": 0}
    assert body["import_to_ready"]["articles"] == 0

    set_attribution_check(sentence=claim, editor=editor, result="confirmed", source="Kim")
    assert get_article_readiness(article=claim.article)["ready"]
    assert client_for(viewer).get("/api/stats/").json()["articles_per_week"][0]["ready"] == 1


def test_page_shows_the_acceptance_of_speakers_and_dates(client, newsroom, editor):
    acceptance_fixture(newsroom, editor)
    client.force_login(editor)
    assert "Speakers and dates the desk accepted" in client.get("/stats/").content.decode()
    rows = client.get("/stats/acceptance.csv").content.decode().splitlines()
    assert rows == [
        "Tagger version,Speakers,Speakers accepted,Speaker acceptance,Dates,Dates accepted,"
        "Date acceptance",
        "t-1,4,2,0.50 (0.15–0.85),3,2,0.67 (0.21–0.94)",
    ]
