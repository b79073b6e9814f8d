"""Migration 0002 on a database with articles: each becomes version 1 of itself, nothing lost."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("annotations", "0001_initial")]
AFTER = [("annotations", "0002_article_versions")]


@pytest.fixture
def old_schema(transactional_db):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    yield executor.loader.project_state(BEFORE).apps
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_every_article_becomes_version_one_with_its_text_and_sentences(old_schema):
    apps = old_schema
    newsroom = apps.get_model("annotations", "Newsroom").objects.create(name="D", slug="d")
    Article = apps.get_model("annotations", "Article")
    Sentence = apps.get_model("annotations", "Sentence")
    Annotation = apps.get_model("annotations", "Annotation")
    texts = ["Erster Satz. Zweiter Satz.", "Ein anderer Text."]
    for text in texts:
        article = Article.objects.create(
            newsroom=newsroom, title="T", language="de", text=text, text_hash=f"h{len(text)}"
        )
        first = Sentence.objects.create(
            article=article, ordinal=0, paragraph=0, start=0, end=12, text=text[:12]
        )
        Annotation.objects.create(sentence=first, verdict="verified")

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    Article = apps.get_model("annotations", "Article")
    Version = apps.get_model("annotations", "ArticleVersion")
    for article in Article.objects.all():
        (version,) = Version.objects.filter(article=article)
        assert (version.number, version.text, version.text_hash) == (
            1,
            article.text,
            article.text_hash,
        )
        assert article.current_version_id == version.pk
        sentences = apps.get_model("annotations", "Sentence").objects.filter(article=article)
        assert [s.version_id for s in sentences] == [version.pk]
    annotations = apps.get_model("annotations", "Annotation").objects.all()
    assert [(a.anchor_state, a.needs_recheck) for a in annotations] == [("kept", False)] * 2
