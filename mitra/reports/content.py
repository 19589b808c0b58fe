"""What each written report says, in the order of the partnership cycle (MODEL.md): a summary,
then A. planning, B. implementation, C. evaluation, and the list of evidence.

Four reports share the sections: the annual report (everything, for a school year), the semester
report (the same, for one semester), the partnership report (everything about one partner) and the
accountability summary for the school committee and the foundation (the figures and decisions,
without photos or appendix). Everything is written in the report's language, whatever the reader's."""

from django.utils import translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from mitra.activities import contributions
from mitra.documents.dates import long_date, place_and_date
from mitra.documents.letterhead import letterhead_of
from mitra.evaluation.selectors import recommendations_of_year, resolved_counts
from mitra.letters.selectors import signing_record
from mitra.letters.services import head_title, principal_of
from mitra.partners.selectors import active_partners, area_labels
from mitra.reports.blocks import Figures, Paragraph, Report, Section, Signature, Table
from mitra.reports.scope import Kind, Scope
from mitra.reports.sections import appendix, evaluation, implementation, planning
from mitra.schools.money import rupiah
from mitra.schools.roles import Role
from mitra.schools.selectors import first_member

STAGES = {"A": planning, "B": implementation, "C": evaluation}

# Which parts each report has, stage by stage.
PARTS = {
    Kind.ANNUAL: {
        "A": ["goals", "partners", "needs", "work_plan", "agreements", "socialization"],
        "B": [
            "activities",
            "highlights",
            "participation",
            "involvement",
            "measures",
            "funds",
            "team_and_communication",
            "documentation",
        ],
        "C": ["results", "observations", "obstacles", "recommendations", "indicators", "health", "committee"],
    },
    Kind.PARTNERSHIP: {
        "A": ["work_plan", "agreements", "socialization"],
        "B": [
            "activities",
            "highlights",
            "participation",
            "measures",
            "funds",
            "team_and_communication",
            "documentation",
        ],
        "C": ["results", "observations", "obstacles", "recommendations", "health"],
    },
    Kind.ACCOUNTABILITY: {
        "A": ["goals", "work_plan", "agreements"],
        "B": ["activities", "participation", "measures", "funds", "documentation"],
        "C": ["obstacles", "recommendations", "indicators", "health", "committee"],
    },
}
PARTS[Kind.SEMESTER] = PARTS[Kind.ANNUAL]


def titles() -> dict:
    return {
        Kind.ANNUAL: _("Annual partnership report"),
        Kind.SEMESTER: _("Semester partnership report"),
        Kind.PARTNERSHIP: _("Partnership report"),
        Kind.ACCOUNTABILITY: _("Accountability summary of the partnerships"),
    }


def stage_titles() -> dict:
    return {"A": _("Planning"), "B": _("Implementation"), "C": _("Evaluation")}


def summary(scope) -> Section:
    counts = implementation.activity_counts(scope)
    participants = sum(r["total"] for r in implementation.participation_rows(scope))
    _rows, agreement_counts = planning.agreement_rows(scope)
    obstacles = resolved_counts(evaluation.obstacles_of(scope))
    found = evaluation.evaluation_counts(scope)
    recommendations = recommendations_of_year(school=scope.school, year=scope.year, partner=scope.partner).count()
    items = []
    if scope.partner is None:
        active = active_partners(school=scope.school)
        items.append((str(active.count()), _("active partners")))
    items += [
        (str(agreement_counts["in_force"]), _("agreements in force")),
        (str(counts["done"]), _("activities done")),
        (str(participants), _("participants counted")),
    ]
    money = implementation.money_of(scope) if scope.partner is None else None
    if money is not None:
        items.append((rupiah(money.total.spent, scope.language), _("spent on the work plan")))
    items += [
        (rupiah(contributions.totals_of(implementation.given_in(scope)).value, scope.language), _("given by partners")),
        (str(found["rounds"]), _("evaluation rounds")),
        (str(found["responses"]), _("evaluation responses")),
        (f"{obstacles['resolved']} / {obstacles['n']}", _("obstacles resolved")),
        (str(recommendations), _("recommendations")),
    ]
    section = Section(_("Summary"))
    section.blocks.append(
        Paragraph(
            _(
                "This report is drawn from what the school recorded in Mitra from %(first)s to %(last)s. "
                "It follows the three stages of the partnership cycle: planning, implementation and evaluation."
            )
            % {"first": long_date(scope.start, scope.language), "last": long_date(scope.end, scope.language)}
        )
    )
    section.blocks.append(Figures(items))
    if scope.partner is None and (chart := planning.kinds_chart(scope)):
        section.blocks.append(chart)
    return section


def profile(scope) -> Section:
    """The partner itself, at the head of a partnership report."""
    partner = scope.partner
    areas = area_labels()
    contacts = [
        " · ".join(part for part in (c.name, c.position, c.whatsapp or c.phone, c.email) if part)
        for c in partner.contacts.all()
    ]
    offers = [
        f"{areas.get(p.area, p.area)}" + (f": {p.description}" if p.description else "")
        for p in partner.potentials.all()
    ]
    rows = [
        (_("Kind"), partner.get_kind_display()),
        (_("Location"), partner.get_location_display()),
        (_("Status"), partner.get_status_display()),
        (_("Address"), " ".join(part for part in (partner.address, partner.region) if part) or "–"),
        (_("Contact persons"), "; ".join(contacts) or "–"),
        (_("What they can offer"), "; ".join(offers) or "–"),
    ]
    return Section(_("The partner"), blocks=[Table(["", ""], [list(r) for r in rows])])


def _signer(school, user) -> tuple[str, str]:
    """(name, NIP line) as the person signs the school's letters and agreements; without such a
    record, the name the account has and no NIP."""
    if user is None:
        return "", ""
    record = signing_record(school=school, user=user)
    if record is None:
        return user.get_full_name(), ""
    return record.name, f"NIP/NIY {record.id}"


def dated(scope) -> str:
    """The report's place and date, as the school's letters are dated: the Hijri date first (after
    the school's day offset), then the common era's."""
    place = scope.school.region.split(",")[0].strip()
    return place_and_date(place, scope.today, language=scope.language, hijri=True, offset=scope.school.hijri_offset)


def signatures(scope) -> list[Signature]:
    principal = principal_of(scope.school)
    coordinator = first_member(school=scope.school, role=Role.COORDINATOR)
    # As Indonesian reports are signed: the head "knows of it" on the left, the one who wrote it
    # signs on the right under the place and date; each under their position, the NIP under the name.
    name, id_line = _signer(scope.school, principal)
    found = [Signature(_("Approved by,"), name, head_title(scope.school, scope.language), id_line)]
    if coordinator:
        name, id_line = _signer(scope.school, coordinator.user)
        found.append(Signature("", name, _("Partnership coordinator"), id_line))
    return found


def _file_stem(scope) -> str:
    parts = [titles()[scope.kind], scope.school.name, scope.year.name.replace("/", "-")]
    if scope.semester:
        parts.append(f"semester-{scope.semester}")
    if scope.partner is not None:
        parts.append(scope.partner.name)
    return slugify(" ".join(parts), allow_unicode=True)[:120]  # a partner named in Arabic keeps its name


def build(scope: Scope, progress=None) -> Report:
    """The report's content; `progress(percent, step)` is told as each part is read (0–60%)."""
    progress = progress or (lambda percent, step: None)
    with translation.override(scope.language):
        sections = [summary(scope)]
        if scope.partner is not None:
            sections.insert(0, profile(scope))
        total = sum(len(names) for names in PARTS[scope.kind].values())
        done = 0
        for letter, names in PARTS[scope.kind].items():
            sections.append(Section(stage_titles()[letter], number=letter))
            module = STAGES[letter]
            for n, name in enumerate(names, start=1):
                part = getattr(module, name)(scope)
                part.number = f"{letter}.{n}"
                sections.append(part)
                done += 1
                progress(5 + 55 * done // total, part.title)
        if scope.kind != Kind.ACCOUNTABILITY:
            sections.append(appendix.evidence(scope))
        cover = [scope.school.name, scope.period_label, scope.dates_label]
        if scope.partner is not None:
            cover.insert(0, _("Partnership with %(partner)s") % {"partner": scope.partner.name})
        if scope.kind == Kind.ACCOUNTABILITY:
            cover.append(
                _("For the school committee and %(foundation)s") % {"foundation": scope.school.foundation.name}
            )
        day = long_date(scope.today, scope.language)
        date_line = dated(scope)
        return Report(
            kind=scope.kind,
            language=scope.language,
            title=titles()[scope.kind],
            cover_lines=cover,
            letterhead=letterhead_of(scope.school),
            sections=sections,
            date_line=date_line,
            signatures=signatures(scope),
            file_stem=_file_stem(scope),
            footer=_("Made with Mitra on %(day)s") % {"day": day},
        )
