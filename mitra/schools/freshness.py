"""When a school's data last changed, for figures computed once and kept (reports/summaries.py).

Every write service records its change (history.services.record), and the few writes that keep no
history on purpose (anonymous evaluation answers) call `touch` themselves; both mark the school."""

from django.utils import timezone

from mitra.schools.models import School


def touch(school_id: int) -> None:
    School.objects.filter(pk=school_id).update(data_changed_at=timezone.now())
