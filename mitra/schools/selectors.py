"""Reading a school's own tables for pages and exports."""

from django.db.models import Count, Exists, F, Func, OuterRef, Q, QuerySet, Subquery

from mitra.schools.models import AcademicYear, Membership, School


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


def every_school() -> QuerySet[School]:
    """Every school of the installation, for the periodic work that visits each of them."""
    return School.objects.all()


def schools_of(*, foundation) -> QuerySet[School]:
    """The foundation's schools, in no particular order (to count them or narrow other rows to them)."""
    return School.objects.filter(foundation=foundation)


def schools_named(key: str) -> QuerySet[School]:
    """The schools known by this id, NPSN or NSM (one, for a good key): how a command names a school."""
    return School.objects.filter(Q(npsn=key) | Q(nsm=key) | (Q(pk=key) if key.isdigit() else Q(pk=None)))


def with_member_counts(schools: QuerySet[School]) -> QuerySet[School]:
    """The schools, each with `member_count`: its people with an active membership."""
    return schools.annotate(member_count=Count("memberships", filter=Q(memberships__is_active=True), distinct=True))


def active_members(*, school) -> QuerySet[Membership]:
    return Membership.objects.filter(school=school, is_active=True)


def counts(*, school, **querysets: QuerySet) -> dict[str, int]:
    """How many rows each queryset holds, in one query (a scalar subquery each) instead of one each:
    a page that shows several counts of a school asks the database once."""
    each = {
        name: Subquery(found.order_by().annotate(_n=Func(F("pk"), function="COUNT")).values("_n"))
        for name, found in querysets.items()
    }
    return School.objects.filter(pk=school.pk).annotate(**each).values(*each).get()


def first_member(*, school, role: str) -> Membership | None:
    """The school's longest-standing active member in that role (its principal, its coordinator)."""
    return (
        Membership.objects.select_related("user")
        .filter(school=school, role=role, is_active=True)
        .order_by("id")
        .first()
    )


def years_of(*, school) -> QuerySet[AcademicYear]:
    """The school's years, the newest first (the choices of the report forms)."""
    return AcademicYear.objects.for_school(school).order_by("-start_date")


def year_of(*, school, year_id=None, name: str | None = None) -> AcademicYear | None:
    """One of the school's years, by its key or its name (2025/2026); None if the school has no such year."""
    years = AcademicYear.objects.for_school(school)
    return years.filter(pk=year_id).first() if name is None else years.filter(name=name).first()


def in_current_year_q(day_field: str) -> Q:
    """The row's day (`day_field`) falls in its own school's current school year."""
    return Q(
        Exists(
            AcademicYear.objects.for_school(OuterRef("school")).filter(
                is_current=True, start_date__lte=OuterRef(day_field), end_date__gte=OuterRef(day_field)
            )
        )
    )


def by_school(queryset, **aggregates) -> dict[int, dict]:
    """{school id: its row of the aggregates}, in one grouped query over many schools' rows."""
    return {row["school"]: row for row in queryset.values("school").annotate(**aggregates)}
