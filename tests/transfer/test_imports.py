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
from mitra.reports.models import ImportBatch
from mitra.schools import jobs
from mitra.schools.models import Job
from mitra.transfer import imports, values
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
    """The sample of ../shared/samples: a header on line 1 (No, Nama Mitra, Jenis Mitra, Alamat,
    Narahubung, No. HP / WA, Email, Tanggal MoU, Berakhir), ten partners on lines 2-12 with line 7
    empty. What is expected of it: 9 rows; line 5 repeats line 4 (skipped); line 9 ends its agreement
    before it starts (the one problem row: neither day is wrong alone); three rows are kept with a cell
    emptied and said so — line 8's e-mail "komite@@example", line 9's phone "0899-123" (a problem row
    anyway) and line 11's last day "selamanya", which leaves its agreement without a last day, so
    Yayasan Literasi Anak Negeri is imported without an agreement. 7 ready."""
    client.force_login(world.users["coordinator"])
    before = _partners(world)
    response = _send(client, world, "partners-messy.xlsx", SAMPLE.read_bytes())
    batch = _batch(world)
    assert response.status_code == 302 and response["Location"] == reverse(
        "reports:import_batch", args=[world.a.pk, batch.pk]
    )
    assert len(imports.data_rows(batch)) == 9  # the empty row is dropped; line numbers stay the file's own
    assert batch.layout["header_lines"] == [1]
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
    assert "9 rows: 7 ready, 1 with problems, 1 already there" in page
    assert "Header row: line 1" in page and "Column A “No” is not imported." in page
    for said in (
        "Line 8: Partner&#x27;s e-mail: “komite@@example” is not an e-mail address. Left empty.",
        "Line 9: The agreement ends before it starts.",
        "Line 11: Agreement until: “selamanya” is not a date.",
        "an agreement in Mitra needs its first and its last day",
        "the same partner as line 4",
    ):
        assert said in page, said
    assert "Import only the 7 ready rows" in page

    commit = reverse("reports:import_commit", args=[world.a.pk, batch.pk])
    refused = client.post(commit, {"rows": "all"}, follow=True)
    assert "Nothing was imported: 1 rows have problems" in refused.content.decode()
    assert _partners(world) == before and _batch(world).committed_at is None

    client.post(commit, {"rows": "valid"})
    added = _partners(world) - before
    assert added == {
        "Puskesmas Karanganyar",
        "Polsek Karanganyar",
        "Pondok Pesantren Darul Falah",
        "Universitas Nusantara Pekalongan",
        "Komite Sekolah",
        "Dinas Pendidikan Kab. Pekalongan",
        "Yayasan Literasi Anak Negeri",
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
    komite = Partner.objects.for_school(school).get(name="Komite Sekolah")
    assert (komite.email, komite.kind) == ("", "committee")
    yayasan = Partner.objects.for_school(school).get(name="Yayasan Literasi Anak Negeri")
    assert yayasan.status == "prospect"
    assert not Agreement.objects.for_school(school).filter(parties__partner=yayasan).exists()
    batch.refresh_from_db()
    assert batch.result["saved"] == 7 and [r["line"] for r in batch.result["left_out"]] == [5, 9]
    assert [r["line"] for r in batch.result["changed"]] == [8, 11]
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
    # A partner the directory does not have is an optional cell: the activity is kept without it, and said so.
    assert checked[1].ok and checked[1].data["partners"] == []
    assert checked[1].warnings == [
        "“Mitra Tak Dikenal” is not in the partner directory; import or add the partner first. Left out."
    ]
    assert checked[2].ok and checked[2].warnings == ["Participants: “banyak” is not a number. Left empty."]
    assert checked[3].errors == ["Date: “31 Juni 2026” is not a date that exists."]
    before = Activity.objects.for_school(world.a).count()
    client.post(reverse("reports:import_commit", args=[world.a.pk, _batch(world).pk]), {"rows": "valid"})
    assert Activity.objects.for_school(world.a).count() == before + 3
    assert not Activity.objects.for_school(world.a).get(title="Kunjungan kampus").partners.exists()
    assert not Activity.objects.for_school(world.a).get(title="Donor darah").counts.exists()
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
    from mitra.transfer import views as importing

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


def test_an_activity_area_that_names_none_is_emptied_and_a_status_is_a_problem_never_the_first_word_found(
    client, run_world
):
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
    area_problem = " ".join(checked[1].warnings)  # an area is optional: emptied, and said so
    assert checked[1].ok and checked[1].data["area"] == ""
    assert area_problem.startswith("Area: “Kesehatan dan keamanan” is not known. Did you mean ")
    assert area_problem.endswith("Left empty.") and {"Health", "Safety"} <= set(_suggested(area_problem))
    assert " ".join(checked[2].errors).startswith("Status: “sudah dong” is not known. Did you mean “Done”")
    before = Activity.objects.for_school(world.a).count()
    client.post(reverse("reports:import_commit", args=[world.a.pk, _batch(world).pk]), {"rows": "valid"})
    assert Activity.objects.for_school(world.a).count() == before + 2
    assert Activity.objects.for_school(world.a).get(title="Penyuluhan ganda").area == ""
    assert not Activity.objects.for_school(world.a).filter(title="Kegiatan lain").exists()


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


# --- Finding the table, keeping a row whose optional cell is wrong (issue 21) ------------------------


def _titled_partner_list(n: int) -> bytes:
    """A partner list as schools keep it: a merged title row, a blank row, then the header."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["A1"] = "DAFTAR MITRA KERJA SAMA MI NURUL HUDA TAHUN 2026"
    sheet.merge_cells("A1:F1")
    sheet.append([])
    sheet.append(["No.", "Nama Mitra", "Jenis", "No. HP / WA", "Tanggal MoU", "Berakhir"])
    for i in range(1, n + 1):
        sheet.append([i, f"Puskesmas Desa {i}", "Puskesmas", f"0812-0000-{i:04d}", "5 Desember 2026", "05/12/2028"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _page(client, world, batch, data=None) -> str:
    url = reverse("reports:import_batch", args=[world.a.pk, batch.pk])
    response = client.post(url, data) if data is not None else client.get(url)
    return " ".join(response.content.decode().split())


def test_it_finds_the_header_below_a_title_row_and_never_imports_the_header_as_a_partner(client, world):
    client.force_login(world.users["coordinator"])
    before = _partners(world)
    _send(client, world, "daftar-mitra.xlsx", _titled_partner_list(12))
    batch = _batch(world)
    assert batch.mapping["name"] == 1 and batch.mapping["contact_phone"] == 3
    page = _page(client, world, batch)
    assert "12 rows: 12 ready, 0 with problems" in page
    assert "Header row: line 3" in page
    client.post(reverse("reports:import_commit", args=[world.a.pk, batch.pk]), {"rows": "all"})
    assert _partners(world) - before == {f"Puskesmas Desa {i}" for i in range(1, 13)}


def test_a_bad_optional_cell_is_emptied_with_a_warning_and_its_row_is_kept(client, world):
    rows = [
        ["Nama Mitra", "Jenis", "Email", "Telepon kantor", "Website"],
        ["Komite Sekolah", "Komite", "komite@@example", "0899-123", "bukan alamat web"],
    ]
    client.force_login(world.users["coordinator"])
    _send(client, world, "komite.xlsx", _xlsx(rows))
    batch = _batch(world)
    page = _page(client, world, batch)
    assert "1 rows: 1 ready, 0 with problems" in page
    for warning in (
        "Partner&#x27;s e-mail: “komite@@example” is not an e-mail address. Left empty.",
        "Partner&#x27;s phone: “0899-123”",
        "Website: “bukan alamat web” is not a web address. Left empty.",
    ):
        assert warning in page, warning
    client.post(reverse("reports:import_commit", args=[world.a.pk, batch.pk]), {"rows": "all"})
    komite = Partner.objects.for_school(world.a).get(name="Komite Sekolah")
    assert (komite.email, komite.phone, komite.website, komite.kind) == ("", "", "", "committee")


def test_a_bad_required_cell_still_makes_its_row_a_problem(client, world):
    client.force_login(world.users["coordinator"])
    _send(client, world, "tanpa-nama.xlsx", _xlsx([["Nama Mitra", "Jenis"], ["#N/A", "Puskesmas"], ["Ada", "LSM"]]))
    rows = imports.check(_batch(world))
    assert rows[0].errors and "#N/A" in rows[0].errors[0] and rows[1].ok


def test_a_start_date_without_an_end_date_keeps_the_partner_and_says_no_agreement_is_made(client, world):
    rows = [["Nama Mitra", "Jenis", "Tanggal MoU", "Berakhir"], ["Yayasan Baca", "LSM", "5 Desember 2026", ""]]
    client.force_login(world.users["coordinator"])
    _send(client, world, "mou.xlsx", _xlsx(rows))
    batch = _batch(world)
    page = _page(client, world, batch)
    assert "1 rows: 1 ready, 0 with problems" in page
    assert "Agreement from: 5 December 2026 is given without “Agreement until”" in page
    assert "an agreement in Mitra needs its first and its last day, so none is made" in page
    client.post(reverse("reports:import_commit", args=[world.a.pk, batch.pk]), {"rows": "all"})
    partner = Partner.objects.for_school(world.a).get(name="Yayasan Baca")
    assert partner.status == "prospect"
    assert not Agreement.objects.for_school(world.a).filter(parties__partner=partner).exists()


def _with_saved_results(data: bytes, results: dict[str, str]) -> bytes:
    """The workbook with a saved result for each formula cell named, as Excel keeps it (openpyxl
    writes formulas without one)."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                text = content.decode()
                for cell, value in results.items():
                    text, n = re.subn(
                        rf'<c r="{cell}"([^>]*)><f>(.*?)</f><v\s*/?>(</v>)?',
                        rf'<c r="{cell}"\1 t="str"><f>\2</f><v>{value}</v>',
                        text,
                    )
                    assert n == 1, cell
                content = text.encode()
            target.writestr(item, content)
    return out.getvalue()


def _messy_workbook() -> bytes:
    """A list as a school keeps it: a merged title, a blank line, a two-line header under a merged
    "Narahubung", a hidden column, formulas with and without a saved result, #N/A, Indonesian dates
    and phones written four ways."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["A1"] = "Daftar Mitra MTs Al-Hikmah 2026"
    sheet.merge_cells("A1:H1")
    header = {"A3": "No", "B3": "Nama Mitra", "C3": "Jenis", "D3": "Narahubung", "F3": "Tanggal MoU"}
    header |= {"G3": "Berakhir", "H3": "Kode lama", "D4": "Nama", "E4": "No. HP"}
    for cell, value in header.items():
        sheet[cell] = value
    for cells in ("A3:A4", "B3:B4", "C3:C4", "D3:E3", "F3:F4", "G3:G4", "H3:H4"):
        sheet.merge_cells(cells)
    sheet.column_dimensions["H"].hidden = True
    rows = [
        [1, "Puskesmas Wiradesa", "Puskesmas", "dr. Ani", "0812-1111-2222", "5 Desember 2026", "05/12/2028", "X1"],
        [2, '=CONCAT("Polsek ","Wiradesa")', "Polsek", "Aiptu Budi", "+62 813 3333 4444", "", "", "X2"],
        [3, "Yayasan Baca", "#N/A", "Mbak Rini", 81234567890, datetime.datetime(2026, 1, 5), "=F7+730", "X3"],
        [4, "#N/A", "LSM", "Pak Joko", "0813 5555 6666", "", "", "X4"],
        [5, "=B5", "Puskesmas", "", "", "", "", "X5"],
    ]
    for offset, row in enumerate(rows):
        for col, value in enumerate(row, start=1):
            sheet.cell(row=5 + offset, column=col, value=value)
    out = io.BytesIO()
    book.save(out)
    return _with_saved_results(out.getvalue(), {"B6": "Polsek Wiradesa", "G7": "05/01/2028"})


def test_it_reads_a_messy_workbook_as_excel_shows_it_and_says_what_it_did(client, world):
    """Expected: the header is lines 3-4 (the merged "Narahubung" over "Nama" and "No. HP"); hidden
    column H is named but not imported; 5 rows: line 5 ready; line 6 ready with its formula's saved
    name; line 7 ready with its kind #N/A emptied (then guessed from the name: NGO) and its phone's
    lost 0 given back; line 8 a problem (its name is #N/A); line 9 a problem (a formula with no saved
    result for a name)."""
    client.force_login(world.users["coordinator"])
    before = _partners(world)
    _send(client, world, "mitra-2026.xlsx", _messy_workbook())
    batch = _batch(world)
    assert batch.layout["header_lines"] == [3, 4]
    assert batch.header[:7] == [
        "No",
        "Nama Mitra",
        "Jenis",
        "Narahubung Nama",
        "Narahubung No. HP",
        "Tanggal MoU",
        "Berakhir",
    ]
    assert batch.mapping == {
        "name": 1,
        "kind": 2,
        "contact_name": 3,
        "contact_phone": 4,
        "agreement_start": 5,
        "agreement_end": 6,
    }
    rows = {row.line: row for row in imports.check(batch)}
    assert [line for line, row in rows.items() if row.ok] == [5, 6, 7]
    assert rows[6].data["name"] == "Polsek Wiradesa"
    assert rows[7].data["kind"] == "ngo" and rows[7].data["contact_phone"] == "+6281234567890"
    assert rows[7].warnings == [
        "Contact's phone or WhatsApp: 81234567890 has lost its leading 0 (a number cell in Excel); read as 081234567890.",
        "Kind: the cell shows the Excel error #N/A instead of a value. Left empty.",
    ]
    assert (rows[7].data["agreement_start"], rows[7].data["agreement_end"]) == (
        datetime.date(2026, 1, 5),
        datetime.date(2028, 1, 5),
    )
    assert rows[8].errors[0] == "Name: the cell shows the Excel error #N/A instead of a value."
    assert rows[9].errors[0].startswith("Name: the cell holds a formula (=B5) whose result the file does not keep")
    page = _page(client, world, batch)
    assert "Header row: line 3</strong> (with line 4 below it)" in page
    assert "Column H “Kode lama” is hidden in the file; it is imported only if you choose it below." in page
    assert "Column A “No” is not imported." in page
    assert "5 rows: 3 ready, 2 with problems" in page
    client.post(reverse("reports:import_commit", args=[world.a.pk, batch.pk]), {"rows": "valid"})
    assert _partners(world) - before == {"Puskesmas Wiradesa", "Polsek Wiradesa", "Yayasan Baca"}
    mou = Agreement.objects.for_school(world.a).get(parties__partner__name="Puskesmas Wiradesa")
    assert (mou.start_date, mou.end_date) == (datetime.date(2026, 12, 5), datetime.date(2028, 12, 5))


def test_the_person_chooses_another_header_row_and_keeps_their_own_choices(client, world):
    client.force_login(world.users["coordinator"])
    _send(client, world, "mitra-2026.xlsx", _messy_workbook())
    batch = _batch(world)
    posted = {key: str(column) for key, column in batch.mapping.items()}
    posted |= {"header_line": "4", "notes": "7"}  # and the hidden column as notes, their own choice
    page = _page(client, world, batch, posted)
    batch.refresh_from_db()
    assert batch.layout["header_lines"] == [4] and "Header row: line 4" in page
    assert batch.mapping["notes"] == 7 and batch.mapping["contact_phone"] == 4 and batch.mapping["name"] == 1
    assert batch.header[3] == "Nama" and "contact_name" not in batch.mapping
    assert [row.line for row in imports.check(batch)] == [5, 6, 7, 8, 9]
    assert '<option value="4" selected>' in page
