"""The files app's nightly tidying, as a background task; activities/apps.py registers it with the
daily schedules (schools/schedules.py), as the capture page is what leaves uploads behind."""

from django.tasks import task

from mitra.files import resumable


@task
def prune_partial_uploads() -> int:
    return resumable.prune_everywhere()
