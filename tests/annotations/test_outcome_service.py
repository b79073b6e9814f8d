"""Dismissals meet verdicts and new article versions: a verdict undoes a dismissal, and a
dismissal follows its sentence to a re-imported version."""

import pytest

from annotations.models import Dismissal, Revision
from annotations.services.articles import import_article
from annotations.services.outcomes import dismiss
from annotations.services.verdicts import set_verdict
from annotations.services.versions import import_version

pytestmark = pytest.mark.django_db

TEXT = (
    "Die Stadt zählte 2020 genau 12.000 Einwohner.\n\n"
    "Das ist eine schöne Stadt, finde ich.\n\n"
    "Im Jahr 2030 wird sie sicher doppelt so groß sein."
)


@pytest.fixture
def article(newsroom, editor):
    article, _job = import_article(
        newsroom=newsroom, title="Stadt", text=TEXT, language="de", imported_by=editor
    )
    return article


def current(article, ordinal):
    article.refresh_from_db()
    return article.sentences.get(version_id=article.current_version_id, ordinal=ordinal)


def test_saving_a_verdict_on_a_dismissed_sentence_undoes_the_dismissal(article, editor):
    sentence = current(article, 1)
    dismiss(sentence=sentence, editor=editor, reason="opinion")
    set_verdict(sentence=sentence, editor=editor, verdict="unverified", expected_version=0)
    dismissal = Dismissal.objects.get(sentence=sentence)
    assert dismissal.undone_at is not None and dismissal.undone_by == editor
    actions = list(Revision.objects.filter(sentence=sentence).values_list("action", flat=True))
    assert actions == ["dismiss", "undo_dismiss", "edit"]


def test_a_verdict_on_an_undismissed_sentence_writes_no_undo(article, editor):
    sentence = current(article, 0)
    set_verdict(sentence=sentence, editor=editor, verdict="verified", expected_version=0)
    assert not Revision.objects.filter(sentence=sentence, action="undo_dismiss").exists()


def test_a_dismissal_follows_its_sentence_to_the_next_version(article, editor):
    old = current(article, 1)
    dismiss(sentence=old, editor=editor, reason="opinion", note="Meinung")
    import_version(article=article, text="Ein neuer erster Absatz.\n\n" + TEXT, imported_by=editor)
    moved = current(article, 2)
    assert moved.text == old.text and moved.pk != old.pk
    dismissal = Dismissal.objects.get()
    assert (dismissal.sentence_id, dismissal.reason, dismissal.note) == (
        moved.pk,
        "opinion",
        "Meinung",
    )
    revision = Revision.objects.get(sentence=moved, action="reanchor")
    assert revision.before["sentence"] == old.pk and revision.after["dismissed"]["reason"] == (
        "opinion"
    )


def test_a_dismissal_whose_sentence_is_gone_stays_on_the_old_version(article, editor):
    old = current(article, 1)
    dismiss(sentence=old, editor=editor, reason="opinion")
    shorter = TEXT.replace("Das ist eine schöne Stadt, finde ich.\n\n", "")
    import_version(article=article, text=shorter, imported_by=editor)
    assert Dismissal.objects.get().sentence_id == old.pk
