"""Sources: the attribution check beside the verdict, what matched on an evidence page, when
a page changed, and the newsroom's public fact-check URL."""

import django.db.models.deletion

import annotations.models.newsroom
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("annotations", "0009_comments_notifications"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="evidence",
            name="changed_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="evidence",
            name="excerpt_passage",
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name="evidence",
            name="quote_match",
            field=models.CharField(
                blank=True,
                choices=[
                    ("verbatim", "verbatim"),
                    ("approximate", "approximate"),
                    ("not_found", "not found"),
                ],
                max_length=16,
            ),
        ),
        migrations.AddField(
            model_name="evidence",
            name="quote_passage",
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name="evidence",
            name="quote_score",
            field=models.FloatField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="newsroom",
            name="factcheck_url",
            field=models.CharField(
                blank=True,
                max_length=500,
                validators=[annotations.models.newsroom.validate_factcheck_url],
                verbose_name="public fact-check URL",
            ),
        ),
        migrations.CreateModel(
            name="AttributionCheck",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "result",
                    models.CharField(
                        choices=[
                            ("confirmed", "confirmed"),
                            ("misattributed", "misattributed"),
                            ("not_found", "not found"),
                        ],
                        max_length=16,
                        verbose_name="attribution",
                    ),
                ),
                ("source", models.CharField(max_length=200, verbose_name="source")),
                (
                    "source_type",
                    models.CharField(
                        choices=[("Person", "person"), ("Organization", "organization")],
                        default="Person",
                        max_length=16,
                    ),
                ),
                ("rationale", models.TextField(blank=True, verbose_name="rationale")),
                ("evidence_url", models.URLField(blank=True, max_length=2048)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "annotation",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="attribution_check",
                        to="annotations.annotation",
                    ),
                ),
                (
                    "updated_by",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                    ),
                ),
            ],
        ),
    ]
