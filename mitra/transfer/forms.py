"""The spreadsheet import's forms: the file, then which column fills which field."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ImportFileForm(forms.Form):
    target = forms.ChoiceField(
        label=_("What the file holds"),
        choices=[
            ("partners", _("Partners (with their contact person and agreement dates)")),
            ("contacts", _("Contact persons of partners already in Mitra")),
            ("activities", _("Activities")),
        ],
        widget=forms.RadioSelect,
        initial="partners",
    )
    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_(
            "Excel (.xlsx) or CSV: a row of column names (a title or blank rows above it are fine), then one row "
            "per record; up to 5,000 rows."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )


class MappingForm(forms.Form):
    """Which line of the file is the header, and one choice per field of Mitra: which column fills it."""

    def __init__(self, *args, target, header, initial_mapping, lines=(), header_line=None, **kwargs):
        super().__init__(*args, **kwargs)
        if lines:
            self.fields["header_line"] = forms.TypedChoiceField(
                label=_("Header row (the column names)"),
                choices=[
                    (str(line), _("Line %(line)s: %(names)s") % {"line": line, "names": names}) for line, names in lines
                ],
                coerce=int,
                required=False,
                empty_value=None,
                initial=str(header_line) if header_line else "",
                help_text=_("Mitra looked for the line that names the columns; choose another if it is wrong."),
            )
        columns = [("", _("— not imported —"))] + [(str(i), name) for i, name in enumerate(header)]
        for f in target.fields:
            self.fields[f.key] = forms.ChoiceField(
                label=f.label,
                choices=columns,
                required=False,
                initial=str(initial_mapping[f.key]) if f.key in initial_mapping else "",
            )

    def mapping(self) -> dict[str, int]:
        return {key: int(value) for key, value in self.cleaned_data.items() if key != "header_line" and value != ""}

    def clean(self):
        data = super().clean()
        used = [v for k, v in data.items() if k != "header_line" and v]
        if len(used) != len(set(used)):
            raise forms.ValidationError(_("A column can fill only one field; choose each column once."))
        return data
