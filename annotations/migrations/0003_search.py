"""Full-text search: an FTS5 index kept by triggers on SQLite, GIN indexes on PostgreSQL.

SQLite: one FTS5 table (unicode61, diacritics removed) of sentence texts, rationales, evidence
titles and article titles, filled from what is there and kept in step by triggers (see
``annotations.selectors.search_sqlite``, which also restores them after every migrate).
PostgreSQL: expression GIN indexes over to_tsvector('german', ...) and ('english', ...) (see
``annotations.selectors.search_postgres``). Each half runs only on its own vendor; on any
other database the migration does nothing.
"""

from django.db import migrations

from annotations.selectors import search_postgres, search_sqlite


def create(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        search_sqlite.restore_index(connection)
    elif connection.vendor == "postgresql":
        for statement in search_postgres.create_indexes():
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        search_sqlite.drop_index(connection)
    elif connection.vendor == "postgresql":
        for statement in search_postgres.drop_indexes():
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("annotations", "0002_article_versions")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
