"""Reminders before an agreement ends, with the clock in the test's hand: each threshold once,
none after termination or a signed renewal, the school's own thresholds, the daily task."""

import datetime

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tasks_db.models import DBTaskResult

from mitra.agreements import reminders, services
from mitra.agreements.models import AgreementReminder
from mitra.agreements.tasks import send_agreement_reminders
from mitra.notifications.models import Notification
from mitra.schools import schedules
from tests.conftest import PDF_SCAN

D = datetime.date
END = D(2026, 6, 30)  # the signed agreement's last day


def days_before(n: int) -> D:
    return END - datetime.timedelta(days=n)


def run(world, n: int):
    return reminders.send_due(today=days_before(n), schools=[world.a])


def notices(world):
    return list(Notification.objects.for_school(world.a).order_by("id"))


@pytest.fixture
def signed(agreement_world):
    return agreement_world.signed_agreement


def test_each_threshold_fires_once_to_the_coordinator_and_the_principal(
    agreement_world, signed, django_capture_on_commit_callbacks
):
    world = agreement_world
    assert run(world, 91) == []
    with django_capture_on_commit_callbacks(execute=True):
        sent = run(world, 90)
    assert [(s.agreement_id, s.days_before, s.recipients) for s in sent] == [(signed.pk, 90, 2)]
    assert {n.user.username for n in notices(world)} == {"principal", "coordinator"}
    assert sorted(m.to[0] for m in mail.outbox) == ["coordinator@example.org", "principal@example.org"]
    assert run(world, 90) == [] and run(world, 89) == [] and run(world, 31) == []
    assert [s.days_before for s in run(world, 30)] == [30]
    assert [s.days_before for s in run(world, 7)] == [7]
    assert run(world, 6) == [] and run(world, 0) == []
    assert sorted(AgreementReminder.objects.for_school(world.a).values_list("days_before", flat=True)) == [7, 30, 90]
    assert len(notices(world)) == 6


def test_a_run_after_missed_days_sends_one_reminder_for_the_nearest_threshold(agreement_world, signed):
    sent = run(agreement_world, 20)
    assert [s.days_before for s in sent] == [30]
    assert len(notices(agreement_world)) == 2
    assert run(agreement_world, 19) == []
    assert [s.days_before for s in run(agreement_world, 7)] == [7]


def test_the_text_names_the_agreement_the_partner_and_the_days_left(agreement_world, signed):
    run(agreement_world, 30)
    principal = next(n for n in notices(agreement_world) if n.user.username == "principal")
    assert "Keamanan sekolah" in principal.text and "Puskesmas Kergon" in principal.text
    assert "30 hari" in principal.text  # the principal reads Mitra in Bahasa Indonesia
    assert principal.url.endswith(f"/agree/{signed.pk}/")


def test_termination_silences_the_reminders(agreement_world, signed):
    services.terminate(agreement=signed, user=None, on=days_before(40), reason="Program selesai")
    assert run(agreement_world, 30) == [] and run(agreement_world, 7) == []
    assert notices(agreement_world) == []


def test_a_signed_renewal_silences_them_and_a_draft_renewal_does_not(agreement_world, signed):
    world = agreement_world
    renewal = services.renew(agreement=signed, user=None, start_date=D(2026, 7, 1), end_date=D(2028, 6, 30))
    assert [s.days_before for s in run(world, 90)] == [90]  # the renewal is still a draft
    services.party_save(party=renewal.parties.order_by("position")[0], user=None, data={"document_number": "R-1"})
    services.party_save(party=renewal.parties.order_by("position")[1], user=None, data={"document_number": "R-2"})
    services.submit_for_review(agreement=renewal, user=None)
    services.sign(
        agreement=renewal,
        user=None,
        signed_on=days_before(60),
        scan=SimpleUploadedFile("scan.pdf", PDF_SCAN),
        today=days_before(60),
    )
    assert run(world, 30) == [] and run(world, 7) == []


def test_the_school_sets_its_own_thresholds(agreement_world, signed):
    world = agreement_world
    world.a.reminder_days = "60, 14"
    world.a.save()
    assert run(world, 90) == []
    assert [s.days_before for s in run(world, 60)] == [60]
    assert run(world, 30) == []
    assert [s.days_before for s in run(world, 14)] == [14]


def test_the_daily_task_runs_and_the_scheduler_enqueues_it_each_morning(agreement_world):
    assert send_agreement_reminders.call() == 0  # today the demo agreement is far from its end
    assert not DBTaskResult.objects.filter(task_path=send_agreement_reminders.module_path).exists()
    job = next(job for job in schedules.registered() if job.task is send_agreement_reminders)
    assert job.at == datetime.time(6, 0)
