from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("annotations", "0010_sources")]

    operations = [
        migrations.AddField(
            model_name="newsroom",
            name="date_format",
            field=models.CharField(
                choices=[
                    ("language", "as the interface language writes them"),
                    ("dmy_numeric", "30.11.2024"),
                    ("d_mon_yyyy", "30 Nov 2024"),
                    ("iso", "2024-11-30 (ISO)"),
                    ("dmy_slash", "30/11/2024"),
                    ("mdy_slash", "11/30/2024"),
                ],
                default="language",
                max_length=20,
                verbose_name="date format",
            ),
        ),
        migrations.AddField(
            model_name="newsroom",
            name="number_format",
            field=models.CharField(
                choices=[
                    ("language", "as the interface language writes them"),
                    ("dot_comma", "1.234,5"),
                    ("comma_dot", "1,234.5"),
                    ("space_comma", "1 234,5"),
                    ("plain_dot", "1234.5"),
                ],
                default="language",
                max_length=20,
                verbose_name="number format",
            ),
        ),
    ]
