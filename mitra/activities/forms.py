import datetime

from django import forms
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mitra.activities.models import (
    Activity,
    Communication,
    Contribution,
    Evidence,
    Measure,
    ParticipantCount,
    TeamTerm,
)
from mitra.agreements.models import Agreement
from mitra.agreements.selectors import agreements_to_offer
from mitra.files.forms import FilesField
from mitra.history.conflicts import ConflictGuard
from mitra.partners.models import Area, Partner
from mitra.planning.forms import offer_items
from mitra.planning.models import Indicator, PlannedActivity, Programme
from mitra.schools.models import AcademicYear, School

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
EVIDENCE_HELP = _("Photos (JPEG, PNG), PDF or Word (.docx); several at once, up to 10 MB each.")

# Grades a school's students are counted in, by level (0: one count, not by grade).
GRADES = {
    School.Level.RA: (0,),
    School.Level.MI: tuple(range(1, 7)),
    School.Level.SD: tuple(range(1, 7)),
    School.Level.MTS: (7, 8, 9),
    School.Level.SMP: (7, 8, 9),
    School.Level.MA: (10, 11, 12),
    School.Level.SMA: (10, 11, 12),
    School.Level.SMK: (10, 11, 12),
}
ADULT_GROUPS = [g for g in ParticipantCount.Group if g != ParticipantCount.Group.STUDENTS]


def partners_of(school):
    return Partner.objects.for_school(school).filter(archived_at__isnull=True)


class CaptureForm(forms.Form):
    """The three fields of recording an activity on a phone."""

    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        # The big label is the button; the input itself is hidden but stays reachable by keyboard.
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/jpeg,image/png", "capture": "environment", "class": "visually-hidden"}
        ),
    )
    # The key of the photo already sent in the background (files/resumable.py), in place of the file.
    upload = forms.UUIDField(required=False, widget=forms.HiddenInput)
    partner = forms.ModelChoiceField(
        label=_("With which partner?"),
        queryset=Partner.objects.none(),
        # Most often a capture kept on a phone meeting a partner archived since.
        error_messages={"invalid_choice": _("This partner is no longer in the school's list. Choose another.")},
    )
    sentence = forms.CharField(
        label=_("What was done?"),
        max_length=1000,
        widget=forms.Textarea(
            attrs={"rows": 3, "placeholder": _("e.g. Nutrition counselling for grade 7 with 96 students")}
        ),
    )

    # Filled by the phone: when the capture was made (it may be sent days later, from the outbox) and
    # where, if the person let the phone say.
    made_at = forms.DateTimeField(required=False, widget=forms.HiddenInput)
    place = forms.CharField(label=_("Place"), max_length=200, required=False, widget=forms.HiddenInput)

    # How far back a capture kept on a phone may still be dated: a term's holiday away from any signal.
    OLDEST = datetime.timedelta(days=90)

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners_of(school)

    def clean_made_at(self):
        made = self.cleaned_data["made_at"]
        if made is None:
            return None
        now = timezone.now()
        if made > now + datetime.timedelta(hours=12):
            raise forms.ValidationError(_("The phone's clock is ahead: this was made in the future. Check the date."))
        if made < now - self.OLDEST:
            raise forms.ValidationError(
                _("This was recorded more than %(days)s days ago. Record it again with the full form and its date.")
                % {"days": self.OLDEST.days}
            )
        # A phone's clock a little ahead is taken as now: the activity cannot be done tomorrow.
        return min(made, now)

    @property
    def day(self) -> datetime.date | None:
        """The school day the capture was made: the date in the school's time zone."""
        made = self.cleaned_data.get("made_at")
        return timezone.localdate(made) if made else None


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    review = forms.ChoiceField(label=_("Verification"), required=False)
    partner = forms.ModelChoiceField(
        label=_("Partner"), queryset=Partner.objects.none(), required=False, empty_label=_("All")
    )
    area = forms.ChoiceField(label=_("Area"), required=False)
    undocumented = forms.BooleanField(label=_("Only undocumented"), required=False)

    def __init__(self, *args, access, **kwargs):
        from mitra.partners.selectors import partners_visible

        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All"))] + Activity.Status.choices
        self.fields["review"].choices = [("", _("All"))] + Activity.Review.choices
        self.fields["area"].choices = [("", _("All"))] + Area.choices
        # A partner's representative picks among what they may see: their own partner, not the school's list.
        self.fields["partner"].queryset = partners_visible(access)


class ActivityForm(ConflictGuard, forms.ModelForm):
    """An activity with its links, head counts by group (students by grade and sex) and the actual
    values of the plan's indicators it serves."""

    partners = forms.ModelMultipleChoiceField(
        label=_("Partners"), queryset=Partner.objects.none(), required=False, widget=forms.CheckboxSelectMultiple
    )
    agreements = forms.ModelMultipleChoiceField(
        label=_("Agreements"),
        queryset=Agreement.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Activity
        fields = [
            "title",
            "status",
            "status_reason",
            "start_date",
            "start_time",
            "end_date",
            "end_time",
            "place",
            "area",
            "programme",
            "planned",
            "notes",
            "outputs",
        ]
        widgets = {
            "start_date": DATE,
            "end_date": DATE,
            "start_time": TIME,
            "end_time": TIME,
            "notes": forms.Textarea(attrs={"rows": 4}),
            "outputs": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.school = school
        self.fields["partners"].queryset = partners_of(school)
        kept = list(self.instance.agreements.values_list("pk", flat=True)) if self.instance.pk else []
        self.fields["agreements"].queryset = agreements_to_offer(school=school, keep=kept)
        linked = self.instance if self.instance.pk else None
        offer_items(self.fields["programme"], Programme, school=school, keep=[getattr(linked, "programme_id", None)])
        offer_items(self.fields["planned"], PlannedActivity, school=school, keep=[getattr(linked, "planned_id", None)])
        if self.instance.pk:
            self.initial.setdefault("partners", list(self.instance.partners.all()))
            self.initial.setdefault("agreements", list(self.instance.agreements.all()))
        self._add_count_fields()
        self._add_result_fields()

    # Head counts --------------------------------------------------------------------------------------

    def grades(self):
        return GRADES.get(self.school.level, (0,))

    def _add_count_fields(self):
        existing = {(c.group, c.grade, c.sex): c.count for c in self.instance.counts.all()} if self.instance.pk else {}
        boys, girls = ParticipantCount.Sex.MALE, ParticipantCount.Sex.FEMALE
        self.count_rows = []
        for grade in self.grades():
            row = []
            for sex in (boys, girls):
                name = f"count_students_{grade}_{sex}"
                self.fields[name] = forms.IntegerField(
                    label=ParticipantCount.Sex(sex).label, min_value=0, max_value=100000, required=False
                )
                self.initial.setdefault(name, existing.get(("students", grade, sex)))
                row.append(name)
            self.count_rows.append((grade, row))
        self.adult_fields = []
        for group in ADULT_GROUPS:
            name = f"count_{group}"
            self.fields[name] = forms.IntegerField(label=group.label, min_value=0, max_value=100000, required=False)
            self.initial.setdefault(name, existing.get((group.value, 0, "")))
            self.adult_fields.append(name)

    def counts(self) -> dict:
        data = self.cleaned_data
        counts = {}
        for grade, names in self.count_rows:
            for name in names:
                sex = name.rsplit("_", 1)[1]
                counts[("students", grade, sex)] = data.get(name) or 0
        for group in ADULT_GROUPS:
            counts[(group.value, 0, "")] = data.get(f"count_{group}") or 0
        return counts

    # Indicator results -----------------------------------------------------------------------------

    def _linked(self, name: str):
        """The planned activity or programme as sent, else as started from the work plan, else as saved."""
        value = self.data.get(name) if self.is_bound else self.initial.get(name)
        if value is None or isinstance(value, models.Model):
            return value
        return self.fields[name].queryset.filter(pk=value).first() if str(value).isdigit() else None

    def indicators(self):
        """The indicators of the planned activity (or of the programme's goals) this activity serves."""
        planned, programme = self._linked("planned"), self._linked("programme")
        indicators = Indicator.objects.for_school(self.school)
        if planned is not None and planned.indicators.exists():
            return indicators.filter(activities=planned)
        if programme is not None:
            return indicators.filter(goal__programmes=programme).distinct()
        return indicators.none()

    def _add_result_fields(self):
        existing = {r.indicator_id: r for r in self.instance.results.all()} if self.instance.pk else {}
        self.result_fields = []
        for indicator in self.indicators():
            name = f"result_{indicator.pk}"
            self.fields[name] = forms.DecimalField(
                label=f"{indicator.name} ({indicator.unit})",
                max_digits=12,
                decimal_places=2,
                required=False,
                help_text=_("Target %(target)s, baseline %(baseline)s")
                % {"target": indicator.target, "baseline": indicator.baseline},
            )
            if indicator.pk in existing:
                self.initial.setdefault(name, existing[indicator.pk].value)
            self.result_fields.append((name, indicator))

    def results(self) -> dict:
        return {indicator: (self.cleaned_data.get(name), "") for name, indicator in self.result_fields}

    def clean(self):
        data = super().clean()
        if data.get("start_date") and data.get("end_date") and data["end_date"] < data["start_date"]:
            self.add_error("end_date", _("The last day cannot be before the first day."))
        return data

    def activity_data(self) -> dict:
        return {field: self.cleaned_data[field] for field in self.Meta.fields if field in self.cleaned_data}


class EvidenceForm(forms.Form):
    files = FilesField(label=_("Photos or files"), help_text=EVIDENCE_HELP)
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[("", _("From the file: a photo, or a document"))] + Evidence.Kind.choices,
        initial="",
        required=False,
        help_text=_("Or say what the files are. Only JPEG and PNG pictures can be photos."),
    )
    caption = forms.CharField(label=_("Caption"), max_length=200, required=False)


class ReturnForm(forms.Form):
    comment = forms.CharField(label=_("What should be changed?"), widget=forms.Textarea(attrs={"rows": 3}))


class ConfirmForm(forms.Form):
    note = forms.CharField(label=_("Your note"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    files = FilesField(label=_("Photos or files"), required=False, help_text=EVIDENCE_HELP)


class ParticipantsForm(forms.Form):
    group = forms.ChoiceField(label=_("Group"), choices=ParticipantCount.Group.choices)
    names = forms.CharField(
        label=_("Names"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One person per line; after a comma, their class, position or institution."),
    )


# --- Team ------------------------------------------------------------------------------------------------


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class PeopleField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return obj.get_full_name() or obj.username


class TermForm(forms.ModelForm):
    user = PersonChoiceField(label=_("Person"), queryset=None)

    class Meta:
        model = TeamTerm
        fields = ["user", "role", "starts_on", "ends_on", "label"]
        widgets = {"starts_on": DATE, "ends_on": DATE}
        help_texts = {"label": _("e.g. 2025/2026 · semester 1")}

    def __init__(self, *args, school, **kwargs):
        from mitra.activities.team import staff_of

        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = staff_of(school)


class RotateOutForm(forms.Form):
    on = forms.DateField(label=_("Last day in the team"), widget=DATE)

    def __init__(self, *args, school, term, work, **kwargs):
        from mitra.activities.team import staff_of

        super().__init__(*args, **kwargs)
        others = staff_of(school).exclude(pk=term.user_id)
        self.handover = []
        for kind, items in (("task", work["tasks"]), ("activity", work["activities"])):
            for item in items:
                name = f"{kind}_{item.pk}"
                self.fields[name] = PersonChoiceField(label=str(item), queryset=others)
                self.handover.append((name, kind, item))

    def handover_map(self) -> dict:
        return {(kind, item.pk): self.cleaned_data[name] for name, kind, item in self.handover}


class RotationForm(forms.Form):
    title = forms.CharField(label=_("Name"), max_length=100)
    year = forms.ModelChoiceField(label=_("From the school year"), queryset=AcademicYear.objects.none())
    years = forms.TypedChoiceField(
        label=_("For"), coerce=int, choices=[(1, _("one year")), (2, _("two years")), (3, _("three years"))]
    )
    per_year = forms.TypedChoiceField(
        label=_("Terms"), coerce=int, choices=[(2, _("each semester")), (1, _("each school year"))]
    )
    seats = forms.IntegerField(label=_("Teachers per term"), min_value=1, max_value=30, initial=2)
    candidates = PeopleField(label=_("Teachers who rotate"), queryset=None)

    def __init__(self, *args, school, **kwargs):
        from mitra.activities.team import staff_of

        super().__init__(*args, **kwargs)
        self.fields["year"].queryset = AcademicYear.objects.for_school(school)
        self.fields["candidates"].queryset = staff_of(school)


# --- Communication ---------------------------------------------------------------------------------------


class CommunicationForm(forms.ModelForm):
    files = FilesField(label=_("Attachments"), required=False, help_text=EVIDENCE_HELP)

    class Meta:
        model = Communication
        fields = [
            "partner",
            "channel",
            "direction",
            "occurred_on",
            "occurred_time",
            "people",
            "summary",
            "letter",
            "activity",
        ]
        widgets = {"occurred_on": DATE, "occurred_time": TIME, "summary": forms.Textarea(attrs={"rows": 4})}
        help_texts = {"people": _("Who took part, e.g. Pak Hadi (Waka Humas), Bu Siti (Puskesmas)")}

    def __init__(self, *args, school, with_files=True, **kwargs):
        from mitra.letters.models import Letter

        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners_of(school)
        self.fields["letter"].queryset = Letter.objects.for_school(school).exclude(stage=Letter.Stage.DRAFT)
        self.fields["activity"].queryset = Activity.objects.for_school(school)
        if not with_files:
            del self.fields["files"]


class CommunicationFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    partner = forms.ModelChoiceField(
        label=_("Partner"), queryset=Partner.objects.none(), required=False, empty_label=_("All")
    )
    channel = forms.ChoiceField(label=_("Channel"), required=False)

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Partner.objects.for_school(school)
        self.fields["channel"].choices = [("", _("All"))] + Communication.Channel.choices


class ChatImportForm(forms.Form):
    partner = forms.ModelChoiceField(label=_("Partner"), queryset=Partner.objects.none())
    file = forms.FileField(
        label=_("Exported chat (.txt)"),
        help_text=_("In WhatsApp: open the chat → ⋮ or the contact's name → More → Export chat → Without media."),
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,text/plain"}),
    )
    date_order = forms.ChoiceField(
        label=_("Dates in the file"),
        choices=[
            ("", _("Find out from the file")),
            ("day", _("Day first (12/03/24 is 12 March)")),
            ("month", _("Month first (03/12/24 is 12 March)")),
        ],
        required=False,
    )

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners_of(school)

    def day_first(self):
        return {"day": True, "month": False}.get(self.cleaned_data.get("date_order") or "")


class ContributionForm(forms.Form):
    """What a partner gave, on an activity done with it (`partners`: the activity's partners), or on an
    agreement it is a party to (`agreements`: the agreements offered; the partner is checked to be a party)."""

    agreement = forms.ModelChoiceField(label=_("Under the agreement"), queryset=Agreement.objects.none())
    partner = forms.ModelChoiceField(label=_("Partner"), queryset=Partner.objects.none())
    kind = forms.ChoiceField(label=_("What was given"), choices=Contribution.Kind.choices, widget=forms.RadioSelect)
    day = forms.DateField(label=_("Date"), widget=DATE)
    description = forms.CharField(
        label=_("Description"),
        max_length=300,
        help_text=_("For example: snacks for 60 pupils, the use of the hall, two health workers."),
    )
    value = forms.DecimalField(
        label=_("Value (Rp)"),
        required=False,
        min_value=0,
        max_digits=14,
        decimal_places=0,
        help_text=_("Money: the amount. Goods, services or time: what it would have cost (optional for time)."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": "1", "min": "0"}),
    )
    valued_how = forms.CharField(
        label=_("How the value was estimated"),
        required=False,
        max_length=300,
        help_text=_("A price list, a quotation, the usual fee…"),
    )
    people = forms.IntegerField(
        label=_("How many people"),
        required=False,
        min_value=0,
        max_value=100000,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    hours = forms.DecimalField(
        label=_("Hours each"),
        required=False,
        min_value=0,
        max_digits=6,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.5", "min": "0"}),
    )

    def __init__(self, *args, school, partners=None, agreements=None, **kwargs):
        super().__init__(*args, **kwargs)
        if agreements is None:
            del self.fields["agreement"]
        else:
            self.fields["agreement"].queryset = agreements
        self.fields["partner"].queryset = partners if partners is not None else partners_of(school)


class ContributionFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    year = forms.ModelChoiceField(label=_("School year"), queryset=AcademicYear.objects.none(), required=False)
    partner = forms.ModelChoiceField(
        label=_("Partner"), queryset=Partner.objects.none(), required=False, empty_label=_("All")
    )
    partner_kind = forms.ChoiceField(label=_("Kind of partner"), required=False)
    kind = forms.ChoiceField(label=_("What was given"), required=False)

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].queryset = AcademicYear.objects.for_school(school)
        self.fields["year"].empty_label = _("Every year")
        self.fields["partner"].queryset = Partner.objects.for_school(school)
        self.fields["partner_kind"].choices = [("", _("Every kind"))] + Partner.Kind.choices
        self.fields["kind"].choices = [("", _("Everything"))] + Contribution.Kind.choices
        self.school = school
        if not self.is_bound:  # the page opens on the current school year, and its filter says so
            from mitra.schools.services import current_year

            year = current_year(school)
            self.initial["year"] = year.pk if year else None

    def criteria(self) -> dict:
        """What to list (contributions.contribution_list's arguments) and the `year` shown: with no
        filter asked, the current school year; with "Every year" chosen, every year."""
        from mitra.schools.services import current_year

        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        year = data.get("year") if self.is_bound else current_year(self.school)
        return {
            "year": year,
            "start": year.start_date if year else None,
            "end": year.end_date if year else None,
            "partner": data.get("partner"),
            "partner_kind": data.get("partner_kind", ""),
            "kind": data.get("kind", ""),
            "q": data.get("q", ""),
        }


class MeasureForm(forms.ModelForm):
    class Meta:
        model = Measure
        fields = ["name", "unit", "area", "follow_up"]


class MeasuresForm(forms.Form):
    """The activity's numbers, one field per measure asked for (measures.measures_for)."""

    def __init__(self, *args, measures, values: dict[int, int], **kwargs):
        super().__init__(*args, **kwargs)
        self.measures = measures
        for measure in measures:
            self.fields[f"measure_{measure.pk}"] = forms.IntegerField(
                label=str(measure),
                required=False,
                min_value=0,
                max_value=100_000,
                initial=values.get(measure.pk),
                help_text=_("A referral: a follow-up task is made until it is closed.") if measure.follow_up else "",
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": "0"}),
            )

    def values(self) -> dict[int, int | None]:
        return {m.pk: self.cleaned_data.get(f"measure_{m.pk}") for m in self.measures}


class FollowUpCloseForm(forms.Form):
    outcome = forms.CharField(
        label=_("What came of it"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: all five were seen at the puskesmas; two are treated."),
    )
