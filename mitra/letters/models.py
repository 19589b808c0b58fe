"""Official letters: their types, the school's numbering scheme, and the yearly counter behind it."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from mitra.schools.scoping import SchoolOwned


class LetterType(SchoolOwned):
    name = models.CharField(_("letter type"), max_length=100)
    code = models.CharField(_("code"), max_length=20, help_text=_("Used in the letter number, e.g. SPm or PP.00.6."))

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


class LetterCounter(SchoolOwned):
    """The last number given in a year; numbers restart each calendar year."""

    year = models.PositiveSmallIntegerField()
    value = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["school", "year"], name="letter_counter_unique")]
