"""Link checks: what the last check of an evidence link found, its history, and page snapshots.

``link_status`` was an integer that nothing ever wrote; it becomes a status name. It is dropped
and added again rather than altered, so no database has to cast the empty column.
"""

import django.db.models.deletion
from django.db import migrations, models

LINK_STATUSES = [
    ("unchecked", "not checked"),
    ("checking", "checking"),
    ("ok", "ok"),
    ("redirected", "redirected"),
    ("not_found", "not found"),
    ("gone", "gone"),
    ("error", "error"),
    ("timeout", "timed out"),
    ("too_large", "too large"),
    ("blocked", "blocked"),
    ("unsupported", "unsupported"),
]
EXCERPT_MATCHES = [
    ("verbatim", "verbatim"),
    ("approximate", "approximate"),
    ("not_found", "not found"),
]


class Migration(migrations.Migration):
    dependencies = [("annotations", "0003_search")]

    operations = [
        migrations.RemoveField(model_name="evidence", name="link_status"),
        migrations.AddField(
            model_name="evidence",
            name="link_status",
            field=models.CharField(choices=LINK_STATUSES, default="unchecked", max_length=16),
        ),
        migrations.AddField(
            model_name="evidence",
            name="link_http_status",
            field=models.PositiveSmallIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="evidence",
            name="link_final_url",
            field=models.CharField(blank=True, max_length=2048),
        ),
        migrations.AddField(
            model_name="evidence",
            name="link_error",
            field=models.CharField(blank=True, max_length=300),
        ),
        migrations.AddField(
            model_name="evidence",
            name="link_queued_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="evidence",
            name="link_first_ok_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="evidence",
            name="link_broken_since",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="evidence",
            name="excerpt_match",
            field=models.CharField(blank=True, choices=EXCERPT_MATCHES, max_length=16),
        ),
        migrations.AddField(
            model_name="evidence",
            name="excerpt_score",
            field=models.FloatField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="evidence",
            name="published",
            field=models.DateField(blank=True, null=True),
        ),
        migrations.CreateModel(
            name="EvidenceSnapshot",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("text_z", models.BinaryField()),
                ("sha256", models.CharField(max_length=64)),
                ("fetched_at", models.DateTimeField()),
                ("final_url", models.CharField(max_length=2048)),
                ("content_type", models.CharField(max_length=100)),
                (
                    "evidence",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="snapshots",
                        to="annotations.evidence",
                    ),
                ),
            ],
            options={"ordering": ["evidence_id", "-fetched_at", "-id"]},
        ),
        migrations.AddField(
            model_name="evidence",
            name="snapshot_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AddIndex(
            model_name="evidence",
            index=models.Index(fields=["link_checked_at"], name="annotations_link_ch_c36d81_idx"),
        ),
    ]
