from django import forms
from django.db.models import Case, When
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from mitra.agreements.models import Agreement, AgreementTemplate, Article, FoundationTemplate, Party, Witness
from mitra.agreements.status import Status
from mitra.documents.dates import document_language
from mitra.history.conflicts import ConflictGuard
from mitra.partners.models import Partner
from mitra.planning.forms import offer_items
from mitra.planning.models import Goal, Need, Programme

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("Any status")), *Status.choices])
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("Any kind")), *Agreement.Kind.choices])


class TemplateChoiceField(forms.ModelChoiceField):
    """A template by its name, and by its language when it is not the reader's: Indonesian and English
    templates are on one list, the ones in the reader's language first (the form orders them)."""

    def label_from_instance(self, obj):
        if obj.language == document_language(get_language()):
            return obj.name
        return f"{obj.name} · {obj.get_language_display()}"


class AgreementCreateForm(forms.Form):
    template = TemplateChoiceField(
        label=_("Start from the template"),
        queryset=AgreementTemplate.objects.none(),
        required=False,
        empty_label=_("No template: I will write the articles"),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=Agreement.Kind.choices)
    title = forms.CharField(label=_("Title"), max_length=300, help_text=_("What the cooperation is about."))
    partners = forms.ModelMultipleChoiceField(
        label=_("Partners"),
        queryset=Partner.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choose at least one partner: an agreement needs two parties.")},
    )
    first_party = forms.ChoiceField(
        label=_("PIHAK PERTAMA"),
        choices=[("school", _("The school")), ("partner", _("The (first) partner"))],
        initial="school",
        widget=forms.RadioSelect,
    )
    start_date = forms.DateField(label=_("In force from"), widget=DATE)
    end_date = forms.DateField(label=_("In force until"), widget=DATE)
    language = forms.ChoiceField(
        label=_("Language of the document"),
        choices=Agreement.Language.choices,
        help_text=_("Without a template; a template has its own language."),
    )
    parent = forms.ModelChoiceField(
        label=_("Under"),
        queryset=Agreement.objects.none(),
        required=False,
        help_text=_("An IA sits under a PKS or an MoU; a PKS under an MoU."),
    )

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = AgreementTemplate.objects.for_school(school).order_by(
            Case(When(language=document_language(get_language()), then=0), default=1), "kind", "name", "id"
        )
        self.fields["partners"].queryset = Partner.objects.for_school(school).filter(archived_at__isnull=True)
        self.fields["parent"].queryset = Agreement.objects.for_school(school).exclude(kind="ia")

    def clean(self):
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", _("The end date cannot be before the start date."))
        if data.get("template"):
            data["language"] = data["template"].language
        return data


class AgreementForm(ConflictGuard, forms.ModelForm):
    class Meta:
        model = Agreement
        fields = [
            "title",
            "purpose",
            "scope",
            "benefits",
            "financing",
            "dispute_settlement",
            "closing",
            "start_date",
            "end_date",
            "signing_place",
            "signed_on",
            "language",
            "meterai_required",
            "with_hijri_date",
            "parent",
            "goals",
            "needs",
            "programmes",
        ]
        labels = {"signed_on": _("Date of signing")}
        help_texts = {"signed_on": _("Empty: the document leaves the date to be written by hand.")}
        widgets = {
            "start_date": DATE,
            "end_date": DATE,
            "signed_on": DATE,
            **{
                name: forms.Textarea(attrs={"rows": 3})
                for name in ("purpose", "scope", "benefits", "financing", "closing")
            },
            "dispute_settlement": forms.TextInput,
            "goals": forms.CheckboxSelectMultiple,
            "needs": forms.CheckboxSelectMultiple,
            "programmes": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = (
            Agreement.objects.for_school(school).exclude(kind="ia").exclude(pk=self.instance.pk)
        )
        for name, model in (("goals", Goal), ("needs", Need), ("programmes", Programme)):
            keep = getattr(self.instance, name).values_list("pk", flat=True) if self.instance.pk else ()
            offer_items(self.fields[name], model, school=school, keep=list(keep))

    def split(self) -> tuple[dict, dict]:
        """The agreement's own fields, and its links to the plan."""
        links = {name: self.cleaned_data[name] for name in ("goals", "needs", "programmes")}
        return {k: v for k, v in self.cleaned_data.items() if k not in links}, links


class PartyForm(forms.ModelForm):
    class Meta:
        model = Party
        fields = [
            "is_first_party",
            "document_number",
            "signatory_name",
            "signatory_position",
            "signatory_id",
            "rights",
            "obligations",
        ]
        widgets = {"rights": forms.Textarea(attrs={"rows": 3}), "obligations": forms.Textarea(attrs={"rows": 3})}


class PartyAddForm(forms.Form):
    partner = forms.ModelChoiceField(label=_("Partner"), queryset=Partner.objects.none())

    def __init__(self, *args, agreement, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = (
            Partner.objects.for_school(agreement.school)
            .filter(archived_at__isnull=True)
            .exclude(pk__in=agreement.parties.exclude(partner=None).values("partner"))
        )


class ArticleForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = ["title", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 8})}
        help_texts = {"body": _("Placeholders in braces, e.g. {partner} or {end_date}, are filled in.")}


class WitnessForm(forms.ModelForm):
    class Meta:
        model = Witness
        fields = ["name", "position"]


class CommentForm(forms.Form):
    text = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), required=False)


class SignForm(forms.Form):
    signed_on = forms.DateField(label=_("Signed on"), widget=DATE)
    scan = forms.FileField(label=_("Scan of the signed agreement"), help_text=_("PDF, or a PNG or JPEG photo."))


class TerminateForm(forms.Form):
    terminated_on = forms.DateField(label=_("Ends on"), widget=DATE)
    termination_reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class RenewForm(forms.Form):
    start_date = forms.DateField(label=_("New term from"), widget=DATE)
    end_date = forms.DateField(label=_("New term until"), widget=DATE)


class TemplateForm(forms.ModelForm):
    class Meta:
        model = AgreementTemplate
        fields = ["name", "kind", "partner_kind", "language", "articles"]
        widgets = {"articles": forms.Textarea(attrs={"rows": 18})}


class FoundationTemplateForm(TemplateForm):
    class Meta(TemplateForm.Meta):
        model = FoundationTemplate
        fields = [*TemplateForm.Meta.fields, "is_published"]
