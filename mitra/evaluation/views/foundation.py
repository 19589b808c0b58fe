"""The foundation's shared instruments: published from one of its schools, copied by the others."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mitra.evaluation import instruments
from mitra.evaluation.forms import PublishForm
from mitra.evaluation.models import FoundationInstrument
from mitra.schools.access import foundation_view
from mitra.schools.pages import apply_error


def _page(request, access, form):
    shared = FoundationInstrument.objects.filter(foundation=access.foundation).annotate(
        schools_using=Count("copies__school", distinct=True)
    )
    return render(
        request, "evaluation/foundation_instruments.html", {"foundation_access": access, "shared": shared, "form": form}
    )


@foundation_view("foundation.view")
def instrument_list(request, access):
    return _page(request, access, PublishForm(foundation=access.foundation))


@foundation_view("foundation.templates")
@require_POST
def publish(request, access):
    form = PublishForm(request.POST, foundation=access.foundation)
    if form.is_valid():
        try:
            instruments.foundation_publish(
                foundation=access.foundation,
                instrument=form.cleaned_data["instrument"],
                title=form.cleaned_data["title"],
            )
        except ValidationError as error:
            apply_error(form, error)
        else:
            messages.success(request, _("Published: every school of the foundation can now copy it."))
            return redirect("foundation_instruments:list", foundation_id=access.foundation.pk)
    return _page(request, access, form)


@foundation_view("foundation.templates")
@require_POST
def toggle(request, access, instrument_id):
    shared = get_object_or_404(FoundationInstrument, pk=instrument_id, foundation=access.foundation)
    shared.is_published = not shared.is_published
    shared.save(update_fields=["is_published", "updated_at"])
    return redirect("foundation_instruments:list", foundation_id=access.foundation.pk)
