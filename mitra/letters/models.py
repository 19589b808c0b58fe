"""Official letters: their types (each with an editable template), the school's numbering scheme with
the yearly counter behind it, and the register of letters sent and received (agenda surat)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mitra.schools.scoping import SchoolOwned


class LetterType(SchoolOwned):
    """A kind of letter the school writes (undangan, permohonan kerja sama …) and its template:
    a subject and a body with placeholders such as {recipient} (letters/placeholders.py)."""

    class Layout(models.TextChoices):
        ADDRESSED = "addressed", _("Addressed: Nomor, Lampiran, Hal and “Kepada Yth.”")
        TITLED = "titled", _("Titled: the type as a centred heading with its number (surat tugas, berita acara)")

    name = models.CharField(_("letter type"), max_length=100)
    layout = models.CharField(_("layout"), max_length=10, choices=Layout.choices, default=Layout.ADDRESSED)
    code = models.CharField(_("code"), max_length=20, help_text=_("Used in the letter number, e.g. SPm or PP.00.6."))
    subject = models.CharField(_("subject (Hal)"), max_length=300, blank=True)
    body = models.TextField(
        _("text of the letter"),
        blank=True,
        help_text=_("Placeholders in braces, e.g. {recipient} or {partner}, are filled in when a letter is drafted."),
    )
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("letter type")
        constraints = [models.UniqueConstraint(fields=["school", "name"], name="letter_type_name_unique")]

    def __str__(self):
        return self.name


class NumberingScheme(SchoolOwned):
    """How the school writes a letter number, as a pattern of tokens (see letters/numbering.py)."""

    pattern = models.CharField(_("pattern"), max_length=200)
    school_code = models.CharField(_("school code"), max_length=40, help_text=_("e.g. SMP.NU or Mts.11.26.0001"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["school"], name="numbering_scheme_one_per_school")]

    def __str__(self):
        return self.pattern


class LetterCounter(SchoolOwned):
    """The last number given in a year; numbers restart each calendar year."""

    year = models.PositiveSmallIntegerField()
    value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["school", "year"], name="letter_counter_unique")]


class Letter(SchoolOwned):
    """One entry of the agenda surat. An outgoing letter is drafted from its type's template and gets
    its number when it is issued; an incoming letter is registered with the number it carries."""

    class Direction(models.TextChoices):
        OUT = "out", _("Outgoing")
        IN = "in", _("Incoming")

    class Stage(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ISSUED = "issued", _("Issued")
        RECEIVED = "received", _("Received")

    class Language(models.TextChoices):
        ID = "id", "Bahasa Indonesia"
        EN = "en", "English"

    direction = models.CharField(_("direction"), max_length=3, choices=Direction.choices)
    stage = models.CharField(_("stage"), max_length=10, choices=Stage.choices)
    letter_type = models.ForeignKey(
        LetterType, null=True, blank=True, on_delete=models.PROTECT, related_name="letters", verbose_name=_("type")
    )
    number = models.CharField(_("number"), max_length=100, blank=True)
    # The running number and its year, for outgoing letters once issued (the counter's value).
    sequence = models.PositiveIntegerField(null=True, blank=True, editable=False)
    sequence_year = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    dated = models.DateField(_("date of the letter"))
    received_on = models.DateField(_("received on"), null=True, blank=True)
    subject = models.CharField(_("subject (Hal)"), max_length=300)
    nature = models.CharField(
        _("nature (Sifat)"), max_length=40, blank=True, help_text=_("e.g. Biasa, Penting, Segera")
    )
    enclosures = models.CharField(
        _("enclosures (Lampiran)"), max_length=100, blank=True, help_text=_("e.g. 1 (satu) berkas; empty for none")
    )
    partner = models.ForeignKey(
        "partners.Partner",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="letters",
        verbose_name=_("partner"),
    )
    correspondent = models.CharField(
        _("to / from"), max_length=300, help_text=_("Who the letter is addressed to, or who sent it.")
    )
    correspondent_address = models.TextField(_("their address"), blank=True)
    body = models.TextField(_("text of the letter"), blank=True)
    place = models.CharField(_("place"), max_length=100, blank=True, help_text=_("Where the letter is written."))
    with_hijri_date = models.BooleanField(_("show the Hijri date too"), default=False)
    language = models.CharField(_("language"), max_length=2, choices=Language.choices, default=Language.ID)
    signatory_name = models.CharField(_("signed by"), max_length=200, blank=True)
    signatory_position = models.CharField(_("position"), max_length=200, blank=True)
    signatory_id = models.CharField(_("NIP / NIY"), max_length=40, blank=True)
    copies_to = models.TextField(_("copies to (Tembusan)"), blank=True, help_text=_("One recipient per line."))
    summary = models.TextField(_("summary"), blank=True, help_text=_("What the letter says, in a sentence or two."))
    disposition = models.TextField(
        _("disposition"), blank=True, help_text=_("For incoming letters: who follows it up, and how.")
    )
    agreement = models.ForeignKey(
        "agreements.Agreement",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="letters",
        verbose_name=_("agreement"),
    )
    programme = models.ForeignKey(
        "planning.Programme",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="letters",
        verbose_name=_("programme"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history_hidden = ("sequence", "sequence_year")  # drawn for the number, which the history shows

    class Meta:
        ordering = ["-dated", "-id"]
        verbose_name = _("letter")
        constraints = [
            # Belt and braces behind the counter: a running number is never given twice in a year.
            models.UniqueConstraint(
                fields=["school", "sequence_year", "sequence"],
                condition=Q(sequence__isnull=False),
                name="letter_sequence_unique",
            ),
        ]
        indexes = [models.Index(fields=["school", "direction", "dated"], name="letter_school_dir_date_idx")]

    def __str__(self):
        return f"{self.number} {self.subject}".strip()

    @property
    def is_outgoing(self) -> bool:
        return self.direction == self.Direction.OUT

    @property
    def is_editable(self) -> bool:
        """An issued letter keeps the text it was sent with; a registered incoming one stays editable."""
        return self.stage != self.Stage.ISSUED


class LetterAttachment(SchoolOwned):
    """A file kept with a letter: the scan of a received letter, an enclosure, the signed copy."""

    letter = models.ForeignKey(Letter, on_delete=models.CASCADE, related_name="attachments")
    file = models.ForeignKey("files.StoredFile", on_delete=models.PROTECT, related_name="+")
    description = models.CharField(_("description"), max_length=200, blank=True)

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return self.description or self.file.original_name
