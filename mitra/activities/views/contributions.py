"""What partners gave (activities/contributions.py): the school's page of contributions with their
totals per kind of partner and per partner, for a school year; recording one on an activity (from the
activity's page) or under an agreement (from this page); removing one."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mitra.activities import contributions, forms, selectors
from mitra.activities.models import Contribution
from mitra.activities.views.activities import _may_edit, detail_page
from mitra.agreements.selectors import agreements_to_offer
from mitra.schools.access import school_view
from mitra.schools.listing import paginate
from mitra.schools.pages import act, apply_error


def _agreements(access):
    return agreements_to_offer(school=access.school).filter(stage="signed").order_by("-signed_on", "title")


def _page(request, access, form=None, status=200):
    # ?agreement= (from a signed agreement's page) chooses the agreement in the form, not a filter.
    query = request.GET.copy()
    chosen = query.pop("agreement", [""])[0]
    query.pop("page", None)  # a page of the list is not a filter: page 2 is of the same year as page 1
    filters = forms.ContributionFilterForm(query or None, school=access.school)
    criteria = filters.criteria()
    year = criteria.pop("year")
    found = contributions.contributions_for(access=access, **criteria)
    page, query = paginate(request, found)
    if form is None and access.can("activities.record"):
        initial = {"agreement": int(chosen)} if chosen.isdigit() and len(chosen) < 12 else {}
        form = forms.ContributionForm(school=access.school, agreements=_agreements(access), initial=initial)
    context = {
        "access": access,
        "filters": filters,
        "year": year,
        "page": page,
        "query": query,
        "totals": contributions.totals_of(found),
        "by_partner_kind": contributions.by_partner_kind(found),
        "by_partner": contributions.by_partner(found, school=access.school)[:10],
        "form": form,
    }
    return render(request, "activities/contributions.html", context, status=status)


@school_view("activities.view")
def contribution_list(request, access):
    return _page(request, access)


def _add(request, access, form, done: str, **on):
    """Keep the contribution the form holds, on an activity or an agreement (`on`); the redirect to
    `done`, or None when refused (the form then carries the reasons beside its fields)."""
    if form.is_valid():
        try:
            contributions.contribution_add(
                school=access.school,
                user=request.user,
                partner=form.cleaned_data["partner"],
                data=form.cleaned_data,
                **on,
            )
        except ValidationError as error:
            apply_error(form, error)
        else:
            messages.success(request, _("Contribution recorded."))
            return redirect(done)
    return None


@school_view("activities.record")
@require_POST
def agreement_contribution_add(request, access):
    form = forms.ContributionForm(request.POST, school=access.school, agreements=_agreements(access))
    agreement = form.cleaned_data.get("agreement") if form.is_valid() else None
    done = _add(
        request, access, form, reverse("activities:contributions", args=[access.school.pk]), agreement=agreement
    )
    return done or _page(request, access, form=form, status=400)


@school_view("activities.record")
@require_POST
def activity_contribution_add(request, access, activity_id):
    activity = selectors.activity_get(access=access, activity_id=activity_id)
    if not _may_edit(access, activity):
        messages.error(request, _("The activity is verified; only the coordinator or the principal can change it."))
        return redirect("activities:detail", access.school.pk, activity.pk)
    form = forms.ContributionForm(request.POST, school=access.school, partners=activity.partners.all())
    done = _add(request, access, form, contributions_anchor(access, activity), activity=activity)
    return done or detail_page(request, access, activity, contribution_form=form, status=400)


def contributions_anchor(access, activity) -> str:
    return reverse("activities:detail", args=[access.school.pk, activity.pk]) + "#contributions"


@school_view("activities.record")
@require_POST
def contribution_delete(request, access, contribution_id):
    found = get_object_or_404(
        Contribution.objects.for_school(access.school).select_related("activity", "agreement", "partner"),
        pk=contribution_id,
    )
    if found.activity is not None:
        if not _may_edit(access, found.activity):
            messages.error(request, _("The activity is verified; only the coordinator or the principal can change it."))
            return redirect("activities:detail", access.school.pk, found.activity_id)
        back = (contributions_anchor(access, found.activity),)
    else:
        back = ("activities:contributions", access.school.pk)
    return act(request, lambda: contributions.contribution_delete(contribution=found, user=request.user), back)
