"""Part B of a report, the implementation stage (MODEL.md §2): the activities by area and month,
highlights with their photos, who took part, the team and its communication, and how completely
the activities are documented."""

from django.utils.translation import gettext as _

from mitra.activities import contributions
from mitra.activities import involvement as reach
from mitra.activities import measures as measure_reads
from mitra.activities import selectors as activity_reads
from mitra.documents.dates import MONTHS, long_date, short_date
from mitra.documents.money import rupiah_in_words
from mitra.files import pipeline
from mitra.letters.selectors import letter_counts
from mitra.partners.selectors import OTHER_AREA, area_labels
from mitra.planning import spending
from mitra.reports.blocks import Figure, Figures, Paragraph, Photo, Photos, Section, Subheading, Table
from mitra.reports.charts import Bar, Chart
from mitra.reports.numbers import percent
from mitra.reports.scope import Kind
from mitra.schools.money import rupiah

HIGHLIGHTS = 6
NOTES_SHOWN = 400


def _months(scope) -> list:
    """The first day of every month of the period."""
    day, months = scope.start.replace(day=1), []
    while day <= scope.end:
        months.append(day)
        day = day.replace(year=day.year + day.month // 12, month=day.month % 12 + 1)
    return months


def activity_counts(scope) -> dict:
    return activity_reads.period_counts(scope.activities())


def area_chart(scope) -> Chart:
    areas = area_labels()
    found = activity_reads.done_by_area(scope.activities())
    return Chart(
        _("Activities done, by area"),
        [Bar(str(areas.get(r["area"] or OTHER_AREA, r["area"])), r["n"]) for r in found],
    )


def month_chart(scope) -> Chart:
    per_month = activity_reads.done_by_month(scope.activities())
    names = MONTHS["en" if scope.language == "en" else "id"]
    return Chart(
        _("Activities done, per month"),
        [Bar(names[m.month - 1][:3], per_month.get(m, 0)) for m in _months(scope)],
        shape="columns",
    )


def activities(scope) -> Section:
    section = Section(_("Activities by area"), level=2)
    counts = activity_counts(scope)
    section.blocks.append(
        Figures(
            [
                (str(counts["done"]), _("activities done")),
                (str(counts["planned"]), _("still planned")),
                (str(counts["postponed"]), _("postponed")),
                (str(counts["cancelled"]), _("cancelled")),
            ]
        )
    )
    if counts["done"]:
        section.blocks.append(Figure(area_chart(scope)))
        section.blocks.append(Figure(month_chart(scope)))
    section.blocks.append(Subheading(_("Activities of the period")))
    section.blocks.append(activity_table(scope))
    return section


def activity_table(scope) -> Table:
    """Every activity of the period that happened or was called off, with who took part."""
    areas = area_labels()
    found = activity_reads.held_or_called_off(scope.activities())
    rows = []
    for activity in found:
        state = activity.get_status_display()
        if activity_reads.is_verified_done(activity):
            state = f"{state}, {_('verified')}"
        rows.append(
            [
                short_date(activity.start_date, scope.language),
                activity.title,
                ", ".join(p.name for p in activity.partners.all()),
                str(areas.get(activity.area, "")) if activity.area else "–",
                str(activity.people or 0),
                str(activity.files or 0),
                state,
            ]
        )
    return Table(
        [_("Date"), _("Activity"), _("Partners"), _("Area"), _("Participants"), _("Files"), _("State")],
        rows,
        empty=_("No activity was done in this period."),
        numeric={4, 5},
    )


def highlights(scope) -> Section:
    """The period's done activities with photos, verified ones first, each with up to two of its
    pictures and the names of its other files (documents are listed, never drawn)."""
    section = Section(_("Activity highlights"), level=2)
    chosen = activity_reads.with_photos(school=scope.school, activities=scope.activities(), limit=HIGHLIGHTS)
    if not chosen:
        section.blocks.append(Paragraph(_("No done activity of this period has a photo yet."), muted=True))
        return section
    for activity in chosen:
        partners = ", ".join(p.name for p in activity.partners.all())
        section.blocks.append(Subheading(activity.title))
        facts = [long_date(activity.start_date, scope.language), activity.place, partners]
        section.blocks.append(Paragraph(" · ".join(f for f in facts if f), muted=True))
        if activity.notes:
            notes = activity.notes if len(activity.notes) <= NOTES_SHOWN else activity.notes[: NOTES_SHOWN - 1] + "…"
            section.blocks.append(Paragraph(notes))
        shown = []
        # Photos of the activity first, then other pictures (a photographed attendance list).
        pictures = activity_reads.pictures_of(activity)
        for evidence in pictures[:2]:
            data = pipeline.read(evidence.file, thumbnail=True)
            if data:
                content_type = "image/jpeg" if evidence.file.thumbnail_path else evidence.file.content_type
                shown.append(Photo(data, content_type, evidence.caption or activity.title))
        if shown:
            section.blocks.append(Photos(shown))
        documents = [e for e in activity.files if not e.is_photo]
        if documents:
            names = "; ".join(document_label(e) for e in documents)
            section.blocks.append(Paragraph(_("Documents: %(names)s") % {"names": names}, muted=True))
    return section


def document_label(evidence) -> str:
    """How a document is named in a report: its kind, its file's name, and its caption if any."""
    label = f"{evidence.get_kind_display()}: {evidence.file.original_name}"
    return f"{label} ({evidence.caption})" if evidence.caption else label


def participation_rows(scope) -> list[dict]:
    return activity_reads.participation_by_group(school=scope.school, activities=scope.activities())


def participation(scope) -> Section:
    section = Section(_("Participation"), level=2)
    rows = participation_rows(scope)
    total = sum(r["total"] for r in rows)
    section.blocks.append(
        Table(
            [_("Group"), _("Boys / men"), _("Girls / women"), _("Not counted by sex"), _("Total")],
            [[r["label"], str(r["m"]), str(r["f"]), str(r["other"]), str(r["total"])] for r in rows],
            empty=_("No participants were counted in this period's activities."),
            numeric={1, 2, 3, 4},
            total=[
                _("Total"),
                str(sum(r["m"] for r in rows)),
                str(sum(r["f"] for r in rows)),
                str(sum(r["other"] for r in rows)),
                str(total),
            ]
            if rows
            else None,
        )
    )
    if rows:
        section.blocks.append(
            Paragraph(_("Counted as taking part: %(n)s times a person, over the activities done.") % {"n": total})
        )
    return section


def team_and_communication(scope) -> Section:
    section = Section(_("The team and its communication"), level=2)
    terms = activity_reads.team_terms(school=scope.school, start=scope.start, end=scope.end)
    if scope.partner is None:
        section.blocks.append(Subheading(_("Partnership team")))
        section.blocks.append(
            Table(
                [_("Person"), _("Role in the team"), _("From"), _("Until")],
                [
                    [
                        t.user.get_full_name() or t.user.get_username(),
                        t.get_role_display(),
                        short_date(t.starts_on, scope.language),
                        short_date(t.ends_on, scope.language),
                    ]
                    for t in terms
                ],
                empty=_("No team was recorded for this period."),
            )
        )
        rotating = sum(1 for t in terms if activity_reads.is_rotating(t))
        if rotating:
            section.blocks.append(Paragraph(_("%(n)s terms were held by teachers in rotation.") % {"n": rotating}))
    section.blocks.append(Subheading(_("Communication with partners")))
    where = {"school": scope.school, "start": scope.start, "end": scope.end, "partner": scope.partner}
    by_channel = activity_reads.communication_by_channel(**where)
    counted = letter_counts(**where)
    rows = [[label, str(n)] for label, n in by_channel]
    rows += [
        [_("Letters sent (agenda surat)"), str(counted["out"])],
        [_("Letters received"), str(counted["came"])],
    ]
    section.blocks.append(Table([_("Channel"), _("Recorded")], rows, numeric={1}))
    return section


def documentation(scope) -> Section:
    section = Section(_("Documentation of the activities"), level=2)
    counts = activity_counts(scope)
    section.blocks.append(
        Figures(
            [
                (percent(counts["documented"], counts["done"]), _("of done activities have evidence")),
                (percent(counts["verified"], counts["done"]), _("of done activities are verified")),
                (str(counts["done"] - counts["documented"]), _("done activities without evidence")),
            ]
        )
    )
    section.blocks.append(
        Paragraph(
            _(
                "%(documented)s of %(done)s done activities have a photo or file; %(verified)s were verified by the coordinator or the principal."
            )
            % counts
        )
    )
    return section


# --- Funds and what partners gave (issue 26) ----------------------------------------------------------


def given_in(scope):
    """The partners' contributions of the period (of the one partner, in a partnership report)."""
    return contributions.contribution_list(school=scope.school, start=scope.start, end=scope.end, partner=scope.partner)


def money_of(scope) -> spending.Summary | None:
    """Planned and spent on the year's work plan, spent counted within the period; None without a plan."""
    if scope.plan is None:
        return None
    return spending.summary(school=scope.school, plan=scope.plan, start=scope.start, end=scope.end)


def _hours(value, language: str) -> str:
    """Person-hours as the report's language writes a decimal: "7,5" or "7.5"."""
    text = f"{value.normalize():f}" if value else "0"
    return text if language == "en" else text.replace(".", ",")


def funds(scope) -> Section:
    """The money: the work plan's budget against what was spent, per programme and per source of funds
    (not in a partnership report: money is planned per programme, not per partner), and what partners
    gave — money, goods and services in kind at their estimated value, and people's time."""
    section = Section(_("Funds and what partners gave"), level=2)
    rp = lambda amount: rupiah(amount, scope.language)  # noqa: E731
    given = given_in(scope)
    totals = contributions.totals_of(given)
    figures = []
    money = money_of(scope) if scope.partner is None else None
    if money is not None:
        figures += [
            (rp(money.total.planned), _("budgeted in the work plan")),
            (rp(money.total.spent), _("spent")),
            (percent(money.total.spent, money.total.planned), _("of the budget spent")),
        ]
    figures += [
        (rp(totals.value), _("given by partners, at its value")),
        (_hours(totals.person_hours, scope.language), _("person-hours given by partners")),
    ]
    section.blocks.append(Figures(figures))
    if scope.partner is None:
        if money is None:
            section.blocks.append(Paragraph(_("No work plan was made for this school year."), muted=True))
        else:
            _spending_tables(section, scope, rp)
    _contribution_tables(section, scope, given, totals, rp)
    if scope.kind == Kind.ACCOUNTABILITY and money is not None:
        section.blocks.append(
            Paragraph(
                _("Spent on the work plan in this period: %(amount)s (%(words)s).")
                % {"amount": rp(money.total.spent), "words": rupiah_in_words(money.total.spent, scope.language)}
            )
        )
    return section


def _spending_tables(section, scope, rp) -> None:
    lines, found = spending.programme_lines(school=scope.school, plan=scope.plan, start=scope.start, end=scope.end)
    over = _("over the budget")
    section.blocks.append(Subheading(_("Budget and spending per programme")))
    section.blocks.append(
        Table(
            # "Over the budget" in a column of its own: the figures stay narrow, the note wraps.
            [_("Programme"), _("Budgeted"), _("Spent"), _("Left"), _("Note")],
            [
                [name, rp(line.planned), rp(line.spent), rp(line.left), over if line.over else ""]
                for name, line in lines
            ],
            empty=_("The work plan has no programme."),
            numeric={1, 2, 3},
            total=[_("Total"), rp(found.total.planned), rp(found.total.spent), rp(found.total.left), ""]
            if lines
            else None,
        )
    )
    labels = spending.source_labels()
    section.blocks.append(Subheading(_("Per source of funds")))
    section.blocks.append(
        Table(
            [_("Source of funds"), _("Budgeted"), _("Spent")],
            [
                [label, rp(found.by_source[source].planned), rp(found.by_source[source].spent)]
                for source, label in labels.items()
                if source in found.by_source
            ],
            empty=_("Nothing was budgeted or spent."),
            numeric={1, 2},
            total=[_("Total"), rp(found.total.planned), rp(found.total.spent)] if found.by_source else None,
        )
    )


def _contribution_row(label, totals, rp, language) -> list[str]:
    return [label, rp(totals.cash), rp(totals.in_kind), _hours(totals.person_hours, language), rp(totals.value)]


def _contribution_tables(section, scope, given, totals, rp) -> None:
    columns = [_("Money"), _("In kind"), _("Person-hours"), _("Value in all")]
    total = _contribution_row(_("Total"), totals, rp, scope.language) if totals.records else None
    empty = _("No contribution of a partner was recorded in this period.")
    section.blocks.append(Subheading(_("What partners gave")))
    if scope.partner is None:
        section.blocks.append(
            Table(
                [_("Kind of partner"), *columns],
                [_contribution_row(label, t, rp, scope.language) for label, t in contributions.by_partner_kind(given)],
                empty=empty,
                numeric={1, 2, 3, 4},
                total=total,
            )
        )
        if totals.records:
            section.blocks.append(
                Table(
                    [_("Partner"), *columns],
                    [
                        _contribution_row(p.name, t, rp, scope.language)
                        for p, t in contributions.by_partner(given, school=scope.school)
                    ],
                    numeric={1, 2, 3, 4},
                    total=total,
                )
            )
    else:
        section.blocks.append(
            Table(
                [_("Date"), _("What was given"), _("Value")],
                [
                    [short_date(c.day, scope.language), contributions.label(c), rp(c.value) if c.value else "–"]
                    for c in given.order_by("day", "id")
                ],
                empty=empty,
                numeric={2},
                total=[_("Total"), "", rp(totals.value)] if totals.records else None,
            )
        )


def measures(scope) -> Section:
    """The numbers the school counts with its activities, summed over the done ones, and how the
    referrals among them were followed up (activities/measures.py)."""
    section = Section(_("What the activities counted"), level=2)
    activities = scope.activities()
    rows = measure_reads.totals_of(school=scope.school, activities=activities)
    section.blocks.append(
        Table(
            [_("What was counted"), _("Unit"), _("Total"), _("Activities")],
            [[r["measure"].name, r["measure"].unit or "–", str(r["total"]), str(r["activities"])] for r in rows],
            empty=_("Nothing was counted with this period's activities besides who took part."),
            numeric={2, 3},
        )
    )
    follow = measure_reads.follow_up_counts(school=scope.school, activities=activities)
    if follow["open"] or follow["closed"]:
        section.blocks.append(
            Paragraph(
                _(
                    "Referrals: %(people)s people referred in %(n)s follow-ups; %(closed)s follow-ups closed "
                    "with their outcome, %(open)s still open."
                )
                % {**follow, "n": follow["open"] + follow["closed"]}
            )
        )
    return section


def involvement(scope) -> Section:
    """Which grades and which of the staff the period's activities reached, and which never
    (activities/involvement.py)."""
    section = Section(_("Who the partnerships reached"), level=2)
    found = reach.involvement(school=scope.school, start=scope.start, end=scope.end)
    if found.grades:
        section.blocks.append(
            Table(
                [_("Grade"), _("Activities"), _("Pupils counted")],
                [[str(r["grade"]), str(r["activities"]), str(r["pupils"])] for r in found.grades],
                numeric={1, 2},
            )
        )
        never = found.grades_never
        section.blocks.append(
            Paragraph(
                _("Grades never involved in this period: %(grades)s.") % {"grades": ", ".join(map(str, never))}
                if never
                else _("Every grade took part in at least one activity.")
            )
        )
    never = found.people_never
    section.blocks.append(
        Paragraph(
            _("Of %(all)s members of staff, %(n)s were never involved in this period: %(names)s.")
            % {"all": len(found.people), "n": len(never), "names": ", ".join(p.name for p in never)}
            if never
            else _("Every member of staff with an account recorded an activity, sat in the team or took part.")
        )
    )
    return section
