"""An API error speaks the client's Accept-Language; its code stays what a program reads."""

import pytest

pytestmark = pytest.mark.django_db


def submit(client, sentence, language: str):
    return client.post(
        f"/api/sentences/{sentence.pk}/annotation/submit/", HTTP_ACCEPT_LANGUAGE=language
    )


def test_a_german_client_reads_the_refusal_in_german(as_editor, sentence):
    response = submit(as_editor, sentence, "de")
    assert response.status_code == 409
    assert response.json() == {
        "code": "invalid_transition",
        "message": "Dieser Satz hat noch kein Urteil.",
    }


def test_an_english_or_unknown_language_reads_it_in_english(as_editor, sentence):
    for language in ("en", "fr"):
        body = submit(as_editor, sentence, language).json()
        assert body["message"] == "This sentence has no verdict yet.", language
