"""A forum's attendance list (daftar hadir) as a PDF to print and sign at the door: the kop surat,
the forum, its day (Masehi and Hijri), place and agenda, then numbered rows — the people already
recorded first, then empty rows — with the signature column staggered left and right, as such
lists are signed in Indonesia, so that neighbours' signatures do not run into each other."""

from django.utils import translation
from django.utils.translation import gettext as _

from mitra.documents import typst_pdf
from mitra.documents.dates import WEEKDAYS, hijri_date, long_date
from mitra.documents.letterhead import letterhead_of

ROWS = 30  # a sheet holds at least this many rows, and at least five empty ones


def file_name(forum) -> str:
    stem = "".join(ch if ch.isalnum() else "-" for ch in forum.title)[:60].strip("-") or "forum"
    called = _("attendance")  # outside the f-string, where makemessages finds it
    return f"{called}-{stem}-{forum.date.isoformat()}.pdf"


def typst_data(forum, attendance, labels: dict) -> tuple[dict, typst_pdf.Files]:
    language = translation.get_language() or "id"
    language = "en" if language.startswith("en") else "id"
    head, files = letterhead_of(forum.school), typst_pdf.Files()
    day = forum.date
    hijri = hijri_date(day, forum.school.hijri_offset, language)
    when = f"{WEEKDAYS[language][day.weekday()]}, {long_date(day, language)} / {hijri}"
    rows = []
    for entry in attendance:
        group = str(labels.get(entry.group, entry.group))
        rows.append([entry.name, f"{group} · {entry.partner.name}" if entry.partner else group])
    rows += [["", ""]] * max(ROWS - len(rows), 5)
    data = {
        "lang": language,
        "title": f"{_('Attendance list')}: {forum.title}",
        "author": head.name,
        "letterhead": typst_pdf.letterhead(head, files),
        "heading": _("ATTENDANCE LIST"),
        "facts": [
            [_("Forum"), forum.title],
            [_("Day, date"), when],
            [_("Place"), forum.place or "–"],
        ]
        + ([[_("Agenda"), " ".join(forum.agenda.split())]] if forum.agenda.strip() else []),
        "columns": [_("No."), _("Name"), _("Group / institution"), _("Signature")],
        "rows": rows,
    }
    return data, files


def as_pdf(forum, attendance, labels: dict) -> bytes:
    return typst_pdf.render("attendance.typ", *typst_data(forum, attendance, labels))
