"""A partnership seen whole: its health score, with the formula shown to the user, and its journal,
the one chronological record of everything every stage wrote about the partner.

The health score is the mean of five parts, each from 0 to 1, over the parts that have data:
  regularity      months with a done activity with the partner, of the last six months
  evaluation      the mean rating (1–4) of the last twelve months' rounds about the partner, as (mean − 1) / 3
  obstacles       1 − 0.15 × the severities (low 1, medium 2, high 3) of its unresolved obstacles, at least 0
                  (no data for a partner with neither an activity in twelve months nor any obstacle)
  agreement       1 with a signed agreement in force, 0.5 when it ends within 90 days with no signed renewal,
                  else 0 ("in force" as agreements/status.py defines it)
  documentation   the share of the last twelve months' done activities with the partner that have evidence

A partnership with nothing on record (no done activity, no rating, no obstacle, no signed agreement, ever)
has no score at all: every part is without data and it is shown as "no data yet", never as 0.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Avg, Count, Exists, Max, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mitra.activities.models import Activity
from mitra.activities.selectors import HAS_EVIDENCE
from mitra.agreements.models import Agreement, Party
from mitra.agreements.status import SIGNED_STAGES, ends_unrenewed_q, in_force_q
from mitra.evaluation import kinds
from mitra.evaluation.models import Answer, Obstacle
from mitra.evaluation.selectors import OPEN

REGULARITY_MONTHS = 6
WINDOW_DAYS = 365
SEVERITY_WEIGHT = Decimal("0.15")

PARTS = (
    ("regularity", _("Regularity of activities"), _("months with a done activity, of the last 6")),
    ("evaluation", _("Evaluation results"), _("mean rating of the last 12 months, (mean − 1) ÷ 3")),
    ("obstacles", _("Open obstacles"), _("1 − 0.15 × the severities of unresolved obstacles")),
    ("agreement", _("Agreement validity"), _("1 in force, 0.5 expiring within 90 days, 0 none")),
    ("documentation", _("Documentation completeness"), _("done activities with evidence, last 12 months")),
)


@dataclass
class Health:
    parts: dict = field(default_factory=dict)  # name -> Decimal 0..1, or None without data

    @property
    def score(self) -> int | None:
        known = [v for v in self.parts.values() if v is not None]
        return None if not known else round(100 * sum(known) / len(known))

    def rows(self) -> list[dict]:
        return [
            {
                "name": name,
                "label": label,
                "how": how,
                "value": self.parts.get(name),
                "percent": None if self.parts.get(name) is None else round(100 * self.parts[name]),
            }
            for name, label, how in PARTS
        ]


def _months_ago(today: datetime.date, months: int) -> datetime.date:
    year, month = today.year, today.month - months + 1
    while month <= 0:
        month += 12
        year -= 1
    return datetime.date(year, month, 1)


def health_of(*, school, partner_ids, today: datetime.date | None = None) -> dict[int, Health]:
    """The health of each of the school's partnerships, in a fixed number of queries however many."""
    return health_across(schools=[school], partner_ids=list(partner_ids), today=today)


def health_across(*, schools, partner_ids, today: datetime.date | None = None) -> dict[int, Health]:
    """The health of partnerships of several schools at once (a foundation's), in the same fixed
    number of queries. partner_ids may be a list or a values_list("pk") queryset, which then goes
    into each query as a subquery rather than as thousands of parameters."""
    today = today or timezone.localdate()
    ids = list(partner_ids)
    health = {pk: Health() for pk in ids}
    if not ids:
        return health
    chosen = partner_ids if isinstance(partner_ids, QuerySet) else ids
    since = today - datetime.timedelta(days=WINDOW_DAYS)
    done = Activity.objects.for_schools(schools).filter(
        status=Activity.Status.DONE, start_date__lte=today, partners__in=chosen
    )

    first_month = _months_ago(today, REGULARITY_MONTHS)
    months = (
        done.filter(start_date__gte=first_month)
        .annotate(month=TruncMonth("start_date"))
        .values("partners", "month")
        .order_by()  # the model's ordering would join the DISTINCT and make it a row per activity
        .distinct()
    )
    active_months = {}
    for row in months:
        active_months[row["partners"]] = active_months.get(row["partners"], 0) + 1
    for pk in ids:
        health[pk].parts["regularity"] = Decimal(active_months.get(pk, 0)) / REGULARITY_MONTHS

    ratings = (
        Answer.objects.for_schools(schools)
        .filter(
            kind__in=kinds.keys(rated=True),
            dont_know=False,
            number__isnull=False,
            response__round__partner__in=chosen,
            response__round__opens_on__gte=since,
        )
        .values("response__round__partner")
        .annotate(mean=Avg("number"))
    )
    means = {row["response__round__partner"]: row["mean"] for row in ratings}
    for pk in ids:
        mean = means.get(pk)
        health[pk].parts["evaluation"] = None if mean is None else (Decimal(mean) - 1) / 3

    severities = dict(
        Obstacle.objects.for_schools(schools)
        .filter(OPEN, partner__in=chosen)
        .values("partner")
        .annotate(total=Sum("severity"))
        .values_list("partner", "total")
    )
    last_done = dict(
        done.values("partners").order_by().annotate(last=Max("start_date")).values_list("partners", "last")
    )
    worked_with = {pk for pk, last in last_done.items() if last >= since}
    ever_raised = set(
        Obstacle.objects.for_schools(schools).filter(partner__in=chosen).values_list("partner", flat=True)
    )
    for pk in ids:
        # No activity and no obstacle ever: there is nothing the obstacles part could say.
        known = pk in worked_with or pk in ever_raised
        health[pk].parts["obstacles"] = max(Decimal(0), 1 - SEVERITY_WEIGHT * severities.get(pk, 0)) if known else None

    # In force as agreements/status.py says; "expiring" is one ending within 90 days with no signed
    # renewal to follow it (a partnership whose renewal is signed is not about to lapse).
    agreements = Agreement.objects.for_schools(schools)
    parties = (
        Party.objects.for_schools(schools)
        .filter(partner__in=chosen)
        .filter(Exists(agreements.filter(in_force_q(today), pk=OuterRef("agreement_id"))))
        .values("partner")
        .annotate(
            active=Count("id", filter=~Q(agreement__in=agreements.filter(ends_unrenewed_q(today)))),
            any=Count("id"),
        )
    )
    validity = {row["partner"]: (1 if row["active"] else Decimal("0.5")) for row in parties}
    for pk in ids:
        health[pk].parts["agreement"] = Decimal(validity.get(pk, 0))

    documented = (
        done.filter(start_date__gte=since)
        .values("partners")
        .annotate(
            total=Count("id", distinct=True),
            with_evidence=Count("id", distinct=True, filter=HAS_EVIDENCE),
        )
    )
    shares = {row["partners"]: (row["with_evidence"], row["total"]) for row in documented}
    for pk in ids:
        with_evidence, total = shares.get(pk, (0, 0))
        health[pk].parts["documentation"] = Decimal(with_evidence) / total if total else None

    # Nothing on record at all: no regularity or agreement of 0 to speak of, so no score (not 0).
    signed_with = set(
        Party.objects.for_schools(schools)
        .filter(partner__in=chosen, agreement__stage__in=SIGNED_STAGES)
        .exclude(agreement__signed_on__gt=today)  # as of the day the health is read for
        .values_list("partner", flat=True)
        .order_by()
        .distinct()
    )
    for pk in ids:
        if not (pk in last_done or pk in means or pk in ever_raised or pk in signed_with):
            health[pk].parts = dict.fromkeys(health[pk].parts)
    return health


def journal(*, access, partner, kind: str = "", first=None, last=None) -> dict:
    """The partner's timeline from every stage, oldest first for reading as a record; the kinds
    present are offered as a filter."""
    from mitra.partners import timeline

    entries = sorted(timeline.entries_for(access=access, partner=partner), key=lambda e: e.date)
    kinds = sorted({str(e.kind) for e in entries})
    if kind:
        entries = [e for e in entries if str(e.kind) == kind]
    if first:
        entries = [e for e in entries if e.date >= first]
    if last:
        entries = [e for e in entries if e.date <= last]
    return {"entries": entries, "kinds": kinds}
