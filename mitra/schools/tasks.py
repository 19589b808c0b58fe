"""The nightly tidying, as a background task; schools/schedules.py enqueues it every morning
(registered in apps.py): the freshness marks no key needs any more, and the kept parts of pages that
have expired (or, beyond the cache's MAX_ENTRIES, the oldest)."""

from django.core.cache import caches
from django.tasks import task

from mitra.schools import freshness


@task
def prune_freshness_marks() -> int:
    fragments = caches["fragments"]
    if hasattr(fragments, "cull"):
        fragments.cull()
    return freshness.prune()
