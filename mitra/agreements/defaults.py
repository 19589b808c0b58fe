"""Mitra's starting library of agreement templates, copied into a school's own library the first
time it opens it. One template per kind, and one for each common partner, in both languages.

The article structure follows the school agreements read for DOMAIN.md §2: purpose, scope, rights
and obligations, term, financing, dispute settlement by deliberation, closing. Partner-specific
templates spell out the usual scope (e.g. a puskesmas: health checks, immunisation, UKS, referral)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class BuiltInTemplate:
    name: str
    kind: str
    partner_kind: str
    language: str
    articles: str


_ID = {
    "purpose": "## Maksud dan Tujuan\n{purpose}",
    "scope": "## Ruang Lingkup\nRuang lingkup kerja sama ini meliputi:\n{scope}",
    "duties": (
        "## Hak dan Kewajiban\n"
        "(1) PIHAK PERTAMA berkewajiban: {first_party_obligations}\n"
        "(2) PIHAK PERTAMA berhak: {first_party_rights}\n"
        "(3) PIHAK KEDUA berkewajiban: {second_party_obligations}\n"
        "(4) PIHAK KEDUA berhak: {second_party_rights}"
    ),
    "term": (
        "## Jangka Waktu\n"
        "Kesepakatan ini berlaku selama {duration}, terhitung sejak tanggal {start_date} sampai dengan "
        "tanggal {end_date}, dan dapat diperpanjang atas kesepakatan PARA PIHAK."
    ),
    "financing": "## Pembiayaan\n{financing}",
    "disputes": (
        "## Penyelesaian Perselisihan\n"
        "Apabila terjadi perselisihan dalam pelaksanaan kesepakatan ini, PARA PIHAK sepakat "
        "menyelesaikannya secara {dispute_settlement}."
    ),
    "closing": (
        "## Penutup\n"
        "Hal-hal yang belum diatur dalam kesepakatan ini akan diatur kemudian atas kesepakatan PARA PIHAK. "
        "Kesepakatan ini dibuat dalam rangkap dua, masing-masing mempunyai kekuatan hukum yang sama."
    ),
}

_EN = {
    "purpose": "## Purpose\n{purpose}",
    "scope": "## Scope\nThe scope of this cooperation covers:\n{scope}",
    "duties": (
        "## Rights and Obligations\n"
        "(1) The FIRST PARTY shall: {first_party_obligations}\n"
        "(2) The FIRST PARTY is entitled to: {first_party_rights}\n"
        "(3) The SECOND PARTY shall: {second_party_obligations}\n"
        "(4) The SECOND PARTY is entitled to: {second_party_rights}"
    ),
    "term": (
        "## Term\n"
        "This agreement is in force for {duration}, from {start_date} until {end_date}, and may be "
        "extended by agreement of the PARTIES."
    ),
    "financing": "## Financing\n{financing}",
    "disputes": (
        "## Settlement of Disputes\nAny dispute arising from this agreement shall be settled by {dispute_settlement}."
    ),
    "closing": (
        "## Closing\n"
        "Matters not yet covered by this agreement shall be settled later by agreement of the PARTIES. "
        "This agreement is made in two copies of equal legal force."
    ),
}

# What each common partner usually does with a school, written out as the scope article.
_SCOPES = {
    "health_centre": (
        "Puskesmas",
        "Health centre",
        "a. pemeriksaan kesehatan dan penjaringan kesehatan peserta didik sekurang-kurangnya sekali setahun;\n"
        "b. penyuluhan kesehatan, gizi dan kesehatan reproduksi;\n"
        "c. imunisasi dan pelayanan kesehatan gigi;\n"
        "d. pembinaan Usaha Kesehatan Sekolah (UKS);\n"
        "e. rujukan peserta didik yang memerlukan pelayanan lanjutan.",
        "a. health checks and health screening of students at least once a year;\n"
        "b. education on health, nutrition and reproductive health;\n"
        "c. immunisation and dental care;\n"
        "d. guidance of the School Health Unit (UKS);\n"
        "e. referral of students who need further care.",
    ),
    "police": (
        "Kepolisian",
        "Police",
        "a. pembina upacara dan penyuluhan ketertiban serta keselamatan berlalu lintas;\n"
        "b. pencegahan perundungan, kenakalan remaja dan penyalahgunaan narkoba;\n"
        "c. patroli keamanan di sekitar sekolah pada jam masuk dan pulang;\n"
        "d. pendampingan Patroli Keamanan Sekolah (PKS) peserta didik.",
        "a. leading ceremonies and teaching order and road safety;\n"
        "b. prevention of bullying, delinquency and drug abuse;\n"
        "c. security patrols around the school when students arrive and leave;\n"
        "d. guidance of the students' School Safety Patrol.",
    ),
    "pesantren": (
        "Pesantren",
        "Pesantren",
        "a. pembinaan baca tulis Al-Qur'an dan tahfiz;\n"
        "b. kajian kitab dan pembiasaan ibadah peserta didik;\n"
        "c. pesantren kilat dan kegiatan Ramadan;\n"
        "d. pertukaran guru dan ustaz.",
        "a. Qur'an reading, writing and memorisation;\n"
        "b. study of classical texts and daily worship habits;\n"
        "c. short pesantren programmes and Ramadan activities;\n"
        "d. exchange of teachers and ustaz.",
    ),
    "university": (
        "Perguruan Tinggi",
        "University",
        "a. pengembangan kompetensi guru melalui pelatihan dan pendampingan;\n"
        "b. penempatan mahasiswa praktik mengajar dan kuliah kerja nyata;\n"
        "c. penelitian dan pengabdian kepada masyarakat di sekolah;\n"
        "d. pembinaan olimpiade dan karya ilmiah peserta didik.",
        "a. teacher development through training and mentoring;\n"
        "b. placement of student teachers and community-service students;\n"
        "c. research and community service at the school;\n"
        "d. coaching of students for olympiads and science projects.",
    ),
    "business": (
        "Dunia Usaha",
        "Business",
        "a. praktik kerja dan kunjungan industri peserta didik;\n"
        "b. dukungan sarana dan prasarana melalui tanggung jawab sosial perusahaan;\n"
        "c. pelatihan kewirausahaan;\n"
        "d. beasiswa bagi peserta didik berprestasi dan kurang mampu.",
        "a. work placements and company visits for students;\n"
        "b. support for facilities through corporate social responsibility;\n"
        "c. entrepreneurship training;\n"
        "d. scholarships for able students in need.",
    ),
    "ngo": (
        "Lembaga Swadaya Masyarakat",
        "NGO",
        "a. program literasi dan pembinaan karakter;\n"
        "b. pelatihan guru dan pendampingan program;\n"
        "c. kegiatan lingkungan hidup dan kesiapsiagaan bencana;\n"
        "d. pelibatan orang tua dan masyarakat.",
        "a. literacy and character programmes;\n"
        "b. teacher training and programme mentoring;\n"
        "c. environmental and disaster-preparedness activities;\n"
        "d. involvement of parents and the community.",
    ),
}

_KINDS = {
    "mou": ("Nota Kesepahaman", "Memorandum of Understanding", ["purpose", "scope", "term", "disputes", "closing"]),
    "pks": (
        "Perjanjian Kerja Sama",
        "Cooperation Agreement",
        ["purpose", "scope", "duties", "term", "financing", "disputes", "closing"],
    ),
    "ia": (
        "Pengaturan Pelaksanaan",
        "Implementation Arrangement",
        ["purpose", "scope", "duties", "term", "financing", "closing"],
    ),
}


def _articles(parts: list[str], language: str, scope: str | None = None) -> str:
    texts = dict(_ID if language == "id" else _EN)
    if scope is not None:
        texts["scope"] = texts["scope"].replace("{scope}", scope)
    return "\n\n".join(texts[part] for part in parts)


def built_in() -> list[BuiltInTemplate]:
    templates = []
    for kind, (name_id, name_en, parts) in _KINDS.items():
        templates.append(BuiltInTemplate(name_id, kind, "", "id", _articles(parts, "id")))
        templates.append(BuiltInTemplate(name_en, kind, "", "en", _articles(parts, "en")))
    pks_parts = _KINDS["pks"][2]
    for partner_kind, (label_id, label_en, scope_id, scope_en) in _SCOPES.items():
        templates.append(
            BuiltInTemplate(f"PKS {label_id}", "pks", partner_kind, "id", _articles(pks_parts, "id", scope_id))
        )
        templates.append(
            BuiltInTemplate(
                f"Cooperation agreement: {label_en}", "pks", partner_kind, "en", _articles(pks_parts, "en", scope_en)
            )
        )
    return templates
