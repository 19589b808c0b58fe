import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from mitra.planning import services
from mitra.planning.models import Attendance, Forum
from tests.documents.reading import pdf_text, squeeze


def test_a_forum_says_who_it_is_for(world):
    before = Forum.objects.for_school(world.a).count()
    with pytest.raises(ValidationError) as caught:
        services.forum_save(
            plan=world.plan,
            user=None,
            fields={"title": "Tanpa peserta", "date": datetime.date(2025, 8, 1), "audiences": []},
        )
    assert "audiences" in caught.value.message_dict
    assert Forum.objects.for_school(world.a).count() == before


def test_a_forum_stays_editable_after_the_plan_is_approved(world):
    services.plan_submit(plan=world.plan, user=None)
    services.plan_approve(plan=world.plan, user=world.users["principal"])
    services.forum_save(
        plan=world.plan,
        user=None,
        forum=world.forum,
        fields={
            "title": world.forum.title,
            "date": world.forum.date,
            "audiences": ["teachers"],
            "minutes": "Dicatat.",
        },
    )
    world.forum.refresh_from_db()
    assert world.forum.minutes == "Dicatat."


def test_the_same_person_is_listed_once(world):
    with pytest.raises(ValidationError):
        services.attendance_add(forum=world.forum, user=None, name="DR. RATNA", group="partners")
    assert Attendance.objects.for_school(world.a).filter(forum=world.forum).count() == 1


def test_the_attendance_sheet_prints_recorded_names_and_blank_rows(principal_client, world):
    url = reverse(
        "planning:attendance_sheet",
        kwargs={"school_id": world.a.pk, "plan_id": world.plan.pk, "forum_id": world.forum.pk},
    )
    page = principal_client.get(url)
    body = page.content.decode()
    assert "DAFTAR HADIR" in body and "dr. Ratna" in body
    assert list(page.context["blank_rows"]) == list(range(2, 31))


def test_the_forum_appears_in_the_invited_partners_timeline(principal_client, world):
    url = reverse("partners:detail", kwargs={"school_id": world.a.pk, "partner_id": world.partner.pk})
    entries = [e for e in principal_client.get(url).context["timeline"] if "/forums/" in e.url]
    assert [(e.title, e.date) for e in entries] == [("Sosialisasi program", datetime.date(2025, 7, 21))]
    assert entries[0].url.endswith(f"/forums/{world.forum.pk}/")
    other = reverse("partners:detail", kwargs={"school_id": world.a.pk, "partner_id": world.other_partner.pk})
    assert principal_client.get(other).context["timeline"] == []  # not in the programme either


def test_the_partner_representative_sees_the_forum_without_a_way_into_the_plan(world):
    client = Client()
    client.force_login(world.users["partner_rep"])
    entries = client.get(
        reverse("partners:detail", kwargs={"school_id": world.a.pk, "partner_id": world.partner.pk})
    ).context["timeline"]
    assert [e.title for e in entries] == ["Sosialisasi program"] and entries[0].url == ""


@pytest.mark.parametrize("language", ["id", "en"])
def test_the_attendance_sheet_is_a_pdf_with_the_forum_and_numbered_rows(principal_client, world, language):
    world.forum.agenda = "Sosialisasi *program* #set page(width: 1cm)"
    world.forum.save()
    url = reverse(
        "planning:attendance_sheet_pdf",
        kwargs={"school_id": world.a.pk, "plan_id": world.plan.pk, "forum_id": world.forum.pk},
    )
    principal = world.users["principal"]
    principal.language = language
    principal.save(update_fields=["language"])
    response = principal_client.get(url)
    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = squeeze(pdf_text(response.content))
    words = {
        "id": ["DAFTAR HADIR", "Hari, tanggal", "Senin, 21 Juli 2025", "1447 H", "Tanda tangan"],
        "en": ["ATTENDANCE LIST", "Day, date", "Monday, 21 July 2025", "1447 AH", "Signature"],
    }[language]
    for word in words + [world.a.name.upper(), "Sosialisasi program", "dr. Ratna", world.forum.agenda]:
        assert word in text, word
    # One recorded person, then empty rows up to thirty: the last number is 30, not 31.
    assert "30." in text and "31." not in text


def _attendance_url(world):
    return reverse(
        "planning:attendance_add",
        kwargs={"school_id": world.a.pk, "plan_id": world.plan.pk, "forum_id": world.forum.pk},
    )


def test_the_names_off_the_signed_sheet_are_added_at_once(principal_client, world):
    """A name a line, blank lines and extra spaces ignored; one request, one history entry each."""
    from mitra.history.models import Change

    before = Change.all_schools.count()
    response = principal_client.post(
        _attendance_url(world), {"names": "Bu Siti Aminah\n\n  Pak   Ahmad  \nIbu Rina\n", "group": "parents"}
    )
    assert response.status_code == 302
    names = set(
        Attendance.objects.for_school(world.a).filter(forum=world.forum, group="parents").values_list("name", flat=True)
    )
    assert names == {"Bu Siti Aminah", "Pak Ahmad", "Ibu Rina"}
    assert Change.all_schools.count() == before + 3
    page = principal_client.get(response["Location"]).content.decode()
    assert "3 orang ditambahkan ke daftar hadir." in page


def test_a_name_already_listed_or_written_twice_adds_no_one_and_keeps_what_was_typed(principal_client, world):
    typed = "Bu Siti Aminah\nDr. Ratna\nPak Ahmad\npak ahmad"
    count = Attendance.objects.for_school(world.a).filter(forum=world.forum).count()
    response = principal_client.post(_attendance_url(world), {"names": typed, "group": "partners"})
    assert response.status_code == 200
    assert Attendance.objects.for_school(world.a).filter(forum=world.forum).count() == count
    page = response.content.decode()
    assert "Dr. Ratna, pak ahmad" in page  # both named, nothing saved
    assert "Bu Siti Aminah\nDr. Ratna\nPak Ahmad\npak ahmad</textarea>" in page


def test_no_name_at_all_is_refused_in_the_users_language(principal_client, world):
    response = principal_client.post(_attendance_url(world), {"names": " \n \n", "group": "parents"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_names_error"' in page and "Bidang ini harus diisi." in page  # beside the names
    assert "Tidak ada yang disimpan" in page
