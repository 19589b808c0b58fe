from django import forms
from django.utils.translation import gettext_lazy as _

from mitra.partners.selectors import in_use
from mitra.reports.scope import Kind
from mitra.schools.selectors import years_of

KIND_CHOICES = [
    (Kind.ANNUAL, _("Annual partnership report")),
    (Kind.SEMESTER, _("Semester partnership report")),
    (Kind.PARTNERSHIP, _("Partnership report (one partner)")),
    (Kind.ACCOUNTABILITY, _("Accountability summary for the committee and the foundation")),
]


class ReportForm(forms.Form):
    kind = forms.ChoiceField(label=_("Report"), choices=KIND_CHOICES, widget=forms.RadioSelect, initial=Kind.ANNUAL)
    year = forms.ModelChoiceField(label=_("School year"), queryset=None, empty_label=None)
    semester = forms.TypedChoiceField(
        label=_("Semester"),
        choices=[("", "—"), (1, _("Semester 1 (odd)")), (2, _("Semester 2 (even)"))],
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("For the semester report."),
    )
    partner = forms.ModelChoiceField(
        label=_("Partner"),
        queryset=None,
        required=False,
        help_text=_("For the partnership report."),
    )
    language = forms.ChoiceField(
        label=_("Language of the report"), choices=[("id", "Bahasa Indonesia"), ("en", "English")]
    )
    format = forms.ChoiceField(
        label=_("File"), choices=[("pdf", _("PDF, to print or share")), ("docx", _("Word, to edit"))], initial="pdf"
    )

    def __init__(self, *args, access, **kwargs):
        super().__init__(*args, **kwargs)
        school = access.school
        self.fields["year"].queryset = years_of(school=school)
        self.fields["partner"].queryset = in_use(school=school)

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind == Kind.SEMESTER and not data.get("semester"):
            self.add_error("semester", _("Choose the semester."))
        if kind == Kind.PARTNERSHIP and not data.get("partner"):
            self.add_error("partner", _("Choose the partner."))
        return data

    def params(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "year": data["year"].pk,
            "semester": data["semester"] if data["kind"] == Kind.SEMESTER else None,
            "partner": data["partner"].pk if data["kind"] == Kind.PARTNERSHIP and data["partner"] else None,
            "language": data["language"],
            "format": data["format"],
        }

    def title(self) -> str:
        data = self.cleaned_data
        parts = [str(dict(KIND_CHOICES)[data["kind"]]), data["year"].name]
        if data["kind"] == Kind.SEMESTER:
            parts.append(str(dict(self.fields["semester"].choices)[data["semester"]]))
        if data["kind"] == Kind.PARTNERSHIP:
            parts.append(data["partner"].name)
        parts.append(data["format"].upper())
        return " · ".join(parts)


class EvidencePackForm(forms.Form):
    # The reports page holds the report form too, with fields of the same names: ids and labels of
    # its own, so that a person (or a screen reader) never meets two fields called the same.
    year = forms.ModelChoiceField(label=_("School year of the evidence"), queryset=None, empty_label=None)
    language = forms.ChoiceField(
        label=_("Language of the evidence pack"), choices=[("id", "Bahasa Indonesia"), ("en", "English")]
    )

    def __init__(self, *args, access, **kwargs):
        kwargs.setdefault("auto_id", "id_pack_%s")
        super().__init__(*args, **kwargs)
        self.fields["year"].queryset = years_of(school=access.school)


class AccreditationItemForm(forms.ModelForm):
    sources = forms.MultipleChoiceField(label=_("Evidence that supports it"), widget=forms.CheckboxSelectMultiple)

    class Meta:
        from mitra.reports.models import AccreditationItem

        model = AccreditationItem
        fields = ["instrument", "code", "title", "sources", "position"]
        labels = {"position": _("order")}

    def __init__(self, *args, **kwargs):
        from mitra.reports.evidence import SOURCES

        super().__init__(*args, **kwargs)
        self.fields["sources"].choices = list(SOURCES.items())


class FoundationReportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Report"),
        choices=[(Kind.ACCOUNTABILITY, KIND_CHOICES[3][1]), (Kind.ANNUAL, KIND_CHOICES[0][1])],
        initial=Kind.ACCOUNTABILITY,
    )
    language = forms.ChoiceField(
        label=_("Language of the report"), choices=[("id", "Bahasa Indonesia"), ("en", "English")]
    )
    format = forms.ChoiceField(
        label=_("File"), choices=[("pdf", _("PDF, to print or share")), ("docx", _("Word, to edit"))], initial="pdf"
    )
