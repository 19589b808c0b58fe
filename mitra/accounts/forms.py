from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from mitra.accounts.models import ApiToken


class LoginForm(AuthenticationForm):
    username = forms.CharField(
        label=_("Username or e-mail"),
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username", "autocapitalize": "none"}),
    )
    error_messages = {
        "invalid_login": _("That username or e-mail and password do not match. Check them and try again."),
        "inactive": _("This account is not active."),
    }


class ProfileForm(forms.ModelForm):
    class Meta:
        model = get_user_model()
        fields = ["first_name", "last_name", "email", "phone", "language"]

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        if (
            email
            and get_user_model()._default_manager.filter(email__iexact=email).exclude(pk=self.instance.pk).exists()
        ):
            raise forms.ValidationError(_("Another account already uses this e-mail address."))
        return email


class LanguageForm(forms.Form):
    language = forms.ChoiceField(choices=[])
    next = forms.CharField(required=False)

    def __init__(self, *args, **kwargs):
        from django.conf import settings

        super().__init__(*args, **kwargs)
        self.fields["language"].choices = settings.LANGUAGES


class ApiTokenForm(forms.ModelForm):
    class Meta:
        model = ApiToken
        fields = ["name"]
        help_texts = {"name": _("What the token is for, e.g. “spreadsheet sync”.")}
