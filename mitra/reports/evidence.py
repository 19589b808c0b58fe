"""The accreditation evidence pack: a school year's partnership evidence as one ZIP, its files in
folders by stage of the cycle, the annual report beside them, and an index document that says,
for each accreditation item the foundation mapped, which evidence supports it and where it lies,
and a folder with one page per item linking to its files (so nothing is stored twice).

The mapping is the foundation's (AccreditationItem); until it writes its own, the items below are
used. They follow DOMAIN.md §4 (IA 2024 butir 7 and 8, and the leadership component); which butir
of the management component speaks of partnerships is not verified, so none is named."""

import dataclasses
import io
import zipfile
from urllib.parse import quote

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mitra.activities.selectors import communication_files_in, done_only, evidence_of
from mitra.agreements.selectors import signed_scans_in
from mitra.documents.dates import short_date
from mitra.documents.letterhead import letterhead_of
from mitra.evaluation.selectors import observation_photos_in
from mitra.files import pipeline
from mitra.planning import spending
from mitra.reports import content, render
from mitra.reports.blocks import Paragraph, Report, Section, Table
from mitra.reports.models import AccreditationItem
from mitra.reports.scope import Kind
from mitra.schools import jobs

SOURCES = {
    "report": gettext_lazy("The annual partnership report (goals, plan, results, decisions)"),
    "agreements": gettext_lazy("Signed cooperation agreements"),
    "activities": gettext_lazy("Evidence of the activities (photos, attendance, reports)"),
    "communications": gettext_lazy("Letters, minutes and other communication with partners"),
    "observations": gettext_lazy("Photos of the observations"),
    "receipts": gettext_lazy("Receipts of the money spent on the work plan"),
}

DEFAULT_ITEMS = [
    (
        "IA 2024",
        "Butir 7",
        "Layanan belajar yang partisipatif dan kolaboratif",
        ["activities", "observations", "report"],
    ),
    ("IA 2024", "Butir 8", "Pengelolaan anggaran yang transparan dan akuntabel", ["report", "agreements"]),
    (
        "IA 2024",
        "Kepemimpinan",
        "Kepemimpinan kepala satuan pendidikan: kemitraan dan pelibatan pemangku kepentingan",
        ["agreements", "communications", "report"],
    ),
]


def items_of(foundation) -> list:
    found = list(AccreditationItem.objects.filter(foundation=foundation))
    if found:
        return found
    return [
        AccreditationItem(foundation=foundation, instrument=i, code=c, title=t, sources=s)
        for i, c, t, s in DEFAULT_ITEMS
    ]


def _name(*parts) -> str:
    return "-".join(slugify(str(p))[:60] for p in parts if p) or "berkas"


def _file_part(stored) -> str:
    """A stored file's name as it goes into the pack: readable, safe, its extension kept."""
    stem, dot, extension = stored.original_name.rpartition(".")
    if not dot:
        stem, extension = extension, ""
    return (slugify(stem)[:60] or "berkas") + ("." + extension.lower()[:6] if extension else "")


def _collect(scope) -> dict[str, list[tuple[str, object]]]:
    """Source key -> [(path in the archive, stored file)], for the scope's period."""
    school = scope.school
    stages = {"A": _("A-Planning"), "B": _("B-Implementation"), "C": _("C-Evaluation")}
    # Folder names, translated here: a _() inside an f-string is not found by makemessages.
    folders = {"agreements": _("Agreements"), "activities": _("Activities"), "communications": _("Communication")}
    folders["observations"] = _("Observations")
    folders["receipts"] = _("Receipts")
    found = {key: [] for key in SOURCES}
    agreements = signed_scans_in(school=school, start=scope.start, end=scope.end)
    for i, agreement in enumerate(agreements, start=1):
        suffix = _file_part(agreement.signed_scan).rpartition(".")[2]
        path = f"{stages['A']}/{folders['agreements']}/{i:02d}-{_name(agreement.title)}.{suffix}"
        found["agreements"].append((path, agreement.signed_scan))
    for evidence in evidence_of(school=school, activities=done_only(scope.activities())):
        folder = f"{stages['B']}/{folders['activities']}/{evidence.activity.start_date.isoformat()}-{_name(evidence.activity.title)}"
        found["activities"].append((f"{folder}/{evidence.pk}-{_file_part(evidence.file)}", evidence.file))
    for attachment in communication_files_in(school=school, start=scope.start, end=scope.end):
        day = attachment.communication.occurred_on.isoformat()
        path = f"{stages['B']}/{folders['communications']}/{day}/{attachment.pk}-{_file_part(attachment.file)}"
        found["communications"].append((path, attachment.file))
    for record in spending.receipts_in(school=school, start=scope.start, end=scope.end):
        path = f"{stages['B']}/{folders['receipts']}/{record.day.isoformat()}-{record.pk}-{_file_part(record.receipt)}"
        found["receipts"].append((path, record.receipt))
    for photo in observation_photos_in(school=school, start=scope.start, end=scope.end):
        observation = photo.observation
        folder = f"{stages['C']}/{folders['observations']}/{observation.observed_on.isoformat()}-{_name(observation.activity.title)}"
        found["observations"].append((f"{folder}/{photo.pk}-{_file_part(photo.file)}", photo.file))
    return found


def pack(scope, progress=None) -> jobs.Output:
    progress = progress or (lambda percent, step: None)
    with translation.override(scope.language):
        report_stem, index_stem = _("Annual-partnership-report"), _("Index")
        report_name = f"{report_stem}-{scope.year.name.replace('/', '-')}.pdf"
        files = _collect(scope)
        files["report"] = [(report_name, None)]
        items = items_of(scope.school.foundation)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            progress(10, _("The annual report"))
            archive.writestr(report_name, render.pdf(content.build(dataclasses.replace(scope, kind=Kind.ANNUAL))))
            written = 0
            total = sum(len(v) for k, v in files.items() if k != "report") or 1
            for key, entries in files.items():
                fixed = []
                for path, stored in entries:
                    if stored is None:
                        fixed.append((path, None))
                        continue
                    data = pipeline.read(stored)
                    if data is not None:
                        archive.writestr(path, data)
                        fixed.append((path, stored))
                    written += 1
                    if written % 10 == 0:
                        progress(20 + 60 * written // total, _("Files"))
                files[key] = fixed
            progress(85, _("The index"))
            archive.writestr(f"00-{index_stem}.pdf", render.pdf(_index(scope, items, files)))
            folder = _("D-By-accreditation-item")
            for position, item in enumerate(items, start=1):
                page = f"{folder}/{position:02d}-{_name(item.instrument, item.code)}.html"
                archive.writestr(page, _item_page(scope, item, files))
        title = _("Accreditation evidence")
        name = f"{_name(title, scope.school.name, scope.year.name)}.zip"
    return jobs.Output(data=out.getvalue(), name=name, content_type="application/zip")


def _item_page(scope, item, files) -> str:
    """One accreditation item's own page in its folder: the evidence that supports it, each a link
    into the stage folders (relative, so it opens from the unpacked ZIP without copying a file)."""
    rows = [
        {"kind": SOURCES.get(key, key), "path": path, "href": "../" + quote(path)}
        for key in item.sources
        for path, _stored in files.get(key, [])
    ]
    context = {"item": item, "rows": rows, "school": scope.school, "year": scope.year, "language": scope.language}
    return render_to_string("reports/documents/evidence_item.html", context)


def _index(scope, items, files) -> Report:
    sections = [
        Section(
            _("How this pack is arranged"),
            blocks=[
                Paragraph(
                    _(
                        "The files are in folders by stage of the partnership cycle (planning, implementation, "
                        "evaluation), each activity in its own folder named by its date. The annual report beside "
                        "them holds the goals, the work plan, the evaluation results, the obstacles and the "
                        "decisions. Below, each accreditation item with the evidence that supports it; the "
                        "folder D holds the same per item, as pages whose links open the files."
                    )
                )
            ],
        )
    ]
    for item in items:
        rows = []
        for key in item.sources:
            for path, _stored in files.get(key, []):
                rows.append([str(SOURCES.get(key, key)), path])
        sections.append(
            Section(
                f"{item.instrument} · {item.code}: {item.title}",
                level=2,
                blocks=[
                    Table(
                        [_("Evidence"), _("File in this pack")],
                        rows,
                        empty=_("No evidence of these kinds in this school year."),
                    )
                ],
            )
        )
    return Report(
        kind="evidence",
        language=scope.language,
        title=_("Accreditation evidence of the partnerships"),
        cover_lines=[scope.school.name, scope.period_label, scope.dates_label],
        letterhead=letterhead_of(scope.school),
        sections=sections,
        date_line=content.dated(scope),
        signatures=content.signatures(scope),
        file_stem="index",
        footer=_("Made with Mitra on %(day)s") % {"day": short_date(scope.today, scope.language)},
    )


@jobs.runner("evidence")
def evidence_job(job, access, progress) -> jobs.Output:
    from mitra.reports.generate import scope_from

    scope = scope_from(access, {**job.params, "kind": Kind.ANNUAL})
    return pack(scope, progress)
