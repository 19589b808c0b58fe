"""The implementation stage (MODEL.md §2): activities with partners and the evidence that they took
place, the partnership team with its rotating teachers, and the communication log — letters,
meetings, calls and WhatsApp — kept with each partner."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from mitra.files.models import PICTURE_TYPES
from mitra.partners.models import Area, Partner
from mitra.schools.scoping import SchoolOwned

USER = settings.AUTH_USER_MODEL


class Activity(SchoolOwned):
    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        DONE = "done", _("Done")
        POSTPONED = "postponed", _("Postponed")
        CANCELLED = "cancelled", _("Cancelled")

    class Review(models.TextChoices):
        DRAFT = "draft", _("Not submitted")
        SUBMITTED = "submitted", _("Waiting for verification")
        VERIFIED = "verified", _("Verified")
        RETURNED = "returned", _("Returned for changes")

    title = models.CharField(_("what was done"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    status_reason = models.CharField(_("reason (postponed or cancelled)"), max_length=300, blank=True)
    planned = models.ForeignKey(
        "planning.PlannedActivity",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="records",
        verbose_name=_("from the work plan"),
    )
    programme = models.ForeignKey(
        "planning.Programme",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="records",
        verbose_name=_("programme"),
    )
    agreements = models.ManyToManyField(
        "agreements.Agreement", blank=True, related_name="activities", verbose_name=_("agreements")
    )
    partners = models.ManyToManyField(Partner, blank=True, related_name="activities", verbose_name=_("partners"))
    area = models.CharField(_("area"), max_length=20, choices=Area.choices, blank=True)
    place = models.CharField(_("place"), max_length=200, blank=True)
    start_date = models.DateField(_("date"))
    start_time = models.TimeField(_("from (time)"), null=True, blank=True)
    end_date = models.DateField(_("last day"), null=True, blank=True)
    end_time = models.TimeField(_("until (time)"), null=True, blank=True)
    notes = models.TextField(_("what happened"), blank=True)
    outputs = models.TextField(_("outputs and outcomes"), blank=True)

    review = models.CharField(_("verification"), max_length=10, choices=Review.choices, default=Review.DRAFT)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        USER, verbose_name=_("submitted by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        USER, verbose_name=_("reviewed by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    review_comment = models.TextField(_("comment"), blank=True)

    partner_confirmed_at = models.DateTimeField(_("confirmed by the partner"), null=True, blank=True)
    partner_confirmed_by = models.ForeignKey(
        USER,
        verbose_name=_("confirmed for the partner by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    partner_note = models.TextField(_("partner's note"), blank=True)

    recorded_by = models.ForeignKey(
        USER, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # The token a phone gave a capture (schools/submissions): one that arrives again, a day later or
    # in another login after the answer to the first was lost, finds this activity instead of a copy.
    capture_token = models.CharField(max_length=32, blank=True, default="", editable=False)

    history_hidden = ("capture_token",)
    history_extra_labels = {
        "partners": _("partners"),
        "agreements": _("agreements"),
        "evidence": _("evidence"),
        "participants": _("participants"),
        "results": _("indicator results"),
    }

    class Meta:
        ordering = ["-start_date", "-id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="activity_end_after_start",
                violation_error_message=_("The last day cannot be before the first day."),
            ),
            models.UniqueConstraint(
                fields=["school", "capture_token"], condition=~Q(capture_token=""), name="activity_capture_once"
            ),
        ]
        indexes = [models.Index(fields=["school", "start_date"], name="activity_date_idx")]

    def __str__(self):
        return self.title

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE


class ParticipantCount(SchoolOwned):
    """How many of a group took part; students are counted by grade and sex."""

    class Group(models.TextChoices):
        STUDENTS = "students", _("Students")
        TEACHERS = "teachers", _("Teachers")
        STAFF = "staff", _("Staff")
        PARENTS = "parents", _("Parents")
        PARTNER_STAFF = "partner_staff", _("Partner staff")
        COMMUNITY = "community", _("Community / others")

    class Sex(models.TextChoices):
        UNKNOWN = "", _("—")
        MALE = "m", _("Boys / men")
        FEMALE = "f", _("Girls / women")

    activity = models.ForeignKey(Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="counts")
    group = models.CharField(_("group"), max_length=14, choices=Group.choices)
    grade = models.PositiveSmallIntegerField(_("grade"), default=0)  # 0: not counted by grade
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True, default="")
    count = models.PositiveIntegerField(_("number"))

    class Meta:
        ordering = ["group", "grade", "sex"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "group", "grade", "sex"], name="participant_count_unique"),
            models.CheckConstraint(condition=Q(count__gt=0), name="participant_count_positive"),
        ]

    def __str__(self):
        return f"{self.get_group_display()}: {self.count}"


class Participant(SchoolOwned):
    """A person named as taking part, when the school wants names (a training, a certificate)."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="participants"
    )
    name = models.CharField(_("name"), max_length=200)
    group = models.CharField(_("group"), max_length=14, choices=ParticipantCount.Group.choices)
    detail = models.CharField(_("class, position or institution"), max_length=200, blank=True)

    class Meta:
        ordering = ["group", "name"]

    def __str__(self):
        return self.name


class IndicatorResult(SchoolOwned):
    """The actual value an activity reached on one of the plan's indicators."""

    activity = models.ForeignKey(Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="results")
    indicator = models.ForeignKey(
        "planning.Indicator", verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="results"
    )
    value = models.DecimalField(_("actual value"), max_digits=12, decimal_places=2)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["indicator_id"]
        constraints = [models.UniqueConstraint(fields=["activity", "indicator"], name="indicator_result_unique")]

    def __str__(self):
        return f"{self.indicator}: {self.value.normalize()}"


class Evidence(SchoolOwned):
    """A file that shows an activity took place. Its `kind` says what it is for (a photo of the
    activity, the attendance list, the minutes…); whether it is shown as a picture or listed as a
    document is decided by its bytes alone (`is_photo`, from the stored file's content type). A
    PHOTO is always a picture: the services refuse the kind for anything else."""

    class Kind(models.TextChoices):
        PHOTO = "photo", _("Photo")
        DOCUMENT = "document", _("Document")
        ATTENDANCE = "attendance", _("Attendance list")
        REPORT = "report", _("Activity report")
        LETTER = "letter", _("Letter")
        MINUTES = "minutes", _("Minutes")
        CERTIFICATE = "certificate", _("Certificate")
        OTHER = "other", _("Other")

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="evidence"
    )
    file = models.OneToOneField("files.StoredFile", verbose_name=_("file"), on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.PHOTO)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    from_partner = models.BooleanField(_("from the partner"), default=False)
    added_by = models.ForeignKey(
        USER, verbose_name=_("added by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        ordering = ["added_at", "id"]
        verbose_name = _("evidence")

    def __str__(self):
        return self.caption or self.file.original_name

    @property
    def is_photo(self) -> bool:
        return self.file.is_image

    @property
    def shown_as(self) -> str:
        return "photo" if self.is_photo else "document"


# Evidence shown as a picture: the stored file's content, whatever its kind says.
SHOWN_AS_PHOTO = Q(file__content_type__in=PICTURE_TYPES)


# --- The team ------------------------------------------------------------------------------------


class TeamTerm(SchoolOwned):
    """One person's seat in the partnership team for a period (MODEL.md §2.2)."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Person in charge")
        COORDINATOR = "coordinator", _("Coordinator")
        SECRETARY = "secretary", _("Secretary")
        MEMBER = "member", _("Member")
        ROTATING = "rotating", _("Teacher in rotation")
        ADMIN = "admin", _("Administrative staff")

    user = models.ForeignKey(USER, on_delete=models.CASCADE, related_name="team_terms", verbose_name=_("person"))
    role = models.CharField(_("role in the team"), max_length=12, choices=Role.choices, default=Role.MEMBER)
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"))
    label = models.CharField(_("term"), max_length=60, blank=True)
    rotation = models.ForeignKey(
        "Rotation", verbose_name=_("rotation"), null=True, blank=True, on_delete=models.SET_NULL, related_name="terms"
    )
    handed_over_at = models.DateTimeField(_("handed over"), null=True, blank=True)

    class Meta:
        ordering = ["starts_on", "role", "id"]
        verbose_name = _("team term")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="team_term_end_after_start",
                violation_error_message=_("The end of a term cannot be before its start."),
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()}"


class Rotation(SchoolOwned):
    """A proposed rotation of teachers over terms, edited by the coordinator until it is confirmed.
    `periods` is [{"label", "start", "end"}]; `assignment` holds one list of user ids per period."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        CONFIRMED = "confirmed", _("Confirmed")

    title = models.CharField(_("name"), max_length=100)
    seats = models.PositiveSmallIntegerField(_("teachers per term"))
    periods = models.JSONField(default=list)
    candidates = models.JSONField(default=list)
    unavailable = models.JSONField(default=dict)
    pins = models.JSONField(default=dict)
    assignment = models.JSONField(default=list)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        USER, verbose_name=_("created by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    history_hidden = (
        "periods",
        "candidates",
        "unavailable",
        "pins",
        "assignment",
    )  # working state or drawn numbers, not what a person changed

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("rotation")

    def __str__(self):
        return self.title


# --- Communication ---------------------------------------------------------------------------------


class Communication(SchoolOwned):
    class Channel(models.TextChoices):
        LETTER = "letter", _("Official letter")
        MEETING = "meeting", _("Meeting")
        PHONE = "phone", _("Phone call")
        WHATSAPP = "whatsapp", _("WhatsApp")
        EMAIL = "email", _("E-mail")
        VISIT = "visit", _("Visit")

    class Direction(models.TextChoices):
        OUT = "out", _("From the school")
        IN = "in", _("From the partner")
        BOTH = "both", _("Both ways")

    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.CASCADE, related_name="communications"
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    direction = models.CharField(_("direction"), max_length=4, choices=Direction.choices, default=Direction.OUT)
    occurred_on = models.DateField(_("date"))
    occurred_time = models.TimeField(_("time"), null=True, blank=True)
    people = models.CharField(_("people"), max_length=300, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    letter = models.ForeignKey(
        "letters.Letter",
        verbose_name=_("letter"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="communications",
    )
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="communications",
    )
    # A day of an imported WhatsApp chat is one entry; its messages are ChatMessage rows.
    is_chat_day = models.BooleanField(_("a day of a chat"), default=False, editable=False)
    recorded_by = models.ForeignKey(
        USER, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_on", "-occurred_time", "-id"]
        verbose_name = _("communication")
        indexes = [models.Index(fields=["school", "partner", "occurred_on"], name="communication_partner_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "occurred_on"], condition=Q(is_chat_day=True), name="communication_one_chat_day"
            ),
        ]

    def __str__(self):
        return f"{self.get_channel_display()} · {date_format(self.occurred_on)}"


class CommunicationAttachment(SchoolOwned):
    communication = models.ForeignKey(Communication, on_delete=models.CASCADE, related_name="attachments")
    file = models.OneToOneField("files.StoredFile", on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["id"]

    def __str__(self):
        return str(self.file)


class ChatImport(SchoolOwned):
    """One WhatsApp "Export chat" file read into a partner's log, with what was added and skipped."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="chat_imports")
    file_name = models.CharField(max_length=200)
    day_first = models.BooleanField()
    added = models.PositiveIntegerField(default=0)
    already_there = models.PositiveIntegerField(default=0)
    # [[line number, text, "left" | "kept"], …], the first 50: lines left out, and dated lines whose date
    # does not fit the file's date order, kept as text of the message before them (older rows: two items)
    unreadable = models.JSONField(default=list)
    unreadable_count = models.PositiveIntegerField(default=0)
    imported_by = models.ForeignKey(USER, null=True, on_delete=models.SET_NULL, related_name="+")
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-imported_at"]

    @property
    def lines_left_out(self) -> list:
        return [item[:2] for item in self.unreadable if item[2:] != ["kept"]]

    @property
    def lines_kept_as_text(self) -> list:
        return [item[:2] for item in self.unreadable if item[2:] == ["kept"]]


class ChatMessage(SchoolOwned):
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="chat_messages")
    day = models.ForeignKey(Communication, on_delete=models.CASCADE, related_name="messages")
    chat_import = models.ForeignKey(ChatImport, on_delete=models.CASCADE, related_name="messages")
    sent_on = models.DateField()
    sent_time = models.TimeField()
    sender = models.CharField(max_length=200, blank=True)
    text = models.TextField(blank=True)
    media = models.CharField(max_length=200, blank=True)  # the attachment's placeholder or file name
    is_system = models.BooleanField(default=False)
    # The same message read from the same chat gives the same fingerprint, so a re-import adds nothing.
    fingerprint = models.CharField(max_length=64)

    class Meta:
        ordering = ["sent_on", "sent_time", "id"]
        constraints = [
            models.UniqueConstraint(fields=["school", "partner", "fingerprint"], name="chat_message_once"),
        ]


# --- Calendar --------------------------------------------------------------------------------------


class CalendarFeed(SchoolOwned):
    """The secret address of an iCalendar feed: the school's (user empty) or one person's."""

    user = models.ForeignKey(USER, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["school"], condition=Q(user__isnull=True), name="calendar_feed_school_once"
            ),
            models.UniqueConstraint(
                fields=["school", "user"], condition=Q(user__isnull=False), name="calendar_feed_user_once"
            ),
        ]


class Contribution(SchoolOwned):
    """What a partner gave: money, goods or services in kind (with their estimated value and how it
    was estimated), or people's time (how many people, how many hours each). Recorded on the activity it
    was given for, or on the agreement under which it is given (a room for the year, a doctor on call)."""

    class Kind(models.TextChoices):
        CASH = "cash", _("Money")
        IN_KIND = "in_kind", _("Goods or services in kind")
        TIME = "time", _("People's time")

    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.PROTECT, related_name="contributions"
    )
    activity = models.ForeignKey(
        Activity,
        verbose_name=_("activity"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="contributions",
    )
    agreement = models.ForeignKey(
        "agreements.Agreement",
        verbose_name=_("agreement"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="contributions",
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    day = models.DateField(_("date"))
    description = models.CharField(_("what was given"), max_length=300)
    # Rupiah: the money given, the estimated value of what was given in kind, or of the time (optional).
    value = models.DecimalField(_("value (Rp)"), max_digits=14, decimal_places=0, default=0)
    valued_how = models.CharField(_("how the value was estimated"), max_length=300, blank=True)
    people = models.PositiveIntegerField(_("how many people"), default=0)
    hours = models.DecimalField(_("hours each"), max_digits=6, decimal_places=1, default=0)
    recorded_by = models.ForeignKey(
        USER, verbose_name=_("recorded by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-day", "-id"]
        verbose_name = _("partner contribution")
        verbose_name_plural = _("partner contributions")
        constraints = [
            models.CheckConstraint(
                condition=Q(activity__isnull=False, agreement__isnull=True)
                | Q(activity__isnull=True, agreement__isnull=False),
                name="contribution_on_one_record",
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="contribution_value_not_negative"),
            models.CheckConstraint(condition=~Q(kind="cash") | Q(value__gt=0), name="contribution_money_has_an_amount"),
            models.CheckConstraint(
                condition=~Q(kind="time") | Q(people__gt=0, hours__gt=0), name="contribution_time_has_hours"
            ),
        ]
        indexes = [models.Index(fields=["school", "day"], name="contribution_day_idx")]

    def __str__(self):
        return self.description

    @property
    def person_hours(self):
        return self.people * self.hours


class Measure(SchoolOwned):
    """A number a school records with an activity of a kind (its area): pupils screened, pupils referred,
    students placed for teaching practice, pupils admitted from a pesantren, juz memorised. Summed in the
    reports. A measure that is a referral makes a follow-up of each activity that records it, open until
    someone closes it with what came of it."""

    name = models.CharField(_("what is counted"), max_length=120)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    area = models.CharField(
        _("for activities of the area"),
        max_length=20,
        choices=Area.choices,
        blank=True,
        help_text=_("Leave empty to ask for it with every activity."),
    )
    follow_up = models.BooleanField(
        _("a referral to follow up"),
        default=False,
        help_text=_("Each activity that records some makes a follow-up task, open until it is closed."),
    )
    archived_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["area", "name"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        constraints = [models.UniqueConstraint(fields=["school", "name"], name="measure_name_unique")]

    def __str__(self):
        return f"{self.name} ({self.unit})" if self.unit else self.name


class MeasureValue(SchoolOwned):
    """The number an activity recorded for one of the school's measures."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="measures"
    )
    measure = models.ForeignKey(Measure, verbose_name=_("measure"), on_delete=models.PROTECT, related_name="values")
    value = models.PositiveIntegerField(_("number"))

    class Meta:
        ordering = ["measure__name"]
        constraints = [models.UniqueConstraint(fields=["activity", "measure"], name="measure_value_unique")]

    def __str__(self):
        return f"{self.measure.name}: {self.value}"


class FollowUp(SchoolOwned):
    """The follow-up of a referral an activity recorded: who is to see it through, by when, and once
    closed, what came of it."""

    activity = models.ForeignKey(
        Activity, verbose_name=_("activity"), on_delete=models.CASCADE, related_name="follow_ups"
    )
    measure = models.ForeignKey(Measure, verbose_name=_("measure"), on_delete=models.PROTECT, related_name="+")
    count = models.PositiveIntegerField(_("how many"))
    assignee = models.ForeignKey(
        USER, verbose_name=_("followed up by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    due_on = models.DateField(_("follow up by"))
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        USER, verbose_name=_("closed by"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    outcome = models.TextField(_("what came of it"), blank=True)

    class Meta:
        ordering = ["closed_at", "due_on", "id"]
        constraints = [models.UniqueConstraint(fields=["activity", "measure"], name="follow_up_once")]

    def __str__(self):
        return f"{self.measure.name}: {self.count}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None
