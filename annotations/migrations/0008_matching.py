"""Claim matching jobs: a newly saved verdict is matched against the claims already imported."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("annotations", "0007_webhooks")]

    operations = [
        migrations.AlterField(
            model_name="job",
            name="kind",
            field=models.CharField(
                choices=[
                    ("pretag", "pre-tag"),
                    ("retag", "re-tag"),
                    ("link_check", "link check"),
                    ("export", "export"),
                    ("match", "claim matching"),
                ],
                max_length=16,
            ),
        ),
    ]
