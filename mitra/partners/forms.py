from django import forms
from django.utils.translation import gettext_lazy as _

from mitra.history.conflicts import ConflictGuard
from mitra.partners import services
from mitra.partners.models import Area, Contact, Partner
from mitra.schools.phones import PhoneField


class PartnerForm(ConflictGuard, forms.ModelForm):
    phone = PhoneField(label=_("phone"))

    class Meta:
        model = Partner
        fields = list(services.PARTNER_FIELDS)
        widgets = {"address": forms.Textarea(attrs={"rows": 2}), "notes": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, school, potentials: dict[str, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.school = school
        self.fields["location"].required = False
        potentials = potentials or {}
        self.area_rows = []
        for area in Area:
            check = f"area_{area.value}"
            note = f"area_{area.value}_note"
            self.fields[check] = forms.BooleanField(label=area.label, required=False, initial=area.value in potentials)
            self.fields[note] = forms.CharField(
                label=_("What %(area)s can they offer?") % {"area": area.label},
                required=False,
                max_length=300,
                initial=potentials.get(area.value, ""),
            )
            self.area_rows.append((check, note))

    def clean_location(self):
        # A request without the field (an old page, a script) keeps what the partner had, or the default.
        return self.cleaned_data.get("location") or self.instance.location or Partner.Location.LOCAL

    def clean_name(self):
        # Checked here as well as in the service, so a duplicate is reported with the other mistakes.
        name = self.cleaned_data["name"]
        existing = services.duplicate_of(school=self.school, name=name, exclude_pk=self.instance.pk)
        if existing:
            raise services.duplicate_error(existing).error_dict["name"][0]
        return name

    def area_fields(self):
        return [(self[check], self[note]) for check, note in self.area_rows]

    def potentials(self) -> dict[str, str]:
        data = self.cleaned_data
        return {
            check.removeprefix("area_"): data.get(note, "").strip()
            for check, note in self.area_rows
            if data.get(check) or data.get(note, "").strip()
        }


class ContactForm(forms.ModelForm):
    phone = PhoneField(label=_("phone"))
    whatsapp = PhoneField(label=_("WhatsApp"), help_text=_("Leave empty if it is the same as the phone number."))

    class Meta:
        model = Contact
        fields = list(services.CONTACT_FIELDS)

    def clean(self):
        data = super().clean()
        if not data.get("whatsapp") and data.get("phone", "").startswith("+628"):
            data["whatsapp"] = data["phone"]  # Indonesian mobiles (08…) almost always have WhatsApp
        return data


class PartnerFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("kind"), required=False, choices=[("", _("All kinds"))] + Partner.Kind.choices)
    location = forms.ChoiceField(
        label=_("location"), required=False, choices=[("", _("Anywhere"))] + Partner.Location.choices
    )
    status = forms.ChoiceField(
        label=_("status"), required=False, choices=[("", _("All statuses"))] + Partner.Status.choices
    )
    area = forms.ChoiceField(label=_("can offer"), required=False, choices=[("", _("Any area"))] + Area.choices)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("name", _("Name A–Z")),
            ("-name", _("Name Z–A")),
            ("kind", _("Kind")),
            ("status", _("Status")),
            ("-updated", _("Recently changed")),
        ],
    )
    archived = forms.BooleanField(label=_("Show archived"), required=False)
