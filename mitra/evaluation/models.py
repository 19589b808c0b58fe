"""The evaluation stage (MODEL.md §3): instruments set at the start of the year and frozen in
versions, rounds that ask people to answer them (signed in, or through a link without an account),
their responses, observations of activities, the obstacles register and the recommendations carried
into the next year."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from mitra.evaluation import kinds
from mitra.partners.models import Partner
from mitra.schools.scoping import SchoolOwned

USER = settings.AUTH_USER_MODEL


class Group(models.TextChoices):
    """Who answers: the people MODEL.md names as evaluating the partnership."""

    TEAM = "team", _("Partnership team")
    PARTNERS = "partners", _("Partner representatives")
    STUDENTS = "students", _("Students")
    PARENTS = "parents", _("Parents")
    COMMITTEE = "committee", _("School committee")


def audience_labels(groups) -> list[str]:
    labels = dict(Group.choices)
    return [str(labels[g]) for g in groups if g in labels]


class Instrument(SchoolOwned):
    """An evaluation instrument the school is editing. What people answer is a frozen version of it,
    so editing it never changes an answer already given."""

    class Purpose(models.TextChoices):
        ACTIVITY = "activity", _("After an activity")
        PARTNERSHIP = "partnership", _("Partnership review")
        YEAR_END = "year_end", _("Year-end review")
        OTHER = "other", _("Other")

    title = models.CharField(_("title"), max_length=200)
    purpose = models.CharField(_("used for"), max_length=12, choices=Purpose.choices, default=Purpose.ACTIVITY)
    description = models.TextField(_("introduction shown to respondents"), blank=True)
    source = models.ForeignKey(
        "FoundationInstrument",
        verbose_name=_("source"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
    )
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    created_by = models.ForeignKey(
        USER, verbose_name=_("created by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history_extra_labels = {"sections": _("sections"), "items": _("questions")}

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")

    def __str__(self):
        return self.title


class Section(SchoolOwned):
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(_("section"), max_length=200)
    position = models.PositiveSmallIntegerField(default=0)
    history_hidden = ("position",)  # its place in the list, moved by reordering

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("section")

    def __str__(self):
        return self.title


class Item(SchoolOwned):
    """A question. Its key stays the same through every version, so that answers to it can be
    compared across rounds and years even after its words were improved."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="items")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="items")
    key = models.CharField(max_length=12, editable=False)
    # The kinds come from their registry (mitra/evaluation/kinds/): a new kind needs no migration.
    kind = models.CharField(_("kind of answer"), max_length=10, choices=kinds.choices, default="rating")
    text = models.CharField(_("question"), max_length=300)
    help = models.CharField(_("explanation"), max_length=300, blank=True)
    required = models.BooleanField(_("an answer is required"), default=True)
    options = models.JSONField(_("choices"), default=list, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    history_hidden = ("position",)  # its place in the list, moved by reordering

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("question")
        constraints = [models.UniqueConstraint(fields=["school", "instrument", "key"], name="item_key_unique")]

    def __str__(self):
        return self.text


class InstrumentVersion(SchoolOwned):
    """The instrument as it stood when a round was opened: `definition` is
    {"title", "description", "sections": [{"title", "items": [{"key", "kind", "text", "help",
    "required", "options"}]}]}. Never changed after it is written."""

    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField()
    definition = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["instrument_id", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["school", "instrument", "number"], name="instrument_version_unique")
        ]

    def __str__(self):
        return f"{self.instrument} v{self.number}"

    @property
    def items(self) -> list[dict]:
        return [item for section in self.definition["sections"] for item in section["items"]]


class FoundationInstrument(models.Model):
    """An instrument a foundation publishes for its schools to copy (in the shape of a version)."""

    foundation = models.ForeignKey("schools.Foundation", on_delete=models.CASCADE, related_name="instruments")
    title = models.CharField(_("title"), max_length=200)
    purpose = models.CharField(_("used for"), max_length=12, choices=Instrument.Purpose.choices)
    definition = models.JSONField()
    is_published = models.BooleanField(_("published to the schools"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["title"]
        verbose_name = _("foundation instrument")

    def __str__(self):
        return self.title


class PlanEntry(SchoolOwned):
    """The evaluation plan, made at the start of the year: which instrument, for what, when, by whom."""

    class Timing(models.TextChoices):
        AFTER_ACTIVITY = "after_activity", _("After each activity")
        SEMESTER = "semester", _("Each semester")
        YEAR_END = "year_end", _("At the end of the year")

    academic_year = models.ForeignKey(
        "schools.AcademicYear", on_delete=models.CASCADE, related_name="+", verbose_name=_("school year")
    )
    instrument = models.ForeignKey(
        Instrument, verbose_name=_("instrument"), on_delete=models.PROTECT, related_name="plan_entries"
    )
    timing = models.CharField(_("when"), max_length=16, choices=Timing.choices)
    partner = models.ForeignKey(
        Partner,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("partnership"),
        help_text=_("Leave empty for every partnership and activity."),
    )
    audiences = models.JSONField(_("who answers"), default=list)
    notes = models.CharField(_("notes"), max_length=300, blank=True)

    history_choices = {"audiences": Group.choices}

    class Meta:
        ordering = ["academic_year", "timing", "id"]
        verbose_name = _("evaluation plan entry")

    def __str__(self):
        return f"{self.instrument} · {self.get_timing_display()}"

    @property
    def audience_labels(self) -> list[str]:
        return audience_labels(self.audiences)


class Round(SchoolOwned):
    """One time an instrument is answered: about an activity or a partnership, in a period, by
    some groups. It keeps the version it was opened with."""

    instrument = models.ForeignKey(
        Instrument, verbose_name=_("instrument"), on_delete=models.PROTECT, related_name="rounds"
    )
    version = models.ForeignKey(InstrumentVersion, on_delete=models.PROTECT, related_name="rounds")
    plan_entry = models.ForeignKey(
        PlanEntry,
        verbose_name=_("evaluation plan entry"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="rounds",
    )
    title = models.CharField(_("title"), max_length=200)
    academic_year = models.ForeignKey(
        "schools.AcademicYear",
        verbose_name=_("school year"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    activity = models.ForeignKey(
        "activities.Activity",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="evaluation_rounds",
        verbose_name=_("activity"),
    )
    partner = models.ForeignKey(
        Partner,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="evaluation_rounds",
        verbose_name=_("partnership"),
    )
    opens_on = models.DateField(_("open from"))
    closes_on = models.DateField(_("open until"))
    audiences = models.JSONField(_("who answers"), default=list)
    expected = models.JSONField(_("people asked"), default=dict)  # {group: how many are asked}, for the response rate
    respondents = models.ManyToManyField(USER, blank=True, related_name="evaluation_rounds")
    anonymous = models.BooleanField(
        _("anonymous"), default=False, help_text=_("Respondents are not asked for their name.")
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # The day respondents who had not answered were reminded that the round closes soon.
    reminded_on = models.DateField(_("reminded"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        USER, verbose_name=_("created by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history_extra_labels = {"links": _("links"), "closed": _("closed")}
    history_choices = {"audiences": Group.choices, "expected": Group.choices}

    class Meta:
        ordering = ["-opens_on", "-id"]
        verbose_name = _("evaluation round")
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")),
                name="round_closes_after_opening",
                violation_error_message=_("A round cannot close before it opens."),
            )
        ]

    def __str__(self):
        return self.title

    @property
    def audience_labels(self) -> list[str]:
        return audience_labels(self.audiences)

    def is_open_on(self, day) -> bool:
        return self.closed_at is None and self.opens_on <= day <= self.closes_on


class Link(SchoolOwned):
    """A way to answer without an account: a secret address for one group of a round. A personal
    link takes one response; a shared one (sent to a class's parents group) takes many."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="links")
    group = models.CharField(_("group"), max_length=10, choices=Group.choices)
    label = models.CharField(_("for"), max_length=120, blank=True)
    token = models.CharField(max_length=64, unique=True)
    single_use = models.BooleanField(_("one response only"), default=False)
    # A shared link stops taking answers once it has this many (the school sets it on the round's page).
    max_answers = models.PositiveIntegerField(_("maximum answers"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires"))
    revoked_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["group", "label", "id"]

    def __str__(self):
        return self.label or self.get_group_display()


class Response(SchoolOwned):
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="responses")
    version = models.ForeignKey(InstrumentVersion, on_delete=models.PROTECT, related_name="responses")
    group = models.CharField(_("group"), max_length=10, choices=Group.choices)
    link = models.ForeignKey(Link, null=True, blank=True, on_delete=models.SET_NULL, related_name="responses")
    user = models.ForeignKey(USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    name = models.CharField(_("name"), max_length=120, blank=True)
    # The form's one-time token: the same answers sent twice over a bad connection are kept once.
    submission = models.CharField(max_length=32)
    submitted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["school", "round", "submission"], name="response_submitted_once"),
            models.UniqueConstraint(
                fields=["round", "user"], condition=Q(user__isnull=False), name="response_one_per_person"
            ),
        ]

    def __str__(self):
        return f"{self.round} · {self.get_group_display()}"


class Answer(SchoolOwned):
    """One answer: a rating, yes (1) / no (0) and numbers in `number`; a choice or text in `text`;
    several choices in `choices`; "don't know" as its own flag. An unanswered item has no row."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    item_key = models.CharField(max_length=12)
    # The question's kind as it was asked, so that ratings can be read across rounds and versions.
    kind = models.CharField(max_length=10, choices=kinds.choices)
    number = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    text = models.TextField(blank=True)
    choices = models.JSONField(default=list, blank=True)
    dont_know = models.BooleanField(default=False)

    class Meta:
        ordering = ["id"]
        constraints = [models.UniqueConstraint(fields=["response", "item_key"], name="answer_once_per_item")]
        indexes = [models.Index(fields=["school", "item_key"], name="answer_item_idx")]


class Observation(SchoolOwned):
    """Someone of the team watched an activity (MODEL.md evaluation step 2)."""

    class Level(models.IntegerChoices):
        POOR = 1, _("Poor")
        FAIR = 2, _("Fair")
        GOOD = 3, _("Good")
        VERY_GOOD = 4, _("Very good")

    activity = models.ForeignKey(
        "activities.Activity", on_delete=models.CASCADE, related_name="observations", verbose_name=_("activity")
    )
    observer = models.ForeignKey(
        USER, verbose_name=_("observer"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    observed_on = models.DateField(_("date"))
    school_involvement = models.PositiveSmallIntegerField(
        _("involvement of school members"), choices=Level.choices, null=True, blank=True
    )
    partner_contribution = models.PositiveSmallIntegerField(
        _("partner contribution"), choices=Level.choices, null=True, blank=True
    )
    facilities = models.PositiveSmallIntegerField(
        _("availability of facilities"), choices=Level.choices, null=True, blank=True
    )
    obstacles_met = models.TextField(_("obstacles met"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-observed_on", "-id"]
        verbose_name = _("observation")

    def __str__(self):
        return f"{self.activity} · {date_format(self.observed_on)}"


class ObservationPhoto(SchoolOwned):
    observation = models.ForeignKey(Observation, on_delete=models.CASCADE, related_name="photos")
    file = models.OneToOneField("files.StoredFile", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return str(self.file)


class Obstacle(SchoolOwned):
    class Category(models.TextChoices):
        COMMUNICATION = "communication", _("Communication")
        PERCEPTION = "perception", _("Different perceptions of the programme")
        GOALS = "goals", _("Different goals between partners")
        INVOLVEMENT = "involvement", _("Uneven involvement of teachers or students")
        FUNDING = "funding", _("Funding and resources")
        SCHEDULE = "schedule", _("Schedule")
        FACILITIES = "facilities", _("Facilities")
        OTHER = "other", _("Other")

    class Severity(models.IntegerChoices):
        LOW = 1, _("Low")
        MEDIUM = 2, _("Medium")
        HIGH = 3, _("High")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        HANDLING = "handling", _("Being handled")
        RESOLVED = "resolved", _("Resolved")

    title = models.CharField(_("obstacle"), max_length=200)
    category = models.CharField(_("category"), max_length=14, choices=Category.choices)
    severity = models.PositiveSmallIntegerField(_("severity"), choices=Severity.choices, default=Severity.MEDIUM)
    description = models.TextField(_("description"), blank=True)
    cause = models.TextField(_("cause"), blank=True)
    response_taken = models.TextField(_("response taken"), blank=True)
    owner = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("owner")
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    partner = models.ForeignKey(
        Partner, null=True, blank=True, on_delete=models.SET_NULL, related_name="obstacles", verbose_name=_("partner")
    )
    activity = models.ForeignKey(
        "activities.Activity",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="obstacles",
        verbose_name=_("activity"),
    )
    academic_year = models.ForeignKey(
        "schools.AcademicYear",
        verbose_name=_("school year"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    from_response = models.ForeignKey(
        Response,
        verbose_name=_("from the response"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    from_item = models.CharField(max_length=12, blank=True)
    from_observation = models.ForeignKey(
        Observation,
        verbose_name=_("from the observation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="obstacles",
    )
    created_by = models.ForeignKey(
        USER, verbose_name=_("created by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history_hidden = ("from_item",)  # the key of the question it came from; from_response names it

    class Meta:
        ordering = ["-severity", "due_on", "-id"]
        verbose_name = _("obstacle")
        indexes = [models.Index(fields=["school", "status"], name="obstacle_status_idx")]

    def __str__(self):
        return self.title


class Recommendation(SchoolOwned):
    """What the evaluation decided for a partnership, for the next cycle (MODEL.md step 4)."""

    class Decision(models.TextChoices):
        CONTINUE = "continue", _("Continue")
        EXTEND = "extend", _("Extend")
        REVISE = "revise", _("Revise")
        STOP = "stop", _("Stop")

    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="recommendations", verbose_name=_("partnership")
    )
    academic_year = models.ForeignKey(
        "schools.AcademicYear",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("school year"),
    )
    round = models.ForeignKey(
        Round,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recommendations",
        verbose_name=_("from the evaluation"),
    )
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    reasons = models.TextField(_("reasons"))
    created_by = models.ForeignKey(
        USER, verbose_name=_("created by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history_extra_labels = {"actions": _("action items")}

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("recommendation")

    def __str__(self):
        return f"{self.partner} · {self.get_decision_display()}"


class ActionItem(SchoolOwned):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DOING = "doing", _("In progress")
        DONE = "done", _("Done")

    recommendation = models.ForeignKey(
        Recommendation, verbose_name=_("recommendation"), on_delete=models.CASCADE, related_name="actions"
    )
    text = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("owner")
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=6, choices=Status.choices, default=Status.OPEN)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("action item")

    def __str__(self):
        return self.text
