"""Plan items keep one identity through revisions (see 0003 for the existing rows)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

ITEMS = ("goal", "need", "analysisitem", "programme", "indicator", "candidate", "plannedactivity")


def _identity():
    return models.UUIDField(null=True, editable=False)  # filled in by 0003, required by 0004


def _ended():
    return models.DateTimeField(blank=True, editable=False, null=True, verbose_name="removed from the plan")


class Migration(migrations.Migration):
    dependencies = [
        ("planning", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="plan",
            options={
                "default_manager_name": "all_schools",
                "ordering": ["-academic_year__start_date", "-revision"],
                "verbose_name": "plan",
            },
        ),
        migrations.AlterModelOptions(
            name="task",
            options={"default_manager_name": "all_schools", "ordering": ["due_date", "id"], "verbose_name": "task"},
        ),
        *[migrations.AddField(model_name=name, name="identity", field=_identity()) for name in ITEMS],
        *[migrations.AddField(model_name=name, name="ended_at", field=_ended()) for name in ITEMS],
        migrations.AddField(model_name="task", name="ended_at", field=models.DateTimeField(blank=True, null=True)),
        migrations.AddField(
            model_name="plan",
            name="created_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="plan",
            name="submitted_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
    ]
