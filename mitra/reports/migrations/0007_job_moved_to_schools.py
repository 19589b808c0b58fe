"""The Job model now belongs to schools (schools/0007): only Django's idea of it leaves reports; the
table stays, under its old name."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0006_importbatch_layout"),
        ("schools", "0007_job_from_reports"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveIndex(
                    model_name="job",
                    name="job_owner_idx",
                ),
                migrations.DeleteModel(
                    name="Job",
                ),
            ],
        ),
    ]
