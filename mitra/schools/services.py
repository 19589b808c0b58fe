"""Changing schools, their years and their people. Every change leaves a history record."""

import datetime
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.http import Http404
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
from mitra.schools import hooks
from mitra.schools.access import access_for
from mitra.schools.models import AcademicYear, Invitation, Membership, School
from mitra.schools.roles import FOUNDATION_ROLES, Role

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


def _send_invitation(*, invitation: Invitation, request_base: str) -> None:
    """A new account's invitation: a link to choose a password, after which the person accepts."""
    user = invitation.user
    link = request_base + reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    with translation.override(user.language):
        send_mail(
            subject=_("You are invited to %(school)s on Mitra") % {"school": invitation.school.name},
            message=render_to_string(
                "schools/email/invitation.txt",
                {
                    "user": user,
                    "school": invitation.school,
                    "invited_by": invitation.invited_by,
                    "role": invitation.get_role_display(),
                    "link": link,
                },
            ),
            from_email=None,
            recipient_list=[user.email],
        )


def _tell(person, school: School, words, url: str = "") -> None:
    """Tell `person` about their own place in `school` (an invitation, a role changed): the
    notifications app, listening to `hooks.place_changed`, makes it a notice."""
    hooks.place_changed.send(sender=School, school=school, person=person, words=words, url=url)


def _officer(access) -> bool:
    """Whether this person also works for the school's foundation (then a school place is not all they have)."""
    return bool(access.foundation_role) or access.role in FOUNDATION_ROLES


def require_grant(access, *roles_needed: str) -> None:
    """Refuse unless `access` may give every one of `roles_needed` (roles.GRANTS decides)."""
    for role in roles_needed:
        if not access.may_grant(role):
            raise ValidationError(
                {"role": _("You cannot give the role “%(role)s”.") % {"role": Role(role).label}}, code="not_grantable"
            )


@transaction.atomic
def member_invite(
    *, access, email: str, first_name: str, last_name: str, role: str, partner=None, request_base: str
) -> Invitation:
    """Invite a person to the school by e-mail. Nobody joins unasked: the person accepts the
    invitation (a new account first chooses a password through the link it is sent). The inviter
    learns nothing about an account that already exists elsewhere: the answer is the same."""
    school, user = access.school, access.user
    require_grant(access, role)
    if partner is not None and partner.school_id != school.pk:
        raise ValidationError({"partner": _("Choose a partner of this school.")}, code="partner_elsewhere")
    User = get_user_model()
    email = email.strip()
    person = User._default_manager.filter(email__iexact=email).order_by("pk").first()
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
    if Membership.objects.filter(user=person, school=school, is_active=True).exists():
        raise ValidationError({"email": _("%(email)s already belongs to this school.") % {"email": email}})
    if Membership.objects.filter(user=person, school=school).exists():
        raise ValidationError(
            {
                "email": _("%(email)s was deactivated in this school: reactivate them from the list of people.")
                % {"email": email}
            }
        )
    waiting = Invitation.objects.filter(user=person, school=school, answered_at__isnull=True)
    waiting.filter(created_at__lt=_invitations_since()).update(answered_at=timezone.now(), accepted=False)
    if waiting.exists():
        raise ValidationError({"email": _("%(email)s is already invited and has not answered yet.") % {"email": email}})
    try:
        with transaction.atomic():
            invitation = Invitation.objects.create(
                school=school,
                user=person,
                email=email,
                name=" ".join(part for part in (first_name.strip(), last_name.strip()) if part),
                role=role,
                partner=partner if role == Role.PARTNER_REP else None,
                invited_by=user,
            )
    except IntegrityError:  # the same person invited a moment ago, from another tab or device
        raise ValidationError(
            {"email": _("%(email)s is already invited and has not answered yet.") % {"email": email}}
        ) from None
    # An account that never chose a password (invited by another school, not answered yet) cannot log
    # in to see a notice: it gets the link to choose one, as a new account does. An account closed
    # for losing its last place stays closed until an administrator opens it: an invitation from any
    # school must not reopen an account (and its other places and tokens).
    if created or not person.has_usable_password():
        transaction.on_commit(lambda: _send_invitation(invitation=invitation, request_base=request_base))
    else:
        _tell(
            person,
            school,
            lambda _lang: (
                _("%(person)s invites you to %(school)s as %(role)s. Accept or decline the invitation.")
                % {"person": user, "school": school.name, "role": invitation.get_role_display()}
            ),
            url=reverse("invitations"),
        )
    return invitation


INVITATION_DAYS = 30


def _invitations_since():
    return timezone.now() - datetime.timedelta(days=INVITATION_DAYS)


def open_invitations(**filters):
    """Invitations not answered yet and not older than INVITATION_DAYS."""
    return Invitation.objects.filter(answered_at__isnull=True, created_at__gte=_invitations_since(), **filters)


def open_invitations_of(person):
    return open_invitations(user=person).select_related("school", "invited_by")


@transaction.atomic
def invitation_answer(*, invitation: Invitation, user, accept: bool) -> Membership | None:
    """The invited person accepts (and joins the school with the role offered) or declines."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.user_id != user.pk:
        raise ValidationError(_("This invitation is for someone else."), code="not_yours")
    if not invitation.is_open:
        raise ValidationError(_("This invitation was already answered or withdrawn."), code="answered")
    if accept and (invitation.created_at < _invitations_since() or not _inviter_may_still_grant(invitation)):
        raise ValidationError(
            _("This invitation is no longer valid. Ask the school to invite you again."), code="stale"
        )
    invitation.answered_at, invitation.accepted = timezone.now(), accept
    invitation.save(update_fields=["answered_at", "accepted"])
    if not accept:
        return None
    membership, created = Membership.objects.get_or_create(
        user=user, school=invitation.school, defaults={"role": invitation.role, "partner": invitation.partner}
    )
    before = None if created else snapshot(membership)
    if not created:
        membership.role, membership.partner, membership.is_active = invitation.role, invitation.partner, True
        membership.save(update_fields=["role", "partner", "is_active"])
    record(
        user=user,
        obj=membership,
        action=Change.Action.CREATE if created else Change.Action.UPDATE,
        before=before,
        anchor=invitation.school,
    )
    return membership


def _inviter_may_still_grant(invitation: Invitation) -> bool:
    """An invitation gives only what its inviter may still give: one sent by a principal who has
    since left, or lost the role, grants nothing."""
    if invitation.invited_by is None:
        return False
    try:
        return access_for(invitation.invited_by, invitation.school_id).may_grant(invitation.role)
    except Http404:
        return False


@transaction.atomic
def invitation_withdraw(*, invitation: Invitation, access) -> None:
    """The school takes back an invitation not answered yet."""
    require_grant(access, invitation.role)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.is_open:
        invitation.answered_at, invitation.accepted = timezone.now(), False
        invitation.save(update_fields=["answered_at", "accepted"])


def _role_words(membership: Membership, before_role: str, by, *, reactivated: bool = False) -> Callable[[str], str]:
    def words(_lang):
        if not membership.is_active:
            return _("%(person)s ended your access to %(school)s.") % {"person": by, "school": membership.school.name}
        if before_role != membership.role:
            return _("%(person)s changed your role in %(school)s from %(old)s to %(new)s.") % {
                "person": by,
                "school": membership.school.name,
                "old": Role(before_role).label,
                "new": membership.get_role_display(),
            }
        if not reactivated:  # the same role, for another partner
            return _("%(person)s changed the partner you represent in %(school)s to %(partner)s.") % {
                "person": by,
                "school": membership.school.name,
                "partner": membership.partner.name if membership.partner else "–",
            }
        return _("%(person)s gave you access to %(school)s again, as %(role)s.") % {
            "person": by,
            "school": membership.school.name,
            "role": membership.get_role_display(),
        }

    return words


@transaction.atomic
def member_change_role(*, membership: Membership, access, role: str, partner=None) -> Membership:
    """Change a person's role; who may give which role is decided in roles.GRANTS, and the person is told."""
    require_grant(access, membership.role, role)
    if not membership.is_active:
        raise ValidationError(_("Reactivate this person first, then change their role."), code="inactive")
    if membership.user_id == access.user.pk and not _officer(access):
        raise ValidationError(
            {"role": _("You cannot change your own role. Ask another principal or the foundation.")}, code="self"
        )
    if partner is not None and partner.school_id != membership.school_id:
        raise ValidationError({"partner": _("Choose a partner of this school.")}, code="partner_elsewhere")
    before = snapshot(membership)
    old_role = membership.role
    membership.role = role
    membership.partner = partner if role == Role.PARTNER_REP else None
    membership.save(update_fields=["role", "partner"])
    if record(user=access.user, obj=membership, action=Change.Action.UPDATE, before=before, anchor=membership.school):
        _tell(membership.user, membership.school, _role_words(membership, old_role, access.user))
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
def member_deactivate(*, membership: Membership, access) -> Membership:
    """End a person's access to this school now; with no other active place, the account closes too."""
    user = access.user
    if membership.user_id == user.pk and not _officer(access):
        raise ValidationError(_("You cannot deactivate yourself."))
    require_grant(access, membership.role)
    before = snapshot(membership)
    membership.is_active = False
    membership.save(update_fields=["is_active"])
    record(user=user, obj=membership, action=Change.Action.UPDATE, before=before, anchor=membership.school)
    if membership.user_id != user.pk:
        _tell(membership.user, membership.school, _role_words(membership, membership.role, user))
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
def member_reactivate(*, membership: Membership, access) -> Membership:
    require_grant(access, membership.role)
    before = snapshot(membership)
    membership.is_active = True
    membership.save(update_fields=["is_active"])
    if not membership.user.is_active:
        membership.user.is_active = True
        membership.user.save(update_fields=["is_active"])
    record(user=access.user, obj=membership, action=Change.Action.UPDATE, before=before, anchor=membership.school)
    _tell(membership.user, membership.school, _role_words(membership, membership.role, access.user, reactivated=True))
    return membership
