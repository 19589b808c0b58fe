"""Importing partners, contact persons and activities from a spreadsheet, in three steps: read the
file (nothing is saved but its rows, for the next step), map its columns to Mitra's fields with a
preview of every row's problems, then save — every row or none, or, when the person chooses it
after seeing which rows are wrong, only the rows without problems. Each row goes through the same
services as the forms, so an imported partner is checked and recorded as a typed one is."""

import csv
import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mitra.activities import services as activity_services
from mitra.activities.models import Activity
from mitra.agreements import services as agreement_services
from mitra.agreements.models import Agreement
from mitra.partners import services as partner_services
from mitra.partners.models import Contact, Partner, name_key
from mitra.partners.phones import normalize_phone
from mitra.reports import values
from mitra.reports.jobs import Output
from mitra.reports.jobs import runner as jobs_runner
from mitra.reports.models import ImportBatch

MAX_ROWS = 5000
MAX_COLUMNS = 60
PREVIEW_ROWS = 20


# --- Reading the file ---------------------------------------------------------------------------


def _cell(value):
    """A cell as the batch keeps it (JSON): dates as {"date": iso}, the rest as they are."""
    if isinstance(value, datetime.datetime | datetime.date):
        day = value.date() if isinstance(value, datetime.datetime) else value
        return {"date": day.isoformat()}
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _uncell(value):
    if isinstance(value, dict) and "date" in value:
        return datetime.date.fromisoformat(value["date"])
    return value


def read_table(sheet) -> tuple[list[str], list[list]]:
    """(header, [[line number, cells…]]): the first non-empty row is the header; empty rows are
    dropped, every other row keeps the line number the person sees in Excel."""
    if sheet.kind == "xlsx":
        import openpyxl

        try:
            book = openpyxl.load_workbook(io.BytesIO(sheet.data), read_only=True, data_only=True)
        except Exception:  # openpyxl raises many kinds for a damaged workbook
            raise ValidationError(
                _("This Excel file could not be read. Open it in Excel, save it again and send that.")
            ) from None
        worksheet = next((ws for ws in book.worksheets if ws.max_row and ws.max_row > 0), book.active)
        raw = worksheet.iter_rows(values_only=True)
    else:
        sample = sheet.text[:4096]
        # Excel set to Indonesian writes CSV with semicolons.
        delimiter = ";" if sample.count(";") > sample.count(",") else ","
        raw = csv.reader(io.StringIO(sheet.text), delimiter=delimiter)
    header, rows = None, []
    for line, row in enumerate(raw, start=1):
        cells = [_cell(v) for v in list(row)[:MAX_COLUMNS]]
        if not any(values.text(v) for v in cells if not isinstance(v, dict)) and not any(
            isinstance(v, dict) for v in cells
        ):
            continue
        if header is None:
            header = [values.text(v) or f"({i + 1})" for i, v in enumerate(cells)]
            continue
        if len(rows) >= MAX_ROWS:
            raise ValidationError(
                _("The file has more than %(n)s rows. Split it into smaller files and import them one by one.")
                % {"n": MAX_ROWS}
            )
        rows.append([line, *cells])
    if header is None or not rows:
        raise ValidationError(
            _("The file has no rows to import: put the column names in the first row, then one row per record.")
        )
    return header, rows


# --- What can be imported -------------------------------------------------------------------------


@dataclass(frozen=True)
class Field:
    key: str
    label: object
    words: tuple[str, ...]  # header words that point to this field, lowercase
    required: bool = False
    preview: bool = False  # shown in the preview without a column too: it gets a value anyway


@dataclass
class Row:
    line: int
    data: dict = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    duplicate: str = ""  # what it repeats: an existing partner or an earlier row

    @property
    def ok(self) -> bool:
        return not self.errors and not self.duplicate


class Known:
    """What a check compares each row with: the school's partners, contact persons and activities,
    each read once (on first use) rather than once per row, and the rows already seen in the file."""

    def __init__(self, school):
        self.school = school
        self.seen: dict = {}  # a row's key -> the line it was first seen on

    @cached_property
    def partners(self) -> dict[str, Partner]:
        """By name key, the key duplicate_of compares: differing only in case, accents or spacing."""
        return {p.name_key: p for p in Partner.objects.for_school(self.school)}

    def partner_named(self, name: str) -> Partner | None:
        return self.partners.get(name_key(name))

    @cached_property
    def contacts(self) -> set[tuple[int, str]]:
        found = Contact.objects.for_school(self.school).values_list("partner_id", "name")
        return {(partner_id, name.casefold()) for partner_id, name in found}

    @cached_property
    def activities(self) -> set[tuple[str, datetime.date]]:
        found = Activity.objects.for_school(self.school).values_list("title", "start_date")
        return {(title.casefold(), day) for title, day in found}

    def repeat(self, key, line: int) -> int | None:
        """The line that already had this key, or None (and the key is remembered for this line)."""
        earlier = self.seen.get(key)
        if earlier is None:
            self.seen[key] = line
        return earlier


@dataclass(frozen=True)
class Target:
    key: str
    label: object
    fields: tuple[Field, ...]
    clean: Callable  # (Known, raw values by field, line number) -> Row (data or errors)
    save: Callable  # (school, user, data) -> object


def _phone(raw, errors: list, label: str) -> str:
    try:
        return normalize_phone(values.text(raw))
    except ValidationError as error:
        errors.append(f"{label}: {' '.join(error.messages)}")
        return ""


def _email(raw, errors: list, label: str) -> str:
    found = values.text(raw)
    if found:
        try:
            EmailValidator()(found)
        except ValidationError:
            errors.append(_("%(field)s: “%(value)s” is not an e-mail address.") % {"field": label, "value": found})
            return ""
    return found


def _date(raw, errors: list, label: str):
    try:
        return values.date(raw)
    except ValueError as error:
        errors.append(f"{label}: {error}")
        return None


def _limit(found: str, size: int, errors: list, label: str) -> str:
    if len(found) > size:
        errors.append(_("%(field)s: longer than %(n)s characters.") % {"field": label, "n": size})
    return found[:size]


def _clean_partner(known: Known, raw: dict, line: int) -> Row:
    row = Row(line)
    errors = row.errors
    name = _limit(values.text(raw.get("name")), 200, errors, str(_("Name")))
    if not name:
        errors.append(_("The partner's name is empty."))
    # A kind or location the cell does not name exactly is the row's problem, never another choice.
    kind_guessed = False
    try:
        kind = values.PARTNER_KINDS.read(raw.get("kind"))
    except values.UnknownChoice as error:
        errors.append(str(error))
        kind = ""
    if kind is None:  # no kind given: a word of the name may say it, and the preview says so
        kind = values.kind_from_name(name)
        kind_guessed = kind != Partner.Kind.OTHER
    try:
        location = values.PARTNER_LOCATIONS.read(raw.get("location")) or Partner.Location.LOCAL
    except values.UnknownChoice as error:
        errors.append(str(error))
        location = ""
    website = values.text(raw.get("website"))
    if website:
        if "://" not in website:
            website = "https://" + website
        try:
            URLValidator()(website)
        except ValidationError:
            errors.append(_("Website: “%(value)s” is not a web address.") % {"value": values.text(raw.get("website"))})
            website = ""
    before = len(errors)
    start = _date(raw.get("agreement_start"), errors, str(_("Agreement from")))
    end = _date(raw.get("agreement_end"), errors, str(_("Agreement until")))
    if len(errors) == before and (start is None) != (end is None):
        errors.append(_("An agreement needs both its first and its last day."))
    if start and end and end < start:
        errors.append(_("The agreement ends before it starts."))
    row.data = {
        "name": name,
        "kind": kind,
        "kind_guessed": kind_guessed,
        "location": location,
        "status": Partner.Status.ACTIVE if start and end else Partner.Status.PROSPECT,
        "address": values.text(raw.get("address")),
        "region": _limit(values.text(raw.get("region")), 200, errors, str(_("Region"))),
        "phone": _phone(raw.get("phone"), errors, str(_("Phone"))),
        "email": _email(raw.get("email"), errors, str(_("E-mail"))),
        "website": website,
        "notes": values.text(raw.get("notes")),
        "contact_name": _limit(values.text(raw.get("contact_name")), 200, errors, str(_("Contact person"))),
        "contact_position": _limit(values.text(raw.get("contact_position")), 200, errors, str(_("Position"))),
        "contact_phone": _phone(raw.get("contact_phone"), errors, str(_("Contact's phone or WhatsApp"))),
        "contact_email": _email(raw.get("contact_email"), errors, str(_("Contact's e-mail"))),
        "agreement_start": start,
        "agreement_end": end,
    }
    if name:
        existing = known.partner_named(name)
        if existing is not None:
            row.duplicate = _("already in the directory as “%(name)s”") % {"name": existing.name}
        elif (earlier := known.repeat(name_key(name), line)) is not None:
            row.duplicate = _("the same partner as line %(line)s") % {"line": earlier}
    return row


@transaction.atomic
def _save_partner(school, user, data: dict):
    fields = {k: data[k] for k in partner_services.PARTNER_FIELDS if k in data}
    partner = partner_services.partner_create(school=school, user=user, fields=fields)
    if data["contact_name"]:
        phone = data["contact_phone"]
        partner_services.contact_create(
            partner=partner,
            user=user,
            fields={
                "name": data["contact_name"],
                "position": data["contact_position"],
                "phone": phone,
                "whatsapp": phone if phone.startswith("+628") else "",
                "email": data["contact_email"],
                "is_primary": True,
            },
        )
    if data["agreement_start"]:
        # The paper agreement the school already has, as a draft to complete with its scan.
        agreement_services.agreement_create(
            school=school,
            user=user,
            kind=Agreement.Kind.MOU,
            title=_("Memorandum of understanding with %(partner)s") % {"partner": partner.name},
            partners=[partner],
            start_date=data["agreement_start"],
            end_date=data["agreement_end"],
        )
    return partner


def _partner_named(known: Known, raw, errors: list) -> Partner | None:
    name = values.text(raw)
    if not name:
        errors.append(_("The partner is empty."))
        return None
    found = known.partner_named(name)
    if found is None:
        errors.append(
            _("“%(name)s” is not in the partner directory; import or add the partner first.") % {"name": name}
        )
    return found


def _clean_contact(known: Known, raw: dict, line: int) -> Row:
    row = Row(line)
    partner = _partner_named(known, raw.get("partner"), row.errors)
    name = _limit(values.text(raw.get("name")), 200, row.errors, str(_("Name")))
    if not name:
        row.errors.append(_("The contact person's name is empty."))
    phone = _phone(raw.get("phone"), row.errors, str(_("Phone")))
    whatsapp = _phone(raw.get("whatsapp"), row.errors, str(_("WhatsApp")))
    row.data = {
        "partner": partner,
        "name": name,
        "position": _limit(values.text(raw.get("position")), 200, row.errors, str(_("Position"))),
        "phone": phone,
        "whatsapp": whatsapp,
        "email": _email(raw.get("email"), row.errors, str(_("E-mail"))),
    }
    if partner and name:
        key = (partner.pk, name.casefold())
        if key in known.contacts:
            row.duplicate = _("already a contact person of %(partner)s") % {"partner": partner.name}
        elif (earlier := known.repeat(key, line)) is not None:
            row.duplicate = _("the same contact person as line %(line)s") % {"line": earlier}
    return row


def _save_contact(school, user, data: dict):
    fields = {k: v for k, v in data.items() if k != "partner"}
    return partner_services.contact_create(partner=data["partner"], user=user, fields={**fields, "is_primary": False})


def _clean_activity(known: Known, raw: dict, line: int) -> Row:
    row = Row(line)
    errors = row.errors
    title = _limit(values.text(raw.get("title")), 200, errors, str(_("Activity")))
    if not title:
        errors.append(_("The activity's name is empty."))
    day = _date(raw.get("start_date"), errors, str(_("Date")))
    if day is None and not any(str(_("Date")) in e for e in errors):
        errors.append(_("The date is empty."))
    try:
        status = values.ACTIVITY_STATUSES.read(raw.get("status"))
    except values.UnknownChoice as error:
        errors.append(str(error))
        status = None
    if status is None:
        status = Activity.Status.DONE if day and day <= timezone.localdate() else Activity.Status.PLANNED
    if status == Activity.Status.DONE and day and day > timezone.localdate():
        errors.append(_("A done activity cannot be in the future."))
    try:
        area = values.AREAS.read(raw.get("area")) or ""
    except values.UnknownChoice as error:
        errors.append(str(error))
        area = ""
    partners = []
    for name in [n.strip() for n in values.text(raw.get("partners")).replace(";", ",").split(",") if n.strip()]:
        found = _partner_named(known, name, errors)
        if found:
            partners.append(found)
    people = None
    try:
        people = values.whole_number(raw.get("participants"))
    except ValueError as error:
        label = str(_("Participants"))
        errors.append(f"{label}: {error}")
    row.data = {
        "title": title,
        "start_date": day,
        "status": status,
        "area": area,
        "place": _limit(values.text(raw.get("place")), 200, errors, str(_("Place"))),
        "notes": values.text(raw.get("notes")),
        "partners": partners,
        "participants": people,
    }
    if title and day:
        key = (title.casefold(), day)
        if key in known.activities:
            row.duplicate = _("already recorded on that day")
        elif (earlier := known.repeat(key, line)) is not None:
            row.duplicate = _("the same activity as line %(line)s") % {"line": earlier}
    return row


def _save_activity(school, user, data: dict):
    counts = {("community", 0, ""): data["participants"]} if data["participants"] else None
    fields = {k: data[k] for k in ("title", "start_date", "status", "area", "place", "notes")}
    return activity_services.activity_save(
        school=school, user=user, data=fields, partners=data["partners"], counts=counts
    )


F = Field
TARGETS = {
    t.key: t
    for t in (
        Target(
            "partners",
            gettext_lazy("Partners"),
            (
                F(
                    "name",
                    gettext_lazy("Name"),
                    ("nama mitra", "nama instansi", "nama lembaga", "mitra", "nama", "name", "partner"),
                    True,
                ),
                F("kind", gettext_lazy("Kind"), ("jenis mitra", "jenis", "kategori", "kind", "type"), preview=True),
                F("address", gettext_lazy("Address"), ("alamat", "address")),
                F("region", gettext_lazy("Region"), ("kabupaten", "kota", "wilayah", "daerah", "region")),
                F(
                    "location",
                    gettext_lazy("Location"),
                    # after the address: "Alamat lokasi" is an address
                    ("lokasi mitra", "lokasi", "cakupan", "tingkat", "dalam/luar negeri", "location", "scope"),
                    preview=True,
                ),
                F(
                    "phone",
                    gettext_lazy("Partner's phone"),
                    ("telepon kantor", "telp kantor", "telepon instansi", "office phone"),
                ),
                F(
                    "email",
                    gettext_lazy("Partner's e-mail"),
                    ("email", "e-mail", "surel", "email instansi", "email lembaga"),
                ),
                F("website", gettext_lazy("Website"), ("website", "situs", "web")),
                F("notes", gettext_lazy("Notes"), ("catatan", "keterangan", "notes")),
                F(
                    "contact_name",
                    gettext_lazy("Contact person"),
                    ("narahubung", "kontak", "contact person", "nama kontak", "pic"),
                ),
                F("contact_position", gettext_lazy("Contact's position"), ("jabatan", "position")),
                F(
                    "contact_phone",
                    gettext_lazy("Contact's phone or WhatsApp"),
                    ("no. hp", "hp", "wa", "whatsapp", "telepon", "telp", "phone", "no hp"),
                ),
                F(
                    "contact_email",
                    gettext_lazy("Contact's e-mail"),
                    ("email narahubung", "email kontak", "contact e-mail"),
                ),
                F(
                    "agreement_start",
                    gettext_lazy("Agreement from"),
                    ("tanggal mou", "tanggal pks", "mulai", "tanggal mulai", "awal", "start"),
                ),
                F("agreement_end", gettext_lazy("Agreement until"), ("berakhir", "selesai", "sampai", "akhir", "end")),
            ),
            _clean_partner,
            _save_partner,
        ),
        Target(
            "contacts",
            gettext_lazy("Contact persons"),
            (
                F("partner", gettext_lazy("Partner"), ("mitra", "nama mitra", "instansi", "partner"), True),
                F("name", gettext_lazy("Name"), ("nama", "narahubung", "name", "nama kontak"), True),
                F("position", gettext_lazy("Position"), ("jabatan", "position")),
                F("phone", gettext_lazy("Phone"), ("telepon", "telp", "no. hp", "hp", "phone")),
                F("whatsapp", gettext_lazy("WhatsApp"), ("wa", "whatsapp")),
                F("email", gettext_lazy("E-mail"), ("email", "e-mail", "surel")),
            ),
            _clean_contact,
            _save_contact,
        ),
        Target(
            "activities",
            gettext_lazy("Activities"),
            (
                F("start_date", gettext_lazy("Date"), ("tanggal", "tanggal kegiatan", "date", "waktu"), True),
                F("title", gettext_lazy("Activity"), ("kegiatan", "nama kegiatan", "judul", "activity", "title"), True),
                F("partners", gettext_lazy("Partners"), ("mitra", "partner", "partners", "bersama")),
                F("status", gettext_lazy("Status"), ("status", "keadaan", "keterangan status")),
                F("area", gettext_lazy("Area"), ("bidang", "area")),
                F("place", gettext_lazy("Place"), ("tempat", "lokasi", "place")),
                F("participants", gettext_lazy("Participants"), ("peserta", "jumlah peserta", "participants")),
                F("notes", gettext_lazy("What happened"), ("uraian", "deskripsi", "catatan", "keterangan", "notes")),
            ),
            _clean_activity,
            _save_activity,
        ),
    )
}


def guess_mapping(target: Target, header: list[str]) -> dict[str, int]:
    """Field -> column, from the column names: an exact word first, then a word inside the name."""
    mapping, taken = {}, set()
    names = [h.casefold().strip(" :") for h in header]
    for exact in (True, False):
        for f in target.fields:
            if f.key in mapping:
                continue
            for i, name in enumerate(names):
                if i in taken:
                    continue
                if (name in f.words) if exact else any(w in name for w in f.words if len(w) > 3):
                    mapping[f.key] = i
                    taken.add(i)
                    break
    return mapping


# --- The batch: read, check, save ---------------------------------------------------------------


def start(*, school, user, target: str, sheet, file_name: str) -> ImportBatch:
    header, rows = read_table(sheet)
    found = TARGETS[target]
    return ImportBatch.objects.for_school(school).create(
        school=school,
        created_by=user,
        target=target,
        file_name=file_name[:200],
        header=header,
        rows=rows,
        mapping=guess_mapping(found, header),
    )


def check(batch: ImportBatch, mapping: dict[str, int] | None = None) -> list[Row]:
    """Every row cleaned as it would be saved, with its problems; nothing is written."""
    target = TARGETS[batch.target]
    mapping = batch.mapping if mapping is None else mapping
    known = Known(batch.school)
    checked = []
    for line, *cells in batch.rows:
        raw = {key: _uncell(cells[i]) if i < len(cells) else None for key, i in mapping.items()}
        checked.append(target.clean(known, raw, line))
    missing = [f for f in target.fields if f.required and f.key not in mapping]
    if missing:
        names = ", ".join(str(f.label) for f in missing)
        for row in checked:
            row.errors.insert(0, _("No column is chosen for: %(fields)s.") % {"fields": names})
    return checked


class NothingSaved(ValidationError):
    pass


def commit(batch: ImportBatch, *, user, valid_only: bool, progress=None) -> dict:
    """Save the batch: all rows in one transaction, or refuse if any row has a problem — unless
    `valid_only`, when the rows with problems (and the duplicates) are left out and listed."""
    progress = progress or (lambda percent, step: None)
    if batch.committed_at is not None:
        raise NothingSaved(_("This file was already imported."))
    rows = check(batch)
    wrong = [r for r in rows if r.errors]
    if wrong and not valid_only:
        raise NothingSaved(
            _(
                "Nothing was imported: %(n)s rows have problems. Correct them in the file, or choose to import only the rows without problems."
            )
            % {"n": len(wrong)}
        )
    target = TARGETS[batch.target]
    saving = [r for r in rows if r.ok]
    if not saving:
        raise NothingSaved(_("Nothing was imported: no row is free of problems."))
    with transaction.atomic():
        for i, row in enumerate(saving, start=1):
            try:
                target.save(batch.school, user, row.data)
            except ValidationError as error:
                # A row the checks let through but a service refused: nothing of the file is kept.
                raise NothingSaved(
                    _("Nothing was imported: line %(line)s was refused: %(reason)s")
                    % {"line": row.line, "reason": " ".join(error.messages)}
                ) from None
            if i % 25 == 0:
                progress(10 + 85 * i // len(saving), _("Saving line %(line)s") % {"line": row.line})
        batch.committed_at = timezone.now()
        batch.result = {
            "saved": len(saving),
            "left_out": [{"line": r.line, "why": r.errors or [r.duplicate]} for r in rows if not r.ok][:500],
            "left_out_count": len(rows) - len(saving),
        }
        batch.save(update_fields=["committed_at", "result"])
    return batch.result


@jobs_runner("import")
def import_job(job, access, progress):
    batch = ImportBatch.objects.for_school(access.school).get(pk=job.params["batch"], created_by=access.user)
    result = commit(batch, user=access.user, valid_only=job.params["valid_only"], progress=progress)
    lines = [_("%(n)s rows were imported.") % {"n": result["saved"]}]
    line_word = str(_("Line"))
    lines += [f"{line_word} {row['line']}: {' '.join(row['why'])}" for row in result["left_out"]]
    return Output(
        data="\n".join(lines).encode(), name=f"import-{batch.pk}.txt", content_type="text/plain; charset=utf-8"
    )
