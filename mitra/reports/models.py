"""What reports keep: spreadsheets being imported, the accreditation items, and each school's figures
for the foundation's overview. (Long jobs and their files: schools/jobs.py.)"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mitra.schools.scoping import SchoolOwned


class ImportBatch(SchoolOwned):
    """A spreadsheet someone is importing: its lines as read (the file itself is not kept), the
    column mapping they chose, and, once saved, what was saved and what was left out."""

    target = models.CharField(max_length=20)
    file_name = models.CharField(max_length=200)
    header = models.JSONField(default=list)
    rows = models.JSONField(default=list)  # [[line number, cell, cell, …], …]
    mapping = models.JSONField(default=dict)  # field -> column index
    # How the file was read (imports.read_table): header_lines, hidden columns and lines, merged
    # cells, apostrophes taken away. rows holds every non-empty line; those below the header are
    # the data. A batch without header_lines holds only data rows.
    layout = models.JSONField(default=dict)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    committed_at = models.DateTimeField(null=True, blank=True)
    result = models.JSONField(default=dict)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.file_name


class AccreditationItem(models.Model):
    """An accreditation or standard item (a butir) and the kinds of partnership evidence that
    support it, as the foundation maps them for its schools' evidence packs."""

    foundation = models.ForeignKey("schools.Foundation", on_delete=models.CASCADE, related_name="accreditation_items")
    instrument = models.CharField(_("instrument"), max_length=60, help_text=_("e.g. IA 2024 or IASP 2020"))
    code = models.CharField(_("item"), max_length=30, help_text=_("e.g. Butir 7"))
    title = models.CharField(_("what it asks"), max_length=300)
    sources = models.JSONField(_("evidence that supports it"), default=list)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("accreditation item")

    def __str__(self):
        return f"{self.instrument} {self.code}"


class SchoolSummary(SchoolOwned):
    """A school's figures on the foundation dashboard, computed once and kept until the school's data
    changes or the day does (reports/summaries.py): a foundation of a thousand schools would otherwise
    read a million activities on every visit."""

    figures = models.JSONField(default=dict)
    computed_on = models.DateField()  # the day the figures are of ("this year", "overdue" move with it)
    computed_at = models.DateTimeField()  # when computing began
    # The school's largest freshness mark when computing began (schools/freshness.py): a mark of
    # a kind the figures show with a larger id makes them stale.
    mark = models.BigIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["school"], name="school_summary_one_per_school")]
