"""Articles over HTTP: import (JSON and files), lists with filters, detail, sentences, retag."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from annotations.models import Article, Job, Role
from annotations.services.articles import import_article
from annotations.services.verdicts import set_verdict
from tests.factories import member

pytestmark = pytest.mark.django_db

GERMAN = (
    "Die Regierung in Berlin hat am Montag neue Zahlen vorgelegt. Laut dem Ministerium stieg "
    "die Zahl der Anträge um 12 Prozent. «Wir sind zufrieden», erklärte die Sprecherin."
)
ENGLISH = (
    "The government in London published new figures on Monday. According to the ministry, "
    "applications rose by 12 percent. 'We are pleased,' the spokeswoman said."
)


def test_editor_imports_an_article_as_json_and_gets_its_job(as_editor, newsroom):
    response = as_editor.post(
        "/api/articles/",
        {"title": "Neue Zahlen", "text": GERMAN, "source_url": "https://example.org/a"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["language"] == "de"  # detected
    assert body["newsroom"] == newsroom.pk
    assert body["sentences"] == 3
    assert body["job"]["kind"] == "pretag" and body["job"]["state"] == "queued"
    assert body["status"]["sentences"] == 3


def test_import_with_explicit_language_and_date(as_editor):
    response = as_editor.post(
        "/api/articles/",
        {"title": "Figures", "text": ENGLISH, "language": "en", "published_at": "2024-11-30"},
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["language"] == "en"
    assert response.json()["published_at"] == "2024-11-30"


def test_import_of_a_txt_file(as_editor):
    upload = SimpleUploadedFile("zahlen.txt", GERMAN.encode(), content_type="text/plain")
    response = as_editor.post("/api/articles/", {"file": upload}, format="multipart")
    assert response.status_code == 201, response.json()
    assert response.json()["title"] == "zahlen"


def test_oversized_file_is_a_413_naming_the_limit(as_editor, settings):
    settings.FACTCHECK_MAX_TEXT_BYTES = 1000
    upload = SimpleUploadedFile("big.txt", b"Satz. " * 400, content_type="text/plain")
    response = as_editor.post("/api/articles/", {"file": upload}, format="multipart")
    assert response.status_code == 413
    assert response.json()["code"] == "too_large"
    assert response.json()["fields"] == {"file": ["The file is 2.3 KB; the limit is 1000 bytes."]}
    assert not Article.objects.exists()


def test_import_of_an_html_file_keeps_only_the_main_text(as_editor):
    html = (
        "<html><head><title>Neue Zahlen aus Berlin</title></head><body>"
        "<nav>Startseite | Politik | Sport</nav><article><h1>Neue Zahlen</h1>"
        f"<p>{GERMAN}</p><p>{GERMAN}</p></article><footer>Impressum</footer></body></html>"
    )
    upload = SimpleUploadedFile("page.html", html.encode(), content_type="text/html")
    response = as_editor.post("/api/articles/", {"file": upload}, format="multipart")
    assert response.status_code == 201, response.json()
    article = Article.objects.get(pk=response.json()["id"])
    assert response.json()["title"].startswith("Neue Zahlen")
    assert "Impressum" not in article.text and "Startseite" not in article.text
    assert "Ministerium" in article.text


def test_import_of_a_binary_file_is_refused(as_editor):
    upload = SimpleUploadedFile("photo.png", b"\x89PNG\r\n", content_type="image/png")
    response = as_editor.post("/api/articles/", {"file": upload}, format="multipart")
    assert response.status_code == 415
    assert list(response.json()["fields"]) == ["file"]
    assert not Article.objects.exists()


def test_import_of_a_txt_file_that_is_not_utf8_is_refused(as_editor):
    upload = SimpleUploadedFile("x.txt", "Grüße aus Köln".encode("latin-1"))
    response = as_editor.post("/api/articles/", {"file": upload}, format="multipart")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_encoding"


def test_import_with_empty_title_is_a_400_naming_title(as_editor):
    response = as_editor.post("/api/articles/", {"title": "  ", "text": GERMAN}, format="json")
    assert response.status_code == 400 and list(response.json()["fields"]) == ["title"]


def test_import_with_missing_text_is_a_400_naming_text(as_editor):
    response = as_editor.post("/api/articles/", {"title": "T"}, format="json")
    assert response.status_code == 400 and "text" in response.json()["fields"]


def test_import_with_javascript_source_url_is_a_400(as_editor):
    body = {"title": "T", "text": GERMAN, "source_url": "javascript:alert(1)"}
    response = as_editor.post("/api/articles/", body, format="json")
    assert response.status_code == 400 and list(response.json()["fields"]) == ["source_url"]


def test_import_with_control_characters_is_a_400(as_editor):
    body = {"title": "T", "text": GERMAN + "\x07"}
    response = as_editor.post("/api/articles/", body, format="json")
    assert response.status_code == 400 and response.json()["code"] == "forbidden_character"


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("Ein Satz mit \x00 darin.", "a control character"),
        ("Ein Satz mit \u202e darin.", "a bidirectional override"),
    ],
)
def test_import_with_a_forbidden_character_names_it_and_where(as_editor, text, what):
    body = json.dumps({"title": "T", "text": "Erste Zeile.\n" + text}).encode()
    response = as_editor.generic("POST", "/api/articles/", body, content_type="application/json")
    assert response.status_code == 400
    error = response.json()
    assert error["code"] == "forbidden_character" and list(error["fields"]) == ["text"]
    assert f"{what}" in error["message"] and "line 2, column 14" in error["message"]


def test_import_with_unsupported_language_is_a_400(as_editor):
    body = {"title": "T", "text": GERMAN, "language": "fr"}
    response = as_editor.post("/api/articles/", body, format="json")
    assert response.status_code == 400 and list(response.json()["fields"]) == ["language"]


def test_import_into_a_foreign_newsroom_is_refused_without_confirming_it(as_editor, other_newsroom):
    body = {"title": "T", "text": GERMAN, "newsroom": other_newsroom.pk}
    foreign = as_editor.post("/api/articles/", body, format="json")
    missing = as_editor.post("/api/articles/", {**body, "newsroom": 987654}, format="json")
    assert foreign.status_code == missing.status_code == 400
    assert foreign.json() == missing.json()
    assert not Article.objects.exists()


def test_editor_of_two_newsrooms_must_name_one(editor, other_newsroom, as_editor):
    member(other_newsroom, Role.EDITOR, "editor")
    response = as_editor.post("/api/articles/", {"title": "T", "text": GERMAN}, format="json")
    assert response.status_code == 400 and list(response.json()["fields"]) == ["newsroom"]
    named = as_editor.post(
        "/api/articles/", {"title": "T", "text": GERMAN, "newsroom": other_newsroom.pk}, "json"
    )
    assert named.status_code == 201 and named.json()["newsroom"] == other_newsroom.pk


def test_viewer_is_denied_importing(as_viewer):
    response = as_viewer.post("/api/articles/", {"title": "T", "text": GERMAN}, format="json")
    assert response.status_code == 403
    assert not Article.objects.exists()


@pytest.fixture
def three_articles(newsroom, editor):
    made = {}
    for title, text, language in (
        ("Berlin figures", GERMAN, "de"),
        ("London figures", ENGLISH, "en"),
        ("Zweiter Text", GERMAN + " Noch ein Satz hier.", "de"),
    ):
        made[title], _job = import_article(
            newsroom=newsroom, title=title, text=text, language=language, imported_by=editor
        )
    done = made["London figures"]
    for sentence in done.sentences.filter(heading=False):
        set_verdict(sentence=sentence, editor=editor, verdict="verified", expected_version=0)
    first = made["Zweiter Text"].sentences.filter(heading=False).first()
    set_verdict(sentence=first, editor=editor, verdict="disputed", expected_version=0)
    return made


def titles(response) -> list[str]:
    return sorted(item["title"] for item in response.json()["results"])


def test_article_list_filters_by_language_progress_and_title(as_viewer, three_articles):
    assert titles(as_viewer.get("/api/articles/?language=en")) == ["London figures"]
    assert titles(as_viewer.get("/api/articles/?progress=done")) == ["London figures"]
    assert titles(as_viewer.get("/api/articles/?progress=open")) == ["Berlin figures"]
    assert titles(as_viewer.get("/api/articles/?progress=in_progress")) == ["Zweiter Text"]
    assert titles(as_viewer.get("/api/articles/?q=FIGURES")) == [
        "Berlin figures",
        "London figures",
    ]


def test_article_list_reports_progress_per_article(as_viewer, three_articles):
    rows = {row["title"]: row for row in as_viewer.get("/api/articles/").json()["results"]}
    assert rows["London figures"]["progress"] == 1.0
    assert rows["Berlin figures"]["annotated"] == 0


@pytest.mark.parametrize(
    "query", ["language=fr", "progress=finished", "newsroom=abc", "newsroom=0"]
)
def test_article_list_bad_filter_is_a_400(as_viewer, three_articles, query):
    response = as_viewer.get(f"/api/articles/?{query}")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"


def test_article_list_paginates(as_viewer, three_articles):
    response = as_viewer.get("/api/articles/?page_size=2")
    assert response.json()["count"] == 3 and len(response.json()["results"]) == 2
    assert as_viewer.get("/api/articles/?page_size=2&page=2").json()["results"]


def test_article_list_page_past_the_end_is_a_404(as_viewer, three_articles):
    assert as_viewer.get("/api/articles/?page=9").status_code == 404


def test_article_list_query_count_does_not_grow_with_rows(
    as_viewer, newsroom, editor, django_assert_num_queries
):
    for index in range(2):
        import_article(newsroom=newsroom, title=f"A{index}", text=GERMAN, imported_by=editor)
    with django_assert_num_queries(3):  # token+user, count, page
        small = as_viewer.get("/api/articles/")
    for index in range(2, 12):
        import_article(newsroom=newsroom, title=f"A{index}", text=GERMAN, imported_by=editor)
    with django_assert_num_queries(3):
        large = as_viewer.get("/api/articles/")
    assert small.json()["count"] == 2 and large.json()["count"] == 12


def test_article_detail_has_text_and_review_status(as_viewer, article):
    body = as_viewer.get(f"/api/articles/{article.pk}/").json()
    assert body["text"] == article.text
    assert body["status"]["sentences"] > 0
    assert body["status"]["pretag_job"]["state"] == "queued"


def test_article_status_endpoint_passes_the_status_through(as_viewer, article, editor):
    sentence = article.sentences.filter(heading=False).first()
    set_verdict(sentence=sentence, editor=editor, verdict="disputed", expected_version=0)
    body = as_viewer.get(f"/api/articles/{article.pk}/status/").json()
    assert body["verdicts"]["disputed"] == 1 and body["review_states"]["draft"] == 1
    assert body["annotated"] == 1


def test_sentences_come_in_reading_order_with_offsets(as_viewer, article):
    body = as_viewer.get(f"/api/articles/{article.pk}/sentences/?page_size=500").json()
    ordinals = [s["ordinal"] for s in body["results"]]
    assert ordinals == sorted(ordinals) and body["count"] == len(ordinals)
    for item in body["results"]:
        assert article.text[item["start"] : item["end"]] == item["text"]
        assert item["annotation"] is None and item["pretag"] is None


def _tag(sentence, **fields):
    from annotations.models import SentenceTag

    tag = SentenceTag.objects.create(
        sentence=sentence, tagger_version="t", checkworthiness=0.5, claim=True, **fields
    )
    type(sentence).objects.filter(pk=sentence.pk).update(pretag=tag)
    return tag


def test_sentence_page_gives_the_stored_pre_tags_as_json(as_viewer, article):
    """Spans and reasons go from the stored text into the page; they read as what was stored,
    in indented JSON too."""
    first, second = article.sentences.order_by("ordinal")[:2]
    spans = [{"start": 0, "end": 3, "kind": "person", "payload": {"name": "Jürg «Ö» \u2028"}}]
    _tag(first, reasons=["Zahl (+0.8)", "ünïcödé"], spans=spans)
    _tag(second, reasons=[], spans=[{"kind": "number", "payload": {"value": 1e-05, "n": None}}])
    url = f"/api/articles/{article.pk}/sentences/?page_size=2"
    for accept in ("application/json", "application/json; indent=2"):
        response = as_viewer.get(url, HTTP_ACCEPT=accept)
        assert response.status_code == 200
        body = json.loads(response.content)
        tags = [item["pretag"] for item in body["results"]]
        assert tags[0]["spans"] == spans and tags[0]["reasons"] == ["Zahl (+0.8)", "ünïcödé"]
        assert tags[1]["spans"][0]["payload"] == {"value": 1e-05, "n": None}
        assert tags[1]["reasons"] == []
    assert b"\n  " in response.content  # the indented one


def test_sentence_page_size_is_capped_at_500(as_viewer, article):
    body = as_viewer.get(f"/api/articles/{article.pk}/sentences/?page_size=100000").json()
    assert len(body["results"]) == min(body["count"], 500)


def test_sentence_listing_query_count_does_not_grow_with_rows(
    as_viewer, article, editor, reviewer, django_assert_num_queries
):
    url = f"/api/articles/{article.pk}/sentences/"
    with django_assert_num_queries(4):  # token+user, article, count, page (no evidence yet)
        as_viewer.get(url + "?page_size=5")
    from annotations.services.verdicts import EvidenceInput

    for sentence in article.sentences.filter(heading=False)[:8]:
        set_verdict(
            sentence=sentence,
            editor=editor,
            verdict="verified",
            evidence=[EvidenceInput(url="https://example.org/")],
            expected_version=0,
        )
    with django_assert_num_queries(5):  # ... + evidence prefetch
        small = as_viewer.get(url + "?page_size=2")
    with django_assert_num_queries(5):
        large = as_viewer.get(url + "?page_size=500")
    assert len(small.json()["results"]) == 2 and len(large.json()["results"]) > 8
    annotated = [s for s in large.json()["results"] if s["annotation"]]
    assert annotated[0]["annotation"]["evidence"][0]["url"] == "https://example.org/"
    assert annotated[0]["annotation"]["created_by"]["username"] == "editor"


def test_retag_queues_a_job_and_answers_202(as_editor, article):
    response = as_editor.post(f"/api/articles/{article.pk}/retag/")
    assert response.status_code == 202
    assert response.json()["kind"] == "retag"
    assert Job.objects.filter(pk=response.json()["id"], article=article).exists()


def test_viewer_is_denied_retagging(as_viewer, article):
    assert as_viewer.post(f"/api/articles/{article.pk}/retag/").status_code == 403


def test_job_is_read_from_the_database(as_viewer, article):
    job = article.jobs.first()
    body = as_viewer.get(f"/api/jobs/{job.pk}/").json()
    assert body["id"] == job.pk and body["state"] == "queued" and body["article"] == article.pk


def test_outsider_is_denied_a_job_with_404(as_outsider, article):
    job = article.jobs.first()
    assert as_outsider.get(f"/api/jobs/{job.pk}/").status_code == 404


def test_article_assignee_can_be_set_and_cleared(as_editor, article, reviewer):
    path = f"/api/articles/{article.pk}/assignee/"
    response = as_editor.put(path, {"assignee": reviewer.pk}, format="json")
    assert response.status_code == 200
    assert response.json()["assignee"]["username"] == "reviewer"
    assert as_editor.put(path, {"assignee": None}, format="json").json()["assignee"] is None


def test_article_assignee_must_be_a_member(as_editor, article, outsider):
    path = f"/api/articles/{article.pk}/assignee/"
    response = as_editor.put(path, {"assignee": outsider.pk}, format="json")
    assert response.status_code == 400 and list(response.json()["fields"]) == ["assignee"]
