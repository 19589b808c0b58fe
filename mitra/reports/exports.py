"""Every list of the product as a spreadsheet: the same rows the list page shows for the same
filters (the list's own filter form and selector), every row rather than one page, as XLSX, as CSV
with commas, or as CSV for Excel set to Indonesian (`csv-excel`: semicolons, decimal commas).

An export is read with the list's own capability. A list longer than SYNC_ROWS is made as a
background job instead of in the request."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from mitra.activities import communications, contributions, measures
from mitra.activities import forms as activity_forms
from mitra.activities import selectors as activity_selectors
from mitra.agreements import forms as agreement_forms
from mitra.agreements import selectors as agreement_selectors
from mitra.agreements.status import status_of
from mitra.evaluation import forms as evaluation_forms
from mitra.evaluation import selectors as evaluation_selectors
from mitra.letters import forms as letter_forms
from mitra.letters import selectors as letter_selectors
from mitra.partners import selectors as partner_selectors
from mitra.partners.forms import PartnerFilterForm
from mitra.planning import selectors as planning_selectors
from mitra.planning import spending
from mitra.reports import tables
from mitra.schools import jobs
from mitra.schools.listing import search_text
from mitra.schools.selectors import member_search

SYNC_ROWS = 5000


@dataclass(frozen=True)
class ListExport:
    name: str
    permission: str
    title: object  # a lazy text
    rows: Callable  # (access, GET) -> iterable of objects
    columns: Callable  # () -> [(header, value of an object)]

    def table(self, access, query) -> tuple[list[str], Iterable[list]]:
        columns = self.columns()
        objects = self.rows(access, query)
        return [str(h) for h, _get in columns], ([get(o) for _h, get in columns] for o in objects)


def _criteria(form) -> dict:
    return {k: v for k, v in (form.cleaned_data if form.is_valid() else {}).items() if v}


def _names(items) -> str:
    return ", ".join(item.name for item in items)


def _person(user) -> str:
    return (user.get_full_name() or user.get_username()) if user else ""


# --- The lists ----------------------------------------------------------------------------------


def _partners(access, query):
    return partner_selectors.partner_list(access=access, **_criteria(PartnerFilterForm(query or None)))


def _partner_columns():
    areas = partner_selectors.area_labels()
    contact = lambda p: p.primary_contacts[0] if p.primary_contacts else None  # noqa: E731
    return [
        (_("Name"), lambda p: p.name),
        (_("Kind"), lambda p: p.get_kind_display()),
        (_("Location"), lambda p: p.get_location_display()),
        (_("Status"), lambda p: p.get_status_display()),
        (_("Region"), lambda p: p.region),
        (_("Address"), lambda p: p.address),
        (_("Phone"), lambda p: p.phone),
        (_("E-mail"), lambda p: p.email),
        (_("Website"), lambda p: p.website),
        (_("Main contact"), lambda p: contact(p).name if contact(p) else ""),
        (_("Contact's WhatsApp or phone"), lambda p: (contact(p).whatsapp or contact(p).phone) if contact(p) else ""),
        (_("Can offer"), lambda p: ", ".join(str(areas.get(x.area, x.area)) for x in p.potential_list)),
        (_("Notes"), lambda p: p.notes),
    ]


def _contacts(access, query):
    partners = _partners(access, query)
    return partner_selectors.contacts_of_partners(school=access.school, partners=partners)


def _contact_columns():
    return [
        (_("Partner"), lambda c: c.partner.name),
        (_("Name"), lambda c: c.name),
        (_("Position"), lambda c: c.position),
        (_("Phone"), lambda c: c.phone),
        (_("WhatsApp"), lambda c: c.whatsapp),
        (_("E-mail"), lambda c: c.email),
        (_("Main contact"), lambda c: c.is_primary),
    ]


def _agreements(access, query):
    # The selector already reads each agreement's parties with their partners.
    return agreement_selectors.agreement_list(
        access=access, today=timezone.localdate(), **_criteria(agreement_forms.FilterForm(query or None))
    )


def _agreement_columns():
    today = timezone.localdate()
    first = lambda a: next((p for p in a.parties.all() if p.is_first_party), None)  # noqa: E731
    return [
        (_("Number"), lambda a: first(a).document_number if first(a) else ""),
        (_("Kind"), lambda a: a.get_kind_display()),
        (_("Title"), lambda a: a.title),
        (_("Partners"), lambda a: ", ".join(p.partner.name for p in a.parties.all() if p.partner_id)),
        (_("In force from"), lambda a: a.start_date),
        (_("In force until"), lambda a: a.end_date),
        (_("Signed on"), lambda a: a.signed_on),
        (_("Status"), lambda a: status_of(a, today).label),
        (_("Version"), lambda a: a.version),
    ]


def _letters(access, query):
    form = letter_forms.FilterForm(query or None, school=access.school)
    return letter_selectors.letter_list(access=access, **_criteria(form)).select_related("partner", "letter_type")


def _letter_columns():
    return [
        (_("Number"), lambda x: x.number),
        (_("Direction"), lambda x: x.get_direction_display()),
        (_("Date of the letter"), lambda x: x.dated),
        (_("Received on"), lambda x: x.received_on),
        (_("Subject"), lambda x: x.subject),
        (_("Type"), lambda x: x.letter_type.name if x.letter_type_id else ""),
        (_("Partner"), lambda x: x.partner.name if x.partner_id else ""),
        (_("Correspondent"), lambda x: x.correspondent),
        (_("Stage"), lambda x: x.get_stage_display()),
    ]


def _activities(access, query):
    form = activity_forms.FilterForm(query or None, access=access)
    return activity_selectors.activity_list(access=access, **_criteria(form)).annotate(
        people=activity_selectors.PEOPLE_COUNT
    )


def _activity_columns():
    areas = partner_selectors.area_labels()
    return [
        (_("Date"), lambda a: a.start_date),
        (_("Last day"), lambda a: a.end_date),
        (_("Activity"), lambda a: a.title),
        (_("Status"), lambda a: a.get_status_display()),
        (_("Why postponed or cancelled"), lambda a: a.status_reason),
        (_("Area"), lambda a: str(areas.get(a.area, "")) if a.area else ""),
        (_("Place"), lambda a: a.place),
        (_("Partners"), lambda a: _names(a.partners.all())),
        (_("Programme"), lambda a: a.programme.name if a.programme_id else ""),
        (_("Participants"), lambda a: a.people or 0),
        (_("Files"), lambda a: a.evidence_n),
        (_("Verification"), lambda a: a.get_review_display()),
        (_("What happened"), lambda a: a.notes),
        (_("Outputs and outcomes"), lambda a: a.outputs),
    ]


def _communications(access, query):
    form = activity_forms.CommunicationFilterForm(query or None, school=access.school)
    return communications.log_of(access=access, **_criteria(form))


def _communication_columns():
    return [
        (_("Date"), lambda c: c.occurred_on),
        (_("Time"), lambda c: c.occurred_time.strftime("%H:%M") if c.occurred_time else ""),
        (_("Partner"), lambda c: c.partner.name),
        (_("Channel"), lambda c: c.get_channel_display()),
        (_("Direction"), lambda c: c.get_direction_display()),
        (_("People"), lambda c: c.people),
        (_("Summary"), lambda c: c.summary),
    ]


def _obstacles(access, query):
    form = evaluation_forms.ObstacleFilterForm(query or None, school=access.school)
    return evaluation_selectors.obstacle_list(access=access, **_criteria(form))


def _obstacle_columns():
    return [
        (_("Obstacle"), lambda o: o.title),
        (_("Category"), lambda o: o.get_category_display()),
        (_("Severity"), lambda o: o.get_severity_display()),
        (_("Status"), lambda o: o.get_status_display()),
        (_("Partner"), lambda o: o.partner.name if o.partner_id else ""),
        (_("Activity"), lambda o: o.activity.title if o.activity_id else ""),
        (_("Owner"), lambda o: _person(o.owner)),
        (_("Due"), lambda o: o.due_on),
        (_("Cause"), lambda o: o.cause),
        (_("Response taken"), lambda o: o.response_taken),
        (_("Recorded"), lambda o: timezone.localtime(o.created_at).date()),
    ]


def _recommendations(access, query):
    form = evaluation_forms.RecommendationFilterForm(query or None, school=access.school)
    return evaluation_selectors.recommendation_list(access=access, **_criteria(form))


def _recommendation_columns():
    return [
        (_("Partnership"), lambda r: r.partner.name),
        (_("School year"), lambda r: r.academic_year.name if r.academic_year_id else ""),
        (_("Decision"), lambda r: r.get_decision_display()),
        (_("Reasons"), lambda r: r.reasons),
        (_("Actions"), lambda r: r.action_n),
        (_("Actions not done"), lambda r: r.open_n),
    ]


def _rounds(access, query):
    form = evaluation_forms.RoundFilterForm(query or None)
    return evaluation_selectors.round_list(access=access, **_criteria(form)).annotate(
        response_n=Count("responses", distinct=True)
    )


def _round_columns():
    return [
        (_("Round"), lambda r: r.title),
        (_("Instrument"), lambda r: r.instrument.title),
        (_("Open from"), lambda r: r.opens_on),
        (_("Open until"), lambda r: r.closes_on),
        (_("Partner"), lambda r: r.partner.name if r.partner_id else ""),
        (_("Activity"), lambda r: r.activity.title if r.activity_id else ""),
        (_("Responses"), lambda r: r.response_n),
    ]


def _members(access, query):
    return member_search(access=access, q=search_text(query))


def _member_columns():
    return [
        (_("Name"), lambda m: _person(m.user)),
        (_("Username"), lambda m: m.user.get_username()),
        (_("E-mail"), lambda m: m.user.email),
        (_("Role"), lambda m: m.get_role_display()),
        (_("Partner"), lambda m: m.partner.name if m.partner_id else ""),
        (_("Active"), lambda m: m.is_active),
    ]


# --- The plan's lists (for the plan named by ?plan=, the school's own) -------------------------------


def _plan(access, query):
    from mitra.planning.selectors import plans_of

    key = str(query.get("plan") or "")
    return plans_of(access=access).filter(pk=int(key)).first() if key.isdigit() and len(key) < 12 else None


def _indicators(access, query):
    return planning_selectors.indicators_of_plan(school=access.school, plan=_plan(access, query))


def _indicator_columns():
    return [
        (_("Goal"), lambda i: i.goal.title),
        (_("Serves (vision or mission)"), lambda i: i.goal.serves),
        (_("Values"), lambda i: ", ".join(v.name for v in i.goal.values.all())),
        (_("Indicator"), lambda i: i.name),
        (_("Baseline"), lambda i: i.baseline),
        (_("Target"), lambda i: i.target),
        (_("Unit"), lambda i: i.unit),
        (_("Measured"), lambda i: i.get_frequency_display()),
        (_("Means of verification"), lambda i: i.verification),
        (_("Responsible"), lambda i: _person(i.responsible)),
    ]


def _needs(access, query):
    return planning_selectors.needs_of_plan(school=access.school, plan=_plan(access, query))


def _need_columns():
    areas = partner_selectors.area_labels()
    return [
        (_("Need"), lambda n: n.title),
        (_("Area"), lambda n: str(areas.get(n.area, n.area))),
        (_("Priority"), lambda n: n.get_priority_display()),
        (_("Description"), lambda n: n.description),
    ]


def _work_plan(access, query):
    plan = _plan(access, query)
    return planning_selectors.planned_activities(school=access.school, plan=plan).select_related("owner")


def _work_plan_columns():
    return [
        (_("Programme"), lambda a: a.programme.name),
        (_("Planned activity"), lambda a: a.title),
        (_("Owner"), lambda a: _person(a.owner)),
        (_("Schedule"), lambda a: a.get_schedule_display()),
        (_("Date / first day"), lambda a: a.start_date),
        (_("Last day"), lambda a: a.end_date),
        (_("Place"), lambda a: a.place),
        (_("Budget (Rp)"), lambda a: a.budget),
        (_("Budget source"), lambda a: a.get_budget_source_display()),
        (_("Expected output"), lambda a: a.expected_output),
    ]


def _forums(access, query):
    return planning_selectors.forums_of_plan_year(school=access.school, plan=_plan(access, query))


def _forum_columns():
    audiences = planning_selectors.audience_labels()
    return [
        (_("Date"), lambda f: f.date),
        (_("Forum"), lambda f: f.title),
        (_("Place"), lambda f: f.place),
        (pgettext("who a forum is for", "For"), lambda f: ", ".join(str(audiences.get(a, a)) for a in f.audiences)),
        (_("Present"), lambda f: f.present),
        (_("Minutes"), lambda f: f.minutes),
        (_("Decisions"), lambda f: f.decisions),
    ]


def _tasks(access, query):
    from mitra.planning.selectors import tasks_for

    return tasks_for(access=access, user=access.user)


def _task_columns():
    return [
        (_("Task"), lambda t: t.title),
        (_("Planned activity"), lambda t: t.activity.title),
        (_("School year"), lambda t: t.activity.programme.plan.academic_year.name),
        (_("Due"), lambda t: t.due_date),
        (_("Done"), lambda t: timezone.localtime(t.done_at).date() if t.done_at else ""),
    ]


def _measures(access, query):
    return measures.values_of(school=access.school, activities=_activities(access, query))


def _measure_columns():
    areas = partner_selectors.area_labels()
    return [
        (_("Date"), lambda v: v.activity.start_date),
        (_("Activity"), lambda v: v.activity.title),
        (_("Area"), lambda v: str(areas.get(v.activity.area, "")) if v.activity.area else ""),
        (_("What was counted"), lambda v: v.measure.name),
        (_("Unit"), lambda v: v.measure.unit),
        (_("Number"), lambda v: v.value),
    ]


def _spending(access, query):
    return spending.records_of(school=access.school, plan=_plan(access, query))


def _spending_columns():
    return [
        (_("Date"), lambda r: r.day),
        (_("Programme"), lambda r: r.programme.name),
        (_("Planned activity"), lambda r: r.planned.title if r.planned_id else ""),
        (_("What for"), lambda r: r.description),
        (_("Paid from"), lambda r: r.get_source_display()),
        (_("Amount (Rp)"), lambda r: r.amount),
        (_("Receipt"), lambda r: r.receipt.original_name if r.receipt_id else ""),
        (_("Recorded by"), lambda r: _person(r.recorded_by)),
    ]


def _contributions(access, query):
    criteria = activity_forms.ContributionFilterForm(query or None, school=access.school).criteria()
    criteria.pop("year")
    return contributions.contributions_for(access=access, **criteria).select_related("recorded_by")


def _contribution_columns():
    return [
        (_("Date"), lambda c: c.day),
        (_("Partner"), lambda c: c.partner.name),
        (_("Kind of partner"), lambda c: c.partner.get_kind_display()),
        (_("What was given"), lambda c: c.get_kind_display()),
        (_("Description"), lambda c: c.description),
        (_("Value (Rp)"), lambda c: c.value),
        (_("How the value was estimated"), lambda c: c.valued_how),
        (_("How many people"), lambda c: c.people or ""),
        (_("Hours each"), lambda c: c.hours or ""),
        (_("Person-hours"), lambda c: c.person_hours or ""),
        (_("Activity"), lambda c: c.activity.title if c.activity_id else ""),
        (_("Agreement"), lambda c: c.agreement.title if c.agreement_id else ""),
        (_("Recorded by"), lambda c: _person(c.recorded_by)),
    ]


EXPORTS = {
    e.name: e
    for e in (
        ListExport("partners", "partners.view", gettext_lazy("Partners"), _partners, _partner_columns),
        ListExport("contacts", "partners.view", gettext_lazy("Contact persons"), _contacts, _contact_columns),
        ListExport("agreements", "agreements.view", gettext_lazy("Agreements"), _agreements, _agreement_columns),
        ListExport("letters", "letters.view", gettext_lazy("Letters"), _letters, _letter_columns),
        ListExport("activities", "activities.view", gettext_lazy("Activities"), _activities, _activity_columns),
        ListExport(
            "communications",
            "communications.view",
            gettext_lazy("Communication"),
            _communications,
            _communication_columns,
        ),
        ListExport("obstacles", "evaluation.view", gettext_lazy("Obstacles"), _obstacles, _obstacle_columns),
        ListExport(
            "recommendations",
            "evaluation.view",
            gettext_lazy("Recommendations"),
            _recommendations,
            _recommendation_columns,
        ),
        ListExport("rounds", "evaluation.view", gettext_lazy("Evaluation rounds"), _rounds, _round_columns),
        ListExport("members", "school.view_members", gettext_lazy("People"), _members, _member_columns),
        ListExport("goals", "planning.view", gettext_lazy("Goals and indicators"), _indicators, _indicator_columns),
        ListExport("needs", "planning.view", gettext_lazy("Needs"), _needs, _need_columns),
        ListExport("work-plan", "planning.view", gettext_lazy("Work plan"), _work_plan, _work_plan_columns),
        ListExport("forums", "planning.view", gettext_lazy("Socialization forums"), _forums, _forum_columns),
        ListExport("tasks", "planning.view", gettext_lazy("My tasks"), _tasks, _task_columns),
        ListExport("spending", "planning.view", gettext_lazy("Spending"), _spending, _spending_columns),
        ListExport(
            "measures",
            "activities.view",
            gettext_lazy("Numbers counted with activities"),
            _measures,
            _measure_columns,
        ),
        ListExport(
            "contributions",
            "activities.view",
            gettext_lazy("Partner contributions"),
            _contributions,
            _contribution_columns,
        ),
    )
}
FORMATS = {"xlsx": tables.XLSX, "csv": tables.CSV, "csv-excel": tables.CSV}
FORMAT_LABELS = {"xlsx": "XLSX", "csv": "CSV", "csv-excel": gettext_lazy("CSV for Excel (semicolons)")}


def count(export: ListExport, access, query) -> int:
    return export.rows(access, query).count()


def now_or_later(export: ListExport, access, query, file_format: str):
    """The list as a file now (an Output), or, when longer than SYNC_ROWS, the Job that makes it
    while the person waits elsewhere. `query` is the list's own filters."""
    query = query.copy()
    for key in ("format", "page"):
        query.pop(key, None)
    if count(export, access, query) > SYNC_ROWS:
        params = {"list": export.name, "query": query.urlencode(), "format": file_format}
        return jobs.start(
            access=access, kind="export", params=params, title=f"{export.title} · {FORMAT_LABELS[file_format]}"
        )
    return write(export, access, query, file_format)


def write(export: ListExport, access, query, file_format: str) -> jobs.Output:
    headers, rows = export.table(access, query)
    return table_output(str(export.title), f"{export.name}-{access.school.pk}", headers, rows, file_format)


def table_output(title: str, stem: str, headers, rows, file_format: str) -> jobs.Output:
    """A table as an XLSX or CSV file named by its stem and today's date."""
    name = f"{stem}-{timezone.localdate().isoformat()}.{'xlsx' if file_format == 'xlsx' else 'csv'}"
    if file_format == "xlsx":
        data = tables.xlsx(title, headers, rows)
    else:
        data = tables.csv_bytes(headers, rows, excel_id=file_format == "csv-excel")
    return jobs.Output(data=data, name=name, content_type=FORMATS[file_format])


@jobs.runner("export")
def export_job(job, access, progress) -> jobs.Output:
    from django.http import QueryDict

    export = EXPORTS[job.params["list"]]
    access.require(export.permission)
    progress(10, str(export.title))
    return write(export, access, QueryDict(job.params.get("query", "")), job.params["format"])
