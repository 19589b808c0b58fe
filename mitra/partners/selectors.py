"""Reading partner data, always through a school access: partner representatives see only their own."""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from mitra.partners.models import Area, Contact, Partner, Potential, name_key

OTHER_AREA = Area.OTHER  # where an activity or an offer without an area is counted


def area_labels() -> dict:
    """{area: its name as people read it, in the active language}."""
    return dict(Area.choices)


SORTS = {
    "name": ("name_key",),
    "-name": ("-name_key",),
    "kind": ("kind", "name_key"),
    "status": ("status", "name_key"),
    "-updated": ("-updated_at",),
}


# What an "active partner" is, defined here once for the dashboards, the reports and the partnership
# health: working with the school now, and not archived.
ACTIVE = Q(archived_at__isnull=True, status=Partner.Status.ACTIVE)


def active_partners(*, school=None, schools=None) -> QuerySet[Partner]:
    """The active partners of one school, or of many (a foundation's dashboard)."""
    found = Partner.objects.for_school(school) if schools is None else Partner.objects.for_schools(schools)
    return found.filter(ACTIVE)


def partner_of(*, school, partner_id) -> Partner | None:
    """One of the school's partners by its key; None if the school has no such partner."""
    return Partner.objects.for_school(school).filter(pk=partner_id).first()


def partner_named(*, school, key: str) -> Partner | None:
    """One of the school's partners by its key or, failing that, by its exact name (a command's argument)."""
    partners = Partner.objects.for_school(school)
    return (partners.filter(pk=key).first() if key.isdigit() else None) or partners.filter(name=key).first()


def in_use(*, school) -> QuerySet[Partner]:
    """The school's partners not archived, by name (the choices of a report's partner)."""
    return representable(school).order_by("name")


def partner_counts(*, school) -> dict:
    """The school's partners not archived: how many, by status, and how many without a contact."""
    return representable(school).aggregate(
        total=Count("id"),
        active=Count("id", filter=Q(status=Partner.Status.ACTIVE)),
        prospect=Count("id", filter=Q(status=Partner.Status.PROSPECT)),
        inactive=Count("id", filter=Q(status=Partner.Status.INACTIVE)),
        without_contact=Count("id", filter=Q(contacts__isnull=True)),
    )


def partners_by_kind(*, school) -> list[dict]:
    """[{"kind": its name as people read it, "n"}] of the school's partners not archived, the most first."""
    kinds = kind_labels()
    found = representable(school).values("kind").annotate(n=Count("id")).order_by("-n", "kind")
    return [{"kind": kinds.get(row["kind"], row["kind"]), "n": row["n"]} for row in found]


def by_kind_and_location(*, school):
    """[{"kind", "location", "n", "active"}] of the school's partners not archived."""
    return (
        representable(school)
        .values("kind", "location")
        .annotate(n=Count("id"), active=Count("id", filter=Q(status=Partner.Status.ACTIVE)))
        .order_by("kind", "location")
    )


def kind_labels() -> dict:
    """{kind of partner: its name as people read it}."""
    return dict(Partner.Kind.choices)


def location_choices() -> list[tuple[str, str]]:
    """Where partners are, every place in its order: [(location, its name)]."""
    return list(Partner.Location.choices)


def partners_visible(access) -> QuerySet[Partner]:
    partners = Partner.objects.for_school(access.school)
    if access.is_partner_rep:
        partners = partners.filter(pk=access.partner_id)
    return partners


def representable(school) -> QuerySet[Partner]:
    """The partners a person may be made a representative of: the school's own, not archived."""
    return Partner.objects.for_school(school).filter(archived_at__isnull=True)


def counts_by_school(schools) -> dict[int, int]:
    """{school id: its partners not archived}, in one query (a foundation's list of schools)."""
    in_use = Partner.objects.for_schools(schools).filter(archived_at__isnull=True)
    return dict(in_use.values_list("school").annotate(n=Count("id")).values_list("school", "n"))


def partner_list(
    *,
    access,
    q: str = "",
    kind: str = "",
    location: str = "",
    status: str = "",
    area: str = "",
    archived: bool = False,
    sort: str = "name",
) -> QuerySet[Partner]:
    partners = partners_visible(access).filter(archived_at__isnull=not archived)
    if q:
        key = name_key(q)
        partners = partners.filter(
            Q(name_key__contains=key) | Q(region__icontains=q) | Q(contacts__name__icontains=q) | Q(notes__icontains=q)
        ).distinct()
    if kind:
        partners = partners.filter(kind=kind)
    if location:
        partners = partners.filter(location=location)
    if status:
        partners = partners.filter(status=status)
    if area:
        partners = partners.filter(potentials__area=area)
    return partners.order_by(*SORTS.get(sort, SORTS["name"])).prefetch_related(
        Prefetch(
            "contacts",
            queryset=Contact.objects.for_school(access.school).filter(is_primary=True),
            to_attr="primary_contacts",
        ),
        Prefetch("potentials", queryset=Potential.objects.for_school(access.school), to_attr="potential_list"),
    )


def partner_get(*, access, partner_id: int) -> Partner:
    partner = partners_visible(access).filter(pk=partner_id).first()
    if partner is None:
        raise Http404
    return partner


def contact_get(*, access, partner: Partner, contact_id: int) -> Contact:
    contact = Contact.objects.for_school(access.school).filter(partner=partner, pk=contact_id).first()
    if contact is None:
        raise Http404
    return contact


def contacts_of(*, access, partner: Partner) -> QuerySet[Contact]:
    return Contact.objects.for_school(access.school).filter(partner=partner)


def contacts_of_partners(*, school, partners) -> QuerySet[Contact]:
    """The contact persons of the partners, by partner, the primary one first (the contacts' export)."""
    return (
        Contact.objects.for_school(school)
        .filter(partner__in=partners.values("pk"))
        .select_related("partner")
        .order_by("partner__name", "-is_primary", "name")
    )


def potentials_of(*, access, partner: Partner) -> QuerySet[Potential]:
    return Potential.objects.for_school(access.school).filter(partner=partner)
