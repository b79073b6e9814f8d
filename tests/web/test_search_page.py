"""The search page and the search boxes: results, escaping, tenancy, filters, bad input."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from annotations.services.articles import import_article
from annotations.services.verdicts import set_verdict

from .conftest import logged_in

pytestmark = pytest.mark.django_db

SCRIPT = "<script>window.__xss=1</script>"


def test_home_and_queue_have_a_search_box(editor_client, article):
    for url in ("/", "/queue/"):
        html = editor_client.get(url).content.decode()
        assert 'action="/search/"' in html and 'name="q"' in html and 'role="search"' in html


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get("/search/", {"q": "Kim"})
    assert response.status_code == 302 and response["Location"].startswith("/login/")


def test_results_link_to_the_sentence_and_mark_the_hits(editor_client, article):
    response = editor_client.get("/search/", {"q": "Verteidigungsministers"})
    html = response.content.decode()
    assert response.status_code == 200
    sentence = article.sentences.filter(text__contains="Beloussow").order_by("ordinal").first()
    assert f'href="/articles/{article.pk}/?sentence={sentence.pk}"' in html
    assert "<mark>Verteidigungsminister</mark>" in html


def test_stored_text_is_escaped_and_only_hits_are_marked(editor_client, newsroom, editor):
    import_article(
        newsroom=newsroom,
        title=f"Titel {SCRIPT}",
        text=f"Der Bürgermeister schrieb {SCRIPT} an alle.\n",
        language="de",
        imported_by=editor,
    )
    html = editor_client.get("/search/", {"q": "Bürgermeisters"}).content.decode()
    assert SCRIPT not in html
    assert "schrieb &lt;script&gt;window.__xss=1&lt;/script&gt; an alle." in html
    assert "<mark>Bürgermeister</mark>" in html
    if connection.vendor == "sqlite":  # PostgreSQL's parser reads "<script>" as a tag, no word
        html = editor_client.get("/search/", {"q": "script"}).content.decode()
        assert "&lt;<mark>script</mark>&gt;" in html and SCRIPT not in html


def test_rationale_hits_are_shown(editor_client, article, editor):
    sentence = article.sentences.filter(text__contains="Beloussow").order_by("ordinal").first()
    set_verdict(
        sentence=sentence,
        editor=editor,
        verdict="verified",
        rationale=f"Belegt durch Satellitenbilder {SCRIPT}.",
        expected_version=0,
    )
    html = editor_client.get("/search/", {"q": "Satellitenbild"}).content.decode()
    assert "<mark>Satellitenbilder</mark>" in html and SCRIPT not in html
    assert 'class="verdict-tag v-verified"' in html


def test_another_newsrooms_rows_never_show(outsider, article):
    client = logged_in(outsider)
    response = client.get("/search/", {"q": "Pjöngjang"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Pjöngjang" not in html.replace('value="Pjöngjang"', "")
    assert 'class="search-result"' not in html and article.title not in html


def test_filters_narrow_the_page(editor_client, article):
    every = editor_client.get("/search/", {"q": "Kim"}).content.decode()
    assert every.count('class="search-result"') > 0
    english = editor_client.get("/search/", {"q": "Kim", "language": "en"}).content.decode()
    assert english.count('class="search-result"') == 0
    assert "Nothing found" in english


@pytest.mark.parametrize("query", ["", "   ", "*** ()", "x" * 1000])
def test_bad_queries_are_a_400_with_a_message(editor_client, article, query):
    response = editor_client.get("/search/", {"q": query})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html and "Check the search" not in html  # the selector's own words


def test_search_syntax_never_breaks_the_page(editor_client, article):
    for query in ('Kim AND "Jong', "NEAR(Kim Un)", "Kim*", "-Kim ^Un OR"):
        assert editor_client.get("/search/", {"q": query}).status_code == 200


def test_a_page_number_past_the_largest_is_a_400_not_a_500(editor_client, article):
    response = editor_client.get("/search/", {"q": "Kim", "page": "9" * 25})
    assert response.status_code == 400
    assert "1,000,000" in response.content.decode()


def test_a_bad_filter_is_a_400(editor_client, article):
    assert editor_client.get("/search/", {"q": "Kim", "verdict": "maybe"}).status_code == 400
    assert editor_client.get("/search/", {"q": "Kim", "date_from": "soon"}).status_code == 400


def test_the_page_costs_the_same_queries_for_5_and_50_results(editor_client, newsroom, editor):
    lines = [f"Der Minister Nummer {i} besuchte die Stadt." for i in range(50)]
    import_article(
        newsroom=newsroom, title="Viele", text="\n".join(lines) + "\n", language="de",
        imported_by=editor,
    )  # fmt: skip
    counts = []
    for query in ("Nummer 1", "Minister"):  # one hit, then a full page of 20
        with CaptureQueriesContext(connection) as queries:
            response = editor_client.get("/search/", {"q": query})
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts
