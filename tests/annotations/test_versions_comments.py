"""Comment threads follow their sentences to a new version, as verdicts and dismissals do."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from annotations.models import ArticleVersion, Comment, CommentAction, CommentRevision, Sentence
from annotations.selectors.comments import list_left_behind_threads
from annotations.services.articles import import_article
from annotations.services.comments import add_comment, resolve_comment
from annotations.services.verdicts import set_verdict
from annotations.services.versions import import_version

pytestmark = pytest.mark.django_db

V1 = (
    "Die Regierung hat am Montag neue Zahlen vorgelegt. "
    "Laut dem Ministerium stieg die Zahl der Anträge um 12 Prozent.\n\n"
    "Die Opposition kritisierte die Berechnung scharf. "
    "Sie verlangt eine unabhängige Prüfung bis Ende Juni."
)
REWORDED = V1.replace("um 12 Prozent", "um 14 Prozent")
DELETED = V1.replace(" Sie verlangt eine unabhängige Prüfung bis Ende Juni.", "")
INSERTED_ABOVE = "Eilmeldung: Die Lage an den Grenzen bleibt weiter angespannt.\n\n" + V1


@pytest.fixture
def story(newsroom, editor):
    article, _job = import_article(
        newsroom=newsroom, title="Zahlen", text=V1, language="de", imported_by=editor
    )
    return article


def sentence(article, start: str, number: int | None = None) -> Sentence:
    version = ArticleVersion.objects.get(article=article, number=number or article.version)
    return Sentence.objects.get(version=version, text__startswith=start)


def test_a_thread_follows_its_sentence_with_its_state_and_a_trail_entry(story, editor):
    old = sentence(story, "Laut dem Ministerium")
    first = add_comment(author=editor, article=story, sentence=old, body="Quelle?")
    second = add_comment(author=editor, article=story, sentence=old, body="Gefunden.")
    resolve_comment(comment=first, by=editor)
    on_article = add_comment(author=editor, article=story, body="Titel prüfen")

    import_version(article=story, text=REWORDED, imported_by=editor)

    story.refresh_from_db()
    new = sentence(story, "Laut dem Ministerium")
    assert new.pk != old.pk and new.text.endswith("14 Prozent.")
    moved = list(Comment.objects.filter(sentence=new).order_by("pk"))
    assert [c.pk for c in moved] == [first.pk, second.pk]
    assert moved[0].resolved_at is not None and moved[1].resolved_at is None
    assert moved[0].body == "Quelle?"
    assert not Comment.objects.filter(sentence=old).exists()
    assert Comment.objects.get(pk=on_article.pk).sentence_id is None
    entry = CommentRevision.objects.get(comment=first, action=CommentAction.MOVE)
    assert entry.actor == editor and entry.article_id == story.pk
    assert entry.before == {"sentence": old.pk, "article_version": 1}
    assert entry.after["sentence"] == new.pk and entry.after["article_version"] == 2
    assert entry.after["state"] == "changed"
    assert list_left_behind_threads(article=story) == []


def test_a_thread_moves_beside_the_verdict_of_its_sentence(story, editor):
    old = sentence(story, "Die Opposition")
    set_verdict(sentence=old, editor=editor, verdict="verified", expected_version=0)
    comment = add_comment(author=editor, article=story, sentence=old, body="Belegt.")
    import_version(article=story, text=INSERTED_ABOVE, imported_by=editor)
    story.refresh_from_db()
    new = sentence(story, "Die Opposition")
    assert Comment.objects.get(pk=comment.pk).sentence_id == new.pk
    assert new.annotation.verdict == "verified"


def test_a_thread_whose_sentence_is_gone_stays_on_the_old_version_and_is_listed(story, editor):
    old = sentence(story, "Sie verlangt")
    comment = add_comment(author=editor, article=story, sentence=old, body="Bis wann genau?")
    kept = add_comment(
        author=editor, article=story, sentence=sentence(story, "Die Regierung"), body="Ok"
    )

    import_version(article=story, text=DELETED, imported_by=editor)

    story.refresh_from_db()
    assert Comment.objects.get(pk=comment.pk).sentence_id == old.pk
    assert not CommentRevision.objects.filter(comment=comment, action=CommentAction.MOVE)
    assert Comment.objects.get(pk=kept.pk).sentence_id == sentence(story, "Die Regierung").pk
    assert list_left_behind_threads(article=story) == [
        {"sentence": old.pk, "text": old.text, "version": 1, "comments": 1, "open": 1}
    ]


def test_identical_text_moves_no_thread(story, editor):
    old = sentence(story, "Die Regierung")
    add_comment(author=editor, article=story, sentence=old, body="Montag?")
    result = import_version(article=story, text=V1, imported_by=editor)
    assert not result.created
    assert Comment.objects.get().sentence_id == old.pk
    assert not CommentRevision.objects.filter(action=CommentAction.MOVE).exists()


def test_moving_threads_costs_the_same_queries_for_one_thread_and_for_four(newsroom, editor):
    def imported_with_threads(n: int) -> int:
        article, _job = import_article(
            newsroom=newsroom, title=f"T{n}", text=V1, language="de", imported_by=editor
        )
        for s in Sentence.objects.filter(article=article).order_by("ordinal")[:n]:
            add_comment(author=editor, article=article, sentence=s, body="Prüfen")
            add_comment(author=editor, article=article, sentence=s, body="Noch einmal")
        with CaptureQueriesContext(connection) as queries:
            import_version(article=article, text=INSERTED_ABOVE, imported_by=editor)
        assert Comment.objects.filter(article=article, sentence__version__number=2).count() == 2 * n
        return len(queries)

    assert imported_with_threads(1) == imported_with_threads(4)
