"""A school's archive and its restoration: export → delete → import_school gives the same data
(ids renumbered, every link followed) and the same files, checked by their checksums."""

import hashlib
import io
import json
import zipfile

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import models

from mitra.files.models import StoredFile
from mitra.schools.models import Foundation, School
from mitra.transfer import archive


def _canonical(data: bytes) -> dict:
    """The archive's data with every id replaced by the row's place among its model's rows (ids
    change on import, their order does not), users by e-mail or username, files by checksum."""
    with zipfile.ZipFile(io.BytesIO(data)) as opened:
        content = json.loads(opened.read("data.json"))
        manifest = json.loads(opened.read("manifest.json"))
    rank = {
        label: {row["pk"]: i for i, row in enumerate(sorted(rows, key=lambda r: r["pk"]))}
        for label, rows in content["models"].items()
    }
    people = {u["pk"]: u["email"] or u["username"] for u in content["users"]}
    rank["accounts.user"] = people
    rank["schools.school"] = {content["school_id"]: "school"}
    types = content["content_types"]
    found = {}
    for label, rows in content["models"].items():
        model = apps.get_model(label)
        fields = {f.attname: f for f in model._meta.concrete_fields}
        out = []
        for row in sorted(rows, key=lambda r: r["pk"]):
            values = {}
            for name, value in row["fields"].items():
                f = fields[name]
                if f.is_relation and value is not None:
                    target = f.related_model._meta.label_lower
                    value = tuple(types[str(value)]) if target == "contenttypes.contenttype" else rank[target][value]
                elif name in ("path", "thumbnail_path") and value:
                    value = manifest["files"].get(value, "missing")
                values[name] = value
            if label == "history.change":
                for kind in ("target", "anchor"):
                    target = ".".join(types[str(row["fields"][f"{kind}_type_id"])])
                    values[f"{kind}_id"] = rank.get(target, {}).get(row["fields"][f"{kind}_id"], "?")
            if label == "activities.rotation":
                values["candidates"] = [people[i] for i in values["candidates"]]
                values["assignment"] = [[people[i] for i in term] for term in values["assignment"]]
            m2m = {
                name: sorted(
                    rank[apps.get_model(label)._meta.get_field(name).related_model._meta.label_lower][i] for i in ids
                )
                for name, ids in row.get("m2m", {}).items()
            }
            out.append((values, m2m))
        found[label] = out
    school = dict(content["school"])
    school["logo"] = rank["files.storedfile"].get(school["logo"])
    return {"school": school, "models": found}


@pytest.fixture(autouse=True)
def _in_english():
    from django.utils import translation

    with translation.override("en"):  # the command's messages, read here in English
        yield


@pytest.fixture
def full_world(report_world):
    return report_world


def test_export_then_import_school_gives_equal_data_and_equal_files(full_world, settings, tmp_path):
    world = full_world
    school = world.a
    first = archive.export_school(school)
    files_before = {f.sha256 for f in StoredFile.objects.for_school(school) if (settings.MEDIA_ROOT / f.path).exists()}
    counts = {
        label: len(rows)
        for label, rows in json.loads(zipfile.ZipFile(io.BytesIO(first)).read("data.json"))["models"].items()
    }
    assert counts["activities.activity"] >= 2 and counts["evaluation.answer"] >= 1 and counts["files.storedfile"] >= 3

    # Into an empty installation: the school, its rows and its files are gone before the import.
    _remove(school)
    assert not StoredFile.all_schools.filter(school_id=school.pk).exists()
    target = tmp_path / "school.zip"
    target.write_bytes(first)
    call_command("import_school", str(target), new_foundation="Yayasan Pulih", stdout=io.StringIO())
    restored = School.objects.get(foundation__name="Yayasan Pulih")
    assert restored.pk != school.pk and restored.name == school.name

    second = archive.export_school(restored)
    before, after = _canonical(first), _canonical(second)
    assert after["school"] == before["school"]
    for label, rows in before["models"].items():
        for i, (old, new) in enumerate(zip(rows, after["models"][label], strict=True)):
            differs = {k: (v, new[0].get(k)) for k, v in old[0].items() if new[0].get(k) != v}
            assert not differs and old[1] == new[1], f"{label} row {i}: {differs or (old[1], new[1])}"
    files_after = StoredFile.objects.for_school(restored)
    assert {f.sha256 for f in files_after} == files_before
    for stored in files_after:
        path = settings.MEDIA_ROOT / stored.path
        assert path.exists() and hashlib.sha256(path.read_bytes()).hexdigest() == stored.sha256
        assert stored.path.startswith(f"{restored.pk}/")


def _remove(school) -> None:
    """Delete a school and everything it owns, children first (PROTECT links inside the school)."""
    for model in reversed(archive.school_models()):
        manager = model.objects if model._meta.label_lower == "schools.membership" else model.all_schools
        rows = manager.filter(school=school)
        for m2m in model._meta.many_to_many:
            m2m.remote_field.through.objects.filter(**{f"{m2m.m2m_field_name()}__school": school}).delete()
        rows.delete()
    School.objects.filter(pk=school.pk).update(logo=None)
    school.delete()


def test_an_archive_is_refused_when_damaged_or_its_school_is_already_here(world, tmp_path):
    data = archive.export_school(world.a)
    broken = tmp_path / "broken.zip"
    broken.write_bytes(data[: len(data) // 2])
    with pytest.raises(CommandError, match="not a Mitra school archive"):
        call_command("import_school", str(broken), foundation=world.f2.pk)
    same = tmp_path / "same.zip"
    same.write_bytes(data)
    with pytest.raises(CommandError, match=f"A school with NPSN {world.a.npsn} is already in this installation"):
        call_command("import_school", str(same), new_foundation="Yayasan Lain")
    assert not Foundation.objects.filter(name="Yayasan Lain").exists()


def test_a_file_that_does_not_match_its_checksum_stops_the_import_and_leaves_nothing(run_world, settings, tmp_path):
    world = run_world
    data = archive.export_school(world.a)
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as changed:
        for item in source.infolist():
            body = source.read(item)
            if item.filename.startswith("files/") and not item.filename.endswith(".thumb.jpg"):
                body = body + b"tampered"
            changed.writestr(item, body)
    School.objects.filter(pk=world.a.pk).update(npsn="", nsm="")
    schools = School.objects.count()
    files = sorted(p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file())
    with pytest.raises(archive.ArchiveRefused, match="does not match its checksum"):
        archive.import_school(out.getvalue(), foundation=world.f2)
    assert School.objects.count() == schools
    assert sorted(p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()) == files


def test_the_model_order_puts_every_row_after_what_it_needs():
    order = [m._meta.label_lower for m in archive.school_models()]
    for model in archive.school_models():
        for f in model._meta.concrete_fields:
            if (
                f.is_relation
                and not f.null
                and f.related_model._meta.label_lower in order
                and f.related_model is not model
            ):
                assert order.index(f.related_model._meta.label_lower) < order.index(model._meta.label_lower)
    assert "reports.job" not in order and "notifications.notification" not in order
    assert isinstance(archive.school_models()[0], type) and issubclass(archive.school_models()[0], models.Model)


def test_the_principal_archives_the_school_from_the_page_and_downloads_it(client, run_world):
    from django.urls import reverse

    from mitra.schools import jobs
    from mitra.schools.models import Job

    world = run_world
    client.force_login(world.users["coordinator"])
    assert client.post(reverse("reports:archive", args=[world.a.pk])).status_code == 403
    client.force_login(world.users["principal"])
    response = client.post(reverse("reports:archive", args=[world.a.pk]))
    job = Job.objects.for_school(world.a).get(kind="archive")
    assert response["Location"] == reverse("reports:job", args=[world.a.pk, job.pk])
    assert jobs.run(job.pk) == "done"
    download = client.get(reverse("reports:download", args=[world.a.pk, job.pk]))
    data = b"".join(download.streaming_content)
    names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert "data.json" in names and "manifest.json" in names and any(n.startswith("files/") for n in names)
    assert b"password" not in zipfile.ZipFile(io.BytesIO(data)).read("data.json")


def _with_partner_fields(data: bytes, **changes) -> bytes:
    """The archive with every partner's fields changed as given (an archive of another version)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    content = json.loads(source.read("data.json"))
    for row in content["models"]["partners.partner"]:
        for name, value in changes.items():
            if value is None:
                row["fields"].pop(name, None)
            else:
                row["fields"][name] = value
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as changed:
        for item in source.infolist():
            changed.writestr(item, json.dumps(content) if item.filename == "data.json" else source.read(item))
    return out.getvalue()


def test_where_each_partner_is_survives_the_archive_and_an_unknown_kind_is_refused_by_name(world):
    from mitra.partners.models import Partner

    Partner.objects.for_school(world.a).filter(pk=world.partner.pk).update(location="abroad")
    Partner.objects.for_school(world.a).filter(pk=world.other_partner.pk).update(location="national")
    data = archive.export_school(world.a)
    School.objects.filter(pk=world.a.pk).update(npsn="", nsm="")
    restored = archive.import_school(data, foundation=world.f2)
    assert set(Partner.objects.for_school(restored).values_list("name", "location")) == {
        ("Puskesmas Kergon", "abroad"),
        ("Polsek Barat", "national"),
    }
    School.objects.filter(pk=restored.pk).update(npsn="", nsm="")
    # An archive made before partners had a location: each is at the default, local.
    older = archive.import_school(_with_partner_fields(data, location=None), foundation=world.f2)
    assert set(Partner.objects.for_school(older).values_list("location", flat=True)) == {"local"}
    School.objects.filter(pk=older.pk).update(npsn="", nsm="")

    schools = School.objects.count()
    for field, value in (("kind", "alumni"), ("location", "mars")):
        with pytest.raises(archive.ArchiveRefused, match=f"does not know: “{value}” \\(partners.partner\\)"):
            archive.import_school(_with_partner_fields(data, **{field: value}), foundation=world.f2)
    assert School.objects.count() == schools


def test_an_archive_with_a_document_kept_as_a_photo_comes_back_with_it_as_a_document(run_world, tmp_path):
    """Archives made before evidence kinds came from the bytes may hold a PDF stored as a photo."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from mitra.activities.models import Evidence
    from mitra.files import pipeline
    from tests.conftest import PDF_SCAN

    world = run_world
    accepted = pipeline.accept_evidence(SimpleUploadedFile("lama.pdf", PDF_SCAN))
    stored = pipeline.store(school=world.a, user=None, accepted=accepted, folder="activities")
    Evidence.all_schools.create(school=world.a, activity=world.done_activity, file=stored, kind="photo")
    target = tmp_path / "school.zip"
    target.write_bytes(archive.export_school(world.a))
    _remove(world.a)
    said = io.StringIO()
    call_command("import_school", str(target), foundation=world.f2.pk, stdout=said)
    restored = School.objects.filter(foundation=world.f2, name=world.a.name).get()
    kinds = dict(Evidence.objects.for_school(restored).values_list("file__original_name", "kind"))
    assert kinds == {"foto.jpg": "photo", "lama.pdf": "document"}
    assert "1 evidence files kept as photos are not pictures" in said.getvalue()
