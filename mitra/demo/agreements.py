"""The demo school's agreements: a signed MoU with the puskesmas that ends within the warning
window (so the register shows what an expiring agreement looks like), an IA under it, and a draft
PKS with the police sector that still lacks what its template asks for."""

import datetime

from django.core.files.uploadedfile import SimpleUploadedFile

from mitra.agreements import services
from mitra.agreements.models import AgreementTemplate
from mitra.partners.models import Partner
from mitra.planning.models import Goal, Need, Programme

# A one-page PDF with no scripts, standing in for the scan of the signed paper.
SCAN = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Count 0/Kids[]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def _template(school, name):
    return AgreementTemplate.objects.for_school(school).get(name=name)


def _sign_parties(agreement, principal, numbers, partner_signatory):
    for party in agreement.parties.all():
        if party.is_school:
            data = {
                "document_number": numbers[0],
                "signatory_name": "H. Ahmad Fauzi, S.Pd.I, M.Pd",
                "signatory_position": "Kepala Sekolah",
                "signatory_id": "19750412 200501 1 003",
                "obligations": "menyediakan ruang UKS dan menugaskan guru pembina UKS",
                "rights": "mendapat pendampingan tenaga kesehatan",
            }
        else:
            data = {
                "document_number": numbers[1],
                "signatory_name": partner_signatory[0],
                "signatory_position": partner_signatory[1],
                "obligations": "menugaskan tenaga kesehatan sesuai jadwal yang disepakati",
                "rights": "memperoleh data kesehatan peserta didik untuk pelaporan",
            }
        services.party_save(party=party, user=principal, data=data)


def build(*, school, principal, coordinator) -> None:
    services.ensure_templates(school)
    today = datetime.date.today()
    puskesmas = Partner.objects.for_school(school).get(name="UPT Puskesmas Kergon")
    police = Partner.objects.for_school(school).get(kind=Partner.Kind.POLICE)
    start = datetime.date(today.year - 2, today.month, 1)
    end = today + datetime.timedelta(days=45)
    mou = services.agreement_create(
        school=school,
        user=coordinator,
        kind="pks",
        title="Pembinaan Usaha Kesehatan Sekolah",
        partners=[puskesmas],
        start_date=start,
        end_date=end,
        template=_template(school, "PKS Puskesmas"),
        purpose="Meningkatkan derajat kesehatan peserta didik melalui pembinaan UKS yang terencana.",
        financing="Kegiatan dibiayai dari anggaran masing-masing pihak sesuai ketentuan yang berlaku.",
        signing_place="Pekalongan",
        signed_on=start - datetime.timedelta(days=10),
        meterai_required=True,
    )
    _sign_parties(
        mou,
        principal,
        ("421/045/SMP.NI/VII/" + str(start.year), "440/112/PKM-K/" + str(start.year)),
        (
            "dr. Ratna Wulandari",
            "Kepala UPT Puskesmas Kergon",
        ),
    )
    services.witness_add(agreement=mou, user=coordinator, name="Drs. H. Slamet Riyadi", position="Ketua Yayasan")
    services.agreement_update(
        agreement=mou,
        user=coordinator,
        data={},
        links={
            "goals": list(Goal.objects.for_school(school).filter(title__icontains="mutu")[:1]),
            "needs": list(Need.objects.for_school(school).filter(area="health")[:1]),
            "programmes": list(Programme.objects.for_school(school)[:1]),
        },
    )
    services.submit_for_review(agreement=mou, user=coordinator, comment="Mohon ditinjau sebelum ditandatangani.")
    services.sign(
        agreement=mou,
        user=principal,
        signed_on=start - datetime.timedelta(days=10),
        scan=SimpleUploadedFile("pks-puskesmas.pdf", SCAN, content_type="application/pdf"),
        today=today,
    )
    services.agreement_create(
        school=school,
        user=coordinator,
        kind="pks",
        title="Patroli Keamanan Sekolah dan Penyuluhan Tertib Lalu Lintas",
        partners=[police],
        start_date=datetime.date(today.year, today.month, 1) + datetime.timedelta(days=31),
        end_date=datetime.date(today.year + 2, today.month, 1),
        template=_template(school, "PKS Kepolisian"),
        signing_place="Pekalongan",
    )
