"""Reading agreements for pages and the API: one way in, through the school access."""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404

from mitra.agreements.models import Agreement, AgreementTemplate, Article, FoundationTemplate, Party
from mitra.agreements.status import (
    IN_FORCE,
    SIGNED_STAGES,
    Status,
    in_force_q,
    lapsing_q,
    renewal_note,
    replaced_q,
    status_of,
    status_q,
)
from mitra.schools.selectors import by_school


def visible_q(access) -> Q:
    """Which of the school's agreements the person may read: all of them, or, for a partner's
    representative, the signed ones (terminated included) to which their partner is a party."""
    if not access.is_partner_rep:
        return Q()
    if access.partner_id is None:
        return Q(pk__in=[])
    theirs = Party.objects.for_school(access.school).filter(agreement=OuterRef("pk"), partner_id=access.partner_id)
    return Q(stage__in=SIGNED_STAGES) & Q(Exists(theirs))


def agreements_to_offer(*, school, keep=()) -> QuerySet[Agreement]:
    """The agreements other stages' forms offer (an activity's, a letter's): one version of each
    agreement — the signed one while an addendum to it is still a draft, the newest once it is
    signed — plus those a record being edited already links to."""
    addendum_in_making = Q(previous_version__isnull=False) & ~Q(stage__in=SIGNED_STAGES)
    return Agreement.objects.for_school(school).filter(
        (~replaced_q() & ~addendum_in_making) | Q(pk__in=[pk for pk in keep if pk])
    )


def agreements_of(*, access) -> QuerySet[Agreement]:
    return (
        Agreement.objects.for_school(access.school)
        .filter(visible_q(access))
        .select_related("school", "renewed_by", "parent", "next_version")
        .prefetch_related(
            Prefetch("parties", queryset=Party.objects.for_school(access.school).select_related("partner"))
        )
    )


def agreement_list(
    *, access, today: datetime.date, q: str = "", status: str = "", kind: str = "", partner=None
) -> QuerySet[Agreement]:
    """Each agreement once: a version replaced by a signed newer one (an addendum) is reached from
    that one, unless the replaced versions are asked for; a draft addendum is listed beside the
    signed version it would replace, which stays in force until then."""
    agreements = agreements_of(access=access)
    if status != Status.REPLACED:
        agreements = agreements.exclude(replaced_q())
    if q:
        agreements = agreements.filter(
            Q(title__icontains=q) | Q(parties__partner__name__icontains=q) | Q(parties__document_number__icontains=q)
        ).distinct()
    if status:
        agreements = agreements.filter(status_q(status, today))
    if kind:
        agreements = agreements.filter(kind=kind)
    if partner is not None:
        agreements = agreements.filter(parties__partner=partner)
    return agreements


def agreement_get(*, access, agreement_id: int) -> Agreement:
    agreement = agreements_of(access=access).filter(pk=agreement_id).first()
    if agreement is None:
        raise Http404
    return agreement


def versions_of(agreement: Agreement) -> list[Agreement]:
    """Every version of the agreement, oldest first."""
    versions = [agreement]
    while versions[0].previous_version_id:
        versions.insert(0, versions[0].previous_version)
    current = versions[-1]
    while hasattr(current, "next_version"):
        current = current.next_version
        versions.append(current)
    return versions


def templates_of(*, access) -> QuerySet[AgreementTemplate]:
    return AgreementTemplate.objects.for_school(access.school)


@dataclass(frozen=True)
class ArticleChange:
    number: int
    state: str  # same, changed, added, removed
    old: Article | None
    new: Article | None


def compare(older: Agreement, newer: Agreement) -> list[ArticleChange]:
    """Two versions side by side, article by article (matched by number)."""
    old = {a.number: a for a in older.articles.all()}
    new = {a.number: a for a in newer.articles.all()}
    rows = []
    for number in sorted(old.keys() | new.keys()):
        before, after = old.get(number), new.get(number)
        if before is None:
            state = "added"
        elif after is None:
            state = "removed"
        else:
            state = "same" if (before.title, before.body) == (after.title, after.body) else "changed"
        rows.append(ArticleChange(number, state, before, after))
    return rows


def agreement_timeline_entries(*, access, partner):
    """The agreements a partner is party to, for the partner's timeline: when each was signed (or,
    for a draft, when it would start), and when it was terminated."""
    from django.urls import reverse
    from django.utils.formats import date_format
    from django.utils.translation import gettext as _

    from mitra.partners.timeline import Entry

    agreements = (
        Agreement.objects.for_school(access.school)
        .filter(visible_q(access))
        .filter(parties__partner=partner)
        .select_related("renewed_by")
    )
    can_open = access.can("agreements.view")
    entries = []
    for agreement in agreements:
        url = (
            reverse("agreements:detail", kwargs={"school_id": access.school.pk, "agreement_id": agreement.pk})
            if can_open
            else ""
        )
        term = f"{date_format(agreement.start_date)} – {date_format(agreement.end_date)}"
        if agreement.signed_on and agreement.stage != Agreement.Stage.DRAFT:
            entries.append(Entry(agreement.signed_on, _("Agreement signed"), agreement.title, url, term))
        else:
            entries.append(Entry(agreement.start_date, agreement.get_kind_display(), agreement.title, url, term))
        if agreement.terminated_on:
            entries.append(
                Entry(
                    agreement.terminated_on,
                    _("Agreement terminated"),
                    agreement.title,
                    url,
                    agreement.termination_reason,
                )
            )
    return entries


# --- The principal's weekly look (the school's dashboard) ------------------------------------------

AGREEMENT_ORDER = [
    Status.EXPIRING,
    Status.EXPIRED,
    Status.PENDING,
    Status.ACTIVE,
    Status.RENEWED,
    Status.REVIEW,
    Status.DRAFT,
]


def agreements_by_status(*, school, today) -> dict:
    """Every agreement that counts (each once: a version replaced by a signed addendum does not),
    the ones needing attention first: expiring, then expired. Terminated ones are left out unless
    still in force (a termination that takes effect later). `in_force` is the count of the
    agreements in force today (agreements/status.py), the same as the foundation's row."""
    found = (
        Agreement.objects.for_school(school)
        .exclude(replaced_q())
        .select_related("renewed_by", "next_version")
        .prefetch_related(Prefetch("parties", queryset=Party.objects.for_school(school).select_related("partner")))
    )
    rows = [
        {"agreement": a, "status": status, "note": renewal_note(a, today)}
        for a in found
        if (status := status_of(a, today)) != Status.TERMINATED
    ]
    rank = {status: i for i, status in enumerate(AGREEMENT_ORDER)}
    rows.sort(key=lambda r: (rank.get(r["status"], 99), r["agreement"].end_date))
    counts = Counter(r["status"] for r in rows)
    return {
        "rows": rows[:8],
        "more": max(0, len(rows) - 8),
        "counts": [{"status": s, "n": counts[s]} for s in AGREEMENT_ORDER if counts[s]],
        "in_force": sum(counts[s] for s in IN_FORCE),
        "expiring": counts[Status.EXPIRING],
    }


def agreements_with_parties(*, school, partner=None) -> QuerySet[Agreement]:
    """The school's agreements (every version) in date order, with their parties and the links a
    status needs; with a partner, those it is party to."""
    agreements = (
        Agreement.objects.for_school(school)
        .select_related("renewed_by", "next_version")
        .prefetch_related(Prefetch("parties", queryset=Party.objects.for_school(school).select_related("partner")))
        .order_by("start_date", "id")
    )
    if partner is not None:
        agreements = agreements.filter(parties__partner=partner)
    return agreements.distinct()


def signed_scans_in(*, school, start, end, partner=None) -> QuerySet[Agreement]:
    """The agreements in force at some time in the period whose signed scan is kept, in date order,
    with their parties; with a partner, those it is party to."""
    signed = (
        Agreement.objects.for_school(school)
        .filter(signed_scan__isnull=False, start_date__lte=end, end_date__gte=start)
        .select_related("signed_scan")
        .prefetch_related(Prefetch("parties", queryset=Party.objects.for_school(school).select_related("partner")))
        .order_by("start_date", "id")
    )
    if partner is not None:
        signed = signed.filter(parties__partner=partner).distinct()
    return signed


# --- Across a foundation's schools (its dashboard) ----------------------------------------------


def in_force_by_school(*, schools, today: datetime.date) -> dict[int, dict]:
    """{school id: {"n": agreements in force today, "expiring": of them, ending unrenewed soon}}, in one query."""
    return by_school(
        Agreement.objects.for_schools(schools).filter(in_force_q(today)),
        n=Count("id"),
        expiring=Count("id", filter=lapsing_q(today)),
    )


def foundation_templates(*, foundation) -> list[FoundationTemplate]:
    return list(FoundationTemplate.objects.filter(foundation=foundation).order_by("kind", "name"))


def template_uses(*, schools, templates) -> QuerySet:
    """(foundation template id, school name, agreements made from the school's copy) for each copy
    the schools took of the templates."""
    return (
        AgreementTemplate.objects.for_schools(schools)
        .filter(copied_from__in=templates)
        .annotate(
            agreements=Subquery(
                Agreement.all_schools.filter(template=OuterRef("pk"))
                .values("template")
                .annotate(n=Count("id"))
                .values("n")
            )
        )
        .values_list("copied_from_id", "school__name", "agreements")
    )
