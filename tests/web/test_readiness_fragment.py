"""The readiness fragment the workspace fetches again when verdicts or pre-tags change."""

import pytest

from annotations.models import Sentence, SentenceTag

from .conftest import logged_in

pytestmark = pytest.mark.django_db


def tag_all(article, *, claim: bool) -> None:
    for sentence in article.sentences.all():
        tag = SentenceTag.objects.create(
            sentence=sentence, tagger_version="t", checkworthiness=0.8 if claim else 0.1,
            claim=claim,
        )  # fmt: skip
        Sentence.objects.filter(pk=sentence.pk).update(pretag=tag)


def test_the_fragment_says_not_pretagged_then_ready_once_the_tags_arrive(editor_client, article):
    before = editor_client.get(f"/articles/{article.pk}/readiness/")
    assert before.status_code == 200
    assert before["Cache-Control"] == "private, no-cache"
    assert "Not ready to publish" in before.text and 'data-code="not_pretagged"' in before.text
    tag_all(article, claim=False)
    after = editor_client.get(f"/articles/{article.pk}/readiness/").text
    assert 'id="readiness"' in after and "Ready to publish" in after
    assert "not_pretagged" not in after


def test_the_fragment_lists_blockers_with_their_sentences(editor_client, article):
    tag_all(article, claim=True)
    html = editor_client.get(f"/articles/{article.pk}/readiness/").text
    first = Sentence.objects.filter(article=article, heading=False).order_by("ordinal")[0]
    assert 'data-code="no_verdict"' in html
    assert f"?sentence={first.pk}" in html and f'data-sentences="{first.pk} ' in html


def test_the_fragment_speaks_the_language_of_the_desk(editor_client, article):
    tag_all(article, claim=True)
    german = editor_client.get(f"/articles/{article.pk}/readiness/", HTTP_ACCEPT_LANGUAGE="de")
    assert "Nicht bereit zur Veröffentlichung" in german.text
    assert "prüfwürdige Sätze haben kein Urteil." in german.text
    assert "check-worthy" not in german.text
    english = editor_client.get(f"/articles/{article.pk}/readiness/", HTTP_ACCEPT_LANGUAGE="en")
    assert "check-worthy sentences have no verdict." in english.text


def test_the_fragment_costs_a_fixed_number_of_queries(
    editor_client, article, django_assert_max_num_queries
):
    tag_all(article, claim=True)
    editor_client.get(f"/articles/{article.pk}/readiness/")
    with django_assert_max_num_queries(8):
        editor_client.get(f"/articles/{article.pk}/readiness/")


def test_another_newsrooms_member_gets_404(article, outsider):
    response = logged_in(outsider).get(f"/articles/{article.pk}/readiness/")
    assert response.status_code == 404
    assert 'id="readiness"' not in response.text


def test_a_missing_article_gets_404(editor_client):
    assert editor_client.get("/articles/999999/readiness/").status_code == 404


def test_anonymous_is_sent_to_log_in(client, article):
    response = client.get(f"/articles/{article.pk}/readiness/")
    assert response.status_code == 302 and "/login/" in response["Location"]
