"""Importing partners, contact persons and activities from spreadsheets: the messy sample file
and malformed ones, through the real pages; all or nothing, or the ready rows only when chosen."""

import csv
import dataclasses
import datetime
import io
import re
import unicodedata
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from mitra.activities.models import Activity
from mitra.agreements.models import Agreement
from mitra.partners.models import Contact, Partner
from mitra.reports import imports, jobs, values
from mitra.reports.models import ImportBatch, Job
from tests.conftest import make_partner, png_bytes

# The messy sample of ../shared/samples, kept with the tests so that a clone alone runs them.
SAMPLE = Path(__file__).resolve().parent / "samples" / "partners-messy.xlsx"


@pytest.fixture(autouse=True)
def in_english(world):
    for person in world.users.values():
        person.language = "en"
        person.save(update_fields=["language"])


def _xlsx(rows) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _send(client, world, name, data, target="partners"):
    return client.post(
        reverse("reports:import_start", args=[world.a.pk]),
        {"target": target, "file": SimpleUploadedFile(name, data)},
    )


def _batch(world) -> ImportBatch:
    return ImportBatch.objects.for_school(world.a).latest("id")


def _partners(world) -> set[str]:
    return set(Partner.objects.for_school(world.a).values_list("name", flat=True))


def test_the_messy_sample_is_previewed_refused_whole_and_imported_in_part_when_chosen(client, world):
    client.force_login(world.users["coordinator"])
    before = _partners(world)
    response = _send(client, world, "partners-messy.xlsx", SAMPLE.read_bytes())
    batch = _batch(world)
    assert response.status_code == 302 and response["Location"] == reverse(
        "reports:import_batch", args=[world.a.pk, batch.pk]
    )
    assert len(batch.rows) == 9  # the empty row is dropped; line numbers stay the file's own
    assert batch.mapping == {
        "name": 1,
        "kind": 2,
        "address": 3,
        "contact_name": 4,
        "contact_phone": 5,
        "email": 6,
        "agreement_start": 7,
        "agreement_end": 8,
    }
    page = " ".join(client.get(response["Location"]).content.decode().split())
    assert "9 rows: 5 ready, 3 with problems, 1 already there" in page
    for problem in (
        "Line 8: E-mail: “komite@@example” is not an e-mail address.",
        "Line 9: The agreement ends before it starts.",
        "Line 11: Agreement until: “selamanya” is not a date.",
        "the same partner as line 4",
    ):
        assert problem in page, problem
    assert "Import only the 5 ready rows" in page

    commit = reverse("reports:import_commit", args=[world.a.pk, batch.pk])
    refused = client.post(commit, {"rows": "all"}, follow=True)
    assert "Nothing was imported: 3 rows have problems" in refused.content.decode()
    assert _partners(world) == before and _batch(world).committed_at is None

    client.post(commit, {"rows": "valid"})
    added = _partners(world) - before
    assert added == {
        "Puskesmas Karanganyar",
        "Polsek Karanganyar",
        "Pondok Pesantren Darul Falah",
        "Universitas Nusantara Pekalongan",
        "Dinas Pendidikan Kab. Pekalongan",
    }
    school = world.a
    puskesmas = Partner.objects.for_school(school).get(name="Puskesmas Karanganyar")
    assert puskesmas.kind == "health_centre" and puskesmas.email == "puskesmas.kra@example.id"
    contact = Contact.objects.for_school(school).get(partner=puskesmas)
    assert (contact.name, contact.phone, contact.whatsapp, contact.is_primary) == (
        "dr. Siti Aminah",
        "+6281234567890",
        "+6281234567890",
        True,
    )
    university = Contact.objects.for_school(school).get(partner__name="Universitas Nusantara Pekalongan")
    assert university.phone == "+62285412345" and university.whatsapp == ""  # a landline has no WhatsApp
    mou = Agreement.objects.for_school(school).get(parties__partner__name="Dinas Pendidikan Kab. Pekalongan")
    assert (mou.stage, mou.kind, mou.start_date, mou.end_date) == (
        "draft",
        "mou",
        datetime.date(2024, 1, 9),  # Excel's serial 45300
        datetime.date(2026, 1, 8),
    )
    polsek = Agreement.objects.for_school(school).get(parties__partner__name="Polsek Karanganyar")
    assert polsek.start_date == datetime.date(2024, 7, 15)
    batch.refresh_from_db()
    assert batch.result["saved"] == 5 and [r["line"] for r in batch.result["left_out"]] == [5, 8, 9, 11]
    again = client.post(commit, {"rows": "valid"}, follow=True)
    assert "This file was already imported." in again.content.decode() and _partners(world) - before == added


def test_a_partner_already_in_the_directory_is_recognised_and_skipped(client, world):
    make_partner(world.a, "Puskesmas  KARANGANYAR")
    client.force_login(world.users["principal"])
    _send(client, world, "m.csv", b"Nama Mitra;Jenis\nPuskesmas Karanganyar;Puskesmas\nPolsek Baru;Polsek\n")
    rows = imports.check(_batch(world))
    assert rows[0].duplicate == "already in the directory as “Puskesmas  KARANGANYAR”"
    assert rows[1].ok and rows[1].data["kind"] == "police"


@pytest.mark.parametrize(
    "name,data,message",
    [
        ("kosong.xlsx", b"", "The submitted file is empty."),
        ("foto.xlsx", png_bytes(), "This is not a spreadsheet."),
        ("lama.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 4000, "Old Excel files (.xls) are not accepted."),
        ("makro.xlsm", b"PK\x03\x04whatever", "Excel files with macros are not accepted."),
        ("rusak.xlsx", b"PK\x03\x04" + b"\x00" * 200, "This is not an Excel workbook (.xlsx), or it is damaged."),
        ("judul.csv", b"Nama Mitra,Jenis\n", "The file has no rows to import"),
        ("page.csv", b"<html><script>alert(1)</script></html>", "This is not a spreadsheet."),
    ],
)
def test_a_file_that_cannot_be_imported_says_why_and_keeps_nothing(client, world, name, data, message):
    client.force_login(world.users["principal"])
    response = _send(client, world, name, data)
    assert response.status_code == 400 and message in response.content.decode()
    assert not ImportBatch.objects.for_school(world.a).exists()


def test_a_workbook_with_a_macro_inside_is_refused(client, world):
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/vbaProject.bin", b"\x00macro")
    client.force_login(world.users["principal"])
    response = _send(client, world, "mitra.xlsx", out.getvalue())
    assert "Excel files with macros are not accepted." in response.content.decode()


def test_wrong_columns_leave_every_row_with_a_problem_and_save_nothing(client, world):
    client.force_login(world.users["principal"])
    _send(client, world, "salah.xlsx", _xlsx([["Kode", "Warna"], ["A1", "merah"], ["A2", "biru"]]))
    batch = _batch(world)
    assert batch.mapping == {}
    rows = imports.check(batch)
    assert all(r.errors[0] == "No column is chosen for: Name." for r in rows)
    response = client.post(
        reverse("reports:import_commit", args=[world.a.pk, batch.pk]), {"rows": "valid"}, follow=True
    )
    assert "Nothing was imported: no row is free of problems." in response.content.decode()


def test_the_person_can_point_a_column_to_a_field_and_check_again(client, world):
    client.force_login(world.users["principal"])
    _send(client, world, "lain.xlsx", _xlsx([["Instansi mitra", "Golongan"], ["Polres Kota", "Kepolisian"]]))
    batch = _batch(world)
    page = client.post(reverse("reports:import_batch", args=[world.a.pk, batch.pk]), {"name": "0", "kind": "1"})
    assert "1 rows: 1 ready" in " ".join(page.content.decode().split())
    batch.refresh_from_db()
    assert batch.mapping == {"name": 0, "kind": 1}
    twice = client.post(reverse("reports:import_batch", args=[world.a.pk, batch.pk]), {"name": "0", "kind": "0"})
    assert twice.status_code == 400 and "A column can fill only one field" in twice.content.decode()


def test_activities_import_with_their_partners_dates_and_numbers(client, run_world):
    world = run_world
    client.force_login(world.users["team_member"])
    rows = [
        ["Tanggal", "Nama Kegiatan", "Mitra", "Status", "Bidang", "Jumlah Peserta"],
        ["3 Februari 2026", "Penyuluhan PHBS", world.partner.name, "selesai", "Kesehatan", 64],
        [datetime.datetime(2026, 2, 10), "Kunjungan kampus", "Mitra Tak Dikenal", "selesai", "", 10],
        ["17/02/2026", "Donor darah", world.partner.name, "selesai", "", "banyak"],
        ["31 Juni 2026", "Lomba", "", "", "", ""],
    ]
    _send(client, world, "kegiatan.xlsx", _xlsx(rows), target="activities")
    checked = imports.check(_batch(world))
    assert checked[0].ok and checked[0].data["participants"] == 64 and checked[0].data["area"] == "health"
    assert checked[1].errors == [
        "“Mitra Tak Dikenal” is not in the partner directory; import or add the partner first."
    ]
    assert checked[2].errors == ["Participants: “banyak” is not a number."]
    assert checked[3].errors == ["Date: “31 Juni 2026” is not a date that exists."]
    before = Activity.objects.for_school(world.a).count()
    client.post(reverse("reports:import_commit", args=[world.a.pk, _batch(world).pk]), {"rows": "valid"})
    assert Activity.objects.for_school(world.a).count() == before + 1
    added = Activity.objects.for_school(world.a).get(title="Penyuluhan PHBS")
    assert added.status == "done" and list(added.partners.all()) == [world.partner]
    assert sum(c.count for c in added.counts.all()) == 64


def test_contacts_import_only_for_partners_in_the_directory(client, world):
    client.force_login(world.users["admin_staff"])
    data = f"Mitra,Nama,Jabatan,WA\n{world.partner.name},Bu Rina,Bidan,0813-1111-2222\nEntah,Pak Budi,,\n".encode()
    _send(client, world, "kontak.csv", data, target="contacts")
    rows = imports.check(_batch(world))
    assert rows[0].ok and rows[0].data["whatsapp"] == "+6281311112222"
    assert "“Entah” is not in the partner directory" in rows[1].errors[0]


def test_a_row_the_service_refuses_while_saving_leaves_nothing_of_the_file(client, world, monkeypatch):
    client.force_login(world.users["principal"])
    _send(client, world, "dua.csv", b"Nama Mitra,Jenis\nMitra Satu,LSM\nMitra Dua,LSM\n")
    batch = _batch(world)
    real = imports.TARGETS["partners"].save
    calls = []

    def second_refused(school, user, data):
        calls.append(data["name"])
        if len(calls) == 2:
            from django.core.exceptions import ValidationError

            raise ValidationError("the database said no")
        return real(school, user, data)

    monkeypatch.setitem(
        imports.TARGETS, "partners", dataclasses.replace(imports.TARGETS["partners"], save=second_refused)
    )
    before = _partners(world)
    response = client.post(reverse("reports:import_commit", args=[world.a.pk, batch.pk]), {"rows": "all"}, follow=True)
    assert "Nothing was imported: line 3 was refused: the database said no" in response.content.decode()
    assert _partners(world) == before and calls == ["Mitra Satu", "Mitra Dua"]


def test_a_long_file_is_saved_by_the_worker(client, world, monkeypatch):
    from mitra.reports.views import importing

    monkeypatch.setattr(importing, "IN_THE_BACKGROUND", 1)
    client.force_login(world.users["principal"])
    _send(client, world, "tiga.csv", b"Nama Mitra,Jenis\nMitra A,LSM\nMitra B,LSM\n")
    batch = _batch(world)
    response = client.post(reverse("reports:import_commit", args=[world.a.pk, batch.pk]), {"rows": "all"})
    job = Job.objects.for_school(world.a).get(kind="import")
    assert response["Location"] == reverse("reports:job", args=[world.a.pk, job.pk])
    assert jobs.run(job.pk) == "done"
    assert {"Mitra A", "Mitra B"} <= _partners(world)
    batch.refresh_from_db()
    assert batch.result["saved"] == 2


def test_imports_ask_for_the_right_to_add_and_a_batch_is_its_senders(client, world):
    client.force_login(world.users["committee_viewer"])
    assert client.get(reverse("reports:import_start", args=[world.a.pk])).status_code == 403
    client.force_login(world.users["principal"])
    _send(client, world, "a.csv", b"Nama Mitra\nMitra X\n")
    batch = _batch(world)
    client.force_login(world.users["coordinator"])
    assert client.get(reverse("reports:import_batch", args=[world.a.pk, batch.pk])).status_code == 404
    client.force_login(world.users["team_member"])
    _send(client, world, "b.csv", b"Nama Mitra\nMitra Y\n")
    assert _batch(world).created_by == world.users["team_member"]


@pytest.mark.parametrize(
    "written,day",
    [
        ("12 Maret 2024", datetime.date(2024, 3, 12)),
        ("17 Agustus 2024", datetime.date(2024, 8, 17)),
        ("1 Agt 2024", datetime.date(2024, 8, 1)),
        ("Senin, 5 Februari 2024", datetime.date(2024, 2, 5)),
        ("01/09/2024", datetime.date(2024, 9, 1)),
        ("1-9-24", datetime.date(2024, 9, 1)),
        ("2024-08-01", datetime.date(2024, 8, 1)),
        ("5 January 2025", datetime.date(2025, 1, 5)),
        (45300, datetime.date(2024, 1, 9)),
        ("45300", datetime.date(2024, 1, 9)),
        (datetime.datetime(2024, 7, 15, 0, 0), datetime.date(2024, 7, 15)),
        ("-", None),
    ],
)
def test_dates_are_read_as_indonesian_schools_write_them(written, day):
    assert values.date(written) == day


@pytest.mark.parametrize("written", ["selamanya", "32/01/2024", "29 Februari 2023", "Maret 2024"])
def test_what_is_not_a_date_is_said_so(written):
    with pytest.raises(ValueError):
        values.date(written)


@pytest.mark.parametrize(
    "kind,expected",
    [
        ("Puskesmas", "health_centre"),
        ("Kepolisian", "police"),
        ("Perguruan Tinggi", "university"),
        ("Swasta", "business"),
        ("LSM", "ngo"),
        ("Komite", "committee"),
        ("-", None),
    ],
)
def test_the_kind_of_partner_is_read_from_everyday_words(kind, expected):
    assert values.PARTNER_KINDS.read(kind) == expected


@pytest.mark.parametrize(
    "name,expected",
    [("Polsek Wiradesa", "police"), ("Toko Buku", "business"), ("Bapak Hadi", "other"), ("Ikatan Alumni", "other")],
)
def test_a_row_without_a_kind_takes_it_from_a_word_of_the_name(name, expected):
    assert values.kind_from_name(name) == expected


@pytest.mark.parametrize("target", ["partners", "contacts", "activities"])
def test_the_preview_costs_the_same_queries_for_3_rows_or_60(client, world, target):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    partner = Partner.objects.for_school(world.a).first()
    header, row = {
        "partners": (["Nama Mitra", "Jenis"], lambda i: [f"Mitra {i}", "Puskesmas"]),
        "contacts": (["Mitra", "Nama"], lambda i: [partner.name, f"Orang {i}"]),
        "activities": (
            ["Tanggal", "Kegiatan", "Mitra"],
            lambda i: [f"{1 + i % 28}/3/2026", f"Kegiatan {i}", partner.name],
        ),
    }[target]
    client.force_login(world.users["coordinator"])
    counts = []
    for n in (3, 60):
        _send(client, world, f"{target}.xlsx", _xlsx([header] + [row(i) for i in range(n)]), target=target)
        batch = _batch(world)
        with CaptureQueriesContext(connection) as queries:
            checked = imports.check(batch)
        assert len(checked) == n and all(r.ok for r in checked)
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 3  # the school, its partners, its contacts or activities


# --- A kind, a location, an area, a status: the one the cell names, or a problem of its row ------------


def _csv(rows) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode()


def _suggested(message: str) -> list[str]:
    """The choices a problem offers: the quoted names after “Did you mean”."""
    return re.findall(r"“([^”]+)”", message.partition("Did you mean")[2])


@pytest.mark.parametrize("kind_of_file", ["csv", "xlsx"])
def test_an_unknown_kind_is_a_problem_of_its_row_with_the_closest_kinds_and_nothing_of_it_is_stored(
    client, world, kind_of_file
):
    rows = [
        ["Nama Mitra", "Jenis"],
        ["Ikatan Alumni SMP A", "Alumni"],  # "SMP" in the name once made it a school, silently
        ["Puskesmas Baru", "Puskesmas"],
    ]
    client.force_login(world.users["coordinator"])
    before = _partners(world)
    _send(client, world, f"alumni.{kind_of_file}", _xlsx(rows) if kind_of_file == "xlsx" else _csv(rows))
    batch = _batch(world)
    checked = imports.check(batch)
    problem = " ".join(checked[0].errors)
    assert problem.startswith("Kind: “Alumni” is not known. Did you mean "), problem
    offered = _suggested(problem)
    assert 1 <= len(offered) <= 3 and set(offered) <= {str(label) for label in Partner.Kind.labels}
    assert checked[1].ok and checked[1].data["kind"] == "health_centre"

    page = " ".join(client.get(reverse("reports:import_batch", args=[world.a.pk, batch.pk])).content.decode().split())
    assert "2 rows: 1 ready, 1 with problems" in page
    assert f"Line 2: {problem}" in page

    commit = reverse("reports:import_commit", args=[world.a.pk, batch.pk])
    refused = client.post(commit, {"rows": "all"}, follow=True)
    assert "Nothing was imported: 1 rows have problems" in refused.content.decode()
    assert _partners(world) == before
    client.post(commit, {"rows": "valid"})
    assert _partners(world) - before == {"Puskesmas Baru"}
    assert not Partner.objects.for_school(world.a).filter(name__icontains="Alumni").exists()
    batch.refresh_from_db()
    assert batch.result["left_out"] == [{"line": 2, "why": [problem]}]


def test_a_kind_written_as_its_label_in_either_language_its_code_or_oddly_imports_as_that_kind(client, world):
    written = {
        "Kepolisian": "police",  # the Indonesian label
        "Private sector": "business",  # the English label
        "Lainnya": "other",
        "health_centre": "health_centre",  # the code
        "HEALTH-CENTRE": "health_centre",
        "  pondok   PESANTREN ": "pesantren",  # case and spacing
        "Pérguruan Tinggi": "university",  # an accent
        "LSM / organisasi masyarakat sipil": "ngo",  # once "masyarakat" made it parents
        "Masjid atau organisasi Islam": "mosque",
        "Orang tua / masyarakat": "parents",
        "Komite sekolah": "committee",
        "Sekolah atau madrasah lain": "school",
        "instansi pemerintah": "government",
        "Lembaga swasta": "business",  # seed 001's word
    }
    rows = [["Nama Mitra", "Jenis"]] + [[f"Mitra {i}", kind] for i, kind in enumerate(written)]
    client.force_login(world.users["coordinator"])
    _send(client, world, "jenis.csv", _csv(rows))
    batch = _batch(world)
    assert [r.errors for r in imports.check(batch)] == [[]] * len(written)
    client.post(reverse("reports:import_commit", args=[world.a.pk, batch.pk]), {"rows": "all"})
    stored = dict(Partner.objects.for_school(world.a).filter(name__startswith="Mitra ").values_list("name", "kind"))
    assert stored == {f"Mitra {i}": kind for i, kind in enumerate(written.values())}


def test_where_the_partner_is_is_imported_or_is_a_problem_of_its_row(client, world):
    rows = [
        ["Nama Mitra", "Jenis", "Lokasi"],
        ["Universiti Malaya", "Perguruan tinggi", "Luar negeri"],
        ["Sekolah Kembar", "Sekolah", "abroad"],
        ["Kemenag RI", "Pemerintah", "NASIONAL"],
        ["Puskesmas Dekat", "Puskesmas", ""],
        ["Mitra Entah", "LSM", "dalam negeri"],  # local or national? asked, not guessed
    ]
    client.force_login(world.users["coordinator"])
    _send(client, world, "lokasi.xlsx", _xlsx(rows))
    batch = _batch(world)
    assert batch.mapping["location"] == 2
    checked = imports.check(batch)
    assert [r.errors for r in checked[:4]] == [[]] * 4
    problem = " ".join(checked[4].errors)
    assert problem.startswith("Location: “dalam negeri” is not known. Did you mean ")
    assert set(_suggested(problem)) == {"Local", "National", "Abroad"}
    client.post(reverse("reports:import_commit", args=[world.a.pk, batch.pk]), {"rows": "valid"})
    stored = dict(Partner.objects.for_school(world.a).values_list("name", "location"))
    assert {name: stored.get(name) for name, *_rest in rows[1:]} == {
        "Universiti Malaya": "abroad",
        "Sekolah Kembar": "abroad",
        "Kemenag RI": "national",
        "Puskesmas Dekat": "local",
        "Mitra Entah": None,
    }


def test_a_kind_guessed_from_the_name_says_so_in_the_preview(client, world):
    client.force_login(world.users["coordinator"])
    _send(client, world, "nama.csv", b"Nama Mitra\nPolsek Wiradesa\n")
    batch = _batch(world)
    page = " ".join(client.get(reverse("reports:import_batch", args=[world.a.pk, batch.pk])).content.decode().split())
    assert "<td>Police (guessed from the name)</td>" in page and "<td>Local</td>" in page


def test_an_activity_area_or_status_that_names_none_is_a_problem_not_the_first_word_found(client, run_world):
    world = run_world
    client.force_login(world.users["team_member"])
    rows = [
        ["Tanggal", "Nama Kegiatan", "Mitra", "Status", "Bidang"],
        ["3 Februari 2026", "Penyuluhan gizi", world.partner.name, "selesai", "KESEHATAN"],
        ["4 Februari 2026", "Penyuluhan ganda", world.partner.name, "selesai", "Kesehatan dan keamanan"],
        ["5 Februari 2026", "Kegiatan lain", world.partner.name, "sudah dong", "religious_character"],
    ]
    _send(client, world, "kegiatan.xlsx", _xlsx(rows), target="activities")
    checked = imports.check(_batch(world))
    assert checked[0].ok and checked[0].data["area"] == "health"
    area_problem = " ".join(checked[1].errors)
    assert area_problem.startswith("Area: “Kesehatan dan keamanan” is not known. Did you mean ")
    assert {"Health", "Safety"} <= set(_suggested(area_problem))
    assert " ".join(checked[2].errors).startswith("Status: “sudah dong” is not known. Did you mean “Done”")
    before = Activity.objects.for_school(world.a).count()
    client.post(reverse("reports:import_commit", args=[world.a.pk, _batch(world).pk]), {"rows": "valid"})
    assert Activity.objects.for_school(world.a).count() == before + 1
    assert not Activity.objects.for_school(world.a).filter(title="Penyuluhan ganda").exists()


def _folded(value) -> str:
    """Case, accents, punctuation and spacing taken away, independently of values.fold."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", str(value).casefold()) if not unicodedata.combining(c))
    return " ".join(re.sub(r"[\W_]+", " ", plain).split())


def _names_of_each_kind() -> dict[str, set[str]]:
    """What may name each kind: its code, its label in each language (or a side of "a / b"), and
    its documented everyday words."""
    names = {}
    for kind in Partner.Kind:
        found = {_folded(kind.value)} | {_folded(w) for w in values.KIND_SYNONYMS.get(kind, [])}
        for language in ("id", "en"):
            with translation.override(language):
                label = str(kind.label)
            found |= {_folded(label)} | {_folded(part) for part in label.split("/")}
        names[kind.value] = found
    return names


KIND_WORDS = sorted({w for words in _names_of_each_kind().values() for name in words for w in name.split()})


@settings(max_examples=400, deadline=None)
@given(
    st.one_of(
        st.text(),
        st.lists(st.sampled_from(KIND_WORDS), min_size=1, max_size=4).map(" ".join),
        st.tuples(
            st.lists(st.sampled_from(KIND_WORDS), min_size=1, max_size=3),
            st.sampled_from([" ", "  ", "/", "-", "_", ", "]),
            st.sampled_from([str.upper, str.title, str.lower]),
        ).map(lambda t: t[2](t[1].join(t[0]))),
    )
)
def test_the_kind_reader_returns_the_kind_the_cell_names_or_a_problem_never_another_kind(written):
    names = _names_of_each_kind()
    try:
        kind = values.PARTNER_KINDS.read(written)
    except ValueError:
        return  # a problem of the row: fine
    if kind is None:
        assert values.text(written) == ""  # only an empty cell reads as no kind
        return
    assert _folded(written) in names[kind], (written, kind)


def test_no_name_names_two_kinds():
    names = _names_of_each_kind()
    for kind, found in names.items():
        for other, theirs in names.items():
            assert kind == other or not found & theirs, (kind, other, found & theirs)
