"""Form fields for uploads. They only collect the files; every file is checked by the pipeline in
the service that stores it, so the API and the pages refuse the same things."""

from django import forms


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class FilesField(forms.FileField):
    """Several files at once."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        if isinstance(data, (list, tuple)):
            return [super(FilesField, self).clean(one, initial) for one in data]
        return [super().clean(data, initial)] if data else []
