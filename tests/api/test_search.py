"""GET /api/search/: inflection, tenancy, filters, highlights, versions, bad input, query count."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from annotations.models import Annotation, Role
from annotations.services.articles import import_article
from annotations.services.verdicts import EvidenceInput, set_verdict
from annotations.services.versions import import_version
from tests.factories import member

from .conftest import client_for

pytestmark = pytest.mark.django_db(transaction=False)

URL = "/api/search/"


def search(client, **params):
    return client.get(URL, params)


def texts(response) -> list[str]:
    return [r["matches"][0]["text"] for r in response.json()["results"]]


def verdict_on(sentence, editor, verdict="disputed", rationale="", evidence=None):
    return set_verdict(
        sentence=sentence,
        editor=editor,
        verdict=verdict,
        rationale=rationale,
        evidence=evidence,
        expected_version=0,
    )


def sentence_with(article, word: str):
    return article.sentences.filter(text__contains=word).order_by("ordinal").first()


def test_a_german_word_is_found_across_inflection(as_editor, article):
    response = search(as_editor, q="Verteidigungsministers")
    assert response.status_code == 200, response.content
    found = texts(response)
    assert any("Verteidigungsminister " in t or "Verteidigungsminister." in t for t in found)
    # And the other way round: the plain form finds the genitive and the compound's forms.
    back = texts(search(as_editor, q="verteidigungsminister"))
    assert set(found) <= set(back)


def test_case_and_diacritics_do_not_matter(as_editor, article):
    with_umlaut = texts(search(as_editor, q="Pjöngjang"))
    assert with_umlaut
    assert texts(search(as_editor, q="PJONGJANG")) == with_umlaut


def test_hits_are_offsets_into_plain_text(as_editor, article):
    result = search(as_editor, q="Verteidigungsministers").json()["results"][0]
    match = result["matches"][0]
    assert match["field"] == "sentence"
    assert match["highlights"]
    for start, end in match["highlights"]:
        assert match["text"][start:end].lower().startswith("verteidigungsminist")
    assert result["url"] == f"/articles/{article.pk}/?sentence={result['sentence']}"


def test_stored_markup_comes_back_as_text_never_as_html(as_editor, newsroom, editor):
    import_article(
        newsroom=newsroom,
        title="Markup",
        text="Der <b>Bürgermeister</b> sagte <script>alert(1)</script> etwas.\n",
        language="de",
        imported_by=editor,
    )
    match = search(as_editor, q="Bürgermeister").json()["results"][0]["matches"][0]
    assert "<script>" in match["text"]  # plain text: the client escapes it
    assert all(match["text"][a:b] == "Bürgermeister" for a, b in match["highlights"])


def test_another_newsrooms_rows_never_come_back(as_editor, as_outsider, article, outsider):
    assert texts(search(as_editor, q="Pjöngjang"))
    response = search(as_outsider, q="Pjöngjang")
    assert response.status_code == 200
    assert response.json()["count"] == 0 and response.json()["articles"] == []


def test_the_outsiders_own_article_is_theirs_alone(as_editor, as_outsider, outsider, seed_text):
    import_article(
        newsroom=outsider.memberships.first().newsroom,
        title="Elsewhere",
        text=seed_text,
        language="de",
        imported_by=outsider,
    )
    assert search(as_outsider, q="Pjöngjang").json()["count"] > 0
    assert search(as_editor, q="Pjöngjang").json()["count"] == 0


def test_rationales_and_evidence_titles_are_searched(as_editor, article, editor):
    sentence = sentence_with(article, "Beloussow")
    verdict_on(
        sentence,
        editor,
        rationale="Das Treffen ist durch Agenturbilder belegt.",
        evidence=[
            EvidenceInput(url="https://example.org/a", title="Bericht der Nachrichtenagentur")
        ],
    )
    by_rationale = search(as_editor, q="Agenturbildern").json()["results"]
    assert [r["sentence"] for r in by_rationale] == [sentence.pk]
    assert by_rationale[0]["matches"][1]["field"] == "rationale"
    by_evidence = search(as_editor, q="Nachrichtenagenturen").json()["results"]
    assert [r["sentence"] for r in by_evidence] == [sentence.pk]
    assert by_evidence[0]["matches"][-1]["field"] == "evidence"


def test_article_titles_are_listed_on_the_first_page(as_editor, article):
    body = search(as_editor, q="Unterstützung").json()
    assert [a["id"] for a in body["articles"]] == [article.pk]
    # A filter about sentences cannot be answered by a title.
    assert search(as_editor, q="Unterstützung", verdict="none").json()["articles"] == []


def test_filters_combine(as_editor, article, editor, newsroom):
    english, _job = import_article(
        newsroom=newsroom,
        title="English desk",
        text="The defence minister met Kim in Pyongyang.\nThe defence ministers spoke.\n",
        language="en",
        published_at=datetime.date(2023, 1, 5),
        imported_by=editor,
    )
    disputed = sentence_with(article, "Beloussow")
    verdict_on(disputed, editor, "disputed")
    verified = sentence_with(english, "met Kim")
    verdict_on(verified, editor, "verified")

    assert {r["sentence"] for r in search(as_editor, q="Kim").json()["results"]} >= {
        disputed.pk,
        verified.pk,
    }
    only_en = search(as_editor, q="Kim", language="en").json()["results"]
    assert {r["article"]["id"] for r in only_en} == {english.pk}
    assert [
        r["sentence"] for r in search(as_editor, q="Kim", verdict="disputed").json()["results"]
    ] == [disputed.pk]
    assert search(as_editor, q="Kim", verdict="disputed", language="en").json()["count"] == 0
    dated = search(as_editor, q="Kim", date_from="2024-01-01").json()["results"]
    assert {r["article"]["id"] for r in dated} == {article.pk}
    old = search(as_editor, q="Kim", date_to="2023-12-31", verdict="verified").json()
    assert [r["sentence"] for r in old["results"]] == [verified.pk]
    today = datetime.date.today().isoformat()
    imported = search(as_editor, q="Kim", date_field="imported", date_from=today).json()
    assert imported["count"] == search(as_editor, q="Kim").json()["count"]
    state = search(as_editor, q="Kim", review_state="draft", language="de").json()["results"]
    assert [r["sentence"] for r in state] == [disputed.pk]
    none_yet = search(as_editor, q="Kim", verdict="none").json()["results"]
    assert disputed.pk not in {r["sentence"] for r in none_yet}


def test_assignee_checkworthy_and_recheck_filters(as_editor, article, editor, newsroom):
    sentence = sentence_with(article, "Beloussow")
    sentence.assignee = editor
    sentence.save(update_fields=["assignee"])
    mine = search(as_editor, q="Kim", assignee="me").json()["results"]
    assert [r["sentence"] for r in mine] == [sentence.pk]
    other = member(newsroom, Role.EDITOR, "someone")
    assert search(as_editor, q="Kim", assignee=str(other.pk)).json()["count"] == 0
    # No pre-tags yet: nothing is check-worthy.
    assert search(as_editor, q="Kim", checkworthy="true").json()["count"] == 0
    assert search(as_editor, q="Kim", checkworthy="false").json()["count"] > 0
    verdict_on(sentence, editor)
    Annotation.objects.filter(sentence=sentence).update(needs_recheck=True)
    recheck = search(as_editor, q="Kim", needs_recheck="true").json()["results"]
    assert [r["sentence"] for r in recheck] == [sentence.pk]


def test_only_the_current_version_unless_asked(as_editor, article, editor, seed_text):
    old_sentence = sentence_with(article, "Beloussow")
    verdict_on(old_sentence, editor, rationale="Geprüft anhand der Agenturmeldung.")
    import_version(
        article=article, text=seed_text.replace("Beloussow", "Belousov"), imported_by=editor
    )
    assert search(as_editor, q="Beloussow").json()["count"] == 0
    every = search(as_editor, q="Beloussow", versions="all").json()["results"]
    assert old_sentence.pk in {r["sentence"] for r in every}
    assert all(r["current"] is False and r["version"] == 1 for r in every)
    assert every[0]["url"].startswith(f"/articles/{article.pk}/?version=1&sentence=")
    # The verdict moved with its sentence to the new version, and its rationale with it.
    moved = search(as_editor, q="Agenturmeldung").json()["results"]
    assert len(moved) == 1 and moved[0]["current"] and moved[0]["sentence"] != old_sentence.pk


@pytest.mark.parametrize(
    "query",
    [
        'Kim AND "Jong',
        "Kim OR NOT Un",
        "NEAR(Kim Un, 2)",
        "Kim*",
        "(Kim) -Un ^Jong",
        'Kim:"Un"',
        "kind:3",
        "Kim\u202eUn",
    ],
)
def test_search_syntax_is_plain_words(as_editor, article, query):
    response = search(as_editor, q=query)
    assert response.status_code == 200, response.content
    assert response.json()["count"] >= 0


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "q"),
        ({"q": ""}, "q"),
        ({"q": "   "}, "q"),
        ({"q": '*** () ""'}, "q"),
        ({"q": "Kim " * 300}, "q"),
        ({"q": "Kim", "language": "fr"}, "language"),
        ({"q": "Kim", "verdict": "maybe"}, "verdict"),
        ({"q": "Kim", "date_from": "yesterday"}, "date_from"),
        ({"q": "Kim", "date_from": "2024-02-01", "date_to": "2024-01-01"}, "date_to"),
        ({"q": "Kim", "page": "0"}, "page"),
        # Past what a database integer holds as an offset: a 400, not a 500.
        ({"q": "Kim", "page": "10771751673473875968"}, "page"),
        ({"q": "Kim", "page": "1000001"}, "page"),
        ({"q": "Kim", "page_size": "1000"}, "page_size"),
        ({"q": "Kim", "assignee": "nobody"}, "assignee"),
    ],
)
def test_bad_input_is_a_400_with_a_message(as_editor, article, params, field):
    response = search(as_editor, **params)
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["message"]
    assert field in str(body)


def test_a_query_of_501_characters_is_refused_not_cut(as_editor, article):
    response = search(as_editor, q="a" * 501)
    assert response.status_code == 400
    assert "500" in response.json()["message"]
    assert search(as_editor, q="Kim " + "a" * 496).status_code == 200


def test_a_page_number_past_the_largest_is_a_400_not_a_500(as_editor, article):
    response = search(as_editor, q="Kim", page=10**20)
    assert response.status_code == 400 and "page" in response.json()["fields"]
    assert search(as_editor, q="Kim", page=1_000_000).json()["results"] == []


def test_an_unknown_language_filter_is_a_400_and_the_schema_names_the_languages(as_editor, article):
    response = search(as_editor, q="Kim", language="0")
    assert response.status_code == 400 and "language" in response.json()["fields"]
    assert search(as_editor, q="Kim", language="").status_code == 200
    schema = as_editor.get("/api/schema/", {"format": "json"}).json()
    parameters = schema["paths"]["/api/search/"]["get"]["parameters"]
    [language] = [p for p in parameters if p["name"] == "language"]
    assert set(language["schema"]["enum"]) >= {"de", "en"}
    [page] = [p for p in parameters if p["name"] == "page"]
    assert page["schema"]["maximum"] == 1_000_000


def test_anonymous_callers_are_refused(client, article):
    assert client_for(None).get(URL, {"q": "Kim"}).status_code == 401


def test_pages_link_to_each_other(as_editor, article):
    first = search(as_editor, q="Kim", page_size=2).json()
    assert first["count"] > 2 and len(first["results"]) == 2 and first["previous"] is None
    second = as_editor.get(first["next"]).json()
    assert second["page"] == 2 and second["previous"]
    assert not {r["sentence"] for r in first["results"]} & {
        r["sentence"] for r in second["results"]
    }
    beyond = search(as_editor, q="Kim", page=99).json()
    assert beyond["results"] == [] and beyond["count"] == first["count"]


def _many_sentences(newsroom, editor, n: int) -> None:
    lines = [f"Der Minister Nummer {i} besuchte die Stadt am Fluss." for i in range(n)]
    import_article(
        newsroom=newsroom, title="Viele", text="\n".join(lines) + "\n", language="de",
        imported_by=editor,
    )  # fmt: skip


def test_query_count_does_not_grow_with_results(as_editor, newsroom, editor):
    _many_sentences(newsroom, editor, 60)
    counts = []
    for size in (5, 50):
        with CaptureQueriesContext(connection) as queries:
            response = search(as_editor, q="Ministers", page_size=size)
        assert len(response.json()["results"]) == size
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


# --- the index follows every write --------------------------------------------------------------
def test_the_index_follows_edits_and_deletes(as_editor, article, editor):
    sentence = sentence_with(article, "Beloussow")
    annotation = verdict_on(
        sentence,
        editor,
        rationale="Laut Protokoll bestätigt.",
        evidence=[EvidenceInput(url="https://example.org/p", title="Protokollnotiz")],
    )
    assert search(as_editor, q="Protokoll").json()["count"] == 1
    Evidence = annotation.evidence.model
    Evidence.objects.filter(annotation=annotation).update(title="Pressemitteilung")
    Annotation.objects.filter(pk=annotation.pk).update(rationale="Gelesen.")
    assert search(as_editor, q="Protokoll").json()["count"] == 0
    assert search(as_editor, q="Pressemitteilungen").json()["count"] == 1
    Annotation.objects.filter(pk=annotation.pk).delete()
    assert search(as_editor, q="Pressemitteilung").json()["count"] == 0
    article.delete()
    assert search(as_editor, q="Beloussow").json()["count"] == 0


@pytest.mark.skipif("connection.vendor != 'sqlite'", reason="SQLite's FTS5 triggers")
def test_triggers_dropped_by_a_table_rebuild_are_put_back(as_editor, article, editor):
    from annotations.selectors import search_sqlite

    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        assert set(search_sqlite.trigger_names()) <= {row[0] for row in cursor.fetchall()}
        # What Django's table rebuild leaves behind: the table's triggers are gone.
        cursor.execute("DROP TRIGGER annotations_search_evidence_ai")
    sentence = sentence_with(article, "Beloussow")
    verdict_on(sentence, editor, evidence=[EvidenceInput(url="https://e.org/", title="Zollakte")])
    assert search(as_editor, q="Zollakte").json()["count"] == 0
    assert search_sqlite.restore_index(connection) == ["annotations_evidence"]
    assert search(as_editor, q="Zollakte").json()["count"] == 1
    assert search_sqlite.restore_index(connection) == []


@pytest.mark.skipif("connection.vendor != 'sqlite'", reason="SQLite's FTS5 index")
def test_an_imports_sentences_are_indexed_once_each_without_an_insert_trigger(as_editor, article):
    from annotations.selectors import search_sqlite

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*), COUNT(DISTINCT sentence_id) FROM annotations_search WHERE kind = 0"
        )
        indexed = cursor.fetchone()
        # An insert trigger left by an earlier version would index each sentence twice.
        cursor.execute("CREATE TRIGGER annotations_search_sentence_ai AFTER INSERT ON "
                       "annotations_sentence BEGIN SELECT 1; END")  # fmt: skip
        assert search_sqlite.restore_index(connection) == []
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")
        assert "annotations_search_sentence_ai" not in {row[0] for row in cursor.fetchall()}
    assert indexed == (article.sentences.count(),) * 2
    assert search(as_editor, q="Beloussow").json()["count"] >= 1


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="PostgreSQL's GIN indexes")
def test_postgres_has_the_gin_indexes_and_uses_them(article):
    from annotations.selectors import search_postgres

    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE '%%_fts'")
        names = {row[0] for row in cursor.fetchall()}
        indexed = len(search_postgres.INDEXED) + len(search_postgres.COMMENT_INDEXED)
        assert len(names) == (indexed + 1) * len(search_postgres.CONFIGS)
        cursor.execute("SET enable_seqscan = off")
        sql, params = search_postgres.sentence_hits([], "Verteidigungsministers")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute("SET enable_seqscan = on")
    assert "annotations_sentence_text_german_fts" in plan
