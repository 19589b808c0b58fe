from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from mitra.files import pipeline as files
from mitra.schools.models import AcademicYear, School
from mitra.schools.phones import PhoneField
from mitra.schools.roles import ASSIGNABLE_ROLES, Role
from mitra.schools.services import SCHOOL_FIELDS
from mitra.schools.validators import reminder_days, validate_academic_year_name

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class SchoolForm(forms.ModelForm):
    phone = PhoneField(label=_("phone"))
    logo_upload = forms.FileField(
        label=_("logo"),
        required=False,
        help_text=_("A PNG or JPEG image of at most 2 MB; it is printed on letters and reports."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg"}),
    )
    remove_logo = forms.BooleanField(label=_("Remove the current logo"), required=False)

    class Meta:
        model = School
        fields = list(SCHOOL_FIELDS)
        widgets = {
            "address": forms.Textarea(attrs={"rows": 2}),
            "vision": forms.Textarea(attrs={"rows": 2}),
            "mission": forms.Textarea(attrs={"rows": 4}),
            "letterhead_lines": forms.Textarea(attrs={"rows": 2}),
            "npsn": forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "20328415"}),
            "nsm": forms.TextInput(attrs={"inputmode": "numeric", "placeholder": "121233260001"}),
            "hijri_offset": forms.NumberInput(attrs={"min": -2, "max": 2}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not (self.instance.pk and self.instance.logo_id):
            del self.fields["remove_logo"]
        self.fields["reminder_days"].required = False

    def clean_reminder_days(self):
        """Empty means the usual 90, 30, 7; what is typed is kept tidy: "30,7 ,90" -> "90, 30, 7"."""
        value = self.cleaned_data["reminder_days"].strip() or School._meta.get_field("reminder_days").default
        return ", ".join(str(days) for days in reminder_days(value))

    def clean_logo_upload(self):
        upload = self.cleaned_data.get("logo_upload")
        if not upload:
            return None
        try:
            return files.accept_image(upload, max_bytes=settings.MAX_LOGO_BYTES)
        except files.UploadRejected as error:
            raise forms.ValidationError(error.messages) from None

    def clean_npsn(self):
        return self.cleaned_data["npsn"].strip().upper()

    def clean_nsm(self):
        return self.cleaned_data["nsm"].strip()


class AcademicYearForm(forms.ModelForm):
    class Meta:
        model = AcademicYear
        fields = ["name", "start_date", "second_semester_start", "end_date", "is_current"]
        widgets = {
            "name": forms.TextInput(attrs={"placeholder": "2025/2026"}),
            "start_date": DATE,
            "second_semester_start": DATE,
            "end_date": DATE,
        }

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        validate_academic_year_name(name)
        return name


class MemberForm(forms.Form):
    email = forms.EmailField(label=_("e-mail"))
    first_name = forms.CharField(label=_("first name"), max_length=150)
    last_name = forms.CharField(label=_("last name"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("role"), choices=[(r.value, r.label) for r in ASSIGNABLE_ROLES])
    partner = forms.ModelChoiceField(
        label=_("partner they represent"),
        queryset=None,
        required=False,
        help_text=_("Only for partner representatives: they see only what concerns this partner."),
    )

    def __init__(self, *args, partners, roles=ASSIGNABLE_ROLES, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partners
        # Only the roles this person may give (roles.GRANTS); a role they may not give is refused as invalid.
        self.fields["role"].choices = [(r.value, r.label) for r in map(Role, roles) if r in ASSIGNABLE_ROLES]

    def clean(self):
        data = super().clean()
        if data.get("role") == Role.PARTNER_REP and not data.get("partner"):
            self.add_error("partner", _("Choose the partner this person represents."))
        return data


class RoleForm(MemberForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("email", "first_name", "last_name"):
            del self.fields[name]
