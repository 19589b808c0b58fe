"""What partners give (issue 26): money, goods or services in kind with their estimated value and how it
was estimated, and people's time (how many people, how many hours each), recorded on the activity it was
given for or on the agreement under which it is given; and the totals a report, a partner's page and a
foundation read — per partner, per kind of partner, per school year. The value of a contribution is in
whole rupiah: the money given, the estimate of what was given in kind, or of the time (optional)."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, DecimalField, ExpressionWrapper, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from mitra.activities.models import Activity, Contribution
from mitra.history.models import Change
from mitra.history.services import record, snapshot
from mitra.partners.models import Partner
from mitra.schools.money import rupiah, whole
from mitra.schools.scoping import require_same_school

MAX_HOURS_EACH = Decimal(2000)  # a year of working days; more is a typing mistake


def _text(value) -> str:
    return " ".join((value or "").split())


def _check(data: dict, *, kind: str) -> dict:
    """The contribution's values, cleaned, or a ValidationError naming every field that is wrong."""
    errors = {}
    value = whole(data.get("value") or 0)
    valued_how = _text(data.get("valued_how"))[:300]
    people = int(data.get("people") or 0)
    hours = Decimal(data.get("hours") or 0).quantize(Decimal("0.1"))
    description = _text(data.get("description"))[:300]
    day = data.get("day")
    if kind not in Contribution.Kind.values:
        errors["kind"] = _("Choose what was given: money, goods or services in kind, or people's time.")
    if not description:
        errors["description"] = _("Say what was given.")
    if day is None:
        errors["day"] = _("Give the date it was given.")
    elif day > timezone.localdate():
        errors["day"] = _("The date cannot be in the future.")
    if value < 0:
        errors["value"] = _("The value cannot be less than Rp0.")
    if kind == Contribution.Kind.CASH and value <= 0:
        errors["value"] = _("Give the amount of money given.")
    if kind == Contribution.Kind.IN_KIND and value <= 0:
        errors["value"] = _("Estimate what it is worth in rupiah, for example what it would cost to buy or hire.")
    if value > 0 and kind != Contribution.Kind.CASH and not valued_how:
        errors["valued_how"] = _("Say how the value was estimated (a price list, a quotation, the usual fee).")
    if kind == Contribution.Kind.TIME:
        if people <= 0:
            errors["people"] = _("Say how many people gave their time.")
        if hours <= 0:
            errors["hours"] = _("Say how many hours each gave.")
        elif hours > MAX_HOURS_EACH:
            errors["hours"] = _("That is more hours than a year of work; check the number.")
    if errors:
        raise ValidationError(errors)
    if kind != Contribution.Kind.TIME:
        people, hours = 0, Decimal(0)
    return {
        "kind": kind,
        "day": day,
        "description": description,
        "value": Decimal(value),
        "valued_how": "" if kind == Contribution.Kind.CASH else valued_how,
        "people": people,
        "hours": hours,
    }


def label(contribution: Contribution) -> str:
    """One line for the history and the journal: "Rp1.500.000 · Konsumsi" or "3 orang × 4 jam · Penyuluh"."""
    if contribution.kind == Contribution.Kind.TIME:
        amount = _("%(people)s people × %(hours)s hours") % {
            "people": contribution.people,
            "hours": f"{contribution.hours.normalize():f}",
        }
        if contribution.value:
            amount = f"{amount} ({rupiah(contribution.value, get_language())})"
    else:
        amount = rupiah(contribution.value, get_language())
    return f"{amount} · {contribution.description}"


def contribution_add(*, school, user, partner: Partner, data: dict, activity=None, agreement=None) -> Contribution:
    """Record what `partner` gave, on an activity done with it or an agreement it is a party to."""
    require_same_school(school, partner, activity, agreement)
    if (activity is None) == (agreement is None):
        raise ValidationError(_("A contribution is recorded on one activity or one agreement."))
    if activity is not None and not activity.partners.filter(pk=partner.pk).exists():
        raise ValidationError({"partner": _("Choose one of the activity's partners.")})
    if agreement is not None and not agreement.parties.filter(partner=partner).exists():
        raise ValidationError({"partner": _("Choose one of the agreement's parties.")})
    cleaned = _check(data, kind=data.get("kind") or "")
    anchor = activity or agreement
    with transaction.atomic():
        contribution = Contribution.objects.for_school(school).create(
            partner=partner, activity=activity, agreement=agreement, recorded_by=user, **cleaned
        )
        record(
            user=user,
            obj=anchor,
            action=Change.Action.UPDATE,
            before=snapshot(anchor),
            extra={"contributions": ["", f"{partner.name}: {label(contribution)}"]},
        )
    return contribution


@transaction.atomic
def contribution_delete(*, contribution: Contribution, user) -> None:
    anchor = contribution.activity or contribution.agreement
    record(
        user=user,
        obj=anchor,
        action=Change.Action.UPDATE,
        before=snapshot(anchor),
        extra={"contributions": [f"{contribution.partner.name}: {label(contribution)}", ""]},
    )
    contribution.delete()


# --- Reading ---------------------------------------------------------------------------------------


def contribution_list(
    *, school, start=None, end=None, partner=None, partner_kind: str = "", kind: str = "", q: str = ""
) -> QuerySet[Contribution]:
    """The school's contributions, newest first, narrowed by period, partner, kind of partner, kind, words."""
    found = Contribution.objects.for_school(school).select_related("partner", "activity", "agreement")
    if start is not None:
        found = found.filter(day__gte=start)
    if end is not None:
        found = found.filter(day__lte=end)
    if partner is not None:
        found = found.filter(partner=partner)
    if partner_kind:
        found = found.filter(partner__kind=partner_kind)
    if kind:
        found = found.filter(kind=kind)
    if q:
        found = found.filter(Q(description__icontains=q) | Q(partner__name__icontains=q))
    return found


def contributions_for(*, access, **criteria) -> QuerySet[Contribution]:
    """contribution_list as the reader may see it: a partner's representative sees their partner's only."""
    if access.is_partner_rep:  # whatever partner was asked for
        criteria["partner"] = access.partner_id
    return contribution_list(school=access.school, **criteria)


@dataclass
class Totals:
    cash: Decimal = Decimal(0)
    in_kind: Decimal = Decimal(0)
    time_value: Decimal = Decimal(0)
    person_hours: Decimal = Decimal(0)
    records: int = 0

    @property
    def value(self) -> Decimal:
        """Everything given, in rupiah: money, goods and services in kind, and time where it was valued."""
        return self.cash + self.in_kind + self.time_value

    def add(self, other: "Totals") -> None:
        self.cash += other.cash
        self.in_kind += other.in_kind
        self.time_value += other.time_value
        self.person_hours += other.person_hours
        self.records += other.records


_ZERO = Decimal(0)
_SUMS = {
    "cash": Coalesce(Sum("value", filter=Q(kind=Contribution.Kind.CASH)), _ZERO),
    "in_kind": Coalesce(Sum("value", filter=Q(kind=Contribution.Kind.IN_KIND)), _ZERO),
    "time_value": Coalesce(Sum("value", filter=Q(kind=Contribution.Kind.TIME)), _ZERO),
    "person_hours": Coalesce(
        Sum(ExpressionWrapper(F("people") * F("hours"), output_field=DecimalField(max_digits=14, decimal_places=1))),
        _ZERO,
    ),
}


def _totals(row: dict) -> Totals:
    return Totals(
        cash=Decimal(row["cash"]),
        in_kind=Decimal(row["in_kind"]),
        time_value=Decimal(row["time_value"]),
        person_hours=Decimal(row["person_hours"]).quantize(Decimal("0.1")),
        records=row["records"],
    )


def totals_of(contributions: QuerySet[Contribution]) -> Totals:
    return _totals(contributions.order_by().aggregate(records=Count("id"), **_SUMS))


def totals_by(contributions: QuerySet[Contribution], key: str) -> dict:
    """{value of `key` (e.g. "partner", "partner__kind", "school"): Totals}, in one grouped query."""
    rows = contributions.order_by().values(key).annotate(records=Count("id"), **_SUMS)
    return {row[key]: _totals(row) for row in rows}


def by_partner(contributions: QuerySet[Contribution], *, school) -> list[tuple[Partner, Totals]]:
    """(partner, totals) of these contributions (of `school`), the most valuable first: two queries."""
    found = totals_by(contributions, "partner")
    partners = Partner.objects.for_school(school).in_bulk(list(found))
    rows = [(partners[pk], totals) for pk, totals in found.items()]
    return sorted(rows, key=lambda row: (-row[1].value, -row[1].person_hours, row[0].name))


def by_partner_kind(contributions: QuerySet[Contribution]) -> list[tuple[str, Totals]]:
    """(kind of partner as read, totals) of these contributions, in the order of the kinds: one query."""
    found = totals_by(contributions, "partner__kind")
    return [(str(label), found[kind]) for kind, label in Partner.Kind.choices if kind in found]


def by_year(*, school, partner=None) -> list[tuple[object, Totals]]:
    """(school year, totals) for every year with a contribution, newest first: two queries, the sums
    the same _SUMS as every other total, grouped by the school year each day falls in."""
    from mitra.schools.models import AcademicYear
    from mitra.schools.selectors import years_of

    year_of_day = Subquery(
        AcademicYear.objects.for_school(school)
        .filter(start_date__lte=OuterRef("day"), end_date__gte=OuterRef("day"))
        .values("pk")[:1]
    )
    found = totals_by(contribution_list(school=school, partner=partner).annotate(year=year_of_day), "year")
    return [(year, found[year.pk]) for year in years_of(school=school) if year.pk in found]


def of_activity(activity: Activity) -> QuerySet[Contribution]:
    return Contribution.objects.for_school(activity.school).filter(activity=activity).select_related("partner")


def timeline_entries(*, access, partner):
    """The partner's contributions for its timeline and journal (partners/timeline.py): one query."""
    from django.urls import reverse

    from mitra.partners.timeline import Entry

    if not access.can("activities.view"):
        return []
    kind = _("Contribution")
    entries = []
    for found in contribution_list(school=access.school, partner=partner):
        if found.activity_id:
            url = reverse("activities:detail", args=[access.school.pk, found.activity_id])
        elif not access.is_partner_rep:  # a representative opens only signed agreements: no link
            url = reverse("agreements:detail", args=[access.school.pk, found.agreement_id])
        else:
            url = ""
        entries.append(Entry(found.day, kind, label(found), url))
    return entries


def partner_figures(*, access, partner):
    """What the partner gave, per school year, for its page (partners/timeline.py): two queries."""
    from urllib.parse import urlencode

    from django.urls import reverse

    from mitra.partners.timeline import Figures

    if not access.can("activities.view"):
        return None
    years = by_year(school=access.school, partner=partner)
    if not years:
        return None
    lines = [(year.name, summary_text(totals)) for year, totals in years]
    url = (
        reverse("activities:contributions", args=[access.school.pk])
        + "?"
        + urlencode({"partner": partner.pk, "year": ""})
    )
    return Figures(
        _("What this partner gave"), lines, url if not access.is_partner_rep else "", _("Every contribution")
    )


def summary_text(totals: Totals) -> str:
    """ "Rp2.500.000 in all · 12 person-hours": a line of a partner's or a school's contributions."""
    parts = [_("%(value)s in all") % {"value": rupiah(totals.value, get_language())}]
    if totals.person_hours:
        parts.append(_("%(hours)s person-hours") % {"hours": f"{totals.person_hours.normalize():f}"})
    return " · ".join(parts)


def given_this_year_by_school(*, schools) -> dict[int, dict]:
    """{school id: {"n": rupiah, "hours": person-hours}}: what partners gave each school in its current
    school year, in one grouped query over all the schools (a foundation's dashboard)."""
    from mitra.schools.selectors import by_school, in_current_year_q

    return by_school(
        Contribution.objects.for_schools(schools).filter(in_current_year_q("day")),
        n=Sum("value"),
        hours=_SUMS["person_hours"],
    )
