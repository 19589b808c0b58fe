"""Which partner can meet this need (issue 24): the partners who said they offer something in the
need's area first, with what; then the school's partners of the kinds that usually help there; and
the kinds it has none of."""

from django.urls import reverse

from mitra.partners.models import Partner, Potential, name_key
from mitra.planning import services
from mitra.planning.models import KindSuggestion, Need


def _find(client, world, **query):
    return client.get(reverse("planning:finder", args=[world.a.pk]), query)


def test_a_need_finds_the_partners_who_offer_its_area_then_those_of_a_helping_kind(principal_client, world):
    services.ensure_defaults(world.a)
    offering = Partner.objects.for_school(world.a).create(
        school=world.a, name="Puskesmas Kota", name_key=name_key("Puskesmas Kota"), kind="health"
    )
    Potential.objects.for_school(world.a).create(
        school=world.a, partner=offering, area="health", description="Pemeriksaan gigi"
    )
    helping_kinds = set(KindSuggestion.objects.for_school(world.a).filter(area="health").values_list("kind", flat=True))
    kind = sorted(helping_kinds - {"health"})[0]
    of_kind = Partner.objects.for_school(world.a).create(
        school=world.a, name="Calon Penolong", name_key=name_key("Calon Penolong"), kind=kind
    )
    elsewhere = Partner.objects.for_school(world.b).create(
        school=world.b, name="Klinik Sekolah Lain", name_key=name_key("Klinik Sekolah Lain"), kind="health"
    )
    Potential.objects.for_school(world.b).create(school=world.b, partner=elsewhere, area="health", description="x")

    page = _find(principal_client, world, area="health").content.decode()
    assert "Puskesmas Kota" in page and "Pemeriksaan gigi" in page
    assert page.index("Puskesmas Kota") < page.index("Calon Penolong")
    assert "Klinik Sekolah Lain" not in page  # another school's partners are never found

    need = Need.objects.for_school(world.a).filter(plan=world.plan).first()
    need.area = "health"
    need.save(update_fields=["area"])
    by_need = _find(principal_client, world, need=need.pk).content.decode()
    assert need.title in by_need and "Puskesmas Kota" in by_need and of_kind.name in by_need


def test_an_area_no_partner_serves_says_so_and_names_the_kinds_that_help(principal_client, world):
    services.ensure_defaults(world.a)
    Potential.objects.for_school(world.a).filter(area="funding").delete()
    kinds = KindSuggestion.objects.for_school(world.a).filter(area="funding").values_list("kind", flat=True)
    Partner.objects.for_school(world.a).filter(kind__in=kinds).update(archived_at="2026-01-01T00:00:00Z")
    page = _find(principal_client, world, area="funding").content.decode()
    assert "Belum ada mitra sekolah yang menawarkan ini." in page


def test_nonsense_in_the_query_shows_the_empty_finder(principal_client, world):
    for query in ({"area": "'; drop"}, {"need": "abc"}, {"need": "999999"}):
        response = _find(principal_client, world, **query)
        assert response.status_code == 200 and "Pilih kebutuhan atau bidang" in response.content.decode()
