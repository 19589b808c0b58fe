"""Partner institutions of a school, their contacts, and what each can offer."""

import re
import unicodedata

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mitra.schools.scoping import SchoolOwned


class Area(models.TextChoices):
    """Areas of school need and partner potential (MODEL.md implementation stage)."""

    ACADEMIC = "academic", _("Academic")
    RELIGIOUS = "religious_character", _("Religious character")
    HEALTH = "health", _("Health")
    SAFETY = "safety", _("Safety")
    FUNDING = "funding", _("Funding")
    FACILITIES = "facilities", _("Facilities")
    STAFF = "staff_competence", _("Teacher and staff competence")
    INTAKE = "student_intake", _("Student intake")
    LITERACY = "literacy", _("Literacy")
    SKILLS = "skills", _("Skills")
    OTHER = "other", _("Other")


def name_key(name: str) -> str:
    """The form of a name used to spot duplicates: case, accents and spacing do not count."""
    folded = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode()
    return re.sub(r"[\s.,'’`\"-]+", " ", folded).strip().casefold()


class Partner(SchoolOwned):
    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("Government office")
        HEALTH = "health_centre", _("Health centre / puskesmas")
        POLICE = "police", _("Police")
        PESANTREN = "pesantren", _("Islamic boarding school / pesantren")
        UNIVERSITY = "university", _("University")
        SCHOOL = "school", _("Other school or madrasah")
        BUSINESS = "business", _("Private sector")
        NGO = "ngo", _("NGO / civil society")
        MOSQUE = "mosque", _("Mosque or Islamic organisation")
        COMMITTEE = "committee", _("School committee")
        PARENTS = "parents", _("Parents / community")
        OTHER = "other", _("Other")

    class Location(models.TextChoices):
        """Where the partner is, seen from the school (seed 001: partners "di dalam maupun luar negeri")."""

        LOCAL = "local", _("Local")
        NATIONAL = "national", _("National")
        ABROAD = "abroad", _("Abroad")

    class Status(models.TextChoices):
        PROSPECT = "prospect", _("Prospect")
        ACTIVE = "active", _("Active")
        INACTIVE = "inactive", _("Inactive")

    name = models.CharField(_("name"), max_length=200)
    name_key = models.CharField(max_length=200, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    location = models.CharField(
        _("location"),
        max_length=10,
        choices=Location.choices,
        default=Location.LOCAL,
        help_text=_("Local: in the school's region. National: elsewhere in Indonesia. Abroad: outside Indonesia."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PROSPECT)
    address = models.TextField(_("address"), blank=True)
    region = models.CharField(_("region"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history_extra_labels = {"potential": _("what the partner can offer"), "whatsapp": _("WhatsApp messages")}

    @staticmethod
    def history_display(name: str, value: str) -> str:
        """Show recorded potentials ("health: …; literacy") with the areas in the reader's language."""
        if name != "potential" or not value:
            return value
        labels = dict(Area.choices)
        parts = []
        for item in value.split("; "):
            area, _sep, description = item.partition(": ")
            parts.append(f"{labels.get(area, area)}{': ' + description if description else ''}")
        return "; ".join(parts)

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        constraints = [
            models.UniqueConstraint(fields=["school", "name_key"], name="partner_name_unique_in_school"),
            # Lets later composite foreign keys (school, id) point here when the data is sharded.
            models.UniqueConstraint(fields=["school", "id"], name="partner_school_id"),
        ]
        indexes = [models.Index(fields=["school", "status", "name"], name="partner_list_idx")]

    def __str__(self):
        return self.name

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class Contact(SchoolOwned):
    partner = models.ForeignKey(Partner, verbose_name=_("partner"), on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    whatsapp = models.CharField(_("WhatsApp"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    is_primary = models.BooleanField(_("main contact"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-is_primary", "name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        constraints = [
            models.UniqueConstraint(
                fields=["partner"], condition=Q(is_primary=True), name="contact_one_primary_per_partner"
            ),
        ]

    def __str__(self):
        return self.name


class Potential(SchoolOwned):
    """What a partner can offer the school in one area."""

    partner = models.ForeignKey(Partner, verbose_name=_("partner"), on_delete=models.CASCADE, related_name="potentials")
    area = models.CharField(_("area"), max_length=20, choices=Area.choices)
    description = models.CharField(_("what they can offer"), max_length=300, blank=True)

    class Meta:
        ordering = ["area"]
        verbose_name = _("potential")
        verbose_name_plural = _("potentials")
        constraints = [models.UniqueConstraint(fields=["partner", "area"], name="potential_area_unique")]

    def __str__(self):
        return f"{self.get_area_display()}: {self.description}"
