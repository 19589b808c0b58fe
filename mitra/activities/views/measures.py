"""The numbers recorded with activities (activities/measures.py): the school's list of measures, the
activity's numbers, and the follow-ups of referrals until they are closed."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mitra.activities import forms, measures, selectors
from mitra.activities.models import FollowUp, Measure
from mitra.activities.views.activities import _may_edit, detail_page
from mitra.schools.access import school_view
from mitra.schools.listing import paginate
from mitra.schools.pages import act, apply_error


def _list_page(request, access, form=None, status=200):
    context = {
        "access": access,
        "measures": measures.measures_of(school=access.school),
        "archived": measures.measures_of(school=access.school, archived=True),
        "form": form or forms.MeasureForm(),
    }
    return render(request, "activities/measures.html", context, status=status)


@school_view("activities.view")
def measure_list(request, access):
    if request.method == "POST":
        access.require("planning.manage_lists", request)
        form = forms.MeasureForm(request.POST)
        if form.is_valid():
            try:
                measures.measure_save(school=access.school, user=request.user, data=form.cleaned_data)
            except ValidationError as error:
                apply_error(form, error)
            else:
                messages.success(request, _("Saved. Activities of its area now ask for it."))
                return redirect("activities:measures", access.school.pk)
        return _list_page(request, access, form=form, status=400)
    return _list_page(request, access)


@school_view("planning.manage_lists")
@require_POST
def measure_archive(request, access, measure_id):
    found = get_object_or_404(Measure.objects.for_school(access.school), pk=measure_id)
    archived = found.archived_at is None
    return act(
        request,
        lambda: measures.measure_archive(measure=found, user=request.user, archived=archived),
        ("activities:measures", access.school.pk),
    )


def _anchor(access, activity) -> str:
    return reverse("activities:detail", args=[access.school.pk, activity.pk]) + "#measures"


@school_view("activities.record")
@require_POST
def values_save(request, access, activity_id):
    activity = selectors.activity_get(access=access, activity_id=activity_id)
    if not _may_edit(access, activity):
        messages.error(request, _("The activity is verified; only the coordinator or the principal can change it."))
        return redirect(_anchor(access, activity))
    form = forms.MeasuresForm(request.POST, measures=measures.measures_for(activity), values={})
    if form.is_valid():
        try:
            measures.values_save(activity=activity, user=request.user, values=form.values())
        except ValidationError as error:
            apply_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(_anchor(access, activity))
    return detail_page(request, access, activity, measures_form=form, status=400)


@school_view("activities.record")
@require_POST
def follow_up_close(request, access, follow_up_id):
    found = get_object_or_404(
        FollowUp.objects.for_school(access.school).select_related("activity", "measure"), pk=follow_up_id
    )
    form = forms.FollowUpCloseForm(request.POST)
    if form.is_valid():
        try:
            measures.follow_up_close(follow_up=found, user=request.user, outcome=form.cleaned_data["outcome"])
        except ValidationError as error:
            apply_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(_anchor(access, found.activity))
    return detail_page(request, access, found.activity, closing=(found.pk, form), status=400)


@school_view("activities.record")
def follow_up_list(request, access):
    """The follow-ups of referrals, those still open first (the staff's: they name pupils' needs)."""
    show = request.GET.get("show", "open")
    found = measures.follow_ups_of(school=access.school, open_only=show != "all")
    page, query = paginate(request, found.order_by("closed_at", "due_on", "id"))
    context = {"access": access, "page": page, "query": query, "show": show, "today": timezone.localdate()}
    return render(request, "activities/follow_ups.html", context)
