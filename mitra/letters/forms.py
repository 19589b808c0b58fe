from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mitra.agreements.models import Agreement
from mitra.agreements.selectors import agreements_to_offer
from mitra.files.forms import FilesField
from mitra.letters import numbering
from mitra.letters.models import Letter, LetterType, NumberingScheme
from mitra.partners.models import Partner
from mitra.planning.forms import offer_items
from mitra.planning.models import Programme

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _school_choices(form, school) -> None:
    """Every link a letter form offers is limited to the school's own rows."""
    if "partner" in form.fields:
        form.fields["partner"].queryset = Partner.objects.for_school(school).filter(archived_at__isnull=True)
    if "agreement" in form.fields:
        keep = [getattr(form.instance, "agreement_id", None)] if getattr(form, "instance", None) else []
        form.fields["agreement"].queryset = agreements_to_offer(school=school, keep=keep)
    if "programme" in form.fields:
        keep = [getattr(form.instance, "programme_id", None)] if getattr(form, "instance", None) else []
        offer_items(form.fields["programme"], Programme, school=school, keep=keep)
    if "letter_type" in form.fields:
        form.fields["letter_type"].queryset = LetterType.objects.for_school(school).filter(is_active=True)


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    direction = forms.ChoiceField(
        label=_("Direction"), required=False, choices=[("", _("Sent and received")), *Letter.Direction.choices]
    )
    letter_type = forms.ModelChoiceField(
        label=_("Type"), required=False, queryset=LetterType.objects.none(), empty_label=_("Any type")
    )
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["letter_type"].queryset = LetterType.objects.for_school(school)


class DraftForm(forms.Form):
    letter_type = forms.ModelChoiceField(label=_("Type of letter"), queryset=LetterType.objects.none())
    partner = forms.ModelChoiceField(
        label=_("Partner"), queryset=Partner.objects.none(), required=False, empty_label=_("No partner")
    )
    correspondent = forms.CharField(
        label=_("Addressed to"),
        max_length=300,
        required=False,
        help_text=_("e.g. Kepala UPT Puskesmas Kergon. Empty: the partner's name."),
    )
    dated = forms.DateField(label=_("Date of the letter"), widget=DATE)
    language = forms.ChoiceField(label=_("Language of the letter"), choices=Letter.Language.choices)
    agreement = forms.ModelChoiceField(label=_("Agreement"), queryset=Agreement.objects.none(), required=False)
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=Programme.objects.none(), required=False)

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        _school_choices(self, school)

    def clean(self):
        data = super().clean()
        if not data.get("correspondent", "").strip() and not data.get("partner"):
            self.add_error("correspondent", _("Say who the letter is addressed to, or choose a partner."))
        return data


class OutgoingForm(forms.ModelForm):
    class Meta:
        model = Letter
        fields = [
            "subject",
            "nature",
            "enclosures",
            "partner",
            "correspondent",
            "correspondent_address",
            "body",
            "dated",
            "place",
            "with_hijri_date",
            "language",
            "signatory_name",
            "signatory_position",
            "signatory_id",
            "copies_to",
            "summary",
            "agreement",
            "programme",
        ]
        widgets = {
            "dated": DATE,
            "body": forms.Textarea(attrs={"rows": 14}),
            "correspondent_address": forms.Textarea(attrs={"rows": 2}),
            "copies_to": forms.Textarea(attrs={"rows": 2}),
            "summary": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, school, **kwargs):
        super().__init__(*args, **kwargs)
        _school_choices(self, school)


class IncomingForm(forms.ModelForm):
    files = FilesField(
        label=_("Scan of the letter and its enclosures"),
        required=False,
        help_text=_("PDF, or PNG or JPEG photos; several at once."),
    )

    class Meta:
        model = Letter
        fields = [
            "number",
            "dated",
            "received_on",
            "correspondent",
            "correspondent_address",
            "partner",
            "subject",
            "nature",
            "enclosures",
            "summary",
            "disposition",
            "agreement",
            "programme",
        ]
        labels = {"correspondent": _("From")}
        widgets = {
            "dated": DATE,
            "received_on": DATE,
            "correspondent_address": forms.Textarea(attrs={"rows": 2}),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "disposition": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, school, with_files: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        _school_choices(self, school)
        self.fields["number"].help_text = _("As written on the letter.")
        if not with_files:
            del self.fields["files"]


class AttachmentForm(forms.Form):
    files = FilesField(label=_("Files"), help_text=_("PDF, or PNG or JPEG photos; several at once."))
    description = forms.CharField(label=_("Description"), max_length=200, required=False)


class SchemeForm(forms.ModelForm):
    class Meta:
        model = NumberingScheme
        fields = ["pattern", "school_code"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pattern"].help_text = gettext(
            "Parts: {seq} the running number ({seq:03} gives 045), {type} the letter type's code, {school} "
            "the school code, {roman} the month in Roman numerals, {mm} the month as two digits, {year}, "
            "{hijri_year}. The usual school pattern is %(generic)s; the Kemenag madrasah pattern is %(kemenag)s."
        ) % {"generic": numbering.GENERIC_PATTERN, "kemenag": numbering.KEMENAG_PATTERN}


class TypeForm(forms.ModelForm):
    class Meta:
        model = LetterType
        fields = ["name", "code", "layout", "subject", "body", "is_active"]
        widgets = {"body": forms.Textarea(attrs={"rows": 14}), "layout": forms.RadioSelect}
