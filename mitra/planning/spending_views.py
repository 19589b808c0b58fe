"""The spending of a programme: its records with their receipts, what is left of its budget, and the
form to add one (planning/spending.py). Spending is recorded against the plan in force; the page of a
revision in the making shows the same records, by the programme's identity."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mitra.files import pipeline
from mitra.planning import forms, revisions, selectors, spending
from mitra.planning.models import Programme, Spending
from mitra.schools.access import school_view
from mitra.schools.listing import paginate
from mitra.schools.pages import act, apply_error


def _programme(access, plan_id, programme_id):
    plan = selectors.plan_get(access=access, plan_id=plan_id)
    programme = get_object_or_404(Programme.objects.for_school(access.school), pk=programme_id, plan=plan)
    running = selectors.plan_in_force(school=access.school, year=plan.academic_year) or plan
    live = revisions.items_of(Programme, running).filter(identity=programme.identity).first() or programme
    return plan, programme, live


def _page(request, access, plan, programme, live, form, status=200):
    records = (
        Spending.objects.for_school(access.school)
        .filter(programme__identity=programme.identity)
        .select_related("planned", "receipt", "recorded_by")
    )
    page, query = paginate(request, records)
    context = {
        "access": access,
        "plan": plan,
        "programme": programme,
        "page": page,
        "query": query,
        "line": spending.summary(school=access.school, plan=plan).by_programme.get(programme.pk, spending.Line()),
        "form": form if live.ended_at is None else None,
    }
    return render(request, "planning/spending.html", context, status=status)


@school_view("planning.view")
def spending_list(request, access, plan_id, programme_id):
    plan, programme, live = _programme(access, plan_id, programme_id)
    form = forms.SpendingForm(programme=live) if access.can("planning.edit") else None
    return _page(request, access, plan, programme, live, form)


@school_view("planning.edit")
@require_POST
def spending_add(request, access, plan_id, programme_id):
    plan, programme, live = _programme(access, plan_id, programme_id)
    form = forms.SpendingForm(request.POST, request.FILES, programme=live)
    if form.is_valid():
        try:
            spending.spending_add(
                programme=live, user=request.user, data=form.cleaned_data, receipt=form.cleaned_data["receipt"]
            )
        except ValidationError as error:
            apply_error(form, error)
        else:
            messages.success(request, _("Spending recorded."))
            return redirect("planning:spending", access.school.pk, plan.pk, programme.pk)
    return _page(request, access, plan, programme, live, form, status=400)


def _record(access, plan_id, spending_id):
    plan = selectors.plan_get(access=access, plan_id=plan_id)
    found = get_object_or_404(
        Spending.objects.for_school(access.school).select_related("programme", "receipt"), pk=spending_id
    )
    shown = Programme.objects.for_school(access.school).filter(plan=plan, identity=found.programme.identity).first()
    if shown is None:
        raise Http404
    return plan, shown, found


@school_view("planning.edit")
@require_POST
def spending_delete(request, access, plan_id, spending_id):
    plan, shown, found = _record(access, plan_id, spending_id)
    return act(
        request,
        lambda: spending.spending_delete(spending=found, user=request.user),
        ("planning:spending", access.school.pk, plan.pk, shown.pk),
    )


@school_view("planning.view")
def spending_receipt(request, access, plan_id, spending_id):
    _plan, _shown, found = _record(access, plan_id, spending_id)
    if found.receipt is None:
        raise Http404
    return pipeline.serve(found.receipt, inline=False)
