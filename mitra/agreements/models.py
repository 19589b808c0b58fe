"""Cooperation agreements (MoU, PKS, IA): parties, articles, signatories, witnesses, and the links to the
plan they serve. Whether an agreement is active, expiring or expired is computed from its dates
(agreements/status.py), never stored."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from mitra.partners.models import Partner
from mitra.schools.scoping import SchoolOwned


class Agreement(SchoolOwned):
    class Kind(models.TextChoices):
        MOU = "mou", _("Memorandum of understanding (Nota Kesepahaman)")
        PKS = "pks", _("Cooperation agreement (PKS / MoA)")
        IA = "ia", _("Implementation arrangement (IA)")

    class Stage(models.TextChoices):
        DRAFT = "draft", _("Draft")
        REVIEW = "review", _("In review")
        SIGNED = "signed", _("Signed")
        TERMINATED = "terminated", _("Terminated")

    class Language(models.TextChoices):
        ID = "id", "Bahasa Indonesia"
        EN = "en", "English"

    kind = models.CharField(_("kind"), max_length=4, choices=Kind.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name=_("under")
    )
    title = models.CharField(_("title"), max_length=300)
    purpose = models.TextField(_("purpose"), blank=True)
    scope = models.TextField(_("scope"), blank=True)
    benefits = models.TextField(_("benefits"), blank=True)
    financing = models.TextField(_("financing"), blank=True)
    dispute_settlement = models.TextField(_("dispute settlement"), default="musyawarah untuk mufakat")
    closing = models.TextField(_("closing"), blank=True)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.ID)
    start_date = models.DateField(_("in force from"))
    end_date = models.DateField(_("in force until"))
    signing_place = models.CharField(_("place of signing"), max_length=100, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    meterai_required = models.BooleanField(
        _("duty stamp (meterai) required"),
        default=False,
        help_text=_("Agreements carry a Rp10.000 meterai (UU 10/2020); the document leaves room for it."),
    )
    with_hijri_date = models.BooleanField(_("show the Hijri date too"), default=False)
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices, default=Stage.DRAFT)
    signed_scan = models.ForeignKey(
        "files.StoredFile",
        verbose_name=_("signed scan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    terminated_on = models.DateField(_("terminated on"), null=True, blank=True)
    termination_reason = models.TextField(_("reason for termination"), blank=True)
    renewed_by = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="renews", verbose_name=_("renewed by")
    )
    # An edit after signing makes a new version (an addendum) of the same agreement.
    version = models.PositiveSmallIntegerField(default=1)
    previous_version = models.OneToOneField(
        "self",
        verbose_name=_("previous version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_version",
    )
    goals = models.ManyToManyField("planning.Goal", blank=True, related_name="agreements", verbose_name=_("goals"))
    needs = models.ManyToManyField("planning.Need", blank=True, related_name="agreements", verbose_name=_("needs"))
    programmes = models.ManyToManyField(
        "planning.Programme", blank=True, related_name="agreements", verbose_name=_("programmes")
    )
    template = models.ForeignKey(
        "AgreementTemplate",
        verbose_name=_("template"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = _("agreement")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=F("start_date")),
                name="agreement_end_after_start",
                violation_error_message=_("The end date cannot be before the start date."),
            ),
        ]
        indexes = [models.Index(fields=["school", "end_date"], name="agreement_school_end_idx")]

    def __str__(self):
        return self.title

    @property
    def is_editable(self) -> bool:
        """Drafts and agreements in review are edited in place; a signed one changes by a new version."""
        return self.stage in (self.Stage.DRAFT, self.Stage.REVIEW)


class Party(SchoolOwned):
    """A party to an agreement: the school itself (partner empty) or a partner institution."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="parties"
    )
    partner = models.ForeignKey(
        "partners.Partner", verbose_name=_("partner"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_first_party = models.BooleanField(_("PIHAK PERTAMA"), default=False)
    position = models.PositiveSmallIntegerField(default=0)
    history_hidden = ("position",)  # its place in the list, moved by reordering
    document_number = models.CharField(_("this party's document number"), max_length=100, blank=True)
    signatory_name = models.CharField(_("signed by"), max_length=200, blank=True)
    signatory_position = models.CharField(_("position"), max_length=200, blank=True)
    signatory_id = models.CharField(_("NIP / NIY"), max_length=40, blank=True)
    rights = models.TextField(_("rights"), blank=True)
    obligations = models.TextField(_("obligations"), blank=True)

    class Meta:
        ordering = ["-is_first_party", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement"], condition=Q(is_first_party=True), name="party_one_first_party"
            ),
        ]

    def __str__(self):
        return self.name()

    @property
    def is_school(self) -> bool:
        return self.partner_id is None

    def name(self) -> str:
        return self.school.name if self.is_school else self.partner.name

    def address(self) -> str:
        return self.school.address if self.is_school else self.partner.address


class Article(SchoolOwned):
    """A numbered article (pasal) of the agreement's body."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="articles"
    )
    number = models.PositiveSmallIntegerField(_("article"))
    title = models.CharField(_("heading"), max_length=200)
    body = models.TextField(_("text"))

    class Meta:
        ordering = ["number"]
        constraints = [models.UniqueConstraint(fields=["agreement", "number"], name="article_number_unique")]

    def __str__(self):
        return f"{self.number}. {self.title}"


class Witness(SchoolOwned):
    """Who signs as "mengetahui" (e.g. the foundation's chair, a sub-district head)."""

    agreement = models.ForeignKey(
        Agreement, verbose_name=_("agreement"), on_delete=models.CASCADE, related_name="witnesses"
    )
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=200, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.name


class AgreementComment(SchoolOwned):
    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return f"{self.author or ''} · {self.text[:60]}".strip(" ·")


class TemplateText(models.Model):
    """What a template holds: its articles as text, "## Heading" opening each article, with
    placeholders such as {school} or {end_date} (see agreements/placeholders.py)."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=4, choices=Agreement.Kind.choices)
    partner_kind = models.CharField(
        _("for partners of kind"),
        max_length=20,
        blank=True,
        choices=Partner.Kind.choices,
        help_text=_("Empty: for any partner."),
    )
    language = models.CharField(
        _("language"), max_length=2, choices=Agreement.Language.choices, default=Agreement.Language.ID
    )
    articles = models.TextField(
        _("articles"),
        help_text=_(
            "Start each article with a line “## Heading”. Placeholders in braces, e.g. {partner}, are filled in."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.name


class AgreementTemplate(SchoolOwned, TemplateText):
    """A school's own template: seeded from Mitra's library, copied from its foundation, or written."""

    copied_from = models.ForeignKey(
        "FoundationTemplate",
        verbose_name=_("copied from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
    )

    class Meta:
        ordering = ["kind", "name", "id"]
        verbose_name = _("agreement template")
        constraints = [
            models.UniqueConstraint(fields=["school", "name", "language"], name="agreement_template_name_unique")
        ]


class FoundationTemplate(TemplateText):
    """A template a foundation writes for its schools; published ones appear in every school's library."""

    foundation = models.ForeignKey("schools.Foundation", on_delete=models.CASCADE, related_name="templates")
    is_published = models.BooleanField(_("published to the schools"), default=False)

    class Meta:
        ordering = ["kind", "name", "id"]
        verbose_name = _("foundation template")
        constraints = [
            models.UniqueConstraint(fields=["foundation", "name", "language"], name="foundation_template_name_unique")
        ]


class AgreementReminder(SchoolOwned):
    """That the reminder for one threshold (e.g. 30 days before the end) went out: each goes once."""

    agreement = models.ForeignKey(Agreement, on_delete=models.CASCADE, related_name="reminders")
    days_before = models.PositiveSmallIntegerField()
    sent_on = models.DateField()

    class Meta:
        ordering = ["-days_before"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "days_before"], name="agreement_reminder_once"),
        ]
