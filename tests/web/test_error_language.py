"""A refusal on a page speaks the page's language, next to the field it is about."""

import pytest

from annotations.models import Article
from tests.web.test_pages import import_form

pytestmark = pytest.mark.django_db


def test_the_german_import_form_explains_in_german_and_keeps_the_input(editor_client, newsroom):
    response = editor_client.post(
        "/import/",
        import_form(newsroom=newsroom.pk, title="  ", source_url="javascript:alert(1)"),
        HTTP_ACCEPT_LANGUAGE="de",
    )
    assert response.status_code == 400
    assert 'id="id_title_error"' in response.text and "Der Titel ist leer." in response.text
    assert "The title is empty." not in response.text
    assert "Berlin hat 3,7 Millionen Einwohner." in response.text
    assert not Article.objects.exists()


def test_a_limit_with_its_numbers_reads_in_german(editor_client, newsroom, settings):
    settings.FACTCHECK_MAX_SENTENCES = 1
    response = editor_client.post(
        "/import/", import_form(newsroom=newsroom.pk), HTTP_ACCEPT_LANGUAGE="de"
    )
    assert response.status_code in (400, 413)
    assert "Der Text hat 2 Sätze; die Grenze liegt bei 1." in response.text
