"""The daily pruning of the freshness marks, as a background task; schools/schedules.py enqueues it
every morning (registered in apps.py)."""

from django.tasks import task

from mitra.schools import freshness


@task
def prune_freshness_marks() -> int:
    return freshness.prune()
