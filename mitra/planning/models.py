"""The planning stage (MODEL.md §1): a year's plan with its goals and values, the school's needs
against partners' potential, the fair selection of partners, the work plan and the socialization
forums. A plan is approved as a whole and then only changed through a new revision."""

import uuid
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from mitra.partners.models import Area, Partner
from mitra.schools.scoping import SchoolOwned, SchoolScopedManager, SchoolScopedQuerySet


class PlanItem(SchoolOwned):
    """A part of a year's plan that lives on through its revisions. A revision copies the plan's items
    into a new draft; each copy keeps the `identity` of the item it copies, and once the revision is
    approved, everything recorded against the old copy (measurements, activities, agreements, letters,
    tasks) moves to the new one (services.plan_approve). An item the revision leaves out is ended:
    `ended_at` says when, and what was recorded against it stays with it."""

    identity = models.UUIDField(default=uuid.uuid4, editable=False, db_index=True)
    ended_at = models.DateTimeField(_("removed from the plan"), null=True, blank=True, editable=False)

    class Meta:
        abstract = True


class PlanQuerySet(SchoolScopedQuerySet):
    def in_force(self):
        """Each year's plan as it stands: its approved revision, or, before any approval, its one
        draft. Every read of "the plan" (dashboards, reports, pick-lists, the API) goes through here."""
        approved = Plan.objects.for_school(models.OuterRef("school")).filter(
            academic_year=models.OuterRef("academic_year"), status="approved"
        )
        return self.filter(Q(status="approved") | (Q(status__in=["draft", "submitted"]) & ~models.Exists(approved)))


class Plan(SchoolOwned):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        SUPERSEDED = "superseded", _("Superseded")

    academic_year = models.ForeignKey(
        "schools.AcademicYear", verbose_name=_("school year"), on_delete=models.PROTECT, related_name="+"
    )
    revision = models.PositiveSmallIntegerField(_("revision"), default=1)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    revised_from = models.ForeignKey(
        "self", verbose_name=_("revision of"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SchoolScopedManager.from_queryset(PlanQuerySet)()

    class Meta:
        ordering = ["-academic_year__start_date", "-revision"]
        verbose_name = _("plan")
        default_manager_name = "all_schools"
        constraints = [
            models.UniqueConstraint(fields=["school", "academic_year", "revision"], name="plan_revision_unique"),
        ]

    def __str__(self):
        return f"{self.academic_year} (rev. {self.revision})"

    @property
    def is_editable(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def approved_by_author(self) -> bool:
        """The one who approved it also started or submitted it (shown as such, never hidden)."""
        return self.approved_by_id is not None and self.approved_by_id in (self.created_by_id, self.submitted_by_id)


class PlanComment(SchoolOwned):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    step = models.CharField(max_length=12, choices=Plan.Status.choices)
    text = models.TextField(_("comment"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return f"{self.author or ''} · {self.text[:60]}".strip(" ·")


class Value(SchoolOwned):
    """A value goals rest on (DOMAIN.md §7); each school keeps and edits its own list."""

    name = models.CharField(_("name"), max_length=60)
    meaning_id = models.CharField(_("meaning (Bahasa Indonesia)"), max_length=300)
    meaning_en = models.CharField(_("meaning (English)"), max_length=300)
    is_active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("value")
        constraints = [models.UniqueConstraint(fields=["school", "name"], name="value_name_unique")]

    def __str__(self):
        return self.name

    def meaning(self, language: str) -> str:
        return self.meaning_en if language == "en" else self.meaning_id


class Goal(PlanItem):
    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="goals")
    title = models.CharField(_("goal"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    # The words of the vision or mission line the goal serves, kept as written when the goal was set.
    serves = models.CharField(_("serves (vision or mission)"), max_length=500)
    values = models.ManyToManyField(Value, blank=True, related_name="goals", verbose_name=_("values"))
    position = models.PositiveSmallIntegerField(default=0)
    history_hidden = ("position",)  # its place in the list, moved by reordering

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("goal")

    def __str__(self):
        return self.title


class Indicator(PlanItem):
    class Direction(models.TextChoices):
        INCREASE = "increase", _("Increase")
        DECREASE = "decrease", _("Decrease")
        MAINTAIN = "maintain", _("Maintain")

    class Frequency(models.TextChoices):
        ACTIVITY = "activity", _("After each activity")
        MONTHLY = "monthly", _("Monthly")
        SEMESTER = "semester", _("Each semester")
        YEARLY = "yearly", _("Once a year")

    goal = models.ForeignKey(Goal, verbose_name=_("goal"), on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("indicator"), max_length=200)
    baseline = models.DecimalField(_("baseline"), max_digits=12, decimal_places=2)
    target = models.DecimalField(_("target"), max_digits=12, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=40)
    direction = models.CharField(_("direction of change"), max_length=10, choices=Direction.choices)
    frequency = models.CharField(_("measured"), max_length=10, choices=Frequency.choices)
    verification = models.CharField(_("means of verification"), max_length=200, blank=True)
    responsible = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("person responsible"),
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("indicator")

    def __str__(self):
        return self.name


class AnalysisItem(PlanItem):
    """The school's own analysis (MODEL.md implementation procedure): problems, strengths, opportunities."""

    class Kind(models.TextChoices):
        PROBLEM = "problem", _("Problem")
        STRENGTH = "strength", _("Resource strength")
        OPPORTUNITY = "opportunity", _("Development opportunity")

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="analysis")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    text = models.CharField(_("description"), max_length=300)

    class Meta:
        ordering = ["kind", "id"]

    def __str__(self):
        return self.text


class Need(PlanItem):
    class Priority(models.IntegerChoices):
        HIGH = 1, _("High")
        MEDIUM = 2, _("Medium")
        LOW = 3, _("Low")

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="needs")
    title = models.CharField(_("need"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    area = models.CharField(_("area"), max_length=20, choices=Area.choices)
    priority = models.PositiveSmallIntegerField(_("priority"), choices=Priority.choices, default=Priority.MEDIUM)

    class Meta:
        ordering = ["priority", "title"]
        verbose_name = _("need")

    def __str__(self):
        return self.title


class KindSuggestion(SchoolOwned):
    """Which kinds of partner usually meet a need in an area (school-editable; defaults documented in
    planning/defaults.py)."""

    area = models.CharField(_("area"), max_length=20, choices=Area.choices)
    kind = models.CharField(_("partner kind"), max_length=20, choices=Partner.Kind.choices)

    class Meta:
        ordering = ["area", "kind"]
        constraints = [models.UniqueConstraint(fields=["school", "area", "kind"], name="kind_suggestion_unique")]

    def __str__(self):
        return f"{self.get_area_display()} · {self.get_kind_display()}"


class Criterion(SchoolOwned):
    """A criterion candidates are scored on, with its weight (school-editable)."""

    name = models.CharField(_("criterion"), max_length=100)
    weight = models.PositiveSmallIntegerField(_("weight"), validators=[MaxValueValidator(100)])
    position = models.PositiveSmallIntegerField(default=0)
    history_hidden = ("position",)  # its place in the list, moved by reordering

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("criterion")
        constraints = [models.UniqueConstraint(fields=["school", "name"], name="criterion_name_unique")]

    def __str__(self):
        return self.name


class Candidate(PlanItem):
    class Decision(models.TextChoices):
        PENDING = "pending", _("Not decided")
        SELECTED = "selected", _("Selected")
        REJECTED = "rejected", _("Not selected")

    need = models.ForeignKey(Need, verbose_name=_("need"), on_delete=models.CASCADE, related_name="candidates")
    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.CASCADE, related_name="candidacies"
    )
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices, default=Decision.PENDING)
    reason = models.TextField(_("reason"), blank=True)

    history_extra_labels = {"scores": _("scores")}

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["need", "partner"], name="candidate_unique")]

    def __str__(self):
        return f"{self.partner} → {self.need}"


class Score(SchoolOwned):
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField(validators=[MinValueValidator(1), MaxValueValidator(5)])

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["candidate", "criterion"], name="score_unique"),
            models.CheckConstraint(condition=Q(score__gte=1, score__lte=5), name="score_1_to_5"),
        ]

    def __str__(self):
        return f"{self.candidate} · {self.criterion}: {self.score}"


class Programme(PlanItem):
    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="programmes")
    name = models.CharField(_("programme"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    goals = models.ManyToManyField(Goal, related_name="programmes", verbose_name=_("goals it serves"))
    needs = models.ManyToManyField(Need, blank=True, related_name="programmes", verbose_name=_("needs it meets"))
    partners = models.ManyToManyField(Partner, blank=True, related_name="programmes", verbose_name=_("partners"))

    class Meta:
        ordering = ["name"]
        verbose_name = _("programme")

    def __str__(self):
        return self.name


class PlannedActivity(PlanItem):
    class Schedule(models.TextChoices):
        DATE = "date", _("On one day")
        RANGE = "range", _("From … to …")
        WEEKLY = "weekly", _("Every week")
        MONTHLY = "monthly", _("Every month")
        SEMESTER = "semester", _("Each semester")

    class BudgetSource(models.TextChoices):
        SCHOOL = "school", _("School budget")
        COMMITTEE = "committee", _("School committee")
        PARTNER = "partner", _("Partner")
        FOUNDATION = "foundation", _("Foundation")
        OTHER = "other", _("Other")

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="activities"
    )
    title = models.CharField(_("activity"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("person responsible"),
    )
    schedule = models.CharField(_("schedule"), max_length=10, choices=Schedule.choices, default=Schedule.DATE)
    start_date = models.DateField(_("date / first day"))
    end_date = models.DateField(_("last day"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    budget = models.DecimalField(_("budget (Rp)"), max_digits=14, decimal_places=0, default=Decimal(0))
    budget_source = models.CharField(
        _("budget source"), max_length=12, choices=BudgetSource.choices, default=BudgetSource.SCHOOL
    )
    resources = models.CharField(_("resources"), max_length=300, blank=True)
    expected_output = models.CharField(_("expected output"), max_length=300, blank=True)
    indicators = models.ManyToManyField(Indicator, blank=True, related_name="activities", verbose_name=_("indicators"))

    class Meta:
        ordering = ["start_date", "title"]
        verbose_name = _("planned activity")
        constraints = [
            models.CheckConstraint(
                condition=Q(budget__gte=0),
                name="planned_activity_budget_not_negative",
                violation_error_message=_("The budget cannot be negative."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="planned_activity_end_after_start",
                violation_error_message=_("The last day cannot be before the first day."),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_recurring(self) -> bool:
        return self.schedule in (self.Schedule.WEEKLY, self.Schedule.MONTHLY, self.Schedule.SEMESTER)


class Spending(SchoolOwned):
    """Money spent on a programme, as the receipt says: when, how much, from which source, for what.
    It is recorded against the plan in force and, like everything recorded against a plan item, is
    carried to the programme's new copy when a revision is approved (planning/revisions.py)."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="spending"
    )
    planned = models.ForeignKey(
        PlannedActivity,
        verbose_name=_("planned activity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="spending",
    )
    day = models.DateField(_("date"))
    amount = models.DecimalField(_("amount (Rp)"), max_digits=14, decimal_places=0)
    source = models.CharField(_("source"), max_length=12, choices=PlannedActivity.BudgetSource.choices)
    description = models.CharField(_("what for"), max_length=300)
    receipt = models.ForeignKey(
        "files.StoredFile", verbose_name=_("receipt"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day", "-id"]
        verbose_name = _("spending")
        verbose_name_plural = _("spending")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0),
                name="spending_amount_positive",
                violation_error_message=_("The amount must be more than Rp0."),
            ),
        ]
        indexes = [models.Index(fields=["school", "day"], name="spending_day_idx")]

    def __str__(self):
        return self.description


class TaskQuerySet(SchoolScopedQuerySet):
    def open(self):
        """Neither done nor ended with its planned activity: what may still be overdue."""
        return self.filter(done_at__isnull=True, ended_at__isnull=True)


class Task(SchoolOwned):
    activity = models.ForeignKey(
        PlannedActivity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="tasks"
    )
    title = models.CharField(_("task"), max_length=200)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="planning_tasks", verbose_name=_("assigned to")
    )
    due_date = models.DateField(_("due"), null=True, blank=True)
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    # Set when a revision of the plan removes the task's activity: the task is closed, not done.
    ended_at = models.DateTimeField(_("removed from the plan"), null=True, blank=True)

    objects = SchoolScopedManager.from_queryset(TaskQuerySet)()

    class Meta:
        ordering = ["due_date", "id"]
        verbose_name = _("task")
        default_manager_name = "all_schools"

    def __str__(self):
        return self.title


class Forum(SchoolOwned):
    """A socialization forum (MODEL.md planning step 5): who was told what, and what was decided."""

    class Audience(models.TextChoices):
        TEACHERS = "teachers", _("Teachers")
        STAFF = "staff", _("Staff")
        STUDENTS = "students", _("Students")
        PARENTS = "parents", _("Parents")
        COMMITTEE = "committee", _("School committee")
        PARTNERS = "partners", _("Partners")

    plan = models.ForeignKey(Plan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="forums")
    title = models.CharField(_("forum"), max_length=200)
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    audiences = models.JSONField(_("audience"), default=list)
    agenda = models.TextField(_("agenda"), blank=True)
    programmes = models.ManyToManyField(
        Programme, blank=True, related_name="forums", verbose_name=_("plan items presented")
    )
    partners = models.ManyToManyField(Partner, blank=True, related_name="forums", verbose_name=_("partners invited"))
    minutes = models.TextField(_("minutes"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)

    history_choices = {"audiences": Audience.choices}

    class Meta:
        ordering = ["-date"]
        verbose_name = _("socialization forum")

    def __str__(self):
        return self.title


class Attendance(SchoolOwned):
    forum = models.ForeignKey(Forum, on_delete=models.CASCADE, related_name="attendance")
    name = models.CharField(_("name"), max_length=200)
    group = models.CharField(_("group"), max_length=12, choices=Forum.Audience.choices)
    partner = models.ForeignKey(Partner, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["group", "name"]

    def __str__(self):
        return self.name


class CommitteeComment(SchoolOwned):
    """The school committee's word, kept as it was written: on a draft of the work plan, or on the
    accountability summary of a school year. Never changed or removed once written: it is the record."""

    class About(models.TextChoices):
        PLAN = "plan", _("The draft work plan")
        ACCOUNTABILITY = "accountability", _("The accountability summary")

    academic_year = models.ForeignKey(
        "schools.AcademicYear", verbose_name=_("school year"), on_delete=models.PROTECT, related_name="+"
    )
    about = models.CharField(_("on"), max_length=14, choices=About.choices)
    plan = models.ForeignKey(
        Plan,
        verbose_name=_("plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="committee_comments",
    )
    text = models.TextField(_("the committee's comment"))
    speaking_for = models.CharField(_("whose words"), max_length=200, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("written by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("committee comment")
        verbose_name_plural = _("committee comments")

    def __str__(self):
        return self.text[:60]
