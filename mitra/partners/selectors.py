"""Reading partner data, always through a school access: partner representatives see only their own."""

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from mitra.partners.models import Contact, Partner, Potential, name_key

SORTS = {
    "name": ("name_key",),
    "-name": ("-name_key",),
    "kind": ("kind", "name_key"),
    "status": ("status", "name_key"),
    "-updated": ("-updated_at",),
}


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


def potentials_of(*, access, partner: Partner) -> QuerySet[Potential]:
    return Potential.objects.for_school(access.school).filter(partner=partner)
