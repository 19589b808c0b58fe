"""The one scheduler: the daily runs are enqueued by a tick from the Schedule table, once per due moment,
so a lost run never breaks a chain, two ticks at once enqueue once, and missed days are caught up once."""

import datetime
import io
import threading

import pytest
from django.core.management import call_command
from django.db import connection
from django.tasks.base import TaskResultStatus
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from mitra.schools import schedules
from mitra.schools.models import Schedule

DAILY = {
    "send_agreement_reminders": ("mitra.agreements.tasks.send_agreement_reminders", datetime.time(6, 0)),
    "send_evaluation_reminders": ("mitra.evaluation.tasks.send_evaluation_reminders", datetime.time(6, 0)),
    "send_activity_reminders": ("mitra.activities.tasks.send_activity_reminders", datetime.time(6, 0)),
    "send_digests": ("mitra.notifications.tasks.send_digests", datetime.time(6, 30)),
    "discard_old_jobs": ("mitra.schools.jobs.discard_old_jobs", datetime.time(6, 0)),
    "refresh_school_summaries": ("mitra.reports.tasks.refresh_school_summaries", datetime.time(5, 0)),
    "daily_backup": ("mitra.operations.tasks.daily_backup", datetime.time(6, 0)),
    "prune_freshness_marks": ("mitra.schools.tasks.prune_freshness_marks", datetime.time(4, 30)),
    "prune_partial_uploads": ("mitra.files.tasks.prune_partial_uploads", datetime.time(6, 0)),
}
BACKUP = "mitra.operations.tasks.daily_backup"


def school_time(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    """A moment in December 2026, in school time (Asia/Jakarta)."""
    return timezone.make_aware(datetime.datetime(2026, 12, day, hour, minute))


def runs(path: str = BACKUP) -> int:
    return DBTaskResult.objects.filter(task_path=path).count()


def test_it_knows_the_eight_daily_runs_at_their_times():
    assert {job.name: (job.task.module_path, job.at) for job in schedules.registered()} == DAILY


def test_it_computes_the_latest_due_moment_in_school_time():
    assert schedules.due_moment(school_time(10, 7), datetime.time(6)) == school_time(10, 6)
    assert schedules.due_moment(school_time(10, 6), datetime.time(6)) == school_time(10, 6)
    assert schedules.due_moment(school_time(10, 5, 59), datetime.time(6)) == school_time(9, 6)


def test_it_runs_everything_at_the_first_tick_and_records_each_run(db):
    names = schedules.tick(school_time(10, 7))
    assert sorted(names) == sorted(DAILY)
    for name, (path, at) in DAILY.items():
        schedule = Schedule.objects.get(name=name)
        assert (schedule.task_path, schedule.at) == (path, at)
        assert schedule.last_due == schedules.due_moment(school_time(10, 7), at)
        assert schedule.last_enqueued_at == school_time(10, 7)
        result = DBTaskResult.objects.get(task_path=path)
        assert str(result.pk) == schedule.last_result_id and result.status == TaskResultStatus.READY


def test_it_does_not_enqueue_again_at_a_second_tick_the_same_day(db):
    schedules.tick(school_time(10, 7))
    assert schedules.tick(school_time(10, 7)) == []
    assert schedules.tick(school_time(10, 23, 59)) == []
    assert all(runs(path) == 1 for path, _ in DAILY.values())


def test_a_lost_run_does_not_break_the_chain(db):
    """The tick enqueues; the run is lost (the queue cleared, the worker killed mid-run, the run failed):
    the next tick enqueues it again, up to three times for one due moment; the next morning starts afresh."""
    schedules.tick(school_time(10, 7))
    DBTaskResult.objects.filter(task_path=BACKUP).delete()  # lost: the queue was cleared
    assert schedules.tick(school_time(10, 7, 1)) == ["daily_backup"]
    assert schedules.tick(school_time(10, 7, 2)) == []  # enqueued again, waiting for the worker
    DBTaskResult.objects.filter(task_path=BACKUP).update(
        status=TaskResultStatus.RUNNING, started_at=school_time(10, 7, 2)
    )
    assert schedules.tick(school_time(10, 12, 30)) == []  # running, maybe slowly: not run twice at once
    assert schedules.tick(school_time(10, 13, 3)) == ["daily_backup"]  # running for over its six hours: killed
    DBTaskResult.objects.filter(task_path=BACKUP, status=TaskResultStatus.READY).update(status=TaskResultStatus.FAILED)
    assert schedules.tick(school_time(10, 13, 4)) == ["daily_backup"]
    DBTaskResult.objects.filter(task_path=BACKUP, status=TaskResultStatus.READY).update(status=TaskResultStatus.FAILED)
    assert schedules.tick(school_time(10, 13, 5)) == []  # three times is enough for one day
    assert Schedule.objects.get(name="daily_backup").retries == 3
    assert runs() == 3  # the first was deleted; the three retries are kept
    assert "daily_backup" in schedules.tick(school_time(11, 6, 1))
    assert Schedule.objects.get(name="daily_backup").retries == 0
    assert runs() == 4


def test_three_missed_days_are_caught_up_by_one_run(db):
    schedules.tick(school_time(10, 7))
    DBTaskResult.objects.update(status=TaskResultStatus.SUCCESSFUL)  # the worker ran them
    # No tick on the 11th, 12th or 13th (the machine was off); on the 14th at 8:
    assert sorted(schedules.tick(school_time(14, 8))) == sorted(DAILY)
    assert runs() == 2
    assert Schedule.objects.get(name="daily_backup").last_due == school_time(14, 6)
    assert schedules.tick(school_time(14, 9)) == []


def test_a_run_still_waiting_for_the_worker_stands_for_the_missed_days(db):
    """The ticks went on while no worker ran: the run still waiting is the catch-up, not one per day."""
    schedules.tick(school_time(10, 7))
    for day in (11, 12, 13):
        assert schedules.tick(school_time(day, 7)) == []
    assert runs() == 1
    assert Schedule.objects.get(name="daily_backup").last_due == school_time(13, 6)
    DBTaskResult.objects.update(status=TaskResultStatus.SUCCESSFUL)
    assert "daily_backup" in schedules.tick(school_time(14, 7))
    assert runs() == 2


def test_two_claims_of_the_same_row_read_at_once_enqueue_once(db):
    schedules.tick(school_time(10, 7))
    first = Schedule.objects.get(name="daily_backup")
    second = Schedule.objects.get(name="daily_backup")  # two ticks read the row at the same moment
    due = school_time(11, 6)
    assert schedules.claim(first, due) is True
    assert schedules.claim(second, due) is False  # its conditional UPDATE changed no row
    never = Schedule.objects.create(name="never run", task_path=BACKUP, at=datetime.time(6))
    stale = Schedule.objects.get(pk=never.pk)
    assert schedules.claim(never, due) is True
    assert schedules.claim(stale, due) is False


@pytest.mark.skipif(connection.vendor == "sqlite", reason="SQLite takes one writer; PostgreSQL shows the race")
@pytest.mark.django_db(transaction=True)
def test_two_ticks_in_two_threads_enqueue_once():
    barrier = threading.Barrier(2)
    names = []

    def one_tick():
        barrier.wait()
        names.extend(schedules.tick(school_time(10, 7)))
        connection.close()

    threads = [threading.Thread(target=one_tick) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(names) == sorted(DAILY)
    assert all(runs(path) == 1 for path, _ in DAILY.values())


def test_the_tick_and_the_old_command_enqueue_once(db):
    call_command("tick", stdout=io.StringIO())
    call_command("schedule_reminders", stdout=io.StringIO())  # what deployments still call: one tick
    call_command("tick", stdout=io.StringIO())
    assert sorted(DBTaskResult.objects.values_list("task_path", flat=True)) == sorted(p for p, _ in DAILY.values())


def test_a_daily_run_no_longer_enqueues_itself(db):
    from mitra.activities.tasks import send_activity_reminders
    from mitra.notifications.tasks import send_digests
    from mitra.schools.jobs import discard_old_jobs

    assert send_activity_reminders.call() == 0
    assert send_digests.call() == 0
    assert discard_old_jobs.call() == 0
    assert not DBTaskResult.objects.exists()


def test_the_administrator_sees_the_schedules_and_how_the_last_runs_went(client, admin_user):
    admin_user.language = "en"
    admin_user.save(update_fields=["language"])
    client.force_login(admin_user)
    schedules.tick(school_time(10, 7))
    DBTaskResult.objects.filter(task_path=BACKUP).update(status=TaskResultStatus.FAILED)
    DBTaskResult.objects.filter(task_path="mitra.notifications.tasks.send_digests").delete()
    page = client.get(reverse("admin:schools_schedule_changelist")).content.decode()
    for name in DAILY:
        assert name in page
    assert "Failed" in page and "Ready" in page and "no longer kept" in page
    assert client.get(reverse("admin:schools_schedule_add")).status_code == 403


def test_the_administrator_runs_a_schedule_now_without_moving_its_due_moment(client, admin_user):
    admin_user.language = "en"
    admin_user.save(update_fields=["language"])
    client.force_login(admin_user)
    schedules.tick(school_time(10, 7))
    DBTaskResult.objects.filter(task_path=BACKUP).update(status=TaskResultStatus.FAILED)
    gone = Schedule.objects.create(name="dropped job", task_path="mitra.gone.tasks.old", at=datetime.time(6))
    backup = Schedule.objects.get(name="daily_backup")
    response = client.post(
        reverse("admin:schools_schedule_changelist"),
        {"action": "run_now", "_selected_action": [backup.pk, gone.pk]},
        follow=True,
    )
    page = response.content.decode()
    assert "Enqueued: daily_backup." in page and "No longer a job of this version: dropped job." in page
    assert runs() == 2
    again = Schedule.objects.get(name="daily_backup")
    assert again.last_due == backup.last_due and again.last_result_id == backup.last_result_id
    assert DBTaskResult.objects.filter(task_path=BACKUP, status=TaskResultStatus.READY).count() == 1
    # The watched run is the scheduled one, which failed: the next tick retries it, the manual one aside.
    assert schedules.tick(school_time(10, 7, 1)) == ["daily_backup"]
