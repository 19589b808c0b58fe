"""The job runner moves from reports to the core (schools/jobs.py): the Job model with it, its rows
left where they are (db_table "reports_job"), so this changes only what Django knows, not the database.
And the database table of the "fragments" cache (settings.CACHES), which reports' 0005 used to make:
createcachetable makes it only where it is missing, so a database that has it keeps it as it is.
Jobs queued under the tasks' old names, not yet run when the new code arrives, are renamed so the worker
finds them."""

import django.db.models.deletion
import django.db.models.manager
from django.conf import settings
from django.core.management import call_command
from django.db import migrations, models


def create_cache_table(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


RENAMED = {
    "mitra.reports.tasks.run_job": "mitra.schools.jobs.run_job",
    "mitra.reports.tasks.discard_old_jobs": "mitra.schools.jobs.discard_old_jobs",
}


def rename_queued(apps, schema_editor):
    queued = apps.get_model("django_tasks_database", "DBTaskResult").objects.filter(status="READY")
    for old, new in RENAMED.items():
        queued.filter(task_path=old).update(task_path=new)


class Migration(migrations.Migration):
    dependencies = [
        ("schools", "0006_schedule"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Job",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("kind", models.CharField(max_length=20)),
                        ("params", models.JSONField(default=dict)),
                        ("title", models.CharField(max_length=300)),
                        (
                            "state",
                            models.CharField(
                                choices=[
                                    ("queued", "Waiting to start"),
                                    ("running", "Running"),
                                    ("done", "Done"),
                                    ("failed", "Failed"),
                                ],
                                default="queued",
                                max_length=8,
                            ),
                        ),
                        ("progress", models.PositiveSmallIntegerField(default=0)),
                        ("step", models.CharField(blank=True, max_length=200)),
                        ("error", models.TextField(blank=True)),
                        ("file_path", models.CharField(blank=True, editable=False, max_length=200)),
                        ("file_name", models.CharField(blank=True, max_length=200)),
                        ("content_type", models.CharField(blank=True, max_length=100)),
                        ("size", models.PositiveBigIntegerField(default=0)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("started_at", models.DateTimeField(blank=True, null=True)),
                        ("finished_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "requested_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "school",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE, related_name="+", to="schools.school"
                            ),
                        ),
                    ],
                    options={
                        "db_table": "reports_job",
                        "ordering": ["-created_at", "-id"],
                        "indexes": [
                            models.Index(fields=["school", "requested_by", "-created_at"], name="job_owner_idx")
                        ],
                    },
                    managers=[
                        ("all_schools", django.db.models.manager.Manager()),
                    ],
                ),
            ],
        ),
        # Backwards the table stays: reports/0005, which older code expects to have made it, stays applied.
        migrations.RunPython(create_cache_table, migrations.RunPython.noop),
        migrations.RunPython(rename_queued, migrations.RunPython.noop),
    ]
