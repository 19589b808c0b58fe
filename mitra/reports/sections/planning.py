"""Part A of a report, the planning stage (MODEL.md §1): goals and their values, the partners, the
needs against what partners offer, the work plan against what was done, the agreements and the
socialization forums."""

from collections import Counter

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from mitra.activities.selectors import done_by_area_with_partners, planned_records, unplanned_done_count
from mitra.agreements.selectors import agreements_with_parties
from mitra.agreements.status import Status, is_in_force, renewal_note, status_of
from mitra.documents.dates import long_date, short_date
from mitra.partners.selectors import area_labels, by_kind_and_location, kind_labels, location_choices, partners_by_kind
from mitra.planning.selectors import (
    audience_labels,
    coverage_matrix,
    forums_in,
    goals_with_values,
    occurrences,
    planned_activities,
)
from mitra.reports.blocks import Figure, Figures, Paragraph, Section, Table
from mitra.reports.charts import Bar, Chart
from mitra.reports.numbers import percent


def plan_status_line(scope) -> str:
    """Which revision of the plan the report reads, and who approved it (said plainly when the one
    who approved it also wrote it, and when it is not approved at all)."""
    plan = scope.plan
    said = _("Plan revision %(revision)s, %(status)s.") % {
        "revision": plan.revision,
        "status": plan.get_status_display().lower(),
    }
    if plan.approved_at is None:
        return f"{said} " + _("It has not been approved yet: its items may still change.")
    who = plan.approved_by.get_full_name() or plan.approved_by.username if plan.approved_by else "—"
    approved = _("Approved by %(who)s on %(day)s.") % {
        "who": who,
        "day": long_date(timezone.localtime(plan.approved_at).date(), scope.language),
    }
    if plan.approved_by_author:
        approved = f"{approved} " + _("The one who approved it also wrote it.")
    return f"{said} {approved}"


def goals(scope) -> Section:
    section = Section(_("Goals and the values they rest on"), level=2)
    if scope.plan is None:
        section.blocks.append(Paragraph(_("No work plan was made for this school year."), muted=True))
        return section
    found = goals_with_values(school=scope.school, plan=scope.plan)
    section.blocks.append(Paragraph(plan_status_line(scope)))
    section.blocks.append(
        Table(
            [_("Goal"), _("Serves (vision or mission)"), _("Values")],
            [[g.title, g.serves, ", ".join(v.name for v in g.values.all())] for g in found],
            empty=_("The plan has no goals yet."),
        )
    )
    return section


def partners(scope) -> Section:
    section = Section(_("Partners by kind and by area"), level=2)
    school = scope.school
    kinds = kind_labels()
    counted = by_kind_and_location(school=school)
    by_kind, by_location = Counter(), Counter()
    active_by_kind, active_by_location = Counter(), Counter()
    for r in counted:
        by_kind[r["kind"]] += r["n"]
        active_by_kind[r["kind"]] += r["active"]
        by_location[r["location"]] += r["n"]
        active_by_location[r["location"]] += r["active"]
    found = sorted(by_kind, key=lambda kind: (-by_kind[kind], kind))
    rows = [[str(kinds.get(k, k)), str(by_kind[k]), str(active_by_kind[k])] for k in found]
    total = [_("Total"), str(by_kind.total()), str(active_by_kind.total())]
    section.blocks.append(
        Table(
            [_("Kind of partner"), _("Partners"), _("Active")],
            rows,
            empty=_("No partners are recorded."),
            numeric={1, 2},
            total=total if rows else None,
        )
    )
    if rows:
        # Seed 001: partners "di dalam maupun luar negeri"; every location is listed, none left out.
        section.blocks.append(
            Table(
                [_("Where the partners are"), _("Partners"), _("Active")],
                [
                    [str(label), str(by_location[key]), str(active_by_location[key])]
                    for key, label in location_choices()
                ],
                numeric={1, 2},
                total=total,
            )
        )
    areas = area_labels()
    by_area = done_by_area_with_partners(scope.activities())
    ordered = sorted(by_area.items(), key=lambda item: (-item[1]["activities"], str(areas.get(item[0], item[0]))))
    section.blocks.append(
        Table(
            [_("Area"), _("Partners worked with"), _("Activities done")],
            [[str(areas.get(a, a)), str(len(v["partners"])), str(v["activities"])] for a, v in ordered],
            empty=_("No activity was done in this period."),
            numeric={1, 2},
        )
    )
    return section


def needs(scope) -> Section:
    section = Section(_("The school's needs and what partners offer"), level=2)
    if scope.plan is None:
        section.blocks.append(Paragraph(_("No work plan was made for this school year."), muted=True))
        return section
    matrix = coverage_matrix(access=scope.access, plan=scope.plan)
    strength = {
        "strong": _("met by a chosen partner"),
        "possible": _("a partner could meet it"),
        "none": _("no partner yet"),
    }
    areas = area_labels()
    names = {p.pk: p.name for p in matrix["partners"]}
    rows = []
    for row in matrix["rows"]:
        chosen = [names[pk] for pk, state in row.cells.items() if state == "selected"]
        rows.append(
            [
                row.need.title,
                str(areas.get(row.need.area, row.need.area)),
                row.need.get_priority_display(),
                strength[row.strength],
                ", ".join(sorted(chosen)),
            ]
        )
    counts = Counter(row.strength for row in matrix["rows"])
    if rows:
        section.blocks.append(
            Figures(
                [
                    (str(len(rows)), _("needs mapped")),
                    (str(counts["strong"]), _("met by a chosen partner")),
                    (str(counts["none"]), _("with no partner yet")),
                ]
            )
        )
    section.blocks.append(
        Table(
            [_("Need"), _("Area"), _("Priority"), _("Coverage"), _("Chosen partners")],
            rows,
            empty=_("No needs were mapped in the plan."),
        )
    )
    return section


def work_plan(scope) -> Section:
    """Each planned activity of the period: how often it was planned, how often it was done."""
    section = Section(_("The work plan against what was done"), level=2)
    if scope.plan is None:
        section.blocks.append(Paragraph(_("No work plan was made for this school year."), muted=True))
        return section
    planned = planned_activities(school=scope.school, plan=scope.plan, partner=scope.partner)
    records, stopped = planned_records(school=scope.school, start=scope.start, end=scope.end, planned=planned)
    # Only what was due by the end of the period (or today) counts against the school; what lies
    # ahead is shown, not counted as missed.
    rows, times_due, times_done, fully = [], 0, 0, 0
    for activity in planned:
        times = len(occurrences(activity, scope.start, scope.end))
        if not times:
            continue
        due = len(occurrences(activity, scope.start, scope.as_of))
        done = records.get(activity.pk, 0)
        times_due += due
        times_done += min(done, due)
        fully += bool(due) and done >= due
        if due and done >= due:
            state = _("done")
        elif activity.pk in stopped:
            state = stopped[activity.pk]
        elif done:
            state = _("partly done")
        else:
            state = _("not yet due") if not due else _("not done")
        rows.append(
            [
                activity.programme.name,
                activity.title,
                short_date(activity.start_date, scope.language),
                f"{done} / {due} / {times}",
                str(state),
            ]
        )
    section.blocks.append(
        Figures(
            [
                (str(len(rows)), _("planned activities in the period")),
                (str(fully), _("done as planned so far")),
                (percent(times_done, times_due), _("of the occurrences due so far done")),
            ]
        )
    )
    section.blocks.append(
        Table(
            [_("Programme"), _("Planned activity"), _("Planned for"), _("Done / due / planned"), _("State")],
            rows,
            empty=_("Nothing of the work plan falls in this period."),
            numeric={3},
        )
    )
    unplanned = unplanned_done_count(scope.activities())
    if unplanned:
        section.blocks.append(
            Paragraph(
                _("Besides the plan, %(n)s activities were done that the work plan did not list.") % {"n": unplanned}
            )
        )
    return section


def agreement_rows(scope) -> tuple[list[dict], Counter]:
    """The agreements that touch the period, each with its status at the end of the period, and
    the counts the report shows: new, in force, renewed, expiring, ended, being prepared. Each
    agreement counts once: a version replaced by a signed addendum is left out."""
    agreements = agreements_with_parties(school=scope.school, partner=scope.partner)
    rows, counts = [], Counter()
    for agreement in agreements:
        status = status_of(agreement, scope.as_of)
        if status in (Status.DRAFT, Status.REVIEW):
            counts["prepared"] += 1
            continue
        if status == Status.REPLACED:
            continue
        signed_in = agreement.signed_on is not None and scope.start <= agreement.signed_on <= scope.end
        overlaps = agreement.start_date <= scope.end and agreement.end_date >= scope.start
        if not (signed_in or overlaps):
            continue
        ended = (scope.start <= agreement.end_date <= scope.as_of and status == Status.EXPIRED) or (
            agreement.terminated_on is not None and scope.start <= agreement.terminated_on <= scope.as_of
        )
        counts["new"] += signed_in
        counts["in_force"] += is_in_force(agreement, scope.as_of)
        counts["renewed"] += status == Status.RENEWED
        counts["expiring"] += status == Status.EXPIRING
        counts["ended"] += ended
        first = next((p for p in agreement.parties.all() if p.is_first_party), None)
        rows.append(
            {
                "agreement": agreement,
                "number": first.document_number if first else "",
                "partners": ", ".join(p.partner.name for p in agreement.parties.all() if p.partner_id),
                "status": status,
                "note": renewal_note(agreement, scope.as_of),
                "new": signed_in,
            }
        )
    return rows, counts


def agreements(scope) -> Section:
    section = Section(_("Cooperation agreements"), level=2)
    rows, counts = agreement_rows(scope)
    section.blocks.append(
        Figures(
            [
                (str(counts["new"]), _("signed in the period")),
                (str(counts["in_force"]), _("in force on %(day)s") % {"day": long_date(scope.as_of, scope.language)}),
                (str(counts["renewed"]), _("renewed")),
                (str(counts["expiring"]), _("expiring within 90 days")),
                (str(counts["ended"]), _("ended")),
            ]
        )
    )
    language = scope.language
    section.blocks.append(
        Table(
            [_("Number"), _("Agreement"), _("Partners"), _("In force"), _("Status")],
            [
                [
                    row["number"],
                    f"{row['agreement'].get_kind_display()} · {row['agreement'].title}",
                    row["partners"],
                    f"{short_date(row['agreement'].start_date, language)} – {short_date(row['agreement'].end_date, language)}",
                    " · ".join(filter(None, [str(row["status"].label), _("new") if row["new"] else "", row["note"]])),
                ]
                for row in rows
            ],
            empty=_("No agreement was in force in this period."),
        )
    )
    if counts["prepared"]:
        section.blocks.append(
            Paragraph(_("%(n)s more agreements are being prepared (draft or in review).") % {"n": counts["prepared"]})
        )
    return section


def socialization(scope) -> Section:
    section = Section(_("Socialization forums"), level=2)
    forums = forums_in(school=scope.school, start=scope.start, end=scope.end, partner=scope.partner)
    audiences = audience_labels()
    rows = [
        [
            short_date(f.date, scope.language),
            f.title,
            ", ".join(str(audiences.get(a, a)) for a in f.audiences),
            str(f.present),
            _("yes") if f.minutes.strip() else _("no"),
        ]
        for f in forums
    ]
    section.blocks.append(
        Table(
            [_("Date"), _("Forum"), pgettext("who a forum is for", "For"), _("Present"), _("Minutes")],
            rows,
            empty=_("No socialization forum was held in this period."),
            numeric={3},
            total=[_("Total"), str(len(rows)), "", str(sum(f.present for f in forums)), ""] if rows else None,
        )
    )
    return section


def kinds_chart(scope) -> Figure | None:
    """Partners by kind as bars, for the summary."""
    bars = [Bar(str(r["kind"]), r["n"]) for r in partners_by_kind(school=scope.school)]
    return Figure(Chart(_("Partners by kind"), bars)) if bars else None


def needs_coverage_counts(scope) -> Counter:
    if scope.plan is None:
        return Counter()
    return Counter(row.strength for row in coverage_matrix(access=scope.access, plan=scope.plan)["rows"])
