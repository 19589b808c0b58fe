"""What was spent on the plan's programmes, against what was planned (issue 26).

A spending record belongs to a programme of the plan in force (like every record against a plan item,
it moves to the programme's copy when a revision is approved: planning/revisions.py), with the day,
the amount in whole rupiah, the source of the money, what it was for, and the receipt, which comes in
through the one upload pipeline. Planned is the sum of the programme's planned activities' budgets."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from mitra.files import pipeline
from mitra.history.models import Change
from mitra.history.services import record, snapshot
from mitra.planning.models import Plan, PlannedActivity, Programme, Spending
from mitra.planning.selectors import plan_in_force
from mitra.planning.services import require_live
from mitra.schools.money import rupiah, whole
from mitra.schools.scoping import require_same_school


def spending_add(*, programme: Programme, user, data: dict, receipt=None) -> Spending:
    """Record money spent on `programme`: all of it (the record and its receipt) or nothing."""
    require_live(programme)
    if programme.ended_at is not None:
        raise ValidationError(_("This programme was removed from the plan. Record the spending on one in force."))
    planned = data.get("planned")
    if planned is not None:
        require_same_school(programme.school, planned)
        if planned.programme_id != programme.pk:
            raise ValidationError({"planned": _("Choose one of this programme's planned activities.")})
    errors = {}
    amount = whole(data.get("amount"))
    if amount <= 0:
        errors["amount"] = _("The amount must be more than Rp0.")
    day = data.get("day")
    if day is None:
        errors["day"] = _("Give the date on the receipt.")
    elif day > timezone.localdate():
        errors["day"] = _("The date cannot be in the future.")
    if data.get("source") not in PlannedActivity.BudgetSource.values:
        errors["source"] = _("Choose where the money came from.")
    description = " ".join((data.get("description") or "").split())
    if not description:
        errors["description"] = _("Say what the money was spent on.")
    if errors:
        raise ValidationError(errors)
    accepted = pipeline.accept_each([receipt], pipeline.accept_scan, field="receipt") if receipt else []
    with transaction.atomic():
        stored = pipeline.store_each(
            school=programme.school, user=user, accepted=accepted, folder="receipts", attach=lambda *_: None
        )
        spending = Spending.objects.for_school(programme.school).create(
            programme=programme,
            planned=planned,
            day=day,
            amount=Decimal(amount),
            source=data["source"],
            description=description[:300],
            receipt=stored[0] if stored else None,
            recorded_by=user,
        )
        record(
            user=user,
            obj=programme,
            action=Change.Action.UPDATE,
            before=snapshot(programme),
            anchor=programme.plan,
            extra={"spending": ["", f"{rupiah(amount)} · {description}"]},
        )
    return spending


@transaction.atomic
def spending_delete(*, spending: Spending, user) -> None:
    programme = spending.programme
    record(
        user=user,
        obj=programme,
        action=Change.Action.UPDATE,
        before=snapshot(programme),
        anchor=programme.plan,
        extra={"spending": [f"{rupiah(spending.amount)} · {spending.description}", ""]},
    )
    receipt = spending.receipt
    spending.delete()
    if receipt is not None:
        pipeline.discard(receipt)


# --- Planned against spent ------------------------------------------------------------------------------


@dataclass
class Line:
    planned: Decimal = Decimal(0)
    spent: Decimal = Decimal(0)

    @property
    def left(self) -> Decimal:
        return self.planned - self.spent

    @property
    def over(self) -> bool:
        """More spent than planned: the programme needs a decision (a revision, another source)."""
        return self.spent > self.planned


@dataclass
class Summary:
    by_programme: dict[int, Line] = field(default_factory=dict)  # by the programme's pk in the plan shown
    by_source: dict[str, Line] = field(default_factory=dict)
    total: Line = field(default_factory=Line)

    @property
    def over(self) -> list[int]:
        return [pk for pk, line in self.by_programme.items() if line.over]


def summary(*, school, plan: Plan, start=None, end=None) -> Summary:
    """Planned and spent per programme of `plan`, per source, and in all, in three queries. Spending is
    recorded against the plan in force; a revision in the making is shown with it, by identity. With
    `start` and `end`, only what was spent in that period (a semester's report) is counted as spent."""
    programmes = dict(Programme.objects.for_school(school).filter(plan=plan).values_list("identity", "pk"))
    found = Summary(by_programme={pk: Line() for pk in programmes.values()})
    planned = (
        PlannedActivity.objects.for_school(school)
        .filter(programme__plan=plan)
        .values("programme_id", "budget_source")
        .annotate(amount=Sum("budget"))
    )
    for row in planned:
        _add(found, found.by_programme[row["programme_id"]], row["budget_source"], "planned", row["amount"])
    running = plan_in_force(school=school, year=plan.academic_year) or plan
    spent = Spending.objects.for_school(school).filter(programme__plan=running)
    if start is not None:
        spent = spent.filter(day__gte=start)
    if end is not None:
        spent = spent.filter(day__lte=end)
    spent = spent.values("programme__identity", "source").annotate(amount=Sum("amount"))
    for row in spent:
        pk = programmes.get(row["programme__identity"])
        line = found.by_programme[pk] if pk is not None else Line()  # a programme this draft leaves out
        _add(found, line, row["source"], "spent", row["amount"])
    return found


def _add(found: Summary, line: Line, source: str, kind: str, amount) -> None:
    amount = amount or Decimal(0)
    for target in (line, found.by_source.setdefault(source, Line()), found.total):
        setattr(target, kind, getattr(target, kind) + amount)


def programme_lines(*, school, plan: Plan, start=None, end=None) -> tuple[list[tuple[str, Line]], Summary]:
    """([(programme's name, planned and spent)], the summary) of `plan`, by name: a report's table."""
    found = summary(school=school, plan=plan, start=start, end=end)
    names = Programme.objects.for_school(school).filter(plan=plan).order_by("name", "pk").values_list("pk", "name")
    return [(name, found.by_programme[pk]) for pk, name in names], found


def source_labels() -> dict[str, str]:
    """{source: the name people read} of the sources of money, in their order."""
    return {value: str(label) for value, label in PlannedActivity.BudgetSource.choices}


def spent_this_year_by_school(*, schools) -> dict[int, dict]:
    """{school id: {"n": rupiah}}: what each school spent on the work plan of its current school year (by
    the plan, as its plan page counts it), in one grouped query over all the schools (a foundation's
    dashboard)."""
    from mitra.schools.selectors import by_school

    current = Spending.objects.for_schools(schools).filter(programme__plan__academic_year__is_current=True)
    return by_school(current, n=Sum("amount"))


def records_of(*, school, plan: Plan | None):
    """Every payment recorded against `plan` (against the plan in force of its year, by programme), oldest
    first, for the export: empty without a plan."""
    if plan is None:
        return Spending.objects.none()
    running = plan_in_force(school=school, year=plan.academic_year) or plan
    return (
        Spending.objects.for_school(school)
        .filter(programme__plan=running)
        .select_related("programme", "planned", "receipt", "recorded_by")
        .order_by("day", "id")
    )


def receipts_in(*, school, start, end):
    """The payments of the period that have a receipt, with it, oldest first (the evidence pack)."""
    return (
        Spending.objects.for_school(school)
        .filter(day__gte=start, day__lte=end, receipt__isnull=False)
        .select_related("receipt", "programme")
        .order_by("day", "id")
    )
