"""Who may do what: the one module every view and API endpoint asks.

A person's role comes from a school membership, or, for foundation officers, from a membership of
the foundation that runs the school. Permissions are named capabilities, so that a view states what
it does ("partners.edit") rather than who may do it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    FOUNDATION_ADMIN = "foundation_admin", _("Foundation administrator")
    FOUNDATION_VIEWER = "foundation_viewer", _("Foundation viewer")
    PRINCIPAL = "principal", _("Principal")
    COORDINATOR = "coordinator", _("Partnership coordinator")
    TEAM_MEMBER = "team_member", _("Team member")
    ADMIN_STAFF = "admin_staff", _("Administrative staff")
    COMMITTEE_VIEWER = "committee_viewer", _("School committee")
    PARTNER_REP = "partner_rep", _("Partner representative")


FOUNDATION_ROLES = (Role.FOUNDATION_ADMIN, Role.FOUNDATION_VIEWER)
SCHOOL_ROLES = tuple(role for role in Role if role not in FOUNDATION_ROLES)

_STAFF = {Role.PRINCIPAL, Role.COORDINATOR, Role.TEAM_MEMBER, Role.ADMIN_STAFF}
_LEADS = {Role.PRINCIPAL, Role.COORDINATOR}
_READERS = _STAFF | {Role.COMMITTEE_VIEWER, Role.FOUNDATION_ADMIN, Role.FOUNDATION_VIEWER}

# capability -> roles that hold it. Partner representatives hold only the capabilities that the
# views narrow to their own partner (see `Access.partner`).
PERMISSIONS: dict[str, frozenset[Role]] = {
    "school.view": frozenset(_READERS | {Role.PARTNER_REP}),
    "school.view_cycle": frozenset(_READERS),
    "school.edit_profile": frozenset({Role.PRINCIPAL, Role.FOUNDATION_ADMIN}),
    "school.manage_years": frozenset(_LEADS | {Role.FOUNDATION_ADMIN}),
    "school.manage_members": frozenset({Role.PRINCIPAL, Role.FOUNDATION_ADMIN}),
    "school.view_members": frozenset(_STAFF | {Role.FOUNDATION_ADMIN, Role.FOUNDATION_VIEWER}),
    "partners.view": frozenset(_READERS | {Role.PARTNER_REP}),
    "partners.edit": frozenset(_STAFF),
    "partners.archive": frozenset(_LEADS),
    "history.view": frozenset(_READERS),
    "planning.view": frozenset(_READERS),
    "planning.edit": frozenset(_STAFF),
    # The foundation may approve too, so that a principal's own revision can be approved by someone else
    # when the school asks for that (School.plan_approval_by_other).
    "planning.approve": frozenset({Role.PRINCIPAL, Role.FOUNDATION_ADMIN}),
    "planning.manage_lists": frozenset(_LEADS),
    # The school committee's word on the draft plan and on the accountability summary; the leads write
    # down what the committee said at a meeting, naming whose words they are.
    "committee.comment": frozenset(_LEADS | {Role.COMMITTEE_VIEWER}),
    # A partner's representative reads the signed agreements their partner is party to
    # (agreements/selectors.py: visible_q); the school's template library is its own.
    "agreements.view": frozenset(_READERS | {Role.PARTNER_REP}),
    "agreements.view_templates": frozenset(_READERS),
    "agreements.edit": frozenset(_LEADS | {Role.ADMIN_STAFF}),
    "agreements.sign": frozenset({Role.PRINCIPAL}),
    "agreements.templates": frozenset(_LEADS),
    "letters.view": frozenset(_READERS),
    "letters.edit": frozenset(_LEADS | {Role.ADMIN_STAFF}),
    "letters.settings": frozenset(_LEADS | {Role.ADMIN_STAFF}),
    "activities.view": frozenset(_READERS | {Role.PARTNER_REP}),
    "activities.record": frozenset(_STAFF),
    "activities.verify": frozenset(_LEADS),
    "activities.confirm": frozenset({Role.PARTNER_REP}),
    "team.view": frozenset(_READERS),
    "team.manage": frozenset(_LEADS),
    "communications.view": frozenset(_READERS),
    "communications.edit": frozenset(_STAFF),
    "calendar.view": frozenset(_READERS),
    "calendar.reset_school_feed": frozenset(_LEADS),
    "evaluation.view": frozenset(_READERS),
    "evaluation.manage": frozenset(_LEADS),
    "evaluation.answer": frozenset(_STAFF | {Role.COMMITTEE_VIEWER}),
    "evaluation.observe": frozenset(_STAFF),
    "obstacles.edit": frozenset(_STAFF),
    "recommendations.edit": frozenset(_LEADS),
    "reports.view": frozenset(_READERS),
    "school.export_archive": frozenset({Role.PRINCIPAL, Role.FOUNDATION_ADMIN}),
    "foundation.view": frozenset({Role.FOUNDATION_ADMIN, Role.FOUNDATION_VIEWER}),
    "foundation.manage_schools": frozenset({Role.FOUNDATION_ADMIN}),
    "foundation.templates": frozenset({Role.FOUNDATION_ADMIN}),
}

# Roles that may be handed out inside a school, on its people page; foundation roles are the
# foundation's own and are never given from a school.
ASSIGNABLE_ROLES = SCHOOL_ROLES

# Who may grant which role: the one place that decides it. A school's principal and the foundation's
# administrator give school roles (and take them back: changing someone's role needs the right to
# grant both the old and the new one); nobody grants a foundation role from a school.
GRANTS: dict[Role, frozenset[Role]] = {
    Role.PRINCIPAL: frozenset(SCHOOL_ROLES),
    Role.FOUNDATION_ADMIN: frozenset(SCHOOL_ROLES),
}


def grantable_by(*granter_roles: str | None) -> tuple[Role, ...]:
    """The roles someone holding `granter_roles` may give, in the order of `Role`."""
    allowed = set().union(*(GRANTS.get(role, frozenset()) for role in granter_roles))
    return tuple(role for role in Role if role in allowed)


def may_grant(granter_roles, role: str) -> bool:
    return role in grantable_by(*granter_roles)


def role_has(role: str | None, permission: str) -> bool:
    if permission not in PERMISSIONS:
        raise KeyError(f"unknown permission {permission!r}")
    return role in PERMISSIONS[permission]


def roles_with(permission: str) -> frozenset[Role]:
    return PERMISSIONS[permission]
