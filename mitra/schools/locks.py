"""One at a time per school, for work that must not run twice at once on two servers."""

from contextlib import contextmanager

from django.db import transaction

from mitra.schools.models import School


@contextmanager
def one_at_a_time(school):
    """Hold the school's row until the block ends. A school's first-time setup (its letter types,
    agreement templates, instruments, values) checks "is it there?" and then writes: two people
    opening their first letter at the same moment on two servers would otherwise both write. On
    SQLite the write transaction already runs alone; on PostgreSQL this row lock makes the second wait
    and then find the setup done."""
    with transaction.atomic():
        School.objects.select_for_update().only("pk").get(pk=school.pk)
        yield
