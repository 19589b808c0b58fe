"""The appendix: the list of evidence behind the report — every file kept for the period's
activities, and the signed agreements — so a reader can ask for any of them by its number."""

from django.utils.translation import gettext as _

from mitra.activities.selectors import evidence_of, is_verified
from mitra.agreements.selectors import signed_scans_in
from mitra.documents.dates import short_date
from mitra.reports.blocks import Paragraph, Section, Subheading, Table


def evidence(scope) -> Section:
    section = Section(_("Appendix: list of evidence"))
    files = evidence_of(school=scope.school, activities=scope.activities())
    rows = [
        [
            str(i),
            short_date(e.activity.start_date, scope.language),
            e.activity.title,
            e.get_kind_display(),
            f"{e.file.original_name} — {e.caption}" if e.caption else e.file.original_name,
            _("yes") if is_verified(e.activity) else _("no"),
        ]
        for i, e in enumerate(files, start=1)
    ]
    section.blocks.append(Subheading(_("Evidence of the activities")))
    section.blocks.append(
        Table(
            [_("No."), _("Date"), _("Activity"), _("Kind"), _("File and caption"), _("Verified")],
            rows,
            empty=_("No evidence was kept for this period's activities."),
            numeric={0},
        )
    )
    signed = signed_scans_in(school=scope.school, start=scope.start, end=scope.end, partner=scope.partner)
    section.blocks.append(Subheading(_("Signed agreements kept as scans")))
    section.blocks.append(
        Table(
            [_("No."), _("Agreement"), _("Partners"), _("Signed on")],
            [
                [
                    str(i),
                    a.title,
                    ", ".join(p.partner.name for p in a.parties.all() if p.partner_id),
                    short_date(a.signed_on, scope.language) if a.signed_on else "–",
                ]
                for i, a in enumerate(signed, start=1)
            ],
            empty=_("No signed scan of an agreement in force in this period is kept."),
            numeric={0},
        )
    )
    section.blocks.append(
        Paragraph(
            _("The files themselves are kept in Mitra and can be downloaded from each activity's page."), muted=True
        )
    )
    return section
