import datetime

import pytest
from django.urls import reverse

from mitra.agreements import services
from mitra.agreements.models import Agreement
from tests.conftest import make_partner, queries_of_fresh_page


def add_agreements(world, n: int, start: int = 0) -> None:
    for i in range(start, start + n):
        partner = make_partner(world.a, f"Mitra {i:03}")
        services.agreement_create(
            school=world.a,
            user=None,
            kind="mou",
            title=f"Kerja sama {i}",
            partners=[partner],
            start_date=datetime.date(2025, 1, 1),
            end_date=datetime.date(2025, 12, 31),
        )


def test_the_register_makes_as_many_queries_for_one_agreement_as_for_twenty(principal_client, world):
    url = reverse("agreements:home", kwargs={"school_id": world.a.pk})
    add_agreements(world, 1)
    principal_client.get(url)
    one = queries_of_fresh_page(principal_client, url)
    add_agreements(world, 19, start=1)
    assert queries_of_fresh_page(principal_client, url) == one


def test_the_agreement_page_does_not_grow_with_its_articles_and_parties(principal_client, agreement_world):
    world = agreement_world
    agreement = world.agreement
    url = reverse("agreements:detail", kwargs={"school_id": world.a.pk, "agreement_id": agreement.pk})
    principal_client.get(url)
    few = queries_of_fresh_page(principal_client, url)
    for i in range(10):
        services.article_save(agreement=agreement, user=None, article=None, title=f"Pasal {i}", body="Isi {school}")
        services.party_add(agreement=agreement, user=None, partner=make_partner(world.a, f"Pihak {i}"))
    assert queries_of_fresh_page(principal_client, url) == few


def test_drafting_from_a_template_and_downloading_both_formats(principal_client, world):
    url = reverse("agreements:create", kwargs={"school_id": world.a.pk})
    page = principal_client.get(url)
    template = next(t for t in page.context["form"].fields["template"].queryset if t.name == "PKS Puskesmas")
    response = principal_client.post(
        url,
        {
            "template": template.pk,
            "kind": "pks",
            "title": "Sekolah Sehat",
            "partners": [world.partner.pk],
            "first_party": "school",
            "start_date": "2025-01-01",
            "end_date": "2026-12-31",
            "language": "en",
        },
    )
    agreement = Agreement.objects.for_school(world.a).get(title="Sekolah Sehat")
    assert response.status_code == 302 and agreement.language == "id"  # the template's language wins
    assert "imunisasi" in agreement.articles.get(title="Ruang Lingkup").body
    detail = principal_client.get(response["Location"])
    assert "{purpose}" in detail.content.decode()  # the page lists what the document still needs
    # The template asks for a purpose and each party's duties: the document is refused until they are given.
    download = principal_client.get(
        reverse("agreements:download", kwargs={"school_id": world.a.pk, "agreement_id": agreement.pk, "fmt": "pdf"})
    )
    assert download.status_code == 302
    assert any("{purpose}" in str(m) for m in download.wsgi_request._messages)


@pytest.mark.parametrize(
    "fmt,content_type,magic", [("pdf", "application/pdf", b"%PDF"), ("docx", "officedocument", b"PK")]
)
def test_a_complete_agreement_downloads(principal_client, agreement_world, fmt, content_type, magic):
    world = agreement_world
    url = reverse(
        "agreements:download", kwargs={"school_id": world.a.pk, "agreement_id": world.agreement.pk, "fmt": fmt}
    )
    response = principal_client.get(url)
    assert response.status_code == 200 and content_type in response["Content-Type"]
    assert response.content.startswith(magic)
    assert f'.{fmt}"' in response["Content-Disposition"]


def test_a_form_error_keeps_what_was_typed(principal_client, world):
    url = reverse("agreements:create", kwargs={"school_id": world.a.pk})
    response = principal_client.post(
        url,
        {
            "kind": "mou",
            "title": "Judul yang diketik",
            "first_party": "school",
            "start_date": "2025-02-01",
            "end_date": "2025-01-01",
            "language": "id",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Judul yang diketik" in page
    assert "Tanggal berakhir tidak boleh sebelum tanggal mulai." in page or "end date" in page
    assert not Agreement.objects.for_school(world.a).exists()


def test_the_register_filters_by_status(principal_client, agreement_world):
    world = agreement_world
    url = reverse("agreements:home", kwargs={"school_id": world.a.pk})
    drafts = principal_client.get(url, {"status": "draft"}).context["page"].object_list
    assert [a.pk for a in drafts] == [world.agreement.pk]
    signed = principal_client.get(url, {"status": "expired"}).context["page"].object_list
    assert [a.pk for a in signed] == [world.signed_agreement.pk]  # it ended in June 2026


def test_the_agreement_shows_on_the_partner_timeline_and_on_the_programme_it_serves(principal_client, agreement_world):
    world = agreement_world
    services.agreement_update(agreement=world.agreement, user=None, data={}, links={"programmes": [world.programme]})
    partner_page = principal_client.get(
        reverse("partners:detail", kwargs={"school_id": world.a.pk, "partner_id": world.partner.pk})
    ).content.decode()
    assert "Pembinaan Usaha Kesehatan Sekolah" in partner_page and "Keamanan sekolah" in partner_page
    programmes = principal_client.get(
        reverse("planning:programmes", kwargs={"school_id": world.a.pk, "plan_id": world.plan.pk})
    ).content.decode()
    detail_url = reverse("agreements:detail", kwargs={"school_id": world.a.pk, "agreement_id": world.agreement.pk})
    assert f'href="{detail_url}"' in programmes


def test_an_agreement_appears_on_the_goals_and_needs_it_serves(principal_client, agreement_world):
    world = agreement_world
    services.agreement_update(
        agreement=world.agreement, user=None, data={}, links={"goals": [world.goal], "needs": [world.need]}
    )
    for name in ("planning:goals", "planning:needs"):
        page = principal_client.get(reverse(name, args=[world.a.pk, world.plan.pk])).content.decode()
        assert f"/agree/{world.agreement.pk}/" in page and world.agreement.title in page


def test_the_foundation_writes_and_publishes_a_template_its_schools_then_copy(client, world):
    from mitra.agreements.models import AgreementTemplate, FoundationTemplate

    client.force_login(world.users["foundation_admin"])
    create = reverse("foundation_templates:create", args=[world.f1.pk])
    data = {"name": "MoU Dinas Kesehatan", "kind": "mou", "language": "id", "is_published": "on"}
    refused = client.post(create, {**data, "articles": "## Tujuan\n{tujuan}"})
    assert refused.status_code == 200 and "{tujuan}" in refused.content.decode()
    assert not FoundationTemplate.objects.filter(foundation=world.f1).exists()
    client.post(create, {**data, "articles": "## Tujuan\nKerja sama {school} dengan {partner}."})
    published = FoundationTemplate.objects.get(foundation=world.f1)
    listing = client.get(reverse("foundation_templates:list", args=[world.f1.pk])).content.decode()
    assert "MoU Dinas Kesehatan" in listing
    client.force_login(world.users["coordinator"])
    library = client.get(reverse("agreements:templates", args=[world.a.pk])).content.decode()
    assert "MoU Dinas Kesehatan" in library
    client.post(reverse("agreements:template_copy", args=[world.a.pk, published.pk]))
    assert AgreementTemplate.objects.for_school(world.a).filter(copied_from=published).exists()
    # A school of another foundation never sees it.
    client.force_login(world.users["outsider"])
    assert client.post(reverse("agreements:template_copy", args=[world.c.pk, published.pk])).status_code == 404
