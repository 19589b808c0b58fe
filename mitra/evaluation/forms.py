import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mitra.activities.models import Activity
from mitra.evaluation.models import (
    ActionItem,
    Group,
    Instrument,
    Item,
    Observation,
    Obstacle,
    PlanEntry,
    Recommendation,
    Round,
)
from mitra.evaluation.selectors import people_of
from mitra.files.forms import FilesField
from mitra.history.conflicts import ConflictGuard
from mitra.partners.models import Partner
from mitra.schools.models import AcademicYear

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def activities_of(school):
    # Newest first; activities of the last two school years are the ones evaluated.
    since = timezone.localdate() - datetime.timedelta(days=730)
    return Activity.objects.for_school(school).filter(start_date__gte=since).order_by("-start_date", "-id")


def _partners(school):
    return Partner.objects.for_school(school).filter(archived_at__isnull=True)


def _person(user) -> str:
    return user.get_full_name() or user.username


class PersonChoice(forms.ModelChoiceField):
    label_from_instance = staticmethod(_person)


class PeopleChoice(forms.ModelMultipleChoiceField):
    label_from_instance = staticmethod(_person)


class InstrumentForm(forms.ModelForm):
    class Meta:
        model = Instrument
        fields = ["title", "purpose", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class SectionForm(forms.Form):
    title = forms.CharField(label=_("Section title"), max_length=200)


class ItemForm(forms.ModelForm):
    options = forms.CharField(
        label=_("Choices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("For one or several choices: one choice per line."),
    )

    class Meta:
        model = Item
        fields = ["section", "text", "kind", "required", "help"]

    def __init__(self, *args, instrument, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["section"].queryset = instrument.sections.all()
        self.fields["section"].empty_label = None
        if self.instance.pk and not self.is_bound:
            self.initial["options"] = "\n".join(self.instance.options)


class RoundForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    activity = forms.ModelChoiceField(label=_("About the activity"), queryset=Activity.objects.none(), required=False)
    partner = forms.ModelChoiceField(label=_("About the partnership"), queryset=Partner.objects.none(), required=False)
    opens_on = forms.DateField(label=_("Open from"), widget=DATE)
    closes_on = forms.DateField(label=_("Open until"), widget=DATE)
    audiences = forms.MultipleChoiceField(
        label=_("Who answers"), choices=Group.choices, widget=forms.CheckboxSelectMultiple
    )
    respondents = PeopleChoice(
        label=_("Team members who answer (signed in)"),
        queryset=get_user_model()._default_manager.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    expected_partners = forms.IntegerField(label=_("Partner representatives asked"), min_value=0, required=False)
    expected_students = forms.IntegerField(label=_("Students asked"), min_value=0, required=False)
    expected_parents = forms.IntegerField(label=_("Parents asked"), min_value=0, required=False)
    expected_committee = forms.IntegerField(label=_("Committee members asked"), min_value=0, required=False)
    anonymous = forms.BooleanField(label=_("Anonymous: respondents are not asked for their name"), required=False)

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = activities_of(school)
        self.fields["partner"].queryset = _partners(school)
        self.fields["respondents"].queryset = people_of(school)

    def expected(self) -> dict:
        return {
            group: self.cleaned_data.get(f"expected_{group}")
            for group in ("partners", "students", "parents", "committee")
            if self.cleaned_data.get(f"expected_{group}")
        }


class LinksForm(forms.Form):
    group = forms.ChoiceField(label=pgettext_lazy("who the links are for", "For"), choices=[])
    count = forms.IntegerField(label=_("How many links"), min_value=1, max_value=500, required=False)
    labels = forms.CharField(
        label=_("Or one name per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("e.g. the parents of a class, one per line: each gets a link of their own."),
    )

    def __init__(self, *args, round_, **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(Group.choices)
        self.fields["group"].choices = [(g, labels[g]) for g in round_.audiences if g != Group.TEAM]

    def clean(self):
        data = super().clean()
        if not data.get("count") and not (data.get("labels") or "").strip():
            raise forms.ValidationError(_("Say how many links, or write the names."))
        return data


class LinkLimitForm(forms.Form):
    max_answers = forms.IntegerField(
        label=_("Maximum answers"),
        min_value=1,
        max_value=100000,
        required=False,
        help_text=_("Leave empty to take as many as come."),
    )


class ReopenForm(forms.Form):
    closes_on = forms.DateField(label=_("Open until"), widget=DATE)


class ObstacleForm(ConflictGuard, forms.ModelForm):
    owner = PersonChoice(label=_("Owner"), queryset=get_user_model()._default_manager.none(), required=False)

    class Meta:
        model = Obstacle
        fields = [
            "title",
            "category",
            "severity",
            "description",
            "cause",
            "response_taken",
            "owner",
            "due_on",
            "status",
            "partner",
            "activity",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "cause": forms.Textarea(attrs={"rows": 2}),
            "response_taken": forms.Textarea(attrs={"rows": 2}),
            "due_on": DATE,
        }

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people_of(school)
        self.fields["partner"].queryset = _partners(school)
        self.fields["activity"].queryset = activities_of(school) | Activity.objects.for_school(school).filter(
            pk=self.instance.activity_id  # an older activity it is already linked to stays choosable
        )


class ObstacleFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)
    partner = forms.ModelChoiceField(
        label=_("Partner"), queryset=Partner.objects.none(), required=False, empty_label=_("All")
    )
    open_only = forms.BooleanField(label=_("Only unresolved"), required=False)

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", _("All"))] + Obstacle.Status.choices
        self.fields["category"].choices = [("", _("All"))] + Obstacle.Category.choices
        self.fields["partner"].queryset = Partner.objects.for_school(school)


class RecommendationForm(forms.ModelForm):
    class Meta:
        model = Recommendation
        fields = ["partner", "decision", "reasons", "round", "academic_year"]
        widgets = {"reasons": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = _partners(school)
        self.fields["round"].queryset = Round.objects.for_school(school)
        self.fields["academic_year"].queryset = AcademicYear.objects.for_school(school)


class ActionForm(forms.ModelForm):
    owner = PersonChoice(label=_("Owner"), queryset=get_user_model()._default_manager.none(), required=False)

    class Meta:
        model = ActionItem
        fields = ["text", "owner", "due_on", "status"]
        widgets = {"due_on": DATE}

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = people_of(school)


class ObservationForm(forms.ModelForm):
    photos = FilesField(
        label=_("Photos"),
        required=False,
        help_text=_("Photos (JPEG, PNG), PDF or Word (.docx); several at once, up to 10 MB each."),
    )

    class Meta:
        model = Observation
        fields = ["observed_on", "school_involvement", "partner_contribution", "facilities", "obstacles_met", "notes"]
        widgets = {
            "observed_on": DATE,
            "obstacles_met": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("observed_on", timezone.localdate())


class PlanEntryForm(forms.ModelForm):
    audiences = forms.MultipleChoiceField(
        label=_("Who answers"), choices=Group.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = PlanEntry
        fields = ["academic_year", "instrument", "timing", "partner", "audiences", "notes"]

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["academic_year"].queryset = AcademicYear.objects.for_school(school)
        self.fields["instrument"].queryset = Instrument.objects.for_school(school).filter(archived_at__isnull=True)
        self.fields["partner"].queryset = _partners(school)


class JournalFilterForm(forms.Form):
    # The kinds are those present in the journal; the view fills the choices. Any text is accepted
    # and simply matches nothing.
    kind = forms.CharField(label=_("Kind"), required=False, widget=forms.Select(choices=[]))
    first = forms.DateField(label=_("From"), required=False, widget=DATE)
    last = forms.DateField(label=_("Until"), required=False, widget=DATE)


class PublishForm(forms.Form):
    instrument = forms.ModelChoiceField(label=_("Instrument of a school"), queryset=Instrument.objects.none())
    title = forms.CharField(label=_("Title for the schools"), max_length=200, required=False)

    def __init__(self, *args, foundation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["instrument"].queryset = (
            Instrument.objects.for_schools(foundation.schools.all())
            .filter(archived_at__isnull=True)
            .select_related("school")
            .order_by("school__name", "title")
        )
        self.fields["instrument"].label_from_instance = lambda i: f"{i.school.name} · {i.title}"


class RoundFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    state = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All")), ("open", _("Open now")), ("coming", _("Not open yet")), ("closed", _("Closed"))],
    )


class RecommendationFilterForm(forms.Form):
    partner = forms.ModelChoiceField(
        label=_("Partner"), queryset=Partner.objects.none(), required=False, empty_label=_("All")
    )
    decision = forms.ChoiceField(label=_("Decision"), required=False)
    open_only = forms.BooleanField(label=_("Only with open actions"), required=False)

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = Partner.objects.for_school(school)
        self.fields["decision"].choices = [("", _("All"))] + Recommendation.Decision.choices
