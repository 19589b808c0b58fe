"""Reading a school's own tables for pages and exports."""

from django.db.models import Q

from mitra.schools.models import Membership, School


def member_search(*, access, q: str = ""):
    """The school's people for the members page and its export: searched by name, e-mail or username."""
    members = (
        Membership.objects.filter(school=access.school)
        .select_related("user", "partner")
        .order_by("-is_active", "user__first_name", "user__username")
    )
    if q:
        members = members.filter(
            Q(user__first_name__icontains=q)
            | Q(user__last_name__icontains=q)
            | Q(user__email__icontains=q)
            | Q(user__username__icontains=q)
        )
    return members


def foundation_schools(*, foundation, q: str = ""):
    """The foundation's schools for its overview, its dashboard and their exports: searched by
    name, region, NPSN or NSM."""
    schools = School.objects.filter(foundation=foundation).order_by("name")
    if q:
        schools = schools.filter(Q(name__icontains=q) | Q(region__icontains=q) | Q(npsn=q) | Q(nsm=q))
    return schools
