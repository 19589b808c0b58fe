"""The morning's recomputing of the foundation dashboard's figures (enqueued every morning by
schools/schedules.py, registered in apps.py)."""

import datetime

from django.tasks import task
from django.utils import timezone

from mitra.reports import foundation

SUMMARIES_AT = datetime.time(5, 0)


@task
def refresh_school_summaries() -> int:
    """Every school's foundation-dashboard figures, computed for the new day before anyone looks."""
    return foundation.refresh_all(today=timezone.localdate())
