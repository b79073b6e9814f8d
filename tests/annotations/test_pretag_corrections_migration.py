"""The corrections migration on a database with attribution checks: a check naming another
source than the pre-tagger's becomes a correction of it, once; a check agreeing stays none."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("annotations", "0013_comment_move")]
AFTER = [("annotations", "0014_pretag_corrections")]


@pytest.fixture
def old_schema(transactional_db):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    yield executor.loader.project_state(BEFORE).apps
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def checked(apps, article, version, ordinal: int, source: str) -> None:
    model = apps.get_model
    sentence = model("annotations", "Sentence").objects.create(
        article=article, version=version, ordinal=ordinal, paragraph=0, start=ordinal * 10,
        end=ordinal * 10 + 9, text="Kim sagte",
    )  # fmt: skip
    spans = [{"start": ordinal * 10 + 4, "end": ordinal * 10 + 9, "kind": "attribution",
              "payload": {"cue": "sagte", "source": "Kim"}}]  # fmt: skip
    sentence.pretag = model("annotations", "SentenceTag").objects.create(
        sentence=sentence, tagger_version="t-1", checkworthiness=0.9, claim=True, spans=spans
    )
    sentence.save()
    annotation = model("annotations", "Annotation").objects.create(
        sentence=sentence, verdict="unverified"
    )
    model("annotations", "AttributionCheck").objects.create(
        annotation=annotation, result="confirmed", source=source
    )


def test_checks_naming_another_source_become_corrections(old_schema):
    apps = old_schema
    newsroom = apps.get_model("annotations", "Newsroom").objects.create(name="D", slug="d")
    article = apps.get_model("annotations", "Article").objects.create(
        newsroom=newsroom, title="T", language="de", text="x" * 40, text_hash="h"
    )
    version = apps.get_model("annotations", "ArticleVersion").objects.create(
        article=article, number=1, text=article.text, text_hash="h"
    )
    checked(apps, article, version, 0, "Kim")
    checked(apps, article, version, 1, "Choe Son Hui")

    executor = MigrationExecutor(connection)
    executor.migrate(AFTER)
    apps = executor.loader.project_state(AFTER).apps
    [row] = apps.get_model("annotations", "PretagCorrection").objects.all()
    assert (row.kind, row.start, row.field, row.pretag_value, row.value, row.origin) == (
        "attribution", 14, "source", "Kim", "Choe Son Hui", "attribution_check",
    )  # fmt: skip
    assert row.tagger_version == "t-1"
