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

from django.db.models import Avg, Case, Count, Q, QuerySet, Sum, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mitra.activities.models import Activity
from mitra.activities.selectors import HAS_EVIDENCE
from mitra.agreements.models import Party
from mitra.agreements.status import IN_FORCE, RULES_READ, SIGNED_STAGES, Status, status_of
from mitra.evaluation import kinds
from mitra.evaluation.models import Answer, Obstacle
from mitra.evaluation.selectors import OPEN

REGULARITY_MONTHS = 6
WINDOW_DAYS = 365
SEVERITY_WEIGHT = Decimal("0.15")
LISTED_AT_MOST = 500  # partnerships named one by one in a query's parameters
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
    done = Activity.objects.for_schools(schools).filter(status=Activity.Status.DONE, start_date__lte=today)

    # Regularity and documentation, in one pass over the last twelve months' done activities (what
    # was done before is asked only of partnerships with nothing else on record, at the end). The
    # month of an activity of the last six is a number, 1 for this month: plain comparisons, where a
    # date function is, on SQLite, a call into Python for every row.
    month = Case(*(When(start_date__gte=_months_ago(today, n), then=Value(n)) for n in range(1, REGULARITY_MONTHS + 1)))
    by_partner = {
        row["partners"]: row
        for row in done.filter(partners__in=chosen, start_date__gte=since)
        .values("partners")
        .order_by()
        .annotate(
            months=Count(month, distinct=True),
            total=Count("id", distinct=True),
            with_evidence=Count("id", distinct=True, filter=HAS_EVIDENCE),
        )
    }
    for pk in ids:
        row = by_partner.get(pk)
        health[pk].parts["regularity"] = Decimal(row["months"] if row else 0) / REGULARITY_MONTHS

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

    obstacles = (
        Obstacle.objects.for_schools(schools)
        .filter(partner__in=chosen)
        .values("partner")
        .order_by()
        .annotate(open_severity=Sum("severity", filter=OPEN, default=0))
    )
    severities = {row["partner"]: row["open_severity"] for row in obstacles}
    for pk in ids:
        # No activity of the last twelve months and no obstacle ever: nothing the obstacles part could say.
        known = pk in by_partner or pk in severities
        health[pk].parts["obstacles"] = max(Decimal(0), 1 - SEVERITY_WEIGHT * severities.get(pk, 0)) if known else None

    # In force as agreements/status.py says; "expiring" is one ending within 90 days with no signed
    # renewal to follow it (a partnership whose renewal is signed is not about to lapse). The module's
    # Python rules, over the chosen partnerships' signed agreements that span the day (no other can be
    # in force), each read with the renewal and newer version the rules look at: one plain query,
    # where the same rules as conditions made the costliest query of the score to build and to run.
    parties = (
        Party.objects.for_schools(schools)
        .filter(
            partner__in=chosen,
            agreement__stage__in=SIGNED_STAGES,
            agreement__start_date__lte=today,
            agreement__end_date__gte=today,
        )
        .select_related("agreement__renewed_by", "agreement__next_version")
        .only("partner", *(f"agreement__{path}" for path in RULES_READ))
        .order_by()
    )
    validity = {}
    for party in parties:
        status = status_of(party.agreement, today)
        if status in IN_FORCE:  # the partnership's best agreement counts
            value = 1 if status == Status.ACTIVE else Decimal("0.5")
            validity[party.partner_id] = max(validity.get(party.partner_id, 0), value)
    for pk in ids:
        health[pk].parts["agreement"] = Decimal(validity.get(pk, 0))
        row = by_partner.get(pk)
        total = row["total"] if row else 0
        health[pk].parts["documentation"] = Decimal(row["with_evidence"]) / total if total else None

    # Nothing on record at all: no regularity or agreement of 0 to speak of, so no score (not 0).
    unknown = [pk for pk in ids if not (pk in by_partner or pk in means or pk in severities)]
    if unknown:
        # An agreement signed (as of the day the health is read for), or work only before the last
        # twelve months, is on record (the two queries over all the years). Beyond a few hundred, the
        # caller's own partner_ids (a subquery when given as a queryset) rather than thousands of
        # parameters.
        asked = unknown if len(unknown) <= LISTED_AT_MOST else chosen
        signed = Q(agreement__signed_on__isnull=True) | Q(agreement__signed_on__lte=today)
        on_record = set(
            Party.objects.for_schools(schools)
            .filter(signed, partner__in=asked, agreement__stage__in=SIGNED_STAGES)
            .values_list("partner", flat=True)
            .order_by()
            .distinct()
        )
        on_record |= set(
            done.filter(partners__in=asked, start_date__lt=since)
            .values_list("partners", flat=True)
            .order_by()
            .distinct()
        )
        for pk in unknown:
            if pk not in on_record:
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
