"""Importing partners, contact persons and activities from a spreadsheet, in three steps: read the
file (nothing is saved but its rows, for the next step), map its columns to Mitra's fields with a
preview of every row's problems, then save — every row or none, or, when the person chooses it
after seeing which rows are wrong, only the rows without problems. Each row goes through the same
services as the forms, so an imported partner is checked and recorded as a typed one is."""

import csv
import datetime
import io
import itertools
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mitra.activities import services as activity_services
from mitra.activities.models import Activity
from mitra.agreements import services as agreement_services
from mitra.agreements.models import Agreement
from mitra.partners import services as partner_services
from mitra.partners.models import Contact, Partner, name_key
from mitra.reports.models import ImportBatch
from mitra.schools.jobs import Output
from mitra.schools.jobs import runner as jobs_runner
from mitra.schools.phones import normalize_phone
from mitra.transfer import values

MAX_ROWS = 5000
MAX_COLUMNS = 60
PREVIEW_ROWS = 20


# --- Reading the file ---------------------------------------------------------------------------
#
# A school's list rarely starts at A1: a title row (often merged across the table), a blank row or
# two, the header, perhaps a second header row under a merged "Narahubung" cell; hidden columns;
# formulas; "#N/A". The file is read as Excel shows it: every non-empty line is kept with its line
# number, a merged cell's value on each cell it covers, a formula as its last saved result. Then the
# header is looked for among the first HEADER_SEARCH lines (the line naming most of Mitra's fields,
# then the one with most different texts; the person may choose another), and what Mitra did to the
# file on the way (merged cells filled, hidden columns, apostrophes taken away) is kept in
# ImportBatch.layout for the preview to say.

HEADER_SEARCH = 30


def _cell(value):
    """A cell as the batch keeps it (JSON): dates as {"date": iso}, an Excel error as {"error": "#N/A"},
    the rest as they are."""
    if isinstance(value, datetime.datetime | datetime.date):
        day = value.date() if isinstance(value, datetime.datetime) else value
        return {"date": day.isoformat()}
    if isinstance(value, datetime.time | datetime.timedelta):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if (error := values.excel_error(value)) is not None:
        return {"error": error}
    return value


@dataclass(frozen=True)
class Unreadable:
    """A cell that holds no value to import: an Excel error, or a formula without a saved result."""

    what: str
    shown: str

    @property
    def message(self) -> str:
        if self.what == "formula":
            return _(
                "the cell holds a formula (%(formula)s) whose result the file does not keep; open the file in Excel and save it again."
            ) % {"formula": self.shown}
        return _("the cell shows the Excel error %(error)s instead of a value.") % {"error": self.shown}


def _uncell(value):
    if isinstance(value, dict):
        if "date" in value:
            return datetime.date.fromisoformat(value["date"])
        if "error" in value:
            return Unreadable("error", value["error"])
        if "formula" in value:
            return Unreadable("formula", value["formula"])
    return value


def _empty(cells) -> bool:
    return all(not isinstance(v, dict) and not values.text(v) for v in cells)


class _SheetParser:
    """openpyxl's own streaming reader of a worksheet (read-only, so memory stays flat), asked for
    each cell's saved value and whether it is a formula; it also collects the sheet's merged cells
    and hidden columns and rows, which openpyxl's read-only worksheet does not give."""

    def __init__(self, book, worksheet):
        from openpyxl.worksheet._reader import FORMULA_TAG, WorkSheetParser

        class Parser(WorkSheetParser):
            def parse_cell(self, element):
                cell = super().parse_cell(element)
                formula = element.find(FORMULA_TAG)
                if formula is not None and cell["value"] is None:
                    cell["value"] = {"formula": "=" + (formula.text or "")}
                return cell

        self.source = worksheet._get_source()
        self.parser = Parser(
            self.source,
            worksheet._shared_strings,
            data_only=True,
            epoch=book.epoch,
            date_formats=book._date_formats,
            timedelta_formats=book._timedelta_formats,
        )

    def rows(self):
        try:
            for line, cells in self.parser.parse():
                found = [None] * min(max((c["column"] for c in cells), default=0), MAX_COLUMNS)
                for c in cells:
                    if c["column"] <= MAX_COLUMNS:
                        value = c["value"]
                        found[c["column"] - 1] = value if isinstance(value, dict) else _cell(value)
                yield line, found
        finally:
            self.source.close()

    def hidden_columns(self) -> list[int]:
        hidden = set()
        for attrs in self.parser.column_dimensions.values():
            if attrs.get("hidden") in ("1", "true"):
                hidden |= set(range(int(attrs["min"]) - 1, min(int(attrs.get("max", attrs["min"])), MAX_COLUMNS)))
        return sorted(hidden)

    def hidden_lines(self) -> list[int]:
        return sorted(int(r) for r, attrs in self.parser.row_dimensions.items() if attrs.get("hidden") in ("1", "true"))

    def merged(self) -> list[tuple[int, int, int, int]]:
        """(first line, first column, last line, last column), columns from 0."""
        if not self.parser.merged_cells:
            return []
        from openpyxl.utils.cell import range_boundaries

        found = []
        for merge in self.parser.merged_cells.mergeCell:
            min_col, min_row, max_col, max_row = range_boundaries(merge.ref)
            found.append((min_row, min_col - 1, max_row, max_col - 1))
        return found


def _too_long():
    return ValidationError(
        _("The file has more than %(n)s rows. Split it into smaller files and import them one by one.")
        % {"n": MAX_ROWS}
    )


def csv_delimiter(text: str, lines: int = 50) -> str:
    """The separator of a CSV, "," or ";" (Excel set to Indonesian writes semicolons): the one that
    cuts the first lines into the most lines of one same width, then the wider. Counting the
    characters is not enough: the texts of a semicolon file often hold more commas than it has
    semicolons."""

    def score(delimiter):
        reader = csv.reader(io.StringIO(text), delimiter=delimiter)
        try:
            widths = Counter(len(row) for row in itertools.islice(reader, lines) if len(row) > 1)
        except csv.Error:
            return (0, 0)
        return max(((n, width) for width, n in widths.items()), default=(0, 0))

    return ";" if score(";") > score(",") else ","


def read_table(sheet) -> tuple[list[list], dict]:
    """([[line number, cells…]] of every non-empty line, layout): the line numbers are the ones the
    person sees in Excel; layout says what was hidden, merged or taken away (see the top)."""
    layout = {"hidden": [], "hidden_lines": [], "merged": [], "unguarded": 0}
    limit = MAX_ROWS + HEADER_SEARCH
    grid: dict[int, list] = {}
    if sheet.kind == "xlsx":
        import openpyxl

        try:
            book = openpyxl.load_workbook(io.BytesIO(sheet.data), read_only=True, data_only=True)
            worksheet = next(
                (ws for ws in book.worksheets if ws.sheet_state == "visible" and ws.max_row and ws.max_row > 0),
                book.worksheets[0],
            )
            reader = _SheetParser(book, worksheet)
            for line, cells in reader.rows():
                if not _empty(cells):
                    grid[line] = cells
                    if len(grid) > limit:
                        raise _too_long()
            merged = reader.merged()
            layout["hidden"] = reader.hidden_columns()
            layout["hidden_lines"] = reader.hidden_lines()
        except ValidationError:
            raise
        except Exception:  # openpyxl raises many kinds for a damaged workbook
            raise ValidationError(
                _("This Excel file could not be read. Open it in Excel, save it again and send that.")
            ) from None
        for first_line, first_col, last_line, last_col in merged:
            if first_col >= MAX_COLUMNS or first_line not in grid:
                continue
            top = grid[first_line]
            value = top[first_col] if first_col < len(top) else None
            if value is None:
                continue
            for line in range(first_line, last_line + 1):
                cells = grid.setdefault(line, [])
                for col in range(first_col, min(last_col, MAX_COLUMNS - 1) + 1):
                    cells.extend([None] * (col + 1 - len(cells)))
                    cells[col] = value
            if (first_line, first_col) != (last_line, last_col):
                layout["merged"].append([first_line, first_col, last_line, min(last_col, MAX_COLUMNS - 1)])
    else:
        delimiter = csv_delimiter(sheet.text)
        for line, row in enumerate(csv.reader(io.StringIO(sheet.text), delimiter=delimiter), start=1):
            cells = [_cell(v) for v in row[:MAX_COLUMNS]]
            if not _empty(cells):
                grid[line] = cells
                if len(grid) > limit:
                    raise _too_long()
    lines = []
    for line in sorted(grid):
        cells = []
        for value in grid[line]:
            plain = values.unguard(value)
            layout["unguarded"] += plain is not value
            cells.append(plain)
        lines.append([line, *cells])
    if not lines:
        raise ValidationError(
            _("The file has no rows to import: put the column names in the first row, then one row per record.")
        )
    return lines, layout


def _names(cells) -> list[str]:
    return [values.text(v) if not isinstance(v, dict) else "" for v in cells]


def header_at(lines: list[list], layout: dict, line: int) -> tuple[list[str], list[int]]:
    """The column names the header at `line` gives, and the lines it takes: one, or two when a merged
    cell of the header stands over names in the line below ("Narahubung" over "Nama" and "No. HP")."""
    at = next(i for i, found in enumerate(lines) if found[0] == line)
    top = lines[at][1:]
    names = _names(top)
    spans = [m for m in layout.get("merged", []) if m[0] == line and m[2] == line and m[3] > m[1]]
    below = lines[at + 1][1:] if at + 1 < len(lines) and lines[at + 1][0] == line + 1 else None
    taken = [line]
    if spans and below is not None:
        under = {col for m in spans for col in range(m[1], m[3] + 1)}
        sub = _names(below)
        filled = [i for i, name in enumerate(sub) if name]
        if filled and all(
            isinstance(below[i], str) and (i in under or (i < len(names) and sub[i] == names[i])) for i in filled
        ):
            names = names + [""] * (len(sub) - len(names))
            for i in under:
                if i < len(sub) and sub[i] and sub[i] != names[i]:
                    names[i] = f"{names[i]} {sub[i]}".strip()
            taken.append(line + 1)
    width = max(len(found) - 1 for found in lines)
    names = names + [""] * (width - len(names))
    return [name or f"({index_to_letter(i)})" for i, name in enumerate(names)], taken


def index_to_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index + 1)


def find_header(target: "Target", lines: list[list], layout: dict) -> int:
    """The line of the header: among the first lines, the one that names most of the target's fields,
    then the one with most different texts in it (a title merged across the table has one), then the
    first. Numbers and dates are never column names."""

    hidden = set(layout.get("hidden", ()))

    def score(found):
        cells = [v for i, v in enumerate(found[1:]) if i not in hidden]
        texts = {values.text(v).casefold() for v in cells if isinstance(v, str) and values.text(v)}
        numbers = sum(isinstance(v, int | float | dict) for v in cells if v is not None)
        names, _lines = header_at(lines, layout, found[0])  # with the line below, under a merged name
        mapped = len(guess_mapping(target, names, hidden))
        return (mapped, len(texts) - numbers)

    candidates = lines[: min(HEADER_SEARCH, max(len(lines) - 1, 1))]
    best = max(candidates, key=lambda found: (score(found), -found[0]))
    return best[0]


# --- What can be imported -------------------------------------------------------------------------
#
# A row is a problem row (left out, or the whole file refused) when a REQUIRED cell is wrong or empty,
# when two cells contradict each other (an agreement or activity that ends before it starts), or when
# a value of a list every record holds — a partner's kind, location or status, an activity's status —
# names none of its choices: emptying it would make it a choice the cell does not name. Any other
# OPTIONAL cell that cannot be read is emptied and the row keeps going with a warning that says so
# ("… Left empty."); every such change is listed in the preview, nothing is changed silently.


@dataclass(frozen=True)
class Field:
    key: str
    label: object
    words: tuple[str, ...]  # header words that point to this field, lowercase
    required: bool = False
    preview: bool = False  # shown in the preview without a column too: it gets a value anyway
    exported: str = ""  # the header of this field's column in Mitra's own export (an English msgid)


@dataclass
class Row:
    line: int
    data: dict = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # what was emptied or read otherwise; the row is kept
    duplicate: str = ""  # what it repeats: an existing partner or an earlier row

    @property
    def ok(self) -> bool:
        return not self.errors and not self.duplicate

    def emptied(self, message: str) -> None:
        self.warnings.append(" ".join((message, _("Left empty."))))

    def left_out(self, message: str) -> None:
        self.warnings.append(" ".join((message, _("Left out."))))


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
    def contact_rows(self) -> list[tuple[int, str, bool]]:
        return list(Contact.objects.for_school(self.school).values_list("partner_id", "name", "is_primary"))

    @cached_property
    def contacts(self) -> set[tuple[int, str]]:
        return {(partner_id, name.casefold()) for partner_id, name, _primary in self.contact_rows}

    @cached_property
    def primaries(self) -> dict[int, str]:
        return {partner_id: name for partner_id, name, primary in self.contact_rows if primary}

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


def _wrong(row: Row, required: bool, message: str) -> None:
    """A cell that cannot be read: the row's problem when the field is required, else emptied."""
    if required:
        row.errors.append(message)
    else:
        row.emptied(message)


def _phone(raw, row: Row, label: str, required: bool = False) -> str:
    found = values.text(raw)
    if found.isdigit() and found.startswith("8") and 9 <= len(found) <= 13:
        # Excel keeps 081234567890 typed in a number cell as 81234567890.
        row.warnings.append(
            _("%(field)s: %(value)s has lost its leading 0 (a number cell in Excel); read as 0%(value)s.")
            % {"field": label, "value": found}
        )
        found = "0" + found
    try:
        return normalize_phone(found)
    except ValidationError as error:
        _wrong(row, required, f"{label}: “{found}” — {' '.join(error.messages)}")
        return ""


def _email(raw, row: Row, label: str) -> str:
    found = values.text(raw)
    if found:
        try:
            EmailValidator()(found)
        except ValidationError:
            row.emptied(_("%(field)s: “%(value)s” is not an e-mail address.") % {"field": label, "value": found})
            return ""
    return found


def _date(raw, row: Row, label: str, required: bool = False):
    try:
        return values.date(raw)
    except ValueError as error:
        _wrong(row, required, f"{label}: {error}")
        return None


def _limit(found: str, size: int, row: Row, label: str, required: bool = False) -> str:
    if len(found) > size:
        _wrong(row, required, _("%(field)s: longer than %(n)s characters.") % {"field": label, "n": size})
        return found[:size] if required else ""
    return found


def _choice(reader: values.Choices, raw, row: Row):
    """A value of a list every record holds: a cell naming none of its choices is the row's problem."""
    try:
        return reader.read(raw)
    except values.UnknownChoice as error:
        row.errors.append(str(error))
        return ""


def _website(raw, row: Row) -> str:
    website = values.text(raw)
    if website:
        full = website if "://" in website else "https://" + website
        try:
            URLValidator()(full)
        except ValidationError:
            row.emptied(_("Website: “%(value)s” is not a web address.") % {"value": website})
            return ""
        return full
    return website


def _areas(raw, row: Row) -> dict[str, str]:
    """What a partner can offer: areas separated by commas or semicolons; an unknown one is left out."""
    found = {}
    for name in [n.strip() for n in values.text(raw).replace(";", ",").split(",") if n.strip()]:
        try:
            found[values.AREAS.read(name)] = ""
        except values.UnknownChoice as error:
            row.left_out(str(error))
    return found


def _clean_partner(known: Known, raw: dict, line: int) -> Row:
    row = Row(line)
    name = _limit(values.text(raw.get("name")), 200, row, str(_("Name")), required=True)
    if not name:
        row.errors.append(_("The partner's name is empty."))
    # A kind or location the cell does not name exactly is the row's problem, never another choice.
    kind_guessed = False
    kind = _choice(values.PARTNER_KINDS, raw.get("kind"), row)
    if kind is None:  # no kind given: a word of the name may say it, and the preview says so
        kind = values.kind_from_name(name)
        kind_guessed = kind != Partner.Kind.OTHER
    location = _choice(values.PARTNER_LOCATIONS, raw.get("location"), row)
    status = _choice(values.PARTNER_STATUSES, raw.get("status"), row)
    start_label, end_label = str(_("Agreement from")), str(_("Agreement until"))
    start = _date(raw.get("agreement_start"), row, start_label)
    end = _date(raw.get("agreement_end"), row, end_label)
    if (start is None) != (end is None):
        given, missing = (start_label, end_label) if start else (end_label, start_label)
        row.warnings.append(
            _(
                "%(given)s: %(day)s is given without “%(missing)s”; an agreement in Mitra needs its first and its last day, so none is made for this partner (add it on the partner's page, or give both days in the file)."
            )
            % {"given": given, "day": date_format(start or end, "j F Y"), "missing": missing}
        )
        start = end = None
    if start and end and end < start:
        row.errors.append(_("The agreement ends before it starts."))
    contact = {
        "contact_name": _limit(values.text(raw.get("contact_name")), 200, row, str(_("Contact person"))),
        "contact_position": _limit(values.text(raw.get("contact_position")), 200, row, str(_("Position"))),
        "contact_phone": _phone(raw.get("contact_phone"), row, str(_("Contact's phone or WhatsApp"))),
        "contact_email": _email(raw.get("contact_email"), row, str(_("Contact's e-mail"))),
    }
    if not contact["contact_name"] and any(contact.values()):
        row.warnings.append(
            _("The row has no contact person's name, so the contact's position, phone and e-mail are not saved.")
        )
    row.data = {
        "name": name,
        "kind": kind,
        "kind_guessed": kind_guessed,
        "location": location or Partner.Location.LOCAL,
        "status": status or (Partner.Status.ACTIVE if start and end else Partner.Status.PROSPECT),
        "address": values.paragraphs(raw.get("address")),
        "region": _limit(values.text(raw.get("region")), 200, row, str(_("Region"))),
        "phone": _phone(raw.get("phone"), row, str(_("Partner's phone"))),
        "email": _email(raw.get("email"), row, str(_("Partner's e-mail"))),
        "website": _website(raw.get("website"), row),
        "notes": values.paragraphs(raw.get("notes")),
        "potentials": _areas(raw.get("potentials"), row),
        **contact,
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


def _save_partner(school, user, data: dict):
    fields = {k: data[k] for k in partner_services.PARTNER_FIELDS if k in data}
    partner = partner_services.partner_create(
        school=school, user=user, fields=fields, potentials=data.get("potentials") or None
    )
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


def _partner_named(known: Known, raw, row: Row, required: bool) -> Partner | None:
    name = values.text(raw)
    if not name:
        if required:
            row.errors.append(_("The partner is empty."))
        return None
    found = known.partner_named(name)
    if found is None:
        message = _("“%(name)s” is not in the partner directory; import or add the partner first.") % {"name": name}
        if required:
            row.errors.append(message)
        else:
            row.left_out(message)
    return found


def _clean_contact(known: Known, raw: dict, line: int) -> Row:
    row = Row(line)
    partner = _partner_named(known, raw.get("partner"), row, required=True)
    name = _limit(values.text(raw.get("name")), 200, row, str(_("Name")), required=True)
    if not name:
        row.errors.append(_("The contact person's name is empty."))
    try:
        primary = bool(values.yes_no(raw.get("is_primary")))
    except ValueError as error:
        row.emptied(_("%(field)s: %(problem)s") % {"field": _("Main contact"), "problem": error})
        primary = False
    row.data = {
        "partner": partner,
        "name": name,
        "position": _limit(values.text(raw.get("position")), 200, row, str(_("Position"))),
        "phone": _phone(raw.get("phone"), row, str(_("Phone"))),
        "whatsapp": _phone(raw.get("whatsapp"), row, str(_("WhatsApp"))),
        "email": _email(raw.get("email"), row, str(_("E-mail"))),
        "is_primary": primary,
    }
    if partner and name:
        key = (partner.pk, name.casefold())
        if key in known.contacts:
            row.duplicate = _("already a contact person of %(partner)s") % {"partner": partner.name}
        elif (earlier := known.repeat(key, line)) is not None:
            row.duplicate = _("the same contact person as line %(line)s") % {"line": earlier}
        elif primary and known.primaries.get(partner.pk, name) != name:
            row.warnings.append(
                _("Becomes the main contact of %(partner)s instead of %(name)s.")
                % {"partner": partner.name, "name": known.primaries[partner.pk]}
            )
    return row


def _save_contact(school, user, data: dict):
    fields = {k: v for k, v in data.items() if k != "partner"}
    return partner_services.contact_create(partner=data["partner"], user=user, fields=fields)


def _clean_activity(known: Known, raw: dict, line: int) -> Row:
    row = Row(line)
    errors = row.errors
    title = _limit(values.text(raw.get("title")), 200, row, str(_("Activity")), required=True)
    if not title:
        errors.append(_("The activity's name is empty."))
    before = len(errors)
    day = _date(raw.get("start_date"), row, str(_("Date")), required=True)
    if day is None and len(errors) == before:
        errors.append(_("The date is empty."))
    last = _date(raw.get("end_date"), row, str(_("Last day")))
    if day and last and last < day:
        errors.append(_("The last day cannot be before the first day."))
    status = _choice(values.ACTIVITY_STATUSES, raw.get("status"), row)
    if status is None:
        status = Activity.Status.DONE if day and day <= timezone.localdate() else Activity.Status.PLANNED
    if status == Activity.Status.DONE and day and day > timezone.localdate():
        errors.append(_("A done activity cannot be in the future."))
    reason = _limit(values.text(raw.get("status_reason")), 300, row, str(_("Why postponed or cancelled")))
    if status in (Activity.Status.POSTPONED, Activity.Status.CANCELLED) and not reason:
        errors.append(_("Say why the activity was postponed or cancelled."))
    try:
        area = values.AREAS.read(raw.get("area")) or ""
    except values.UnknownChoice as error:
        row.emptied(str(error))
        area = ""
    partners = []
    for name in [n.strip() for n in values.text(raw.get("partners")).replace(";", ",").split(",") if n.strip()]:
        found = _partner_named(known, name, row, required=False)
        if found:
            partners.append(found)
    people = None
    try:
        people = values.whole_number(raw.get("participants"))
    except ValueError as error:
        row.emptied(_("%(field)s: %(problem)s") % {"field": _("Participants"), "problem": error})
    row.data = {
        "title": title,
        "start_date": day,
        "end_date": last,
        "status": status,
        "status_reason": reason,
        "area": area,
        "place": _limit(values.text(raw.get("place")), 200, row, str(_("Place"))),
        "notes": values.paragraphs(raw.get("notes")),
        "outputs": values.paragraphs(raw.get("outputs")),
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
    keys = ("title", "start_date", "end_date", "status", "status_reason", "area", "place", "notes", "outputs")
    fields = {k: data[k] for k in keys}
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
                    exported="Name",
                ),
                F(
                    "kind",
                    gettext_lazy("Kind"),
                    ("jenis mitra", "jenis", "kategori", "kind", "type"),
                    preview=True,
                    exported="Kind",
                ),
                F("address", gettext_lazy("Address"), ("alamat", "address"), exported="Address"),
                F(
                    "region",
                    gettext_lazy("Region"),
                    ("kabupaten", "kota", "wilayah", "daerah", "region"),
                    exported="Region",
                ),
                F(
                    "location",
                    gettext_lazy("Location"),
                    # after the address: "Alamat lokasi" is an address
                    ("lokasi mitra", "lokasi", "cakupan", "tingkat", "dalam/luar negeri", "location", "scope"),
                    preview=True,
                    exported="Location",
                ),
                F(
                    "status",
                    gettext_lazy("Status"),
                    ("status", "status mitra", "status kemitraan"),
                    preview=True,
                    exported="Status",
                ),
                F(
                    "phone",
                    gettext_lazy("Partner's phone"),
                    ("telepon kantor", "telp kantor", "telepon instansi", "office phone"),
                    exported="Phone",
                ),
                F(
                    "email",
                    gettext_lazy("Partner's e-mail"),
                    ("email", "e-mail", "surel", "email instansi", "email lembaga"),
                    exported="E-mail",
                ),
                F("website", gettext_lazy("Website"), ("website", "situs", "web"), exported="Website"),
                F(
                    "potentials",
                    gettext_lazy("Can offer"),
                    ("potensi", "dapat menawarkan", "can offer"),
                    exported="Can offer",
                ),
                F("notes", gettext_lazy("Notes"), ("catatan", "keterangan", "notes"), exported="Notes"),
                F(
                    "contact_name",
                    gettext_lazy("Contact person"),
                    ("narahubung", "kontak", "contact person", "nama kontak", "pic"),
                    exported="Main contact",
                ),
                F("contact_position", gettext_lazy("Contact's position"), ("jabatan", "position")),
                F(
                    "contact_phone",
                    gettext_lazy("Contact's phone or WhatsApp"),
                    ("no. hp", "hp", "wa", "whatsapp", "telepon", "telp", "phone", "no hp"),
                    exported="Contact's WhatsApp or phone",
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
                F(
                    "partner",
                    gettext_lazy("Partner"),
                    ("mitra", "nama mitra", "instansi", "partner"),
                    True,
                    exported="Partner",
                ),
                F(
                    "name",
                    gettext_lazy("Name"),
                    ("nama", "narahubung", "name", "nama kontak"),
                    True,
                    exported="Name",
                ),
                F("position", gettext_lazy("Position"), ("jabatan", "position"), exported="Position"),
                F("phone", gettext_lazy("Phone"), ("telepon", "telp", "no. hp", "hp", "phone"), exported="Phone"),
                F("whatsapp", gettext_lazy("WhatsApp"), ("wa", "whatsapp"), exported="WhatsApp"),
                F("email", gettext_lazy("E-mail"), ("email", "e-mail", "surel"), exported="E-mail"),
                F(
                    "is_primary",
                    gettext_lazy("Main contact"),
                    ("narahubung utama", "kontak utama", "utama", "main contact"),
                    exported="Main contact",
                ),
            ),
            _clean_contact,
            _save_contact,
        ),
        Target(
            "activities",
            gettext_lazy("Activities"),
            (
                F(
                    "start_date",
                    gettext_lazy("Date"),
                    ("tanggal", "tanggal kegiatan", "date", "waktu"),
                    True,
                    exported="Date",
                ),
                F(
                    "end_date",
                    gettext_lazy("Last day"),
                    ("hari terakhir", "tanggal selesai", "sampai", "last day"),
                    exported="Last day",
                ),
                F(
                    "title",
                    gettext_lazy("Activity"),
                    ("kegiatan", "nama kegiatan", "judul", "activity", "title"),
                    True,
                    exported="Activity",
                ),
                F(
                    "partners",
                    gettext_lazy("Partners"),
                    ("mitra", "partner", "partners", "bersama"),
                    exported="Partners",
                ),
                F(
                    "status",
                    gettext_lazy("Status"),
                    ("status", "keadaan", "keterangan status"),
                    exported="Status",
                ),
                F(
                    "status_reason",
                    gettext_lazy("Why postponed or cancelled"),
                    ("alasan", "alasan ditunda", "alasan batal", "reason"),
                    exported="Why postponed or cancelled",
                ),
                F("area", gettext_lazy("Area"), ("bidang", "area"), exported="Area"),
                F("place", gettext_lazy("Place"), ("tempat", "lokasi", "place"), exported="Place"),
                F(
                    "participants",
                    gettext_lazy("Participants"),
                    ("peserta", "jumlah peserta", "participants"),
                    exported="Participants",
                ),
                F(
                    "notes",
                    gettext_lazy("What happened"),
                    ("uraian", "deskripsi", "catatan", "keterangan", "notes"),
                    exported="What happened",
                ),
                F(
                    "outputs",
                    gettext_lazy("Outputs and outcomes"),
                    ("keluaran", "hasil", "luaran", "outputs"),
                    exported="Outputs and outcomes",
                ),
            ),
            _clean_activity,
            _save_activity,
        ),
    )
}


def _export_names(target: Target) -> list[dict[str, str]]:
    """For each language, the headers of the target's list in Mitra's export -> field."""
    from mitra.reports.exports import EXPORTS

    found = []
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            headers = {str(h).casefold() for h, _get in EXPORTS[target.key].columns()}
            names = {translation.gettext(f.exported).casefold(): f.key for f in target.fields if f.exported}
        found.append({"headers": headers, "fields": names})
    return found


def guess_mapping(target: Target, header: list[str], hidden=()) -> dict[str, int]:
    """Field -> column, from the column names. A file with the header of Mitra's own export of the
    list (in either language) is mapped column by column as it was written; any other file by an
    exact word first, then a word inside the name. Hidden columns are never guessed (a person may
    still choose one)."""
    names = [h.casefold().strip(" :") for h in header]
    given = {n for i, n in enumerate(names) if n and i not in hidden}
    for language in _export_names(target):
        if len(given) >= 3 and given <= language["headers"]:
            mapping = {}
            for i, name in enumerate(names):
                key = language["fields"].get(name)
                if key and key not in mapping and i not in hidden:
                    mapping[key] = i
            return mapping
    mapping, taken = {}, set(hidden)
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


def data_rows(batch: ImportBatch) -> list[list]:
    """The rows below the header (a batch read before headers were looked for holds only those)."""
    lines = batch.layout.get("header_lines")
    if not lines:
        return batch.rows
    return [row for row in batch.rows if row[0] > max(lines)]


def header_line(batch: ImportBatch) -> int | None:
    lines = batch.layout.get("header_lines")
    return lines[0] if lines else None


def set_header(batch: ImportBatch, line: int, keep: dict[str, int] | None = None) -> None:
    """Take `line` as the header: its column names, and the mapping guessed from them, except the
    fields in `keep` (the person's own choices), which stay on their columns. Not saved."""
    target = TARGETS[batch.target]
    header, lines = header_at(batch.rows, batch.layout, line)
    keep = keep or {}
    hidden = set(batch.layout.get("hidden", ())) | set(keep.values())
    guessed = guess_mapping(target, header, hidden)
    batch.header = header
    batch.layout = {**batch.layout, "header_lines": lines}
    batch.mapping = {**{k: v for k, v in guessed.items() if k not in keep}, **keep}


def header_choices(batch: ImportBatch) -> list[tuple[int, str]]:
    """The lines a header may be chosen from: the first HEADER_SEARCH, each with its first names."""
    found = []
    for line, *cells in batch.rows[:HEADER_SEARCH]:
        shown = [n for n in _names(cells) if n]
        text = " · ".join(dict.fromkeys(shown))
        found.append((line, text if len(text) <= 80 else text[:79] + "…"))
    return found


def start(*, school, user, target: str, sheet, file_name: str) -> ImportBatch:
    lines, layout = read_table(sheet)
    found = TARGETS[target]
    batch = ImportBatch(school=school, created_by=user, target=target, file_name=file_name[:200], rows=lines)
    batch.layout = layout
    set_header(batch, find_header(found, lines, layout))
    rows = data_rows(batch)
    if len(rows) > MAX_ROWS:
        raise _too_long()
    if not rows:
        raise ValidationError(
            _("The file has no rows to import: put the column names in the first row, then one row per record.")
        )
    batch.save()
    return batch


def unmapped(batch: ImportBatch, mapping: dict[str, int] | None = None) -> list[tuple[str, str]]:
    """The file's named columns no field takes: (column letter, name)."""
    mapping = batch.mapping if mapping is None else mapping
    used = set(mapping.values())
    width = max((len(r) - 1 for r in data_rows(batch)), default=0)
    return [
        (index_to_letter(i), name)
        for i, name in enumerate(batch.header)
        if i not in used and not (name.startswith("(") and name.endswith(")") and i >= width)
    ]


def file_notes(batch: ImportBatch) -> list[str]:
    """What Mitra did to the file as a whole while reading it, for the preview."""
    layout, notes = batch.layout, []
    first = max(layout.get("header_lines") or [0])
    for first_line, first_col, last_line, last_col in layout.get("merged", []):
        if last_line > first and last_line > first_line:
            cells = f"{index_to_letter(first_col)}{first_line}:{index_to_letter(last_col)}{last_line}"
            notes.append(
                _("Cells %(cells)s are merged in the file: every line they cover was read with their value.")
                % {"cells": cells}
            )
    for i in layout.get("hidden", []):
        if i < len(batch.header):
            notes.append(
                _("Column %(column)s “%(name)s” is hidden in the file; it is imported only if you choose it below.")
                % {"column": index_to_letter(i), "name": batch.header[i]}
            )
    hidden_lines = [line for line in layout.get("hidden_lines", []) if line > first]
    if hidden_lines:
        shown = ", ".join(str(n) for n in hidden_lines[:20]) + ("…" if len(hidden_lines) > 20 else "")
        notes.append(_("Lines %(lines)s are hidden in the file; they are imported like the others.") % {"lines": shown})
    if layout.get("unguarded"):
        notes.append(
            _(
                "%(n)s cells began with an apostrophe before = + - or @ (how Mitra's CSV export keeps a spreadsheet from running them as formulas); the apostrophe was taken away."
            )
            % {"n": layout["unguarded"]}
        )
    return notes


def check(batch: ImportBatch, mapping: dict[str, int] | None = None) -> list[Row]:
    """Every row cleaned as it would be saved, with its problems and warnings; nothing is written."""
    target = TARGETS[batch.target]
    mapping = batch.mapping if mapping is None else mapping
    fields = {f.key: f for f in target.fields}
    known = Known(batch.school)
    checked = []
    for line, *cells in data_rows(batch):
        raw, unreadable = {}, {}
        for key, i in mapping.items():
            value = _uncell(cells[i]) if i < len(cells) else None
            if isinstance(value, Unreadable):
                unreadable[key], value = value, None
            raw[key] = value
        row = target.clean(known, raw, line)
        for key, value in unreadable.items():
            message = f"{fields[key].label}: {value.message}"
            if fields[key].required:
                row.errors.insert(0, message)
            else:
                row.emptied(message)
        checked.append(row)
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
            "changed": [{"line": r.line, "what": r.warnings} for r in saving if r.warnings][:500],
            "changed_count": sum(bool(r.warnings) for r in saving),
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
