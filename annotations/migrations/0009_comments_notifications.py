"""Comment threads with their trail, and the inbox's notifications."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from annotations.selectors import search_postgres, search_sqlite


def index_comments(apps, schema_editor):
    """Comments join the search index: FTS5 triggers on SQLite, GIN indexes on PostgreSQL."""
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        search_sqlite.restore_index(connection)
    elif connection.vendor == "postgresql":
        for statement in search_postgres.create_comment_indexes():
            schema_editor.execute(statement)


def unindex_comments(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        search_sqlite.drop_source(connection, "annotations_comment")
    elif connection.vendor == "postgresql":
        for statement in search_postgres.drop_comment_indexes():
            schema_editor.execute(statement)


class Migration(migrations.Migration):

    dependencies = [
        ('annotations', '0008_matching'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='Comment',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('body', models.TextField(verbose_name='comment')),
                ('mentions', models.JSONField(blank=True, default=list)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('edited_at', models.DateTimeField(blank=True, null=True)),
                ('resolved_at', models.DateTimeField(blank=True, null=True)),
                ('article', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='comments', to='annotations.article')),
                ('author', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('newsroom', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='annotations.newsroom')),
                ('resolved_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('sentence', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='comments', to='annotations.sentence')),
            ],
            options={
                'ordering': ['created_at', 'id'],
            },
        ),
        migrations.CreateModel(
            name='CommentRevision',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('action', models.CharField(choices=[('create', 'commented'), ('edit', 'edited a comment'), ('resolve', 'resolved a comment'), ('reopen', 'reopened a comment')], max_length=16)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('before', models.JSONField(default=dict)),
                ('after', models.JSONField(default=dict)),
                ('actor', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('article', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='annotations.article')),
                ('comment', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='revisions', to='annotations.comment')),
            ],
            options={
                'ordering': ['comment_id', 'id'],
            },
        ),
        migrations.CreateModel(
            name='Notification',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('kind', models.CharField(choices=[('changes_requested', 'changes requested on your verdict'), ('approved', 'your verdict was approved'), ('assigned', 'assigned to you'), ('mentioned', 'mentioned you'), ('new_version', 'new version of an article you work on')], max_length=24)),
                ('text', models.TextField(blank=True)),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('read_at', models.DateTimeField(blank=True, null=True)),
                ('actor', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('article', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='annotations.article')),
                ('comment', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='annotations.comment')),
                ('newsroom', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='annotations.newsroom')),
                ('recipient', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to=settings.AUTH_USER_MODEL)),
                ('sentence', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='annotations.sentence')),
            ],
            options={
                'ordering': ['-created_at', '-id'],
            },
        ),
        migrations.AddIndex(
            model_name='comment',
            index=models.Index(fields=['article', 'sentence', 'id'], name='annotations_article_323f15_idx'),
        ),
        migrations.AddIndex(
            model_name='comment',
            index=models.Index(fields=['sentence', 'id'], name='annotations_sentenc_a0b329_idx'),
        ),
        migrations.AddIndex(
            model_name='commentrevision',
            index=models.Index(fields=['article', 'id'], name='annotations_article_0da9eb_idx'),
        ),
        migrations.AddIndex(
            model_name='notification',
            index=models.Index(fields=['recipient', 'read_at', '-id'], name='annotations_recipie_3b5494_idx'),
        ),
        migrations.RunPython(index_comments, unindex_comments, elidable=False),
    ]
