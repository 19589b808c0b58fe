import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from mitra.activities import communications, services, sharing
from mitra.activities.models import Activity, Communication, Evidence, ParticipantCount
from mitra.notifications.models import Notification
from mitra.partners.timeline import entries_for
from mitra.schools.access import access_for
from tests.conftest import jpeg_upload

pytestmark = pytest.mark.django_db


def capture_url(world):
    return reverse("activities:capture", args=[world.a.pk])


def detail_url(activity):
    return reverse("activities:detail", args=[activity.school_id, activity.pk])


@pytest.fixture
def member(client, world):
    client.force_login(world.users["team_member"])
    return client


# --- Recording on a phone --------------------------------------------------------------------------------


def test_three_fields_make_a_done_activity_with_its_photo_on_the_partners_timeline(member, world):
    response = member.post(
        capture_url(world),
        {
            "partner": world.partner.pk,
            "sentence": "  Penyuluhan   gizi kelas 7 ",
            "photo": jpeg_upload(),
            "submission": "t1",
        },
    )
    activity = Activity.objects.for_school(world.a).get()
    assert response.status_code == 302 and response["Location"] == detail_url(activity)
    assert (activity.title, activity.status, activity.start_date) == (
        "Penyuluhan gizi kelas 7",
        Activity.Status.DONE,
        timezone.localdate(),
    )
    assert activity.area == "health"  # the partner offers one area only
    assert activity.evidence.get().kind == Evidence.Kind.PHOTO
    access = access_for(world.users["principal"], world.a.pk)
    (entry,) = [e for e in entries_for(access=access, partner=world.partner) if e.title == activity.title]
    assert "undocumented" not in entry.note


def test_a_form_sent_twice_saves_once(member, world):
    data = {"partner": world.partner.pk, "sentence": "Kunjungan", "submission": "same-token"}
    member.post(capture_url(world), data)
    second = member.post(capture_url(world), data)
    assert second.status_code == 302
    assert Activity.objects.for_school(world.a).count() == 1


def test_a_refused_photo_keeps_what_was_typed_and_saves_nothing(member, world):
    response = member.post(
        capture_url(world),
        {
            "partner": world.partner.pk,
            "sentence": "Kunjungan ke pesantren",
            "photo": SimpleUploadedFile("x.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>"),
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Kunjungan ke pesantren" in page and f'value="{world.partner.pk}" selected' in page
    assert "SVG" in page
    assert not Activity.objects.for_school(world.a).exists()


def test_without_a_photo_an_activity_is_undocumented_everywhere(member, world):
    member.post(capture_url(world), {"partner": world.partner.pk, "sentence": "Rapat"})
    activity = Activity.objects.for_school(world.a).get()
    assert "Undocumented" in member.get(detail_url(activity)).content.decode()
    listing = member.get(reverse("activities:home", args=[world.a.pk]) + "?undocumented=on")
    assert [a.pk for a in listing.context["page"].object_list] == [activity.pk]
    access = access_for(world.users["principal"], world.a.pk)
    assert any("undocumented" in e.note for e in entries_for(access=access, partner=world.partner))
    dashboard = member.get(reverse("reports:dashboard", args=[world.a.pk]))
    assert dashboard.context["figures"]["activities"]["undocumented"] == 1


# --- The full form ---------------------------------------------------------------------------------------


def test_participants_are_counted_by_grade_and_sex_and_results_by_indicator(member, world):
    planned = world.activity
    planned.indicators.add(world.indicator)
    start = member.get(reverse("activities:create", args=[world.a.pk]) + f"?planned={planned.pk}")
    assert start.context["form"].initial["title"] == planned.title
    assert [i.pk for _name, i in start.context["form"].result_fields] == [world.indicator.pk]
    data = {
        "title": "Pelatihan guru",
        "status": "done",
        "start_date": "2025-09-01",
        "planned": planned.pk,
        "programme": world.programme.pk,
        "partners": [world.partner.pk],
        "count_students_7_m": "12",
        "count_students_7_f": "15",
        "count_students_9_f": "3",
        "count_teachers": "4",
        f"result_{world.indicator.pk}": "5",
    }
    response = member.post(reverse("activities:create", args=[world.a.pk]), data)
    activity = Activity.objects.for_school(world.a).get()
    assert response.status_code == 302
    counts = {(c.group, c.grade, c.sex): c.count for c in ParticipantCount.objects.for_school(world.a)}
    assert counts == {
        ("students", 7, "m"): 12,
        ("students", 7, "f"): 15,
        ("students", 9, "f"): 3,
        ("teachers", 0, ""): 4,
    }
    edit = reverse("activities:edit", args=[world.a.pk, activity.pk])
    form = member.get(edit).context["form"]
    assert [i.pk for _name, i in form.result_fields] == [world.indicator.pk]
    assert activity.results.get().value == 5
    member.post(edit, {**data, f"result_{world.indicator.pk}": "8"})
    assert activity.results.get().value == 8
    assert services.count_summary(activity)["total"] == 34


@pytest.mark.parametrize(
    "changes,field",
    [
        ({"end_date": "2025-08-01"}, "end_date"),
        ({"status": "postponed"}, "status_reason"),
        ({"start_date": "2099-01-01"}, "status"),
    ],
)
def test_the_form_refuses_what_cannot_be_and_keeps_the_input(member, world, changes, field):
    data = {"title": "Pelatihan", "status": "done", "start_date": "2025-09-01", **changes}
    response = member.post(reverse("activities:create", args=[world.a.pk]), data)
    assert response.status_code == 200 and response.context["form"].errors[field]
    assert 'value="Pelatihan"' in response.content.decode()
    assert not Activity.objects.for_school(world.a).exists()


# --- Verification ----------------------------------------------------------------------------------------


def test_submit_needs_evidence_then_the_coordinator_returns_and_verifies(world):
    member, coordinator = world.users["team_member"], world.users["coordinator"]
    activity = services.quick_record(school=world.a, user=member, partner=world.partner, sentence="Rapat")
    with pytest.raises(ValidationError, match="photo or document"):
        services.submit(activity=activity, user=member)
    services.evidence_add(activity=activity, user=member, uploads=[jpeg_upload()])
    services.submit(activity=activity, user=member)
    told = Notification.all_schools.filter(user__in=[coordinator, world.users["principal"]])
    assert told.count() == 2 and "Rapat" in told.first().text
    with pytest.raises(ValidationError):
        services.send_back(activity=activity, user=coordinator, comment=" ")
    services.send_back(activity=activity, user=coordinator, comment="Tambahkan daftar hadir")
    assert Notification.all_schools.filter(user=member, text__contains="daftar hadir").exists()
    activity.refresh_from_db()
    assert activity.review == Activity.Review.RETURNED
    services.submit(activity=activity, user=member)
    services.verify(activity=activity, user=coordinator)
    activity.refresh_from_db()
    assert activity.review == Activity.Review.VERIFIED and activity.reviewed_by == coordinator
    with pytest.raises(ValidationError):
        services.evidence_remove(evidence=activity.evidence.get(), user=coordinator)
    with pytest.raises(ValidationError):
        services.activity_delete(activity=activity, user=coordinator)


def test_a_verified_activity_is_changed_only_by_those_who_verify(client, run_world):
    world = run_world
    services.verify(activity=world.done_activity, user=world.users["coordinator"])
    edit = reverse("activities:edit", args=[world.a.pk, world.done_activity.pk])
    client.force_login(world.users["team_member"])
    assert client.get(edit)["Location"] == detail_url(world.done_activity)
    client.force_login(world.users["coordinator"])
    assert client.get(edit).status_code == 200


def test_the_partner_confirms_with_a_note_and_a_photo(client, run_world):
    world = run_world
    client.force_login(world.users["partner_rep"])
    response = client.post(
        reverse("activities:confirm", args=[world.a.pk, world.done_activity.pk]),
        {"note": "Terlaksana dengan baik", "files": jpeg_upload("dari-puskesmas.jpg")},
    )
    assert response.status_code == 302
    activity = Activity.objects.for_school(world.a).get(pk=world.done_activity.pk)
    assert activity.partner_confirmed_by == world.users["partner_rep"] and activity.partner_note
    assert activity.evidence.filter(from_partner=True).count() == 1
    assert Notification.all_schools.filter(user=world.users["team_member"], text__contains="confirmed").exists()


def test_a_partner_representative_sees_only_their_partners_activities(client, world):
    mine = services.quick_record(school=world.a, user=world.users["team_member"], partner=world.partner, sentence="A")
    other = services.quick_record(
        school=world.a, user=world.users["team_member"], partner=world.other_partner, sentence="B"
    )
    client.force_login(world.users["partner_rep"])
    listing = client.get(reverse("activities:home", args=[world.a.pk]))
    assert [a.pk for a in listing.context["page"].object_list] == [mine.pk]
    assert client.get(detail_url(other)).status_code == 404
    # nor, in the partner filter, the names of the school's other partners (issue 21)
    assert list(listing.context["filters"].fields["partner"].queryset) == [world.partner]
    assert world.other_partner.name not in listing.content.decode()


# --- WhatsApp links and the log -----------------------------------------------------------------------


def test_share_links_address_the_partners_contact_in_the_senders_language(world):
    activity = services.activity_save(
        school=world.a,
        user=world.users["coordinator"],
        data={
            "title": "Pemeriksaan gigi",
            "status": "planned",
            "start_date": datetime.date(2026, 12, 3),
            "start_time": datetime.time(8, 0),
            "place": "Aula",
        },
        partners=[world.partner],
    )
    invitation, reminder = sharing.links_for(activity, "id")
    assert invitation.url.startswith("https://wa.me/6281234567890?text=")
    assert "dr. Ratna" in invitation.text and "3 Desember 2026 pukul 08.00" in invitation.text
    assert "Aula" in invitation.text and "SMP A" in invitation.text and reminder.kind == "reminder"
    english = sharing.links_for(activity, "en")[0]
    assert "We kindly invite" in english.text and "3 December 2026" in english.text


def test_opening_whatsapp_notes_the_message_in_the_log(client, run_world):
    world = run_world
    client.force_login(world.users["team_member"])
    url = reverse("activities:share_log", args=[world.a.pk, world.done_activity.pk])
    assert client.post(url, {"kind": "thanks", "partner": world.partner.pk}).status_code == 204
    entry = Communication.objects.for_school(world.a).filter(activity=world.done_activity).get()
    assert entry.channel == "whatsapp" and entry.direction == "out" and "Thank you to Puskesmas Kergon" in entry.summary
    assert client.post(url, {"kind": "invented", "partner": world.partner.pk}).status_code == 400


def test_a_logged_meeting_is_on_the_partners_timeline(world):
    entry = communications.communication_save(
        school=world.a,
        user=world.users["coordinator"],
        data={
            "partner": world.partner,
            "channel": "meeting",
            "direction": "both",
            "occurred_on": datetime.date(2025, 8, 1),
            "summary": "Rapat koordinasi UKS\nHadir 5 orang",
        },
    )
    access = access_for(world.users["principal"], world.a.pk)
    assert any(
        e.title == "Rapat koordinasi UKS" and e.url.endswith(f"/{entry.pk}/")
        for e in entries_for(access=access, partner=world.partner)
    )
    with pytest.raises(ValidationError):
        communications.communication_save(
            school=world.a,
            user=None,
            data={
                "partner": world.c_partner,
                "channel": "phone",
                "occurred_on": datetime.date(2025, 8, 1),
                "summary": "x",
            },
        )
