from django.db import connection
from django.urls import reverse
from django.utils import translation

from mitra.partners.models import Contact, Partner


def url(name, world, **kwargs):
    return reverse(name, kwargs={"school_id": world.a.pk, **kwargs})


def test_it_adds_a_partner_with_its_potential(principal_client, world):
    response = principal_client.post(
        url("partners:create", world),
        {
            "name": "Pondok Pesantren Al-Hidayah",
            "kind": "pesantren",
            "status": "active",
            "phone": "0813 2544 9001",
            "area_religious_character": "on",
            "area_religious_character_note": "Tahfidz",
            "area_student_intake_note": "Santri",
        },
    )
    partner = Partner.objects.for_school(world.a).get(name="Pondok Pesantren Al-Hidayah")
    assert response.status_code == 302
    assert partner.phone == "+6281325449001"
    assert {(p.area, p.description) for p in partner.potentials.all()} == {
        ("religious_character", "Tahfidz"),
        ("student_intake", "Santri"),
    }


def test_bad_input_gets_a_message_in_indonesian_and_saves_nothing(principal_client, world):
    before = Partner.objects.for_school(world.a).count()
    response = principal_client.post(
        url("partners:create", world),
        {
            "name": "Puskesmas  kergon",
            "kind": "health_centre",
            "status": "active",
            "phone": "12345",
            "email": "not-an-email",
        },
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"phone", "email", "name"}
    assert "sudah memiliki mitra" in str(form.errors["name"])  # the duplicate, in Bahasa Indonesia
    assert "Mulai nomor dengan 0 atau +62" in str(form.errors["phone"])
    assert "Tidak ada yang disimpan" in response.content.decode()
    assert response.context["form"]["name"].value() == "Puskesmas  kergon"  # the input stays
    assert Partner.objects.for_school(world.a).count() == before


def test_the_same_message_in_english_for_an_english_user(client, world):
    user = world.users["principal"]
    user.language = "en"
    user.save()
    client.force_login(user)
    response = client.post(url("partners:create", world), {"name": "x", "kind": "bogus", "status": "active"})
    assert "Select a valid choice" in str(response.context["form"].errors["kind"])
    translation.activate("id")


def test_a_form_posted_twice_saves_once(principal_client, world):
    data = {"name": "Ust. Hasan", "submission": "a" * 32}
    first = principal_client.post(url("partners:contact_create", world, partner_id=world.partner.pk), data)
    second = principal_client.post(
        url("partners:contact_create", world, partner_id=world.partner.pk), data, follow=True
    )
    assert first.status_code == 302
    assert Contact.objects.for_school(world.a).filter(name="Ust. Hasan").count() == 1
    assert "sudah terkirim" in second.content.decode()


def test_a_partner_form_posted_twice_is_caught_even_without_the_token(principal_client, world):
    data = {"name": "Yayasan Literasi", "kind": "ngo", "status": "active"}
    principal_client.post(url("partners:create", world), data)
    response = principal_client.post(url("partners:create", world), data)
    assert response.status_code == 200
    assert Partner.objects.for_school(world.a).filter(name="Yayasan Literasi").count() == 1


def test_search_filters_and_sorts(principal_client, world):
    response = principal_client.get(url("partners:list", world), {"q": "ratna"})  # a contact's name
    assert [p.pk for p in response.context["page"].object_list] == [world.partner.pk]
    response = principal_client.get(url("partners:list", world), {"kind": "police"})
    assert [p.pk for p in response.context["page"].object_list] == [world.other_partner.pk]
    response = principal_client.get(url("partners:list", world), {"area": "health"})
    assert [p.pk for p in response.context["page"].object_list] == [world.partner.pk]
    response = principal_client.get(url("partners:list", world), {"sort": "-name"})
    assert [p.name for p in response.context["page"].object_list] == ["Puskesmas Kergon", "Polsek Barat"]


def test_an_htmx_search_returns_only_the_results(principal_client, world):
    response = principal_client.get(url("partners:list", world), {"q": "polsek"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="results"')
    assert "Polsek Barat" in body and "Puskesmas Kergon" not in body
    assert "HX-Request" in response["Vary"]


def test_archived_partners_leave_the_list_but_not_the_archive(principal_client, world):
    principal_client.post(url("partners:archive", world, partner_id=world.other_partner.pk))
    listed = principal_client.get(url("partners:list", world)).context["page"].object_list
    archived = principal_client.get(url("partners:list", world), {"archived": "on"}).context["page"].object_list
    assert [p.pk for p in listed] == [world.partner.pk]
    assert [p.pk for p in archived] == [world.other_partner.pk]


def test_the_list_paginates(principal_client, world):
    from tests.conftest import make_partner

    for i in range(30):
        make_partner(world.a, f"Mitra {i:02}")
    first = principal_client.get(url("partners:list", world))
    second = principal_client.get(url("partners:list", world), {"page": 2})
    assert len(first.context["page"].object_list) == 25
    assert len(second.context["page"].object_list) == 7


def test_the_detail_page_shows_the_history(principal_client, world):
    principal_client.post(
        url("partners:edit", world, partner_id=world.partner.pk),
        {"name": "Puskesmas Kergon", "kind": "health_centre", "status": "inactive"},
    )
    page = principal_client.get(url("partners:detail", world, partner_id=world.partner.pk)).content.decode()
    assert "Riwayat" in page and "Tidak aktif" in page


def test_where_the_partner_is_goes_through_the_form_the_page_the_list_and_its_filter(principal_client, world):
    create = url("partners:create", world)
    form = principal_client.get(create).content.decode()
    assert '<option value="local" selected>Lokal</option>' in form and "Luar negeri" in form
    principal_client.post(
        create, {"name": "SMK Kembar Johor", "kind": "school", "location": "abroad", "status": "active"}
    )
    partner = Partner.objects.for_school(world.a).get(name="SMK Kembar Johor")
    assert partner.location == "abroad"

    edit = url("partners:edit", world, partner_id=partner.pk)
    assert '<option value="abroad" selected>Luar negeri</option>' in principal_client.get(edit).content.decode()
    detail = principal_client.get(url("partners:detail", world, partner_id=partner.pk)).content.decode()
    assert "<dt>Lokasi</dt><dd>Luar negeri</dd>" in detail
    listed = principal_client.get(url("partners:list", world), {"location": "abroad"})
    assert [p.pk for p in listed.context["page"].object_list] == [partner.pk]
    assert "Sekolah atau madrasah lain · Luar negeri" in listed.content.decode()
    local = principal_client.get(url("partners:list", world), {"location": "local"}).context["page"].object_list
    assert partner.pk not in [p.pk for p in local] and world.partner.pk in [p.pk for p in local]

    # A post without the field (an older page) keeps the location; a changed one is in the history.
    principal_client.post(edit, {"name": "SMK Kembar Johor", "kind": "school", "status": "inactive"})
    partner.refresh_from_db()
    assert (partner.status, partner.location) == ("inactive", "abroad")
    principal_client.post(
        edit, {"name": "SMK Kembar Johor", "kind": "school", "location": "national", "status": "active"}
    )
    partner.refresh_from_db()
    assert partner.location == "national"
    page = principal_client.get(url("partners:detail", world, partner_id=partner.pk)).content.decode()
    assert "Luar negeri" in page and "Nasional" in page  # before and after, in the history


def test_the_detail_page_shows_the_latest_changes_and_the_whole_history_when_asked(principal_client, world):
    """A record's page shows its ten latest changes and a link to the whole history; the kept
    history part is kept apart for each."""
    from mitra.history.models import Change
    from mitra.history.selectors import HISTORY_SHOWN
    from mitra.history.services import record

    for n in range(HISTORY_SHOWN + 2):
        record(
            user=None,
            obj=world.partner,
            action=Change.Action.UPDATE,
            extra={"notes": [f"catatan {n}", f"catatan {n + 1}"]},
        )
    detail = url("partners:detail", world, partner_id=world.partner.pk)
    page = principal_client.get(detail).content.decode()
    shown = page.count("<ins>catatan ")
    assert shown == HISTORY_SHOWN and "<ins>catatan 12</ins>" in page and "<ins>catatan 1</ins>" not in page
    assert 'href="?history=all#history-title"' in page and "Tampilkan seluruh riwayat" in page
    whole = principal_client.get(detail + "?history=all").content.decode()
    assert whole.count("<ins>catatan ") == HISTORY_SHOWN + 2 and "<ins>catatan 1</ins>" in whole
    assert "Tampilkan seluruh riwayat" not in whole
    assert principal_client.get(detail).content.decode().count("<ins>catatan ") == HISTORY_SHOWN  # each kept apart
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM mitra_fragments")
        (kept,) = cursor.fetchone()
        principal_client.get(detail + "?history=semua-nya")  # a made-up value makes no copy of its own
        cursor.execute("SELECT COUNT(*) FROM mitra_fragments")
        assert cursor.fetchone() == (kept,)
