import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from mitra.agreements import services
from mitra.agreements.models import Agreement, AgreementTemplate, Article, FoundationTemplate, Party
from mitra.agreements.status import Status, status_of
from mitra.files.models import StoredFile

from .conftest import template_named

TODAY = datetime.date(2024, 3, 20)


def counts(school):
    return tuple(m.objects.for_school(school).count() for m in (Agreement, Party, Article, StoredFile))


def scan(name="signed.pdf", data=b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def create(world, **changes):
    fields = {
        "school": world.a,
        "user": world.users["coordinator"],
        "kind": "mou",
        "title": "Kerja sama UKS",
        "partners": [world.partner],
        "start_date": datetime.date(2024, 7, 1),
        "end_date": datetime.date(2025, 6, 30),
        "template": template_named(world.a, "Nota Kesepahaman"),
    }
    return services.agreement_create(**(fields | changes))


def test_a_draft_takes_its_articles_from_the_template_and_the_school_is_first_party(world):
    agreement = create(world)
    assert [a.title for a in agreement.articles.all()] == [
        "Maksud dan Tujuan",
        "Ruang Lingkup",
        "Jangka Waktu",
        "Penyelesaian Perselisihan",
        "Penutup",
    ]
    first = agreement.parties.get(is_first_party=True)
    assert first.is_school
    assert agreement.dispute_settlement == "musyawarah untuk mufakat"


def test_the_partner_can_be_first_party(world):
    agreement = create(world, school_is_first_party=False)
    assert agreement.parties.get(is_first_party=True).partner == world.partner


@pytest.mark.parametrize(
    "changes,field,message",
    [
        (
            {"start_date": datetime.date(2025, 1, 1), "end_date": datetime.date(2024, 1, 1)},
            "end_date",
            "The end date cannot be before the start date.",
        ),
        ({"partners": []}, "partners", "Choose at least one partner"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_saved(world, changes, field, message):
    before = counts(world.a)
    with pytest.raises(ValidationError) as refused:
        create(world, **changes)
    assert message in refused.value.message_dict[field][0]
    assert counts(world.a) == before


def test_a_partner_of_another_school_cannot_be_a_party(world):
    with pytest.raises(ValidationError):
        create(world, partners=[world.c_partner])


def test_a_document_number_used_by_another_agreement_is_refused(world, mou):
    other = create(world, title="Kerja sama lain")
    party = other.parties.get(partner=None)
    with pytest.raises(ValidationError) as refused:
        services.party_save(
            party=party, user=world.users["coordinator"], data={"document_number": "421/045/smp.a/vii/2024"}
        )
    assert "already used by “Pembinaan Usaha Kesehatan Sekolah”" in refused.value.message_dict["document_number"][0]
    party.refresh_from_db()
    assert party.document_number == ""


def test_choosing_another_first_party_releases_the_first(world):
    agreement = create(world)
    partner_party = agreement.parties.get(partner=world.partner)
    services.party_save(party=partner_party, user=world.users["coordinator"], data={"is_first_party": True})
    assert list(agreement.parties.filter(is_first_party=True)) == [partner_party]


def test_the_first_party_cannot_be_unticked_only_moved(world):
    agreement = create(world)
    school_party = agreement.parties.get(partner=None)
    with pytest.raises(ValidationError) as refused:
        services.party_save(party=school_party, user=world.users["coordinator"], data={"is_first_party": False})
    assert "choose it on the other party instead" in refused.value.message_dict["is_first_party"][0]
    assert agreement.parties.filter(is_first_party=True).get() == school_party


def test_the_last_partner_cannot_be_removed_nor_the_school(world):
    agreement = create(world)
    with pytest.raises(ValidationError):
        services.party_remove(party=agreement.parties.get(partner=world.partner), user=world.users["coordinator"])
    with pytest.raises(ValidationError):
        services.party_remove(party=agreement.parties.get(partner=None), user=world.users["coordinator"])
    services.party_add(agreement=agreement, user=world.users["coordinator"], partner=world.other_partner)
    services.party_remove(party=agreement.parties.get(partner=world.partner), user=world.users["coordinator"])
    assert [p.name() for p in agreement.parties.all()] == ["SMP A", "Polsek Barat"]


def test_removing_an_article_renumbers_the_rest_and_moving_swaps(world):
    agreement = create(world)
    services.article_remove(article=agreement.articles.get(number=2), user=world.users["coordinator"])
    assert list(agreement.articles.values_list("number", "title")) == [
        (1, "Maksud dan Tujuan"),
        (2, "Jangka Waktu"),
        (3, "Penyelesaian Perselisihan"),
        (4, "Penutup"),
    ]
    services.article_move(article=agreement.articles.get(number=2), user=world.users["coordinator"], up=True)
    assert list(agreement.articles.values_list("title", flat=True))[:2] == ["Jangka Waktu", "Maksud dan Tujuan"]


def test_an_ia_sits_under_a_pks_or_mou_but_an_mou_under_nothing(world, mou):
    ia = create(world, kind="ia", title="IA penjaringan", parent=mou)
    assert ia.parent == mou
    with pytest.raises(ValidationError) as refused:
        create(world, kind="mou", title="MoU di bawah IA", parent=ia)
    assert "parent" in refused.value.message_dict


def test_the_lifecycle_from_draft_to_signed(world, mou):
    coordinator, principal = world.users["coordinator"], world.users["principal"]
    assert status_of(mou, TODAY) == Status.DRAFT
    services.submit_for_review(agreement=mou, user=coordinator, comment="Mohon diperiksa")
    assert status_of(mou, TODAY) == Status.REVIEW
    services.return_to_draft(agreement=mou, user=principal, comment="Tambahkan pembiayaan")
    assert mou.stage == "draft"
    services.submit_for_review(agreement=mou, user=coordinator)
    services.sign(agreement=mou, user=principal, signed_on=datetime.date(2024, 3, 12), scan=scan(), today=TODAY)
    mou.refresh_from_db()
    assert mou.stage == "signed" and mou.signed_scan.content_type == "application/pdf"
    assert status_of(mou, TODAY) == Status.PENDING  # in force from July
    assert status_of(mou, datetime.date(2025, 1, 1)) == Status.ACTIVE
    assert status_of(mou, datetime.date(2026, 4, 1)) == Status.EXPIRING
    assert status_of(mou, datetime.date(2026, 7, 1)) == Status.EXPIRED
    assert [c.text for c in mou.comments.all()] == ["Mohon diperiksa", "Tambahkan pembiayaan"]
    with pytest.raises(ValidationError):
        services.agreement_update(agreement=mou, user=principal, data={"title": "Diubah"})


def test_signing_refuses_a_file_that_is_not_a_scan_and_keeps_nothing(world, mou):
    services.submit_for_review(agreement=mou, user=world.users["coordinator"])
    before = counts(world.a)
    with pytest.raises(ValidationError):
        services.sign(
            agreement=mou,
            user=world.users["principal"],
            signed_on=TODAY,
            scan=SimpleUploadedFile("signed.pdf", b"<html><script>alert(1)</script>"),
            today=TODAY,
        )
    with pytest.raises(ValidationError) as refused:
        services.sign(
            agreement=mou,
            user=world.users["principal"],
            signed_on=TODAY,
            scan=scan(data=b"%PDF-1.4\n<< /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>\n%%EOF"),
            today=TODAY,
        )
    assert "scripts" in refused.value.messages[0]
    mou.refresh_from_db()
    assert mou.stage == "review" and counts(world.a) == before


def test_signing_needs_every_signatory(world):
    agreement = create(world, purpose="Tujuan", scope="Lingkup", signing_place="Kergon")
    services.submit_for_review(agreement=agreement, user=world.users["coordinator"])
    with pytest.raises(ValidationError) as refused:
        services.sign(agreement=agreement, user=world.users["principal"], signed_on=TODAY, scan=scan(), today=TODAY)
    assert "Who signs for SMP A is not filled in." in refused.value.messages


def signed(world, agreement):
    services.submit_for_review(agreement=agreement, user=world.users["coordinator"])
    services.sign(
        agreement=agreement,
        user=world.users["principal"],
        signed_on=datetime.date(2024, 3, 12),
        scan=scan(),
        today=TODAY,
    )
    agreement.refresh_from_db()
    return agreement


def test_termination_needs_a_reason_and_silences_the_status(world, mou):
    mou = signed(world, mou)
    with pytest.raises(ValidationError):
        services.terminate(agreement=mou, user=world.users["principal"], on=datetime.date(2025, 1, 1), reason=" ")
    services.terminate(
        agreement=mou, user=world.users["principal"], on=datetime.date(2025, 1, 1), reason="Puskesmas direlokasi"
    )
    assert status_of(mou, datetime.date(2026, 4, 1)) == Status.TERMINATED


def test_a_renewal_counts_once_it_is_signed(world, mou):
    mou = signed(world, mou)
    renewal = services.renew(
        agreement=mou,
        user=world.users["coordinator"],
        start_date=datetime.date(2026, 7, 1),
        end_date=datetime.date(2028, 6, 30),
    )
    mou.refresh_from_db()
    assert renewal.stage == "draft" and mou.renewed_by == renewal
    assert [a.title for a in renewal.articles.all()] == [a.title for a in mou.articles.all()]
    assert status_of(mou, datetime.date(2026, 4, 1)) == Status.EXPIRING  # the renewal is not signed yet
    for party in renewal.parties.all():
        services.party_save(party=party, user=world.users["coordinator"], data={"document_number": f"R-{party.pk}"})
    signed(world, renewal)
    mou.refresh_from_db()
    # Signed, the renewal stops the warning; the old one stays in force until the renewal starts.
    assert status_of(mou, datetime.date(2026, 4, 1)) == Status.ACTIVE
    assert status_of(mou, datetime.date(2026, 6, 30)) == Status.ACTIVE
    assert status_of(mou, datetime.date(2026, 7, 1)) == Status.RENEWED


def test_a_new_version_keeps_the_signed_one_and_its_numbers(world, mou):
    mou = signed(world, mou)
    addendum = services.new_version(agreement=mou, user=world.users["coordinator"])
    assert addendum.version == 2 and addendum.previous_version == mou and addendum.stage == "draft"
    party = addendum.parties.get(partner=None)
    services.party_save(party=party, user=world.users["coordinator"], data={"document_number": party.document_number})
    with pytest.raises(ValidationError):
        services.new_version(agreement=mou, user=world.users["coordinator"])


def test_templates_come_seeded_in_both_languages_for_each_kind_and_common_partner(world):
    services.ensure_templates(world.a)
    templates = AgreementTemplate.objects.for_school(world.a)
    assert {(t.kind, t.language) for t in templates if not t.partner_kind} == {
        (k, lang) for k in ("mou", "pks", "ia") for lang in ("id", "en")
    }
    assert {t.partner_kind for t in templates} >= {
        "health_centre",
        "police",
        "pesantren",
        "university",
        "business",
        "ngo",
    }
    for template in templates:
        services.parse_articles(template.articles)  # every seeded template is valid


def test_a_school_copies_what_its_foundation_published_and_nothing_else(agreement_world):
    world = agreement_world
    published = world.foundation_template
    unpublished = FoundationTemplate.objects.create(
        foundation=world.f1, name="Draf", kind="mou", articles="## Tujuan\n{purpose}"
    )
    other_foundation = FoundationTemplate.objects.create(
        foundation=world.f2, name="MoU Dua", kind="mou", articles="## Tujuan\n{purpose}", is_published=True
    )
    copy = services.template_copy(school=world.a, user=world.users["principal"], source=published)
    assert copy.articles == published.articles and copy.copied_from == published
    again = services.template_copy(school=world.a, user=world.users["principal"], source=published)
    assert again.name == "MoU Yayasan (2)"
    for source in (unpublished, other_foundation):
        with pytest.raises(ValidationError):
            services.template_copy(school=world.a, user=world.users["principal"], source=source)


@pytest.mark.parametrize(
    "text,message",
    [
        ("Tanpa judul", "Start each article"),
        ("## \nisi", "needs a heading"),
        ("## Satu\n{partner", "not closed"),
    ],
)
def test_template_text_that_cannot_make_articles_is_refused(text, message):
    with pytest.raises(ValidationError) as refused:
        services.parse_articles(text)
    assert message in refused.value.messages[0]
