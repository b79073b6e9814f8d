"""Reference fact-checks and the matches of sentences against them and against earlier verdicts."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("annotations", "0005_outcomes")]

    operations = [
        migrations.CreateModel(
            name="ReferenceFactCheck",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("claim", models.TextField(verbose_name="claim")),
                ("title", models.CharField(blank=True, max_length=500, verbose_name="title")),
                ("subtitle", models.TextField(blank=True, verbose_name="subtitle")),
                ("url", models.URLField(blank=True, max_length=2048, verbose_name="URL")),
                ("external_id", models.CharField(blank=True, max_length=200)),
                ("rating", models.CharField(blank=True, max_length=200, verbose_name="rating")),
                ("published", models.DateField(blank=True, null=True, verbose_name="published")),
                ("language", models.CharField(blank=True, max_length=8, verbose_name="language")),
                (
                    "source",
                    models.CharField(
                        choices=[("import", "imported")], default="import", max_length=16
                    ),
                ),
                ("vector", models.BinaryField(editable=False, null=True)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                ("updated_at", models.DateTimeField(auto_now=True)),
                (
                    "newsroom",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="fact_checks",
                        to="annotations.newsroom",
                    ),
                ),
            ],
            options={
                "ordering": ["newsroom_id", "id"],
                "constraints": [
                    models.UniqueConstraint(
                        condition=models.Q(("url", ""), _negated=True),
                        fields=("newsroom", "url"),
                        name="one_fact_check_per_url",
                    ),
                    models.UniqueConstraint(
                        condition=models.Q(("external_id", ""), _negated=True),
                        fields=("newsroom", "external_id"),
                        name="one_fact_check_per_external_id",
                    ),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("url", ""), _negated=True),
                            models.Q(("external_id", ""), _negated=True),
                            _connector="OR",
                        ),
                        name="fact_check_has_url_or_id",
                    ),
                ],
            },
        ),
        migrations.CreateModel(
            name="SentenceMatch",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("score", models.FloatField()),
                ("similarity", models.FloatField()),
                ("rank", models.PositiveSmallIntegerField()),
                ("matcher_version", models.CharField(max_length=32)),
                ("created_at", models.DateTimeField(auto_now_add=True)),
                (
                    "annotation",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="annotations.annotation",
                    ),
                ),
                (
                    "fact_check",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="+",
                        to="annotations.referencefactcheck",
                    ),
                ),
                (
                    "sentence",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="matches",
                        to="annotations.sentence",
                    ),
                ),
            ],
            options={
                "ordering": ["sentence_id", "rank", "id"],
                "constraints": [
                    models.UniqueConstraint(fields=("sentence", "rank"), name="one_match_per_rank"),
                    models.CheckConstraint(
                        condition=models.Q(
                            models.Q(("annotation__isnull", False), ("fact_check__isnull", True)),
                            models.Q(("annotation__isnull", True), ("fact_check__isnull", False)),
                            _connector="OR",
                        ),
                        name="match_has_one_target",
                    ),
                ],
            },
        ),
    ]
