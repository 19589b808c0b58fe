from django import forms
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from mitra.planning import selectors
from mitra.planning.models import AnalysisItem, Candidate, Goal, Indicator, Need, Value
from mitra.planning.revisions import ITEMS
from mitra.planning.services import vision_and_mission
from mitra.schools.models import Membership


class ValueChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, value):
        return f"{value.name} — {value.meaning(get_language())}"


class GoalForm(forms.ModelForm):
    serves = forms.ChoiceField(label=_("Which part of the vision or mission does it serve?"), widget=forms.RadioSelect)
    values = ValueChoices(
        label=_("Values it rests on"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = Goal
        fields = ["title", "description", "serves", "values"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        statements = vision_and_mission(school)
        self.fields["serves"].choices = [(s, s) for s in statements]
        if not statements:
            self.fields["serves"].help_text = _(
                "The school profile has no vision or mission yet; the principal adds them there."
            )
        self.fields["values"].queryset = Value.objects.for_school(school).filter(is_active=True)


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["name", "baseline", "target", "unit", "direction", "frequency", "verification", "responsible"]
        widgets = {
            "baseline": forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}),
            "target": forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}),
        }

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        team = Membership.objects.filter(school=school, is_active=True).exclude(
            role__in=["partner_rep", "committee_viewer"]
        )
        self.fields["responsible"].queryset = (
            self.fields["responsible"].queryset.filter(pk__in=team.values("user_id")).order_by("first_name", "username")
        )


class ValueForm(forms.ModelForm):
    class Meta:
        model = Value
        fields = ["name", "meaning_id", "meaning_en", "is_active"]


class NeedForm(forms.ModelForm):
    class Meta:
        model = Need
        fields = ["title", "area", "priority", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class AnalysisForm(forms.ModelForm):
    class Meta:
        model = AnalysisItem
        fields = ["kind", "text"]


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class CandidateAddForm(forms.Form):
    partner = forms.ModelChoiceField(label=_("Partner"), queryset=None)

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners


class AssessmentForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=Candidate.Decision.choices)
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
                label=f"{criterion.name} ({criterion.weight})",
                choices=[("", "—")] + [(i, str(i)) for i in range(1, 6)],
                coerce=int,
                required=False,
                empty_value=None,
            )

    def scores(self) -> dict[int, int]:
        return {
            c.pk: self.cleaned_data[f"score_{c.pk}"] for c in self.criteria if self.cleaned_data.get(f"score_{c.pk}")
        }


class CriteriaForm(forms.Form):
    """Up to ten criteria; an empty name removes a row."""

    ROWS = 10

    def __init__(self, *args, criteria, **kwargs):
        initial = {}
        for i, c in enumerate(criteria):
            initial[f"name_{i}"], initial[f"weight_{i}"] = c.name, c.weight
        super().__init__(*args, initial=initial, **kwargs)
        for i in range(self.ROWS):
            self.fields[f"name_{i}"] = forms.CharField(
                label=_("Criterion %(n)s") % {"n": i + 1}, required=False, max_length=100
            )
            self.fields[f"weight_{i}"] = forms.IntegerField(
                label=_("Weight"), required=False, min_value=0, max_value=100
            )

    def rows(self):
        return [(self[f"name_{i}"], self[f"weight_{i}"]) for i in range(self.ROWS)]

    def cleaned_rows(self) -> list[dict]:
        return [
            {"name": self.cleaned_data[f"name_{i}"], "weight": self.cleaned_data[f"weight_{i}"] or 0}
            for i in range(self.ROWS)
            if self.cleaned_data.get(f"name_{i}")
        ]


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def team_of(school):
    """People who can own an activity or a task: the school's active staff."""
    from django.contrib.auth import get_user_model

    from mitra.planning.services import _team_ids

    return get_user_model()._default_manager.filter(pk__in=_team_ids(school)).order_by("first_name", "username")


class ProgrammeForm(forms.ModelForm):
    class Meta:
        from mitra.planning.models import Programme

        model = Programme
        fields = ["name", "description", "goals", "needs", "partners"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "goals": forms.CheckboxSelectMultiple,
            "needs": forms.CheckboxSelectMultiple,
            "partners": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, plan, **kwargs):
        from mitra.partners.models import Partner

        super().__init__(*args, **kwargs)
        self.fields["goals"].queryset = Goal.objects.for_school(plan.school).filter(plan=plan)
        self.fields["needs"].queryset = Need.objects.for_school(plan.school).filter(plan=plan)
        self.fields["partners"].queryset = Partner.objects.for_school(plan.school).filter(archived_at__isnull=True)
        self.fields["goals"].required = False  # the service explains a missing goal


class ActivityForm(forms.ModelForm):
    class Meta:
        from mitra.planning.models import PlannedActivity

        model = PlannedActivity
        fields = [
            "title",
            "owner",
            "schedule",
            "start_date",
            "end_date",
            "place",
            "budget",
            "budget_source",
            "resources",
            "expected_output",
            "indicators",
        ]
        widgets = {
            "start_date": DATE,
            "end_date": DATE,
            "budget": forms.NumberInput(attrs={"inputmode": "numeric", "step": "1000"}),
            "indicators": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = team_of(plan.school)
        self.fields["indicators"].queryset = Indicator.objects.for_school(plan.school).filter(goal__plan=plan)


class NextYearForm(forms.Form):
    """Drafting next year's plan: the year, and which programmes go on (beside the evaluation's
    decisions); a programme whose partnership the evaluation stopped needs a reason to go on."""

    academic_year = forms.ModelChoiceField(label=_("School year to plan"), queryset=None, empty_label=None)

    def __init__(self, *args, years, choices: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["academic_year"].queryset = years
        self.rows = []
        for row in choices:
            pk = row["programme"].pk
            carry = forms.BooleanField(label=row["programme"].name, required=False, initial=row["proposed"])
            reason = forms.CharField(
                label=_("Why it goes on although the evaluation said to stop"),
                required=False,
                max_length=500,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"carry_{pk}"], self.fields[f"reason_{pk}"] = carry, reason
            self.rows.append({**row, "carry": self[f"carry_{pk}"], "reason": self[f"reason_{pk}"]})

    def clean(self):
        data = super().clean()
        for row in self.rows:
            pk = row["programme"].pk
            if data.get(f"carry_{pk}") and not row["proposed"] and not (data.get(f"reason_{pk}") or "").strip():
                self.add_error(f"reason_{pk}", _("Say why it goes on, or leave it out."))
        return data

    def carry(self) -> list[int]:
        return [row["programme"].pk for row in self.rows if self.cleaned_data.get(f"carry_{row['programme'].pk}")]

    def reasons(self) -> dict[int, str]:
        return {row["programme"].pk: self.cleaned_data.get(f"reason_{row['programme'].pk}", "") for row in self.rows}


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=200)
    assignee = forms.ModelChoiceField(label=_("Assigned to"), queryset=None)
    due_date = forms.DateField(label=_("Due"), required=False, widget=DATE)

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = team_of(school)


class ForumForm(forms.ModelForm):
    audiences = forms.MultipleChoiceField(label=_("Audience"), widget=forms.CheckboxSelectMultiple, required=False)

    class Meta:
        from mitra.planning.models import Forum

        model = Forum
        fields = ["title", "date", "place", "audiences", "agenda", "programmes", "partners", "minutes", "decisions"]
        widgets = {
            "date": DATE,
            "agenda": forms.Textarea(attrs={"rows": 3}),
            "minutes": forms.Textarea(attrs={"rows": 4}),
            "decisions": forms.Textarea(attrs={"rows": 3}),
            "programmes": forms.CheckboxSelectMultiple,
            "partners": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, plan, **kwargs):
        from mitra.partners.models import Partner
        from mitra.planning.models import Forum, Programme

        super().__init__(*args, **kwargs)
        self.fields["audiences"].choices = Forum.Audience.choices
        self.fields["programmes"].queryset = Programme.objects.for_school(plan.school).filter(plan=plan)
        self.fields["partners"].queryset = Partner.objects.for_school(plan.school).filter(archived_at__isnull=True)


class AttendanceForm(forms.Form):
    """One or many who attended, typed off the signed sheet: a name a line, all of one group."""

    MAX_NAMES = 300

    names = forms.CharField(
        label=_("Names, one per line"),
        widget=forms.Textarea(attrs={"rows": 5, "autocomplete": "off"}),
        max_length=20_000,
        help_text=_("Type the names from the signed sheet; all of them are added together, in the group below."),
    )
    group = forms.ChoiceField(label=_("Group"))
    partner = forms.ModelChoiceField(label=_("Institution (if a partner)"), queryset=None, required=False)

    def __init__(self, *args, school, **kwargs):
        from mitra.partners.models import Partner
        from mitra.planning.models import Forum

        super().__init__(*args, **kwargs)
        self.fields["group"].choices = Forum.Audience.choices
        self.fields["partner"].queryset = Partner.objects.for_school(school).filter(archived_at__isnull=True)

    def clean_names(self) -> list[str]:
        names = [" ".join(line.split()) for line in self.cleaned_data["names"].splitlines()]
        names = [name for name in names if name]
        if not names:
            raise forms.ValidationError(_("Write at least one name."))
        if len(names) > self.MAX_NAMES:
            raise forms.ValidationError(
                _("At most %(max)d names at once; this has %(n)d.") % {"max": self.MAX_NAMES, "n": len(names)}
            )
        too_long = [name for name in names if len(name) > 200]
        if too_long:
            raise forms.ValidationError(_("A name is at most 200 characters: %(name)s…") % {"name": too_long[0][:40]})
        return names


class SuggestionsForm(forms.Form):
    """For each area of need, the kinds of partner that usually meet it."""

    def __init__(self, *args, current: dict[str, list[str]], **kwargs):
        from mitra.partners.models import Area, Partner

        super().__init__(*args, **kwargs)
        for area in Area:
            self.fields[area.value] = forms.MultipleChoiceField(
                label=area.label,
                choices=Partner.Kind.choices,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                initial=current.get(area.value, []),
            )

    def mapping(self) -> dict[str, list[str]]:
        return {area: kinds for area, kinds in self.cleaned_data.items() if kinds}


def offer_items(field, model, *, school, keep=()) -> None:
    """Let a form field of another stage offer the plan's live items (selectors.items_to_offer), each
    labelled with its school year when the list holds more than one year, and an item removed from
    the plan (kept because the record links to it) marked as such."""
    field.queryset = queryset = selectors.items_to_offer(model, school=school, keep=keep)
    path = ITEMS[model]
    several_years = queryset.values(f"{path}__academic_year").distinct().count() > 1

    def label(item) -> str:
        text = str(item)
        if several_years:
            text = f"{text} · {selectors.plan_of_item(item).academic_year.name}"
        if item.ended_at is not None:
            text = gettext("%(item)s (removed from the plan)") % {"item": text}
        return text

    field.label_from_instance = label


class SpendingForm(forms.Form):
    """Money spent on a programme, as the receipt says."""

    day = forms.DateField(label=_("Date on the receipt"), widget=DATE)
    amount = forms.DecimalField(
        label=_("Amount (Rp)"),
        min_value=1,
        max_digits=14,
        decimal_places=0,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": "1", "min": "1"}),
    )
    source = forms.ChoiceField(label=_("Paid from"))
    description = forms.CharField(label=_("What for"), max_length=300)
    planned = forms.ModelChoiceField(
        label=_("For the planned activity"), queryset=None, required=False, empty_label=_("— the programme as a whole")
    )
    receipt = forms.FileField(
        label=_("Receipt"),
        required=False,
        help_text=_("A photo or a scan (JPEG, PNG or PDF), up to 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"}),
    )

    def __init__(self, *args, programme, **kwargs):
        from mitra.planning.models import PlannedActivity

        super().__init__(*args, **kwargs)
        self.fields["source"].choices = [("", _("- Choose one -"))] + PlannedActivity.BudgetSource.choices
        self.fields["planned"].queryset = PlannedActivity.objects.for_school(programme.school).filter(
            programme=programme, ended_at=None
        )


class CommitteeCommentForm(forms.Form):
    """The school committee's comment; `for_other` when the writer is not on the committee themselves
    (the principal or the coordinator writing down what the committee said)."""

    text = forms.CharField(
        label=_("The committee's comment"), widget=forms.Textarea(attrs={"rows": 4}), max_length=4000
    )
    speaking_for = forms.CharField(
        label=_("Whose words"),
        max_length=200,
        required=False,
        help_text=_("The committee member who said or wrote this, e.g. “H. Ahmad, Ketua Komite”."),
    )

    def __init__(self, *args, for_other: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not for_other:
            del self.fields["speaking_for"]
        else:
            self.fields["speaking_for"].required = True


def committee_form_for(access, data=None) -> CommitteeCommentForm | None:
    """The committee comment form for this reader, or None when they may not write one: a committee
    member writes in their own name, a lead names whose words they write down."""
    from mitra.schools.roles import Role

    if not access.can("committee.comment"):
        return None
    return CommitteeCommentForm(data, for_other=access.role != Role.COMMITTEE_VIEWER)
