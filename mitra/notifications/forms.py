from django import forms
from django.utils.translation import gettext_lazy as _

from mitra.notifications.models import Delivery, Digest, Event


class PreferencesForm(forms.Form):
    """One choice per kind of event, and how often the digest comes."""

    def __init__(self, *args, deliveries: dict[str, str], frequency: str, has_email: bool, **kwargs):
        super().__init__(*args, **kwargs)
        for event in Event:
            self.fields[event.value] = forms.ChoiceField(
                label=event.label, choices=Delivery.choices, initial=deliveries[event.value]
            )
        self.fields["frequency"] = forms.ChoiceField(
            label=_("Digest e-mail"),
            choices=Digest.Frequency.choices,
            initial=frequency,
            help_text=_("Notices you chose for the digest arrive together in one e-mail."),
        )
        self.has_email = has_email

    def clean(self):
        cleaned = super().clean()
        wants_email = any(cleaned.get(event) in (Delivery.EMAIL, Delivery.DIGEST) for event in Event.values)
        if wants_email and not self.has_email:
            raise forms.ValidationError(
                _("Your profile has no e-mail address. Add one there first, or choose the app only.")
            )
        return cleaned

    @property
    def deliveries(self) -> dict[str, str]:
        return {event: self.cleaned_data[event] for event in Event.values}
