"""The editor pages through Django's test client: access, forms, escaping, headers, languages."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from annotations.models import Article, Sentence, SentenceTag
from annotations.selectors.status import get_article_status
from annotations.services.articles import import_article
from annotations.services.verdicts import set_verdict
from tests.factories import PASSWORD, MembershipFactory

pytestmark = pytest.mark.django_db

SCRIPT = "<script>window.__xss=1</script>"
IMG = '<img src=x onerror="window.__xss=1">'


def import_form(**overrides):
    data = {
        "title": "Ein Titel",
        "text": "Berlin hat 3,7 Millionen Einwohner. Das sagte der Senat am Montag.",
        "language": "de",
        "source_url": "",
        "published_at": "",
    }
    data.update(overrides)
    return data


# --- log-in -------------------------------------------------------------------------------------
def test_anonymous_visitor_is_sent_to_log_in(client):
    for url in ["/", "/import/", "/queue/", "/articles/1/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/login/")


def test_log_in_with_right_password_opens_home(client, editor):
    response = client.post("/login/", {"username": "editor", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_failed_log_in_says_the_same_for_unknown_and_known_users(client, editor):
    wrong = client.post("/login/", {"username": "editor", "password": "nope"})
    unknown = client.post("/login/", {"username": "nobody-here", "password": "nope"})
    assert wrong.status_code == unknown.status_code == 200

    def message(response):
        return re.search(r'<div class="form-error"[^>]*>(.*?)</div>', response.text, re.S).group(1)

    assert message(wrong) == message(unknown)
    assert "nobody-here" in unknown.text  # what was typed stays in the form


def test_account_is_refused_after_too_many_failed_log_ins_even_with_right_password(client, editor):
    for _ in range(10):
        client.post("/login/", {"username": "editor", "password": "wrong"})
    response = client.post("/login/", {"username": "editor", "password": PASSWORD})
    assert response.status_code == 200
    assert "Too many failed log-ins" in response.text
    assert "_auth_user_id" not in client.session


# --- home ---------------------------------------------------------------------------------------
def test_home_bars_show_the_counts_of_the_status_selector(editor_client, article, editor):
    sentences = list(Sentence.objects.filter(article=article, heading=False).order_by("ordinal"))
    set_verdict(sentence=sentences[0], editor=editor, verdict="verified", expected_version=0)
    set_verdict(sentence=sentences[1], editor=editor, verdict="disputed", expected_version=0)
    response = editor_client.get("/")
    assert response.status_code == 200
    status = get_article_status(article=article)
    for kind, count in [*status["verdicts"].items(), ("open", status["open"])]:
        assert f'data-kind="{kind}" data-count="{count}"' in response.text


def test_home_query_count_does_not_grow_with_articles(
    editor_client, newsroom, editor, seed_text, django_assert_num_queries
):
    def add(n):
        for i in range(n):
            import_article(newsroom=newsroom, title=f"A{i}", text=seed_text, language="de")

    add(2)
    # session, user, count, the rows with their counts, their readiness, memberships
    with django_assert_num_queries(6):
        editor_client.get("/")
    add(8)
    with django_assert_num_queries(6):
        response = editor_client.get("/")
    assert response.text.count('class="article-row"') == 10
    assert response.text.count('class="row-readiness ') == 10


def test_home_shows_each_articles_readiness_with_its_blockers_and_a_link(
    editor_client, newsroom, editor, reviewer, seed_text
):
    from annotations.selectors.readiness import get_article_readiness
    from tests.review.conftest import approve, tag

    waiting, _job = import_article(newsroom=newsroom, title="Offen", text=seed_text, language="de")
    ready, _job = import_article(newsroom=newsroom, title="Fertig", text="Kurz.", language="de")
    for sentence in ready.sentences.all():
        tag(sentence, claim=True)
        approve(sentence, editor, reviewer, "unverified")

    page = editor_client.get("/").text

    def row_of(article):
        row = page[page.index(f'data-article="{article.pk}"') :]
        return row[: row.index("</li>")]

    expected = get_article_readiness(article=waiting)
    n = len(expected["blockers"])
    assert n >= 1
    row = row_of(waiting)
    assert f'data-ready="false" data-blockers="{n}"' in row
    assert f"Not ready: {n} blocker" in row
    assert f'href="/articles/{waiting.pk}/#readiness"' in row
    assert expected["blockers"][0]["message"] in row  # the link's title names them
    assert get_article_readiness(article=ready)["ready"] is True
    assert 'data-ready="true" data-blockers="0"' in row_of(ready)
    assert "Ready to publish" in row_of(ready)


def test_home_hides_other_newsrooms_articles(outsider_client, article):
    response = outsider_client.get("/")
    assert article.title not in response.text


# --- import -------------------------------------------------------------------------------------
def test_viewer_cannot_import(viewer_client, newsroom):
    assert viewer_client.get("/import/").status_code == 403
    response = viewer_client.post("/import/", import_form(newsroom=newsroom.pk))
    assert response.status_code == 403
    assert not Article.objects.exists()


def test_editor_import_of_pasted_text_opens_the_article(editor_client, newsroom):
    response = editor_client.post("/import/", import_form(newsroom=newsroom.pk))
    article = Article.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/articles/{article.pk}/"
    assert article.sentences.count() == 2
    assert article.jobs.filter(kind="pretag").exists()


def test_import_without_language_detects_it(editor_client, newsroom):
    editor_client.post("/import/", import_form(newsroom=newsroom.pk, language=""))
    assert Article.objects.get().language == "de"


def test_import_with_empty_title_explains_next_to_the_field_and_keeps_input(
    editor_client, newsroom
):
    response = editor_client.post(
        "/import/", import_form(newsroom=newsroom.pk, title="  ", source_url="https://ex.org/a")
    )
    assert response.status_code == 400
    assert 'id="id_title_error"' in response.text
    assert "The title is empty." in response.text
    assert "Berlin hat 3,7 Millionen Einwohner." in response.text
    assert 'value="https://ex.org/a"' in response.text
    assert not Article.objects.exists()


def test_import_with_javascript_source_url_is_refused_next_to_the_field(editor_client, newsroom):
    response = editor_client.post(
        "/import/", import_form(newsroom=newsroom.pk, source_url="javascript:alert(1)")
    )
    assert response.status_code == 400
    assert 'id="id_source_url_error"' in response.text
    assert "Only http:// and https:// links are accepted." in response.text


def test_import_with_bidi_override_in_text_is_refused_next_to_the_text(editor_client, newsroom):
    response = editor_client.post(
        "/import/", import_form(newsroom=newsroom.pk, text="Harmlos \u202e gefährlich.")
    )
    assert response.status_code == 400
    assert 'id="id_text_error"' in response.text
    assert "bidirectional override" in response.text


def test_import_without_text_or_file_asks_for_one(editor_client, newsroom):
    response = editor_client.post("/import/", import_form(newsroom=newsroom.pk, text=""))
    assert response.status_code == 400
    assert "Paste the article text or upload a file." in response.text


def test_import_of_html_upload_keeps_only_the_main_text(editor_client, newsroom):
    body = " ".join(["Der Senat bestätigte am Montag 3,7 Millionen Einwohner in Berlin."] * 6)
    html = (
        "<html><head><title>x</title></head><body><nav>Menü Startseite Impressum</nav>"
        f"<article><h1>Berlin wächst</h1><p>{body}</p><p>{body}</p></article>"
        "<footer>Cookie-Hinweis</footer></body></html>"
    )
    upload = SimpleUploadedFile("page.html", html.encode(), content_type="text/html")
    response = editor_client.post(
        "/import/", {**import_form(newsroom=newsroom.pk, text=""), "upload": upload}
    )
    assert response.status_code == 302, response.content[:2000]
    article = Article.objects.get()
    assert "3,7 Millionen" in article.text
    assert "Cookie-Hinweis" not in article.text


def test_import_of_upload_with_bad_utf8_explains_next_to_the_upload(editor_client, newsroom):
    upload = SimpleUploadedFile("a.txt", b"Gr\xfc\xdfe aus Berlin.", content_type="text/plain")
    response = editor_client.post(
        "/import/", {**import_form(newsroom=newsroom.pk, text=""), "upload": upload}
    )
    assert response.status_code == 400
    assert 'id="id_upload_error"' in response.text
    assert "not valid UTF-8" in response.text


def test_oversized_upload_is_refused_before_it_is_read(editor_client, newsroom, settings):
    settings.FACTCHECK_MAX_TEXT_BYTES = 1000
    upload = SimpleUploadedFile("big.txt", b"Satz. " * 400, content_type="text/plain")
    response = editor_client.post(
        "/import/", {**import_form(newsroom=newsroom.pk, text=""), "upload": upload}
    )
    assert response.status_code == 413
    assert 'id="id_upload_error"' in response.text
    assert "The file is 2.3 KB; the limit is 1000 bytes." in response.text
    assert not Article.objects.exists()


def test_import_of_other_file_types_is_refused(editor_client, newsroom):
    upload = SimpleUploadedFile("a.pdf", b"%PDF-1.4", content_type="application/pdf")
    response = editor_client.post(
        "/import/", {**import_form(newsroom=newsroom.pk, text=""), "upload": upload}
    )
    assert response.status_code == 400
    assert "Upload a .txt or .html file." in response.text


def test_import_into_a_newsroom_of_someone_else_is_refused(editor_client, other_newsroom):
    response = editor_client.post("/import/", import_form(newsroom=other_newsroom.pk))
    assert response.status_code == 400
    assert not Article.objects.exists()


# --- workspace ----------------------------------------------------------------------------------
def test_outsider_gets_404_for_the_workspace_like_for_a_missing_article(outsider_client, article):
    assert outsider_client.get(f"/articles/{article.pk}/").status_code == 404
    assert outsider_client.get(f"/articles/{article.pk}/body/").status_code == 404
    assert outsider_client.get("/articles/999999/").status_code == 404


def test_workspace_shows_every_sentence_in_reading_order(viewer_client, article):
    response = viewer_client.get(f"/articles/{article.pk}/")
    assert response.status_code == 200
    ids = [int(i) for i in re.findall(r'role="option" id="s-(\d+)"', response.text)]
    assert ids == list(
        Sentence.objects.filter(article=article).order_by("ordinal").values_list("pk", flat=True)
    )


def test_workspace_marks_spans_and_check_worthy_sentences(editor_client, article):
    sentence = Sentence.objects.filter(article=article, heading=False).first()
    tag = SentenceTag.objects.create(
        sentence=sentence,
        tagger_version="t",
        checkworthiness=0.9,
        claim=True,
        reasons=["number"],
        spans=[{"start": sentence.start, "end": sentence.start + 8, "kind": "place"}],
    )
    Sentence.objects.filter(pk=sentence.pk).update(pretag=tag)
    response = editor_client.get(f"/articles/{article.pk}/")
    assert f'<span class="sp sp-place">{sentence.text[:8]}</span>' in response.text
    assert "cw-high" in response.text


def test_workspace_for_viewer_shows_no_save_or_review_buttons(viewer_client, article):
    response = viewer_client.get(f"/articles/{article.pk}/")
    assert 'id="save-verdict"' not in response.text
    assert 'id="approve"' not in response.text
    assert 'id="submit-review"' not in response.text


def test_workspace_for_reviewer_offers_approve(reviewer_client, article):
    assert 'id="approve"' in reviewer_client.get(f"/articles/{article.pk}/").text


def test_user_text_is_escaped_everywhere(editor_client, newsroom, editor):
    article, _job = import_article(
        newsroom=newsroom,
        title=f"T {SCRIPT}{IMG}",
        text=f"Ein Satz mit {SCRIPT} darin. Noch ein {IMG} Satz.",
        language="de",
        source_url="https://bücher.example/a",
    )
    sentence = article.sentences.first()
    set_verdict(
        sentence=sentence, editor=editor, verdict="verified", rationale=IMG, expected_version=0
    )
    for url in ["/", f"/articles/{article.pk}/", "/queue/"]:
        text = editor_client.get(url).text
        assert "<script>window.__xss" not in text
        assert "<img src=x" not in text
    workspace = editor_client.get(f"/articles/{article.pk}/").text
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in workspace
    # Rationale travels inside json_script, where < is escaped as \u003C.
    assert "\\u003Cimg src=x" in workspace
    assert "bücher.example" in workspace and "(xn--bcher-kva.example)" in workspace


# --- queue --------------------------------------------------------------------------------------
def test_queue_filters_by_verdict_and_links_into_the_workspace(editor_client, article, editor):
    sentence = Sentence.objects.filter(article=article, heading=False).first()
    set_verdict(sentence=sentence, editor=editor, verdict="disputed", expected_version=0)
    response = editor_client.get("/queue/?verdict=disputed")
    assert response.status_code == 200
    assert re.findall(r'data-sentence="(\d+)"', response.text) == [str(sentence.pk)]
    assert f"/articles/{article.pk}/?sentence={sentence.pk}" in response.text
    assert '<input type="hidden" name="verdict" value="disputed">' in response.text


def test_queue_with_unknown_filter_value_explains_and_lists_nothing(editor_client, article):
    response = editor_client.get("/queue/?verdict=maybe")
    assert response.status_code == 400
    assert 'id="id_verdict_error"' in response.text
    assert "data-sentence=" not in response.text


def test_queue_hides_other_newsrooms_sentences(outsider_client, article):
    response = outsider_client.get("/queue/")
    assert "data-sentence=" not in response.text


def test_queue_query_count_does_not_grow_with_rows(
    editor_client, newsroom, seed_text, django_assert_num_queries
):
    import_article(newsroom=newsroom, title="A", text=seed_text, language="de")
    # session, user, ..., and the memberships the navigation's links depend on
    with django_assert_num_queries(8):
        editor_client.get("/queue/")
    import_article(newsroom=newsroom, title="B", text=seed_text, language="de")
    with django_assert_num_queries(8):
        response = editor_client.get("/queue/")
    assert response.text.count("data-sentence=") == 50


# --- headers, scripts, languages ----------------------------------------------------------------
def test_every_page_sends_a_content_security_policy_without_inline_scripts(editor_client, article):
    for url in ["/login/", "/", "/import/", f"/articles/{article.pk}/", "/queue/"]:
        policy = editor_client.get(url)["Content-Security-Policy"]
        script_src = next(p for p in policy.split(";") if p.strip().startswith("script-src"))
        assert script_src.strip() == "script-src 'self'"
        assert "unsafe-inline" not in policy


def test_pages_have_no_inline_scripts_or_event_handlers(editor_client, article):
    for url in ["/", "/import/", f"/articles/{article.pk}/", "/queue/"]:
        text = editor_client.get(url).text
        for tag in re.findall(r"<script\b[^>]*>", text):
            assert 'src="' in tag or 'type="application/json"' in tag, tag
        assert not re.search(r"<[^>]+\son[a-z]+\s*=", text)


def test_german_is_chosen_from_accept_language(editor, article):
    client = Client(headers={"accept-language": "de-DE,de;q=0.9"})
    client.force_login(editor)
    response = client.get(f"/articles/{article.pk}/")
    assert '<html lang="de">' in response.text
    assert "Urteil" in response.text and "Begründung" in response.text


def test_language_switcher_sets_german(editor_client):
    response = editor_client.post("/i18n/setlang/", {"language": "de", "next": "/queue/"})
    assert response.status_code == 302
    page = editor_client.get("/queue/")
    assert "Prüfliste" in page.text


def test_language_switcher_ignores_unknown_languages(editor_client):
    editor_client.post("/i18n/setlang/", {"language": "xx", "next": "/"})
    assert '<html lang="en">' in editor_client.get("/").text


def test_import_asks_for_the_newsroom_only_when_the_editor_has_several(
    editor_client, editor, other_newsroom
):
    assert '<select name="newsroom"' not in editor_client.get("/import/").text
    MembershipFactory(user=editor, newsroom=other_newsroom, role="editor")
    page = editor_client.get("/import/").text
    assert '<select name="newsroom"' in page and "Elsewhere" in page
    response = editor_client.post("/import/", import_form(newsroom=other_newsroom.pk))
    assert response.status_code == 302
    assert Article.objects.get().newsroom == other_newsroom


def test_failed_pretagging_offers_editors_a_retry_but_not_viewers(
    editor_client, viewer_client, article
):
    article.jobs.update(state="failed", error="boom")
    assert 'id="retag"' in editor_client.get(f"/articles/{article.pk}/").text
    assert 'id="retag"' not in viewer_client.get(f"/articles/{article.pk}/").text
