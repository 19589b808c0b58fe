"""Which agreements are in force on a day, as every page, count, score, reminder and report says it:
an early renewal leaves the old agreement in force until the renewal starts, a termination ends it
on its day, a late renewal leaves the gap there was, and a signed addendum counts once."""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from mitra.agreements import reminders, selectors, services
from mitra.agreements.selectors import agreements_by_status
from mitra.agreements.status import Status, status_of
from mitra.evaluation.partnership import health_of
from mitra.reports import content, foundation
from mitra.reports.blocks import Figures
from mitra.reports.scope import Kind, Scope
from mitra.schools.access import access_for
from mitra.schools.models import AcademicYear
from tests.conftest import PDF_SCAN, template_named

D = datetime.date
_numbers = itertools.count(1)


def drafted(world, *, start, end, title="Pembinaan UKS", partner=None):
    return services.agreement_create(
        school=world.a,
        user=world.users["principal"],
        kind="mou",
        title=title,
        partners=[partner or world.partner],
        start_date=start,
        end_date=end,
        template=template_named(world.a, "Nota Kesepahaman"),
        purpose="Meningkatkan derajat kesehatan peserta didik.",
        scope="Pemeriksaan kesehatan berkala.",
        signing_place="Pekalongan",
    )


def sign(world, agreement, on):
    """Numbers and signatories filled in, sent for review and signed on `on`, with its scan."""
    principal = world.users["principal"]
    number = next(_numbers)
    for i, party in enumerate(agreement.parties.order_by("position")):
        services.party_save(
            party=party,
            user=principal,
            data={
                "document_number": party.document_number or f"{number}/{i}/2025",
                "signatory_name": "H. Ahmad Fauzi" if party.is_school else "dr. Ratna Sari",
                "signatory_position": "Kepala",
            },
        )
    services.submit_for_review(agreement=agreement, user=principal)
    services.sign(
        agreement=agreement,
        user=principal,
        signed_on=on,
        scan=SimpleUploadedFile("scan.pdf", PDF_SCAN, content_type="application/pdf"),
        today=on,
    )
    agreement.refresh_from_db()
    return agreement


def signed(world, *, start, end, on, **extra):
    return sign(world, drafted(world, start=start, end=end, **extra), on)


def renewed(world, agreement, *, start, end, on):
    renewal = services.renew(agreement=agreement, user=world.users["principal"], start_date=start, end_date=end)
    sign(world, renewal, on)
    agreement.refresh_from_db()
    return renewal


def year(world, name, start):
    return AcademicYear.all_schools.create(
        school=world.a,
        name=name,
        start_date=start,
        second_semester_start=start.replace(year=start.year + 1, month=1, day=1),
        end_date=start.replace(year=start.year + 1, month=6, day=30),
    )


# --- What each reader says on a day -----------------------------------------------------------------


def dashboard(world, day):
    found = agreements_by_status(school=world.a, today=day)
    return found.get("in_force"), {row["agreement"].pk: row["status"] for row in found["rows"]}


def foundation_row(world, day):
    return next(r for r in foundation.school_rows(foundation=world.f1, today=day) if r["school"] == world.a)


def report_in_force(world, school_year, day) -> tuple[str, str]:
    """The annual report's two figures of agreements in force: the summary's and part A.5's."""
    access = access_for(world.users["principal"], world.a.pk)
    report = content.build(Scope(access=access, kind=Kind.ANNUAL, year=school_year, language="en", today=day))
    figures = {
        label: value
        for section in report.sections
        for block in section.blocks
        if isinstance(block, Figures)
        for value, label in block.items
    }
    in_force_on = next(label for label in figures if label.startswith("in force on"))
    return figures["agreements in force"], figures[in_force_on]


def health(world, day):
    return health_of(school=world.a, partner_ids=[world.partner.pk], today=day)[world.partner.pk].parts["agreement"]


def listed(world, day, *statuses):
    access = access_for(world.users["principal"], world.a.pk)
    return {a.pk for s in statuses for a in selectors.agreement_list(access=access, today=day, status=s)}


# --- An early renewal --------------------------------------------------------------------------------


@pytest.fixture
def early(world):
    old = signed(world, start=D(2025, 1, 1), end=D(2026, 12, 31), on=D(2024, 12, 20))
    renewal = renewed(world, old, start=D(2027, 1, 1), end=D(2028, 12, 31), on=D(2026, 6, 1))
    return old, renewal


def test_it_keeps_the_old_agreement_in_force_until_its_early_renewal_starts(world, early):
    old, renewal = early
    school_year = year(world, "2026/2027", D(2026, 7, 1))
    day = D(2026, 7, 1)

    in_force, statuses = dashboard(world, day)
    assert statuses[old.pk] == Status.ACTIVE and statuses[renewal.pk] == Status.PENDING
    assert in_force == 1
    row = foundation_row(world, day)
    assert (row["agreements"], row["expiring"]) == (1, 0)
    assert report_in_force(world, school_year, day) == ("1", "1")
    assert health(world, day) == Decimal(1)
    assert listed(world, day, Status.ACTIVE, Status.EXPIRING) == {old.pk}
    # Its renewal is signed: no reminder nags about its end, while one without a renewal does.
    assert list(reminders.due_agreements(world.a, D(2026, 11, 1), 90)) == []
    lone = signed(
        world,
        start=D(2025, 1, 1),
        end=D(2026, 12, 31),
        on=D(2024, 12, 20),
        title="Keamanan",
        partner=world.other_partner,
    )
    assert [a.pk for a in reminders.due_agreements(world.a, D(2026, 11, 1), 90)] == [lone.pk]


def test_it_counts_only_the_renewal_once_the_renewal_has_started(world, early):
    old, renewal = early
    school_year = year(world, "2026/2027", D(2026, 7, 1))
    day = D(2027, 1, 2)

    in_force, statuses = dashboard(world, day)
    assert foundation_row(world, day)["agreements"] == 1
    assert statuses[old.pk] == Status.RENEWED and statuses[renewal.pk] == Status.ACTIVE
    assert in_force == 1
    assert report_in_force(world, school_year, day) == ("1", "1")
    assert health(world, day) == Decimal(1)
    assert listed(world, day, Status.ACTIVE, Status.EXPIRING) == {renewal.pk}
    assert listed(world, day, Status.RENEWED) == {old.pk}


def test_the_old_agreement_page_and_list_say_the_renewal_is_signed_and_when_it_takes_over(
    client, world, early, monkeypatch
):
    from django.urls import reverse

    from mitra.agreements import views

    old, _renewal = early
    monkeypatch.setattr(views, "_today", lambda: D(2026, 7, 1))  # the clock in the test's hand
    world.users["principal"].language = "en"
    world.users["principal"].save(update_fields=["language"])
    client.force_login(world.users["principal"])
    page = client.get(reverse("agreements:detail", args=[world.a.pk, old.pk])).content.decode()
    assert '<span class="badge active">Active</span>' in page
    assert "Renewal signed: it takes over on 1 January 2027." in page
    listing = client.get(reverse("agreements:home", args=[world.a.pk]) + "?status=active").content.decode()
    assert old.title in listing and "it takes over on 1 January 2027" in listing


# --- A termination --------------------------------------------------------------------------------


def test_a_terminated_agreement_is_in_force_until_its_termination_day_and_not_from_it(world):
    agreement = signed(world, start=D(2025, 1, 1), end=D(2026, 12, 31), on=D(2024, 12, 20))
    services.terminate(agreement=agreement, user=world.users["principal"], on=D(2026, 3, 1), reason="Relokasi")
    agreement.refresh_from_db()

    before, on, after = D(2026, 2, 28), D(2026, 3, 1), D(2026, 3, 2)
    assert status_of(agreement, before) == Status.ACTIVE
    assert status_of(agreement, on) == Status.TERMINATED == status_of(agreement, after)
    assert [foundation_row(world, d)["agreements"] for d in (before, on, after)] == [1, 0, 0]
    assert [health(world, d) for d in (before, after)] == [Decimal(1), Decimal(0)]
    assert listed(world, before, Status.ACTIVE) == {agreement.pk}
    assert listed(world, after, Status.TERMINATED) == {agreement.pk}


def test_a_termination_after_the_end_is_refused_with_a_message(world):
    from django.core.exceptions import ValidationError
    from django.utils import translation

    agreement = signed(world, start=D(2025, 1, 1), end=D(2025, 12, 31), on=D(2024, 12, 20))
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.terminate(agreement=agreement, user=None, on=D(2026, 1, 5), reason="Selesai")
    assert "ends on 31 Dec 2025 anyway" in str(refused.value.message_dict["terminated_on"])
    agreement.refresh_from_db()
    assert agreement.stage == "signed" and agreement.terminated_on is None


# --- A late renewal -------------------------------------------------------------------------------


def test_a_late_renewal_leaves_the_gap_there_was_and_no_other(world):
    old = signed(world, start=D(2025, 1, 1), end=D(2025, 12, 31), on=D(2024, 12, 20))
    renewal = renewed(world, old, start=D(2026, 3, 1), end=D(2027, 2, 28), on=D(2026, 3, 5))

    assert [foundation_row(world, d)["agreements"] for d in (D(2025, 6, 1), D(2026, 2, 1), D(2026, 3, 2))] == [
        1,
        0,
        1,
    ]
    assert status_of(old, D(2025, 6, 1)) == Status.ACTIVE
    assert status_of(old, D(2026, 2, 1)) == Status.EXPIRED  # the gap: nothing was in force
    assert status_of(old, D(2026, 3, 2)) == Status.RENEWED
    assert status_of(renewal, D(2026, 3, 2)) == Status.ACTIVE
    assert [health(world, d) for d in (D(2025, 6, 1), D(2026, 2, 1), D(2026, 3, 2))] == [1, 0, 1]


# --- Versions -----------------------------------------------------------------------------------


def test_a_signed_addendum_counts_once_and_carries_the_renewal(world):
    first = signed(world, start=D(2025, 1, 1), end=D(2026, 12, 31), on=D(2024, 12, 20))
    renewal = renewed(world, first, start=D(2027, 1, 1), end=D(2028, 12, 31), on=D(2026, 6, 1))
    addendum = sign(world, services.new_version(agreement=first, user=world.users["principal"]), D(2026, 7, 1))
    first.refresh_from_db()
    assert addendum.renewed_by == renewal and first.renewed_by is None

    day = D(2026, 8, 1)
    in_force, statuses = dashboard(world, day)
    assert in_force == 1 and statuses[addendum.pk] == Status.ACTIVE and first.pk not in statuses
    assert status_of(first, day) == Status.REPLACED
    assert foundation_row(world, day)["agreements"] == 1
    assert listed(world, day, Status.ACTIVE, Status.EXPIRING) == {addendum.pk}
    assert list(reminders.due_agreements(world.a, D(2026, 11, 1), 90)) == []  # the renewal is signed
    assert foundation_row(world, D(2027, 1, 2))["agreements"] == 1  # the renewal alone


# --- The calendar ---------------------------------------------------------------------------------


def _events(world, year, month):
    from mitra.activities import calendar

    found = calendar.month(school=world.a, year=year, month_number=month, language="en")
    return {(e.day, e.label, e.title, e.note) for week in found["weeks"] for cell in week for e in cell["events"]}


def test_the_calendar_shows_when_agreements_start_and_end_and_when_a_renewal_takes_over(world, early):
    from django.utils import translation

    old, renewal = early
    with translation.override("en"):
        ending = _events(world, 2026, 12)
        starting = _events(world, 2027, 1)
        first = _events(world, 2025, 1)
    note = "renewal signed, in force from 1 January 2027"
    assert (D(2026, 12, 31), "Agreement ends", old.title, note) in ending
    assert (D(2027, 1, 1), "Agreement comes into force", renewal.title, "") in starting
    assert (D(2025, 1, 1), "Agreement comes into force", old.title, "") in first


def test_the_calendar_shows_a_termination_on_its_day_instead_of_the_end(world):
    from django.utils import translation

    agreement = signed(world, start=D(2025, 1, 1), end=D(2026, 12, 31), on=D(2024, 12, 20))
    services.terminate(agreement=agreement, user=None, on=D(2026, 3, 1), reason="Relokasi")
    with translation.override("en"):
        march, december = _events(world, 2026, 3), _events(world, 2026, 12)
    assert (D(2026, 3, 1), "Agreement terminated", agreement.title, "Relokasi") in march
    assert not [e for e in december if e[2] == agreement.title]


def test_the_phone_calendar_names_the_agreement_date_it_shows(client, world):
    import icalendar
    from django.urls import reverse
    from django.utils import timezone

    from mitra.activities import calendar

    today = timezone.localdate()
    old = signed(
        world,
        start=today - datetime.timedelta(days=300),
        end=today + datetime.timedelta(days=30),
        on=today - datetime.timedelta(days=310),
    )
    renewed(world, old, start=today + datetime.timedelta(days=31), end=today + datetime.timedelta(days=400), on=today)
    feed = calendar.feed_for(school=world.a)
    parsed = icalendar.Calendar.from_ical(client.get(reverse("calendar_feed", args=[feed.token])).content)
    summaries = {str(e["summary"]) for e in parsed.walk("VEVENT")}
    assert f"Perjanjian berakhir: {old.title}" in summaries  # a phone reads the feed in Bahasa Indonesia


def test_the_migration_moves_a_renewal_link_left_on_a_replaced_version_to_the_newest(world):
    """Before this release a signed addendum left the renewal link on the version it replaced."""
    import importlib

    from django.apps import apps

    from mitra.agreements.models import Agreement

    migration = importlib.import_module("mitra.agreements.migrations.0003_renewal_links_on_newest_versions")
    first = signed(world, start=D(2025, 1, 1), end=D(2026, 12, 31), on=D(2024, 12, 20))
    addendum = services.new_version(agreement=first, user=None)
    renewal = renewed(world, first, start=D(2026, 10, 1), end=D(2028, 9, 30), on=D(2026, 6, 1))
    Agreement.all_schools.filter(pk=addendum.pk).update(stage="signed")  # signed as the old code did
    assert foundation_row(world, D(2026, 11, 1))["agreements"] == 2  # both the addendum and the renewal

    migration.carry(apps, None)
    first.refresh_from_db()
    addendum.refresh_from_db()
    assert (first.renewed_by, addendum.renewed_by) == (None, renewal)
    assert foundation_row(world, D(2026, 11, 2))["agreements"] == 1


def test_forms_offer_the_signed_version_while_its_addendum_is_a_draft(agreement_world):
    """One version of each agreement in the activity and letter forms: the signed one until its
    addendum is signed too (a draft addendum used to hide it)."""
    from mitra.activities.forms import ActivityForm
    from mitra.agreements import services
    from mitra.agreements.models import Agreement
    from mitra.letters.forms import DraftForm

    world = agreement_world
    signed = Agreement.objects.for_school(world.a).get(title="Keamanan sekolah")
    addendum = services.new_version(agreement=signed, user=world.users["principal"])

    def offered():
        activity = ActivityForm(school=world.a).fields["agreements"].queryset
        letter = DraftForm(school=world.a).fields["agreement"].queryset
        assert set(activity) == set(letter)
        return {a.pk for a in activity}

    assert signed.pk in offered() and addendum.pk not in offered()
    addendum.stage = "signed"
    addendum.save(update_fields=["stage"])
    assert addendum.pk in offered() and signed.pk not in offered()
