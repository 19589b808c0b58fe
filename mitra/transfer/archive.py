"""A school's whole record as one ZIP — every row the school owns and every file it keeps — and
the way back: `import_school` restores it into another installation with new ids, every link
between the rows remapped, every file checked against its checksum.

What an archive holds: the school, its people (name, username, e-mail, language — never a
password: restored accounts set theirs through "forgot password"), their memberships, and every
row of every model that carries the school (SchoolOwned). What it leaves out: the background jobs,
import batches and notifications of the moment (the installation's, not the school's record) and the
links to the foundation's own templates and instruments (the school keeps its copies)."""

import datetime
import functools
import graphlib
import hashlib
import io
import json
import uuid
import zipfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mitra.activities.models import Evidence
from mitra.activities.services import mend_evidence_kinds
from mitra.files.pipeline import file_sha256
from mitra.schools import jobs
from mitra.schools.models import Membership, School
from mitra.schools.scoping import SchoolOwned

# 2: plan items carry the identity they keep through revisions. An archive of format 1 is read too:
# its plans are mended as the migration planning 0003 mended this installation's.
FORMAT = 2
READABLE = (1, 2)
LEFT_OUT = {"schools.job", "schools.mark", "reports.importbatch", "notifications.notification"}
USER_FIELDS = ("username", "first_name", "last_name", "email", "language", "phone", "is_active", "date_joined")


class _Encoder(DjangoJSONEncoder):
    """Times to the microsecond (Django's encoder stops at the millisecond: a restore would differ)."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


def school_models() -> list[type[models.Model]]:
    """Membership and every concrete school-owned model, parents before the rows that need them."""
    found = [Membership] + [
        m for m in apps.get_models() if issubclass(m, SchoolOwned) and m._meta.label_lower not in LEFT_OUT
    ]
    labels = {m._meta.label_lower: m for m in found}
    # Every link counts, so that a row's nullable links are there when it is made (a check
    # constraint may ask for them); a cycle is broken at a nullable link, filled in afterwards.
    edges = {
        label: {
            (f.related_model._meta.label_lower, f.null)
            for f in model._meta.concrete_fields
            if f.is_relation and f.related_model is not model and f.related_model._meta.label_lower in labels
        }
        for label, model in labels.items()
    }
    while True:
        graph = graphlib.TopologicalSorter({label: {t for t, _null in needs} for label, needs in edges.items()})
        try:
            order = list(graph.static_order())
        except graphlib.CycleError as cycle:
            ring = cycle.args[1]
            broken = False
            for later, earlier in zip(ring, ring[1:], strict=False):
                nullable = (earlier, True)
                if nullable in edges[later]:
                    edges[later].discard(nullable)
                    broken = True
                    break
            if not broken:
                raise
            continue
        return [labels[label] for label in order]


def _value(field, obj):
    if field.is_relation:
        return getattr(obj, field.attname)
    return field.value_from_object(obj)


# --- Export ---------------------------------------------------------------------------------------


def export_school(school: School, progress=None) -> bytes:
    progress = progress or (lambda percent, step: None)
    User = get_user_model()
    data = {
        "format": FORMAT,
        "exported_at": timezone.now().isoformat(),
        "school": {
            f.name: _value(f, school) for f in School._meta.concrete_fields if f.name not in ("id", "foundation")
        },
        "school_id": school.pk,
        "models": {},
    }
    user_ids: set[int] = set()
    files: list = []
    ordered = school_models()
    for i, model in enumerate(ordered):
        rows = []
        queryset = model.objects.filter(school=school) if model is Membership else model.objects.for_school(school)
        m2m = [f for f in model._meta.many_to_many if f.remote_field.through._meta.auto_created]
        for obj in queryset.order_by("pk").prefetch_related(*(f.name for f in m2m)):
            fields = {}
            for f in model._meta.concrete_fields:
                if f.primary_key or f.name == "school":
                    continue
                fields[f.attname] = _value(f, obj)
                if f.is_relation and f.related_model is User and fields[f.attname] is not None:
                    user_ids.add(fields[f.attname])
            row = {"pk": obj.pk, "fields": fields}
            if m2m:
                row["m2m"] = {f.name: [o.pk for o in getattr(obj, f.name).all()] for f in m2m}
                for f in m2m:
                    if f.related_model is User:
                        user_ids.update(row["m2m"][f.name])
            rows.append(row)
            if model._meta.label_lower == "files.storedfile":
                files.append(obj)
        data["models"][model._meta.label_lower] = rows
        progress(5 + 45 * (i + 1) // len(ordered), model._meta.verbose_name_plural)
    for model in ordered:  # ids kept in JSON fields (a rotation's teachers)
        if model._meta.label_lower == "activities.rotation":
            for row in data["models"][model._meta.label_lower]:
                user_ids.update(_rotation_people(row["fields"]))
    data["users"] = [
        {"pk": u.pk, **{name: getattr(u, name) for name in USER_FIELDS}} for u in User.objects.filter(pk__in=user_ids)
    ]
    data["content_types"] = {ct.pk: [ct.app_label, ct.model] for ct in ContentType.objects.all()}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", json.dumps(data, cls=_Encoder, ensure_ascii=False))
        media = Path(settings.MEDIA_ROOT)
        manifest = {"format": FORMAT, "school": school.name, "files": {}, "missing": []}
        for n, stored in enumerate(files, start=1):
            for relative in filter(None, (stored.path, stored.thumbnail_path)):
                path = media / relative
                if path.exists():
                    archive.write(path, f"files/{relative}")
                    manifest["files"][relative] = file_sha256(path)
                else:
                    manifest["missing"].append(relative)
            if n % 20 == 0:
                progress(50 + 45 * n // len(files), _("Files"))
        manifest["counts"] = {label: len(rows) for label, rows in data["models"].items()}
        archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
    return out.getvalue()


def _rotation_people(fields: dict) -> set[int]:
    people = set(fields.get("candidates") or [])
    for term in fields.get("assignment") or []:
        people.update(term)
    for mapping in (fields.get("pins") or {}, fields.get("unavailable") or {}):
        for ids in mapping.values():
            people.update(ids)
    return people


def _remap_rotation(fields: dict, users: dict[int, int]) -> None:
    fields["candidates"] = [users[i] for i in fields.get("candidates") or []]
    fields["assignment"] = [[users[i] for i in term] for term in fields.get("assignment") or []]
    for name in ("pins", "unavailable"):
        fields[name] = {k: [users[i] for i in v] for k, v in (fields.get(name) or {}).items()}


# --- Import ---------------------------------------------------------------------------------------


class ArchiveRefused(ValidationError):
    pass


def _read(data: bytes) -> tuple[dict, dict, zipfile.ZipFile]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        manifest = json.loads(archive.read("manifest.json"))
        content = json.loads(archive.read("data.json"))
    except (zipfile.BadZipFile, KeyError, ValueError):
        raise ArchiveRefused(_("This is not a Mitra school archive, or it is damaged.")) from None
    if manifest.get("format") not in READABLE or content.get("format") != manifest.get("format"):
        raise ArchiveRefused(_("This archive was made by a version of Mitra this one cannot read."))
    return manifest, content, archive


def _users(rows: list[dict]) -> dict[int, int]:
    """Old user id -> id here: the account with the same e-mail, else a new account (username kept
    when free), without a usable password."""
    User = get_user_model()
    found = {}
    for row in rows:
        email = (row.get("email") or "").strip()
        user = User.objects.filter(email__iexact=email).first() if email else None
        if user is None:
            username, n = row["username"], 1
            while User.objects.filter(username=username).exists():
                n += 1
                username = f"{row['username']}-{n}"
            user = User(**{k: row[k] for k in USER_FIELDS if k in row and k != "username"}, username=username)
            user.set_unusable_password()
            user.save()
        found[row["pk"]] = user.pk
    return found


class _KeepStamps:
    """Restore created/updated times as they were: auto_now fields would stamp the import's time."""

    def __init__(self, model_list):
        self.fields = [
            f
            for m in model_list
            for f in m._meta.concrete_fields
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        ]

    def __enter__(self):
        self.saved = [(f, f.auto_now, f.auto_now_add) for f in self.fields]
        for f in self.fields:
            f.auto_now = f.auto_now_add = False

    def __exit__(self, *exc):
        for f, now, add in self.saved:
            f.auto_now, f.auto_now_add = now, add


def import_school(data: bytes, *, foundation, progress=None) -> School:
    progress = progress or (lambda percent, step: None)
    manifest, content, archive = _read(data)
    fields = content["school"]
    for key in ("npsn", "nsm"):
        if fields.get(key) and School.objects.filter(**{key: fields[key]}).exists():
            raise ArchiveRefused(
                _("A school with %(key)s %(value)s is already in this installation.")
                % {"key": key.upper(), "value": fields[key]}
            )
    written: list[Path] = []
    try:
        with transaction.atomic():
            school = _restore(content, manifest, archive, foundation, written, progress)
            # An archive made before evidence kinds came from the bytes may hold documents kept as
            # photos: they come back as documents, as the migration mended this installation's.
            school.mended_evidence = mend_evidence_kinds(Evidence.objects.for_school(school))
            if content["format"] == 1:
                _mend_plans(school)
    except Exception:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return school


def _mend_plans(school) -> None:
    """An archive made before plan items had identities: its revisions are tied together and what
    they left behind carried over, exactly as the migration did for the rows of this installation."""
    import importlib

    from django.apps import apps as registry

    mend = importlib.import_module("mitra.planning.migrations.0003_identities_given")
    mend.give_identities(registry, None, school_ids=[school.pk])
    mend.carry_over_superseded(registry, None, school_ids=[school.pk])


def _restore(content, manifest, archive, foundation, written, progress) -> School:
    ordered = school_models()
    labels = {m._meta.label_lower: m for m in ordered}
    school_fields = {
        f.attname: f.to_python(content["school"][f.name])
        for f in School._meta.concrete_fields
        if f.name in content["school"] and not f.is_relation
    }
    school = School(foundation=foundation, **school_fields)
    logo_id = content["school"].get("logo")
    school.logo_id = None
    with _KeepStamps([School, *ordered]):
        school.save()
    ids: dict[str, dict[int, int]] = {label: {} for label in labels}
    ids["accounts.user"] = _users(content["users"])
    ids["schools.school"] = {content["school_id"]: school.pk}
    types = {int(pk): ContentType.objects.get_by_natural_key(*key) for pk, key in content["content_types"].items()}
    later: list[tuple] = []  # (model, new pk, attname, target label, old id) for links to rows not yet made
    media = Path(settings.MEDIA_ROOT)
    with _KeepStamps([School, *ordered]):
        for step, model in enumerate(ordered):
            label = model._meta.label_lower
            rows = content["models"].get(label, [])
            objects, pending = [], []
            for row in rows:
                values = dict(row["fields"])
                if label == "activities.rotation":
                    _remap_rotation(values, ids["accounts.user"])
                if label == "files.storedfile":
                    values["path"] = _restore_file(archive, manifest, values["path"], school, media, written)
                    if values.get("thumbnail_path"):
                        values["thumbnail_path"] = _restore_file(
                            archive, manifest, values["thumbnail_path"], school, media, written
                        )
                kwargs = {"school_id": school.pk}
                links = []
                for f in model._meta.concrete_fields:
                    if f.primary_key or f.name == "school" or f.attname not in values:
                        continue
                    value = values[f.attname]
                    if not f.is_relation:
                        kwargs[f.attname] = value if isinstance(f, models.JSONField) else f.to_python(value)
                        _check_choice(label, f, kwargs[f.attname])
                        continue
                    target = f.related_model._meta.label_lower
                    if value is None or target not in ids and target != "contenttypes.contenttype":
                        kwargs[f.attname] = None  # the foundation's templates and instruments stay behind
                        continue
                    if target == "contenttypes.contenttype":
                        kwargs[f.attname] = types[int(value)].pk
                    elif value in ids[target]:
                        kwargs[f.attname] = ids[target][value]
                    elif f.null:
                        kwargs[f.attname] = None
                        links.append((f.attname, target, value))
                    else:
                        raise ArchiveRefused(
                            _("The archive is incomplete: a %(model)s points to a missing row.") % {"model": label}
                        )
                objects.append(model(**kwargs))
                pending.append((row, links))
            made = model._default_manager.bulk_create(objects, batch_size=500)
            for obj, (row, links) in zip(made, pending, strict=True):
                ids[label][row["pk"]] = obj.pk
                later += [(model, obj.pk, *link) for link in links]
            progress(10 + 70 * (step + 1) // len(ordered), model._meta.verbose_name_plural)
        for model, pk, attname, target, old in later:
            if old in ids[target]:
                model._default_manager.filter(pk=pk).update(**{attname: ids[target][old]})
        for model in ordered:
            label = model._meta.label_lower
            for f in model._meta.many_to_many:
                through = f.remote_field.through
                if not through._meta.auto_created:
                    continue
                target = f.related_model._meta.label_lower
                source_name, target_name = f.m2m_field_name() + "_id", f.m2m_reverse_field_name() + "_id"
                links = [
                    through(**{source_name: ids[label][row["pk"]], target_name: ids[target][old]})
                    for row in content["models"].get(label, [])
                    for old in row.get("m2m", {}).get(f.name, [])
                    if old in ids.get(target, {})
                ]
                through.objects.bulk_create(links, batch_size=1000)
        # History points at its records by type and id: the ids are the new ones now.
        change = apps.get_model("history", "Change")
        changes = list(change.objects.for_school(school).select_related("target_type", "anchor_type"))
        for row in changes:
            target = ids.get(row.target_type.app_label + "." + row.target_type.model, {})
            anchor = ids.get(row.anchor_type.app_label + "." + row.anchor_type.model, {})
            row.target_id = target.get(row.target_id, row.target_id)
            row.anchor_id = anchor.get(row.anchor_id, row.anchor_id)
        change.all_schools.bulk_update(changes, ["target_id", "anchor_id"], batch_size=500)
    if logo_id is not None and logo_id in ids["files.storedfile"]:
        School.objects.filter(pk=school.pk).update(logo_id=ids["files.storedfile"][logo_id])
    progress(95, _("Checking"))
    return School.objects.get(pk=school.pk)


@functools.cache
def _choice_keys(f) -> frozenset[str]:
    return frozenset(str(key) for key, _label in f.flatchoices)


def _check_choice(label: str, f, value) -> None:
    """A value of a list (a partner's kind, where it is) that this Mitra does not know — an archive of
    a newer version, or an edited one — is refused by name: it is neither stored nor changed."""
    if f.choices is None or value in f.empty_values and (f.blank or f.null):
        return
    if str(value) not in _choice_keys(f):
        raise ArchiveRefused(
            _("The archive holds a %(field)s this Mitra does not know: “%(value)s” (%(model)s).")
            % {"field": f.verbose_name, "value": value, "model": label}
        )


def _restore_file(archive, manifest, old: str, school, media: Path, written: list) -> str:
    expected = manifest["files"].get(old)
    if expected is None:
        if old in manifest.get("missing", []):
            return _new_path(old, school)  # it was already gone when the archive was made
        raise ArchiveRefused(_("The archive is incomplete: a file is missing."))
    data = archive.read(f"files/{old}")
    if hashlib.sha256(data).hexdigest() != expected:
        raise ArchiveRefused(_("A file in the archive does not match its checksum; the archive is damaged."))
    relative = _new_path(old, school)
    target = media / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    written.append(target)
    return relative


def _new_path(old: str, school) -> str:
    """Same folder and extension, new name, under the new school's folder: never the archive's path."""
    parts = old.split("/")
    folder = "/".join(p for p in parts[1:-1] if p not in ("", ".", ".."))
    suffix = ".thumb.jpg" if old.endswith(".thumb.jpg") else Path(parts[-1]).suffix[:10]
    return f"{school.pk}/{folder}/{uuid.uuid4().hex}{suffix}"


@jobs.runner("archive")
def archive_job(job, access, progress) -> jobs.Output:
    access.require("school.export_archive")
    stamp = timezone.localdate().isoformat()
    data = export_school(access.school, progress)
    name = f"mitra-{access.school.npsn or access.school.pk}-{stamp}.zip"
    return jobs.Output(data=data, name=name, content_type="application/zip")
