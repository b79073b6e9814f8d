"""Article versions: every existing article becomes version 1 of itself, holding its current text
and its sentences; annotations learn how they were anchored; idempotent requests are kept."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def make_first_versions(apps, schema_editor):
    """One version per article, numbered as the article says, with its text and sentences.

    Set-based (one INSERT batch per 500 articles, then one UPDATE per table), so a large desk
    migrates in seconds rather than in one round trip per article.
    """
    Article = apps.get_model("annotations", "Article")
    ArticleVersion = apps.get_model("annotations", "ArticleVersion")
    Sentence = apps.get_model("annotations", "Sentence")
    batch = []
    for article in Article.objects.order_by("pk").iterator(chunk_size=500):
        batch.append(
            ArticleVersion(
                article_id=article.pk,
                number=article.version or 1,
                text=article.text,
                text_hash=article.text_hash,
                created_by_id=article.imported_by_id,
            )
        )
        if len(batch) >= 500:
            ArticleVersion.objects.bulk_create(batch)
            batch = []
    ArticleVersion.objects.bulk_create(batch)
    # created_at is auto_now_add; the first version was made when the article was imported.
    first = ArticleVersion.objects.filter(article_id=OuterRef("pk")).order_by("number")
    Article.objects.update(current_version_id=Subquery(first.values("pk")[:1]))
    ArticleVersion.objects.update(
        created_at=Subquery(Article.objects.filter(pk=OuterRef("article_id")).values("created_at"))
    )
    of_article = ArticleVersion.objects.filter(article_id=OuterRef("article_id"))
    Sentence.objects.update(version_id=Subquery(of_article.values("pk")[:1]))


class Migration(migrations.Migration):
    dependencies = [
        ("annotations", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ArticleVersion",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("number", models.PositiveIntegerField()),
                ("text", models.TextField()),
                ("text_hash", models.CharField(max_length=64)),
                ("note", models.CharField(blank=True, max_length=1000)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("anchoring", models.JSONField(blank=True, default=dict)),
                ("article", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="versions", to="annotations.article")),
                ("created_by", models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to=settings.AUTH_USER_MODEL)),
            ],
            options={
                "ordering": ["article_id", "number"],
                "constraints": [models.UniqueConstraint(fields=("article", "number"), name="one_version_per_number")],
            },
        ),
        migrations.AddField(
            model_name="article",
            name="current_version",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name="+", to="annotations.articleversion"),
        ),
        migrations.AddField(
            model_name="sentence",
            name="version",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="sentences", to="annotations.articleversion"),
        ),
        migrations.RunPython(make_first_versions, migrations.RunPython.noop, elidable=False),
        migrations.AlterField(
            model_name="sentence",
            name="version",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="sentences", to="annotations.articleversion"),
        ),
        migrations.AlterModelOptions(
            name="sentence",
            options={"ordering": ["article_id", "version_id", "ordinal"]},
        ),
        migrations.RemoveConstraint(model_name="sentence", name="one_sentence_per_ordinal"),
        migrations.AddConstraint(
            model_name="sentence",
            constraint=models.UniqueConstraint(fields=("version", "ordinal"), name="one_sentence_per_version_ordinal"),
        ),
        migrations.AddField(
            model_name="annotation",
            name="anchor_state",
            field=models.CharField(choices=[("kept", "kept"), ("changed", "changed"), ("orphaned", "orphaned"), ("closed", "closed")], db_index=True, default="kept", max_length=16),
        ),
        migrations.AddField(
            model_name="annotation",
            name="anchor_score",
            field=models.FloatField(default=1.0),
        ),
        migrations.AddField(
            model_name="annotation",
            name="anchor_method",
            field=models.CharField(blank=True, max_length=32),
        ),
        migrations.AddField(
            model_name="annotation",
            name="previous_text",
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name="annotation",
            name="needs_recheck",
            field=models.BooleanField(default=False),
        ),
        migrations.AlterField(
            model_name="revision",
            name="action",
            field=models.CharField(choices=[("edit", "edited"), ("submit", "submitted"), ("approve", "approved"), ("request_changes", "requested changes"), ("assign", "assigned"), ("reanchor", "moved to a new version"), ("orphan", "orphaned by a new version"), ("reattach", "re-attached"), ("close", "closed")], max_length=24),
        ),
        migrations.CreateModel(
            name="IdempotentRequest",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("key", models.CharField(max_length=255)),
                ("scope", models.CharField(max_length=255)),
                ("status", models.PositiveSmallIntegerField()),
                ("body", models.JSONField(default=dict)),
                ("created_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                ("user", models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to=settings.AUTH_USER_MODEL)),
            ],
            options={
                "constraints": [models.UniqueConstraint(fields=("user", "key"), name="one_response_per_user_key")],
            },
        ),
    ]
