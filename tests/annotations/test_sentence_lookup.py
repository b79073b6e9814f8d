"""The hand-written lookups on the verdict-save path answer what the ORM would."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from annotations.models import Annotation, Article, Role
from annotations.selectors.articles import get_sentence
from annotations.selectors.handwritten import partial
from annotations.services.access import role_in
from annotations.services.review import approve, submit
from annotations.services.verdicts import _save_state, set_verdict

pytestmark = pytest.mark.django_db


@pytest.fixture
def sentence(article):
    return article.sentences.get(ordinal=3)


def test_sentence_comes_with_its_newsroom_and_the_callers_role_in_one_query(sentence, reviewer):
    with CaptureQueriesContext(connection) as queries:
        found = get_sentence(user=reviewer, sentence_id=sentence.pk)
        assert found.article.newsroom_id == sentence.article.newsroom_id
        assert role_in(reviewer, found.article.newsroom_id) == Role.REVIEWER
    assert len(queries) == 1
    assert (found.pk, found.text, found.ordinal) == (sentence.pk, sentence.text, 3)


def test_values_come_back_as_the_orm_would_give_them(article, editor):
    for stored in article.sentences.all():
        found = get_sentence(user=editor, sentence_id=stored.pk)
        assert found.heading is stored.heading  # SQLite stores 0/1; a bool comes back
        assert (found.start, found.end, found.paragraph) == (
            stored.start,
            stored.end,
            stored.paragraph,
        )


def test_the_articles_other_fields_load_when_touched(sentence, editor):
    found = get_sentence(user=editor, sentence_id=sentence.pk)
    assert found.article.title == sentence.article.title
    assert found.article.text == sentence.article.text


@pytest.mark.parametrize("who", ["outsider", "anonymous", "missing"])
def test_outsiders_anonymous_users_and_missing_ids_get_nothing(sentence, outsider, who):
    user = {"outsider": outsider, "missing": outsider}.get(who, AnonymousUser())
    sentence_id = sentence.pk + 10_000 if who == "missing" else sentence.pk
    assert get_sentence(user=user, sentence_id=sentence_id) is None


def _current_annotation(sentence):
    return _save_state(sentence.pk, sentence.article.newsroom_id).annotation


def test_current_annotation_carries_its_authors_usernames(sentence, editor, reviewer):
    set_verdict(sentence=sentence, editor=editor, verdict="verified", expected_version=0)
    assert _current_annotation(sentence).reviewed_by is None
    submit(sentence=sentence, editor=editor, expected_version=1)
    approve(sentence=sentence, reviewer=reviewer, expected_version=2)
    annotation = _current_annotation(sentence)
    assert annotation.created_by.get_username() == "editor"
    assert annotation.reviewed_by.get_username() == "reviewer"
    assert annotation.created_at == Annotation.objects.get(sentence=sentence).created_at
    assert annotation.created_at.tzinfo is not None and annotation.version == 3


def test_no_annotation_yet_is_none(sentence):
    assert _current_annotation(sentence) is None


def test_partial_refuses_names_that_are_not_fields():
    with pytest.raises(ValueError, match="Not fields of Article: \\['colour'\\]"):
        partial(Article, id=1, colour="red")
