"""Foundations, their schools, school years, and who belongs where with which role."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mitra.schools.roles import FOUNDATION_ROLES, SCHOOL_ROLES, Role
from mitra.schools.scoping import SchoolOwned
from mitra.schools.validators import validate_npsn, validate_nsm, validate_reminder_days


class Foundation(models.Model):
    class Kind(models.TextChoices):
        YAYASAN = "yayasan", _("Foundation (yayasan)")
        MAARIF = "lp_maarif", _("LP Ma'arif branch")
        DISTRICT_OFFICE = "district_office", _("District office")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.YAYASAN)
    address = models.TextField(_("address"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("foundation")
        verbose_name_plural = _("foundations")

    def __str__(self):
        return self.name


class School(models.Model):
    class Level(models.TextChoices):
        RA = "ra", _("RA / kindergarten")
        MI = "mi", _("MI (Islamic primary)")
        SD = "sd", _("SD (primary)")
        MTS = "mts", _("MTs (Islamic junior high)")
        SMP = "smp", _("SMP (junior high)")
        MA = "ma", _("MA (Islamic senior high)")
        SMA = "sma", _("SMA (senior high)")
        SMK = "smk", _("SMK (vocational high)")
        PESANTREN = "pesantren", _("Pesantren")
        OTHER = "other", _("Other")

    foundation = models.ForeignKey(
        Foundation, on_delete=models.PROTECT, related_name="schools", verbose_name=_("foundation")
    )
    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("level"), max_length=12, choices=Level.choices)
    npsn = models.CharField(_("NPSN"), max_length=8, blank=True, validators=[validate_npsn])
    nsm = models.CharField(_("NSM"), max_length=12, blank=True, validators=[validate_nsm])
    address = models.TextField(_("address"), blank=True)
    region = models.CharField(_("region (regency / city, province)"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(_("website"), blank=True)
    vision = models.TextField(_("vision"), blank=True)
    mission = models.TextField(_("mission"), blank=True, help_text=_("One mission statement per line."))
    letterhead_lines = models.TextField(
        _("letterhead lines"),
        blank=True,
        help_text=_("Lines printed above the school name on letters, e.g. the foundation's name."),
    )
    hijri_offset = models.SmallIntegerField(
        _("Hijri day offset"),
        default=0,
        help_text=_("Days to add to the computed Hijri date so it follows the local sighting (−2 to 2)."),
    )
    reminder_days = models.CharField(
        _("agreement reminders (days before the end)"),
        max_length=40,
        default="90, 30, 7",
        validators=[validate_reminder_days],
        help_text=_("The coordinator and the principal are reminded this many days before an agreement ends."),
    )
    plan_approval_by_other = models.BooleanField(
        _("plans are approved by someone other than their author"),
        default=False,
        help_text=_(
            "When set, whoever started or submitted a plan or a revision cannot approve it: the principal "
            "or the foundation administrator does."
        ),
    )
    logo = models.ForeignKey(
        "files.StoredFile",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("logo"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history_extra_labels = {
        "criteria": _("selection criteria"),
        "kind_suggestions": _("which partners meet which needs"),
    }

    class Meta:
        ordering = ["name"]
        verbose_name = _("school")
        verbose_name_plural = _("schools")
        constraints = [
            models.UniqueConstraint(fields=["npsn"], condition=~Q(npsn=""), name="school_npsn_unique"),
            models.UniqueConstraint(fields=["nsm"], condition=~Q(nsm=""), name="school_nsm_unique"),
            models.CheckConstraint(
                condition=Q(hijri_offset__gte=-2, hijri_offset__lte=2), name="school_hijri_offset_range"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def level_short(self) -> str:
        """The level as schools write it in a table: SMP, MTs, MA (the same in both languages)."""
        return "MTs" if self.level == self.Level.MTS else self.level.upper()

    @property
    def mission_lines(self) -> list[str]:
        return [line.strip() for line in self.mission.splitlines() if line.strip()]


class AcademicYear(SchoolOwned):
    """A school year ("2024/2025", July–June) in two semesters; one per school is current."""

    name = models.CharField(_("school year"), max_length=9)
    start_date = models.DateField(_("first day"))
    second_semester_start = models.DateField(_("second semester starts"))
    end_date = models.DateField(_("last day"))
    is_current = models.BooleanField(_("current"), default=False)

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("school year")
        verbose_name_plural = _("school years")
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="academic_year_name_unique"),
            models.UniqueConstraint(fields=["school"], condition=Q(is_current=True), name="academic_year_one_current"),
            models.CheckConstraint(
                condition=Q(start_date__lt=models.F("second_semester_start"))
                & Q(second_semester_start__lt=models.F("end_date")),
                name="academic_year_dates_in_order",
                violation_error_message=_(
                    "The dates must be in order: first day, then the start of the second semester, then the last day."
                ),
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def first_semester_end(self):
        return self.second_semester_start - datetime.timedelta(days=1)

    def semester_of(self, day) -> int | None:
        if not (self.start_date <= day <= self.end_date):
            return None
        return 1 if day < self.second_semester_start else 2


class Membership(models.Model):
    """A person's place in one school. This is the access table itself, so it is looked up by user
    and is deliberately not a scoped SchoolOwned model; it still carries the school on the row."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=[(r.value, r.label) for r in SCHOOL_ROLES])
    # A partner representative sees only what concerns this partner.
    partner = models.ForeignKey(
        "partners.Partner",
        verbose_name=_("partner"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="representatives",
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["school__name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "school"], name="membership_user_school_unique"),
            models.CheckConstraint(
                condition=Q(role=Role.PARTNER_REP, partner__isnull=False)
                | (~Q(role=Role.PARTNER_REP) & Q(partner__isnull=True)),
                name="membership_partner_only_for_partner_rep",
            ),
        ]

    def __str__(self):
        return f"{self.user} @ {self.school} ({self.get_role_display()})"


class FoundationMembership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="foundation_memberships")
    foundation = models.ForeignKey(Foundation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=[(r.value, r.label) for r in FOUNDATION_ROLES])
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "foundation"], name="foundation_membership_unique"),
        ]

    def __str__(self):
        return f"{self.user} @ {self.foundation} ({self.get_role_display()})"


class Invitation(models.Model):
    """A person asked to take a role in a school. The account joins the school only when the person
    accepts (an account may already work elsewhere: nobody is attached to a school unasked), and
    until then the school sees only what its inviter typed, never the account's own name."""

    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail"))
    name = models.CharField(_("name"), max_length=301, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=[(r.value, r.label) for r in SCHOOL_ROLES])
    partner = models.ForeignKey("partners.Partner", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("invited by")
    )
    created_at = models.DateTimeField(_("invited on"), auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    accepted = models.BooleanField(null=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "school"], condition=Q(answered_at__isnull=True), name="invitation_open_once"
            ),
            models.CheckConstraint(
                condition=Q(role=Role.PARTNER_REP, partner__isnull=False)
                | (~Q(role=Role.PARTNER_REP) & Q(partner__isnull=True)),
                name="invitation_partner_only_for_partner_rep",
            ),
        ]

    def __str__(self):
        return f"{self.name or self.email} → {self.school} ({self.get_role_display()})"

    @property
    def is_open(self) -> bool:
        return self.answered_at is None


class Schedule(models.Model):
    """One periodic job (a daily run) and where it stands: not school-owned. The apps declare their jobs
    (schools/schedules.py); the tick makes and keeps these rows, one per job, and records each run here."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    task_path = models.CharField(_("task"), max_length=200)
    at = models.TimeField(_("time of day"), help_text=_("School time."))
    last_due = models.DateTimeField(_("last due"), null=True, blank=True)
    last_enqueued_at = models.DateTimeField(_("last enqueued"), null=True, blank=True)
    last_result_id = models.CharField(_("last result"), max_length=64, null=True, blank=True)
    # Runs enqueued again for the same due moment because the last one was lost (schools/schedules.py).
    retries = models.PositiveSmallIntegerField(_("runs again"), default=0)

    class Meta:
        ordering = ["at", "name"]
        verbose_name = _("schedule")
        verbose_name_plural = _("schedules")

    def __str__(self):
        return self.name


class Job(SchoolOwned):
    """A long job a person asked for — a report, an export, an import, an archive — run by the task
    worker (schools/jobs.py), with its progress, and the file it made, kept for the person who asked."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    kind = models.CharField(max_length=20)
    params = models.JSONField(default=dict)
    title = models.CharField(max_length=300)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=8, choices=State.choices, default=State.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)  # 0–100
    step = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    # Generated path under MEDIA_ROOT; never a name that came from outside.
    file_path = models.CharField(max_length=200, blank=True, editable=False)
    file_name = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["school", "requested_by", "-created_at"], name="job_owner_idx")]
        db_table = "reports_job"  # where the job runner began (reports); moved here without moving the rows

    def __str__(self):
        return self.title

    @property
    def is_finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)

    @property
    def seconds(self) -> float | None:
        if self.started_at and self.finished_at:
            return (self.finished_at - self.started_at).total_seconds()
        return None


class Mark(SchoolOwned):
    """One write to one kind of a school's data (schools/freshness.py): inserted, never updated, so
    writers of a school lock no common row; what kept pages and figures compare with. Pruned daily."""

    id = models.BigAutoField(primary_key=True)
    kind = models.CharField(max_length=20)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        # The latest mark of a kind is a seek: the last entry of (school, kind) in this index.
        indexes = [models.Index(fields=["school", "kind", "id"], name="mark_latest_of_kind")]

    def __str__(self):
        return f"{self.school_id} {self.kind} {self.id}"
