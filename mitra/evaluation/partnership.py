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

from django.db.models import Avg, Case, Count, QuerySet, Sum, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mitra.activities.models import Activity
from mitra.activities.selectors import HAS_EVIDENCE
from mitra.agreements.models import Party
from mitra.agreements.status import SIGNED_STAGES, ends_unrenewed, is_in_force
from mitra.evaluation import kinds
from mitra.evaluation.models import Answer, Obstacle
from mitra.evaluation.selectors import OPEN

REGULARITY_MONTHS = 6
WINDOW_DAYS = 365
SEVERITY_WEIGHT = Decimal("0.15")
LISTED_AT_MOST = 500  # partnerships named one by one in a query's parameters
# What agreements/status.py's rules read of an agreement, its renewal and its newer version.
_RULES_READ = ("stage", "start_date", "end_date", "terminated_on", "signed_on", "renewed_by")
PARTY_FIELDS = (
    "partner",
    *(f"agreement__{name}" for name in _RULES_READ),
    *(f"agreement__renewed_by__{name}" for name in ("stage", "start_date")),
    "agreement__next_version__stage",
)

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
    # renewal to follow it (a partnership whose renewal is signed is not about to lapse). Its Python
    # rules over the signed agreements of the chosen partnerships, with the renewal and newer version
    # each needs read with them: one plain query, where the same rules as conditions made the costliest
    # query of the score to build and to run. Signed as of the day the health is read for (a
    # partnership with nothing on record at all has no score).
    parties = (
        Party.objects.for_schools(schools)
        .filter(partner__in=chosen, agreement__stage__in=SIGNED_STAGES)
        .select_related("agreement__renewed_by", "agreement__next_version")
        .only(*PARTY_FIELDS)
    )
    validity, signed_with = {}, set()
    for party in parties:
        agreement = party.agreement
        if is_in_force(agreement, today):
            lapsing = ends_unrenewed(agreement, today)
            validity[party.partner_id] = max(validity.get(party.partner_id, 0), Decimal("0.5") if lapsing else 1)
        if agreement.signed_on is None or agreement.signed_on <= today:
            signed_with.add(party.partner_id)
    for pk in ids:
        health[pk].parts["agreement"] = Decimal(validity.get(pk, 0))
        row = by_partner.get(pk)
        total = row["total"] if row else 0
        health[pk].parts["documentation"] = Decimal(row["with_evidence"]) / total if total else None

    # Nothing on record at all: no regularity or agreement of 0 to speak of, so no score (not 0).
    unknown = [pk for pk in ids if not (pk in by_partner or pk in means or pk in severities or pk in signed_with)]
    if unknown:
        # Worked with only before the last twelve months, or never (the one query over all the years).
        # Beyond a few hundred, the caller's own partner_ids (a subquery when given as a queryset)
        # rather than thousands of parameters.
        asked = unknown if len(unknown) <= LISTED_AT_MOST else chosen
        worked_before = set(
            done.filter(partners__in=asked, start_date__lt=since)
            .values_list("partners", flat=True)
            .order_by()
            .distinct()
        )
        for pk in unknown:
            if pk not in worked_before:
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
