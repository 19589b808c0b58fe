"""Writing partner data: every change checks duplicates and leaves a history record."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from mitra.history.models import Change
from mitra.history.services import record, snapshot
from mitra.partners.models import Contact, Partner, Potential, name_key

PARTNER_FIELDS = ("name", "kind", "location", "status", "address", "region", "phone", "email", "website", "notes")
CONTACT_FIELDS = ("name", "position", "phone", "whatsapp", "email", "is_primary")


def duplicate_error(existing: Partner) -> ValidationError:
    return ValidationError(
        {
            "name": _("This school already has a partner called “%(name)s”%(archived)s.")
            % {"name": existing.name, "archived": _(" (archived)") if existing.is_archived else ""}
        },
        code="duplicate",
    )


def duplicate_of(*, school, name: str, exclude_pk=None) -> Partner | None:
    """The school's partner whose name differs from `name` only in case, accents or spacing."""
    return Partner.objects.for_school(school).filter(name_key=name_key(name)).exclude(pk=exclude_pk).first()


def _check_duplicate(*, school, name: str, exclude_pk=None) -> str:
    key = name_key(name)
    if not key:
        raise ValidationError({"name": _("Enter the partner's name.")}, code="required")
    existing = duplicate_of(school=school, name=name, exclude_pk=exclude_pk)
    if existing:
        raise duplicate_error(existing)
    return key


def _set_potentials(partner: Partner, potentials: dict[str, str]) -> None:
    """Replace the partner's potential with {area: description}."""
    Potential.objects.for_school(partner.school).filter(partner=partner).exclude(area__in=potentials).delete()
    for area, description in potentials.items():
        Potential.objects.for_school(partner.school).update_or_create(
            partner=partner, area=area, defaults={"description": description}
        )


def _potentials_text(partner: Partner) -> str:
    """Area codes, not labels: the history shows them in the reader's language (Partner.history_display)."""
    return "; ".join(
        f"{p.area}{': ' + p.description if p.description else ''}"
        for p in Potential.objects.for_school(partner.school).filter(partner=partner)
    )


def _save_unique(partner: Partner) -> None:
    # The check above gives the friendly message; the constraint settles a race between two saves.
    try:
        with transaction.atomic():
            partner.save()
    except IntegrityError:
        existing = Partner.objects.for_school(partner.school).filter(name_key=partner.name_key).first()
        if existing is None:
            raise
        raise duplicate_error(existing) from None


@transaction.atomic
def partner_create(*, school, user, fields: dict, potentials: dict[str, str] | None = None) -> Partner:
    partner = Partner(school=school, **{k: fields[k] for k in PARTNER_FIELDS if k in fields})
    partner.name_key = _check_duplicate(school=school, name=partner.name)
    _save_unique(partner)
    _set_potentials(partner, potentials or {})
    record(user=user, obj=partner, action=Change.Action.CREATE, extra={"potential": ["", _potentials_text(partner)]})
    return partner


@transaction.atomic
def partner_update(*, partner: Partner, user, fields: dict, potentials: dict[str, str] | None = None) -> Partner:
    before = snapshot(partner)
    before_potential = _potentials_text(partner)
    for key in PARTNER_FIELDS:
        if key in fields:
            setattr(partner, key, fields[key])
    partner.name_key = _check_duplicate(school=partner.school, name=partner.name, exclude_pk=partner.pk)
    _save_unique(partner)
    if potentials is not None:
        _set_potentials(partner, potentials)
    record(
        user=user,
        obj=partner,
        action=Change.Action.UPDATE,
        before=before,
        extra={"potential": [before_potential, _potentials_text(partner)]},
    )
    return partner


@transaction.atomic
def partner_archive(*, partner: Partner, user) -> Partner:
    if not partner.is_archived:
        before = snapshot(partner)
        partner.archived_at = timezone.now()
        partner.save(update_fields=["archived_at", "updated_at"])
        record(user=user, obj=partner, action=Change.Action.UPDATE, before=before)
    return partner


@transaction.atomic
def partner_restore(*, partner: Partner, user) -> Partner:
    if partner.is_archived:
        before = snapshot(partner)
        partner.archived_at = None
        partner.save(update_fields=["archived_at", "updated_at"])
        record(user=user, obj=partner, action=Change.Action.UPDATE, before=before)
    return partner


def _clear_other_primaries(contact: Contact) -> None:
    if contact.is_primary:
        Contact.objects.for_school(contact.school).filter(partner=contact.partner, is_primary=True).exclude(
            pk=contact.pk
        ).update(is_primary=False)


@transaction.atomic
def contact_create(*, partner: Partner, user, fields: dict) -> Contact:
    contact = Contact(school=partner.school, partner=partner, **{k: fields[k] for k in CONTACT_FIELDS if k in fields})
    _clear_other_primaries(contact)
    contact.save()
    record(user=user, obj=contact, action=Change.Action.CREATE, anchor=partner)
    return contact


@transaction.atomic
def contact_update(*, contact: Contact, user, fields: dict) -> Contact:
    before = snapshot(contact)
    for key in CONTACT_FIELDS:
        if key in fields:
            setattr(contact, key, fields[key])
    _clear_other_primaries(contact)
    contact.save()
    record(user=user, obj=contact, action=Change.Action.UPDATE, before=before, anchor=contact.partner)
    return contact


@transaction.atomic
def contact_delete(*, contact: Contact, user) -> None:
    before = snapshot(contact)
    partner = contact.partner
    record(user=user, obj=contact, action=Change.Action.DELETE, before=before, anchor=partner)
    contact.delete()
