"""The one way into school data: resolve a user's access to a school, check a capability, log denials.

Views are wrapped in `school_view("capability")`; they receive an `Access` and reach every row
through it. A school the user has no part in is a 404 (we do not confirm it exists); a capability
the role lacks is a 403.
"""

import functools
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Count, OuterRef, Subquery, Window
from django.http import Http404

from mitra.schools import freshness, roles
from mitra.schools.models import Foundation, FoundationMembership, Membership, School

security_log = logging.getLogger("mitra.security")


@dataclass(frozen=True)
class Access:
    user: object
    school: School
    role: str
    partner_id: int | None = None  # set only for partner representatives
    # A foundation officer who also has a place in one of the foundation's schools keeps the
    # foundation's role there as well: a school cannot narrow what its foundation may see or do.
    foundation_role: str | None = None
    # The state of each kind of the school's data (schools/freshness.py), read with the access itself,
    # at the start of the request and so before any of its data; None when made without it.
    marks: dict | None = field(default=None, compare=False)

    @property
    def roles(self) -> tuple[str, ...]:
        return (self.role, self.foundation_role) if self.foundation_role else (self.role,)

    def can(self, permission: str) -> bool:
        return any(roles.role_has(role, permission) for role in self.roles)

    def may_grant(self, role: str) -> bool:
        return roles.may_grant(self.roles, role)

    @property
    def grantable_roles(self) -> tuple[str, ...]:
        return roles.grantable_by(*self.roles)

    def require(self, permission: str, request=None) -> None:
        if not self.can(permission):
            security_log.warning(
                "denied user=%s school=%s role=%s permission=%s path=%s",
                self.user.pk,
                self.school.pk,
                self.role,
                permission,
                getattr(request, "path", "-"),
            )
            raise PermissionDenied(permission)

    @property
    def is_partner_rep(self) -> bool:
        return self.role == roles.Role.PARTNER_REP

    @property
    def role_label(self) -> str:
        return roles.Role(self.role).label


@dataclass(frozen=True)
class FoundationAccess:
    user: object
    foundation: Foundation
    role: str

    def can(self, permission: str) -> bool:
        return roles.role_has(self.role, permission)


def access_for(user, school_id) -> Access:
    """The user's access to one school, or Http404 when they have none."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        raise Http404
    officer_role = FoundationMembership.objects.filter(
        user=user, foundation_id=OuterRef("school__foundation_id"), is_active=True
    ).values("role")[:1]
    membership = (
        Membership.objects.select_related("school")
        .annotate(
            foundation_role=Subquery(officer_role), **freshness.latest_annotations(freshness.MEMBERSHIP_SCHOOL_ID)
        )
        .filter(user=user, school_id=school_id, is_active=True)
        .first()
    )
    if membership:
        marks = freshness.marks_of(membership)
    if membership and membership.foundation_role and membership.role != roles.Role.PARTNER_REP:
        return Access(
            user=user,
            school=membership.school,
            role=membership.role,
            foundation_role=membership.foundation_role,
            marks=marks,
        )
    if membership and membership.foundation_role:  # an officer who also represents a partner: the foundation's view
        return Access(user=user, school=membership.school, role=membership.foundation_role, marks=marks)
    if membership:
        return Access(
            user=user, school=membership.school, role=membership.role, partner_id=membership.partner_id, marks=marks
        )
    school = School.objects.filter(pk=school_id).annotate(**freshness.latest_annotations(freshness.SCHOOL_ID)).first()
    if school:
        officer = FoundationMembership.objects.filter(
            user=user, foundation_id=school.foundation_id, is_active=True
        ).first()
        if officer:
            return Access(user=user, school=school, role=officer.role, marks=freshness.marks_of(school))
    security_log.warning("no access user=%s school=%s", user.pk, school_id)
    raise Http404


def foundation_access_for(user, foundation_id) -> FoundationAccess:
    officer = (
        FoundationMembership.objects.select_related("foundation")
        .filter(user=user, foundation_id=foundation_id, is_active=True)
        .first()
        if user.is_authenticated and user.is_active
        else None
    )
    if officer is None:
        security_log.warning("no foundation access user=%s foundation=%s", user.pk, foundation_id)
        raise Http404
    return FoundationAccess(user=user, foundation=officer.foundation, role=officer.role)


def _login_or(request):
    return redirect_to_login(request.get_full_path())


def school_view(permission: str):
    """Decorate a view taking `school_id`: it is called as view(request, access, **other_kwargs)."""

    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, school_id, *args, **kwargs):
            if not request.user.is_authenticated:
                return _login_or(request)
            access = access_for(request.user, school_id)
            access.require(permission, request)
            request.access = access
            response = view(request, access, *args, **kwargs)
            remember_school(request, response, access.school.pk)
            return response

        wrapper.permission = permission
        return wrapper

    return decorate


# The school a person last worked in, on this device: home opens it again after the next login,
# instead of asking a teacher of two schools to choose every time (schools/views.home).
LAST_SCHOOL_COOKIE = "mitra_school"


def remember_school(request, response, school_id: int) -> None:
    if request.method == "GET" and request.COOKIES.get(LAST_SCHOOL_COOKIE) != str(school_id):
        response.set_cookie(
            LAST_SCHOOL_COOKIE,
            str(school_id),
            max_age=365 * 24 * 3600,
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )


def last_school(request) -> int | None:
    """The school remembered on this device, if the person is still a member of it."""
    remembered = request.COOKIES.get(LAST_SCHOOL_COOKIE, "")
    if not remembered.isdigit() or len(remembered) > 18:
        return None
    member = Membership.objects.filter(user=request.user, is_active=True, school_id=int(remembered)).exists()
    return int(remembered) if member else None


def foundation_view(permission: str):
    def decorate(view):
        @functools.wraps(view)
        def wrapper(request, foundation_id, *args, **kwargs):
            if not request.user.is_authenticated:
                return _login_or(request)
            access = foundation_access_for(request.user, foundation_id)
            if not access.can(permission):
                security_log.warning(
                    "denied user=%s foundation=%s permission=%s", request.user.pk, foundation_id, permission
                )
                raise PermissionDenied(permission)
            request.foundation_access = access
            return view(request, access, *args, **kwargs)

        wrapper.permission = permission
        return wrapper

    return decorate


def places_for(user, limit: int | None = None) -> dict:
    """Schools and foundations the user can open, for the switcher, the home redirect and the API.
    With `limit`, a foundation's schools stop there and `more` says how many were left out: the
    header's switcher would otherwise put a thousand links on every page of a large foundation
    (its overview lists and searches them all)."""
    if not user.is_authenticated:
        return {"schools": [], "foundations": [], "more": 0}
    own = {m.school_id: m.school for m in Membership.objects.select_related("school").filter(user=user, is_active=True)}
    foundations = sorted(
        (
            m.foundation
            for m in FoundationMembership.objects.select_related("foundation").filter(user=user, is_active=True)
        ),
        key=lambda f: f.name,
    )
    others = School.objects.filter(foundation__in=foundations).exclude(pk__in=own).order_by("name")
    shown, more = [], 0
    if foundations and limit is None:
        shown = list(others)
    elif foundations:
        room = max(0, limit - len(own))
        if room:
            # Counted in the same query as the list (a window over every row, taken before the
            # limit): one query however many schools.
            shown = list(others.annotate(_all=Window(Count("pk")))[:room])
            more = shown[0]._all - len(shown) if shown else 0
        else:
            more = others.count()
    return {"schools": sorted([*own.values(), *shown], key=lambda s: s.name), "foundations": foundations, "more": more}


SWITCHER_SCHOOLS = 12
