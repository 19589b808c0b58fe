"""Changing schools, their years and their people. Every change leaves a history record."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from mitra.files import pipeline as files
from mitra.files.pipeline import AcceptedFile
from mitra.history.models import Change
from mitra.history.services import record, snapshot
from mitra.schools.models import AcademicYear, Membership, School
from mitra.schools.roles import Role

SCHOOL_FIELDS = (
    "name",
    "level",
    "npsn",
    "nsm",
    "address",
    "region",
    "phone",
    "email",
    "website",
    "vision",
    "mission",
    "letterhead_lines",
    "hijri_offset",
    "reminder_days",
    "plan_approval_by_other",
)


@transaction.atomic
def school_create(*, foundation, user, fields: dict) -> School:
    school = School.objects.create(foundation=foundation, **{k: fields[k] for k in SCHOOL_FIELDS if k in fields})
    record(user=user, obj=school, action=Change.Action.CREATE)
    return school


@transaction.atomic
def school_update(
    *, school: School, user, fields: dict, logo: AcceptedFile | None = None, remove_logo: bool = False
) -> School:
    """Save the profile; a new logo (already accepted by the upload pipeline) replaces the old one."""
    before = snapshot(school)
    for key in SCHOOL_FIELDS:
        if key in fields:
            setattr(school, key, fields[key])
    old_logo = school.logo
    if logo is not None:
        school.logo = files.store(school=school, user=user, accepted=logo, folder="logo")
    elif remove_logo:
        school.logo = None
    school.save()
    if old_logo is not None and school.logo_id != old_logo.pk:
        files.discard(old_logo)
    record(user=user, obj=school, action=Change.Action.UPDATE, before=before)
    return school


def default_year_dates(start_year: int) -> dict:
    """Indonesian school years run mid-July to June, the second semester from January."""
    return {
        "name": f"{start_year}/{start_year + 1}",
        "start_date": datetime.date(start_year, 7, 1),
        "second_semester_start": datetime.date(start_year + 1, 1, 1),
        "end_date": datetime.date(start_year + 1, 6, 30),
    }


def _make_current(year: AcademicYear) -> None:
    AcademicYear.objects.for_school(year.school).filter(is_current=True).exclude(pk=year.pk).update(is_current=False)


@transaction.atomic
def year_save(*, school: School, user, fields: dict, year: AcademicYear | None = None) -> AcademicYear:
    creating = year is None
    year = year or AcademicYear(school=school)
    before = None if creating else snapshot(year)
    if AcademicYear.objects.for_school(school).filter(name=fields["name"]).exclude(pk=year.pk).exists():
        raise ValidationError(
            {"name": _("This school already has the school year %(name)s.") % {"name": fields["name"]}}
        )
    for key in ("name", "start_date", "second_semester_start", "end_date", "is_current"):
        if key in fields:
            setattr(year, key, fields[key])
    if year.is_current:
        _make_current(year)
    year.save()
    record(
        user=user,
        obj=year,
        action=Change.Action.CREATE if creating else Change.Action.UPDATE,
        before=before,
        anchor=school,
    )
    return year


@transaction.atomic
def year_set_current(*, year: AcademicYear, user) -> AcademicYear:
    before = snapshot(year)
    _make_current(year)
    year.is_current = True
    year.save(update_fields=["is_current"])
    record(user=user, obj=year, action=Change.Action.UPDATE, before=before, anchor=year.school)
    return year


def people_in(school: School, roles) -> list:
    """The active people holding any of `roles` in the school, e.g. to be told of something."""
    return [
        m.user
        for m in Membership.objects.select_related("user")
        .filter(school=school, role__in=roles, is_active=True, user__is_active=True)
        .order_by("user_id")
    ]


def current_year(school: School) -> AcademicYear | None:
    return AcademicYear.objects.for_school(school).filter(is_current=True).first()


# --- People -----------------------------------------------------------------------------------


def _username_from(email: str) -> str:
    User = get_user_model()
    base = email.split("@")[0].lower()[:140] or "user"
    candidate, n = base, 1
    while User._default_manager.filter(username__iexact=candidate).exists():
        n += 1
        candidate = f"{base}{n}"
    return candidate


def _send_invitation(*, user, school: School, invited_by, request_base: str) -> None:
    link = request_base + reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    with translation.override(user.language):
        send_mail(
            subject=_("You are invited to %(school)s on Mitra") % {"school": school.name},
            message=render_to_string(
                "schools/email/invitation.txt",
                {"user": user, "school": school, "invited_by": invited_by, "link": link},
            ),
            from_email=None,
            recipient_list=[user.email],
        )


@transaction.atomic
def member_invite(
    *, school: School, user, email: str, first_name: str, last_name: str, role: str, partner=None, request_base: str
) -> Membership:
    """Add a person to the school by e-mail; a new account gets a link to choose a password."""
    User = get_user_model()
    email = email.strip()
    person = User._default_manager.filter(email__iexact=email).first()
    created = person is None
    if created:
        person = User._default_manager.create_user(
            username=_username_from(email),
            email=email,
            first_name=first_name,
            last_name=last_name,
            language=getattr(user, "language", "id"),
        )
        person.set_unusable_password()
        person.save(update_fields=["password"])
    if Membership.objects.filter(user=person, school=school).exists():
        raise ValidationError({"email": _("%(email)s already belongs to this school.") % {"email": email}})
    membership = Membership.objects.create(
        user=person, school=school, role=role, partner=partner if role == Role.PARTNER_REP else None
    )
    if not person.is_active:
        person.is_active = True
        person.save(update_fields=["is_active"])
    record(user=user, obj=membership, action=Change.Action.CREATE, anchor=school)
    if created:
        transaction.on_commit(
            lambda: _send_invitation(user=person, school=school, invited_by=user, request_base=request_base)
        )
    return membership


@transaction.atomic
def member_change_role(*, membership: Membership, user, role: str, partner=None) -> Membership:
    before = snapshot(membership)
    membership.role = role
    membership.partner = partner if role == Role.PARTNER_REP else None
    membership.save(update_fields=["role", "partner"])
    record(user=user, obj=membership, action=Change.Action.UPDATE, before=before, anchor=membership.school)
    return membership


def end_sessions(person) -> int:
    """Delete every session of a person: the next request of any of their devices is logged out."""
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(person.pk):
            session.delete()
            ended += 1
    return ended


@transaction.atomic
def member_deactivate(*, membership: Membership, user) -> Membership:
    """End a person's access to this school now; with no other active place, the account closes too."""
    if membership.user_id == user.pk:
        raise ValidationError(_("You cannot deactivate yourself."))
    before = snapshot(membership)
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    record(user=user, obj=membership, action=Change.Action.UPDATE, before=before, anchor=membership.school)
    person = membership.user
    still_somewhere = (
        person.memberships.filter(is_active=True).exists()
        or person.foundation_memberships.filter(is_active=True).exists()
    )
    if not still_somewhere:
        person.is_active = False
        person.save(update_fields=["is_active"])
        end_sessions(person)
    return membership


@transaction.atomic
def member_reactivate(*, membership: Membership, user) -> Membership:
    before = snapshot(membership)
    membership.is_active = True
    membership.save(update_fields=["is_active"])
    if not membership.user.is_active:
        membership.user.is_active = True
        membership.user.save(update_fields=["is_active"])
    record(user=user, obj=membership, action=Change.Action.UPDATE, before=before, anchor=membership.school)
    return membership
