"""The workspace's versions: the new-version form, the summary, old versions read-only."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from annotations.models import ArticleVersion
from annotations.services.articles import import_article
from annotations.services.comments import add_comment
from annotations.services.versions import import_version
from tests.annotations.test_versions_service import DELETED, REWORDED, V1
from tests.review.conftest import approve

pytestmark = pytest.mark.django_db


@pytest.fixture
def story(newsroom, editor, reviewer):
    article, _job = import_article(
        newsroom=newsroom, title="Zahlen", text=V1, language="de", imported_by=editor
    )
    for sentence in article.sentences.order_by("ordinal"):
        approve(sentence, editor, reviewer, "verified")
    return article


def test_workspace_offers_a_new_version_to_editors_only(editor_client, viewer_client, story):
    assert 'id="new-version"' in editor_client.get(f"/articles/{story.pk}/").text
    assert 'id="new-version"' not in viewer_client.get(f"/articles/{story.pk}/").text


def test_a_pasted_version_goes_back_to_the_workspace_with_the_summary(editor_client, story):
    response = editor_client.post(
        f"/articles/{story.pk}/versions/new/", {"text": DELETED, "note": "Gestrichen"}, follow=True
    )
    assert response.redirect_chain[-1][0] == f"/articles/{story.pk}/"
    assert "Version 2: 5 kept, 0 to re-check, 1 orphaned." in response.text
    assert 'id="orphans"' in response.text and "Sie verlangt eine unabhängige" in response.text
    assert ArticleVersion.objects.get(article=story, number=2).note == "Gestrichen"


def test_an_uploaded_version_is_imported_too(editor_client, story):
    upload = SimpleUploadedFile("neu.txt", REWORDED.encode(), content_type="text/plain")
    response = editor_client.post(
        f"/articles/{story.pk}/versions/new/", {"upload": upload}, follow=True
    )
    assert "5 kept, 1 to re-check, 0 orphaned" in response.text


def test_the_same_text_changes_nothing_and_says_so(editor_client, story):
    response = editor_client.post(f"/articles/{story.pk}/versions/new/", {"text": V1}, follow=True)
    assert "nothing changed" in response.text
    assert ArticleVersion.objects.filter(article=story).count() == 1


def test_a_bad_text_shows_the_form_again_with_the_error(editor_client, story):
    response = editor_client.post(f"/articles/{story.pk}/versions/new/", {"text": V1 + "\x07"})
    assert response.status_code == 400 and "control character" in response.text
    assert ArticleVersion.objects.filter(article=story).count() == 1
    empty = editor_client.post(f"/articles/{story.pk}/versions/new/", {"text": "  "})
    assert empty.status_code == 400


def test_viewers_and_outsiders_cannot_import_a_version(viewer_client, outsider_client, story):
    assert (
        viewer_client.post(f"/articles/{story.pk}/versions/new/", {"text": REWORDED}).status_code
        == 403
    )
    assert outsider_client.get(f"/articles/{story.pk}/versions/new/").status_code == 404
    assert ArticleVersion.objects.filter(article=story).count() == 1


def test_an_old_version_reads_as_a_record_without_forms(editor_client, story, editor):
    import_version(article=story, text=DELETED, imported_by=editor)
    page = editor_client.get(f"/articles/{story.pk}/?version=1").text
    assert 'id="readonly-banner"' in page and "Sie verlangt eine unabhängige" in page
    assert 'id="save-verdict"' not in page and 'id="new-version"' not in page
    assert 'id="orphans"' not in page
    current = editor_client.get(f"/articles/{story.pk}/").text
    assert "Sie verlangt eine unabhängige Prüfung bis Ende Juni.</span>" not in current
    assert "Version 2 of 2" in current
    assert editor_client.get(f"/articles/{story.pk}/?version=9").status_code == 404
    assert editor_client.get(f"/articles/{story.pk}/?version=x").status_code == 404


def test_a_changed_sentence_carries_its_diff_to_the_script(editor_client, story, editor):
    import_version(article=story, text=REWORDED, imported_by=editor)
    page = editor_client.get(f"/articles/{story.pk}/").text
    assert '["-", "12"], ["+", "14"]' in page


def test_threads_left_on_an_old_version_are_listed_with_a_link_to_them(
    editor_client, story, editor
):
    gone = story.sentences.get(text__startswith="Sie verlangt")
    add_comment(author=editor, article=story, sentence=gone, body="Bis wann genau?")
    kept = story.sentences.get(text__startswith="Die Opposition")
    add_comment(author=editor, article=story, sentence=kept, body="Zitat prüfen")
    import_version(article=story, text=DELETED, imported_by=editor)

    page = editor_client.get(f"/articles/{story.pk}/").text
    assert 'id="left-threads"' in page and "1 comment thread stayed on an earlier version" in page
    assert f'data-sentence="{gone.pk}"' in page and f'data-sentence="{kept.pk}"' not in page
    assert f"?version=1&amp;sentence={gone.pk}" in page
    old = editor_client.get(f"/articles/{story.pk}/?version=1&sentence={gone.pk}").text
    assert 'id="left-threads"' not in old  # the old version itself shows its threads in place


def test_no_left_threads_section_when_every_thread_followed(editor_client, story, editor):
    kept = story.sentences.get(text__startswith="Die Opposition")
    add_comment(author=editor, article=story, sentence=kept, body="Zitat prüfen")
    import_version(article=story, text=REWORDED, imported_by=editor)
    assert 'id="left-threads"' not in editor_client.get(f"/articles/{story.pk}/").text
