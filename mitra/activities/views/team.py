"""The partnership team: terms by school year, rotating someone out with a handover of their open
work, and the rotation planner (propose, adjust, confirm)."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mitra.activities import forms, team
from mitra.activities import rotation as planner
from mitra.activities.models import Rotation, TeamTerm
from mitra.schools.access import school_view
from mitra.schools.models import AcademicYear
from mitra.schools.pages import act, apply_error, form_page
from mitra.schools.services import current_year


def _year(access, request):
    years = AcademicYear.objects.for_school(access.school)
    chosen = request.GET.get("year", "")
    return (years.filter(pk=int(chosen)).first() if chosen.isdigit() else None) or current_year(access.school)


@school_view("team.view")
def home(request, access):
    year = _year(access, request)
    terms = team.terms_of(access.school, first=year.start_date, last=year.end_date) if year else TeamTerm.objects.none()
    context = {
        "access": access,
        "year": year,
        "years": AcademicYear.objects.for_school(access.school),
        "terms": terms,
        "today": timezone.localdate(),
        "rotations": Rotation.objects.for_school(access.school),
    }
    return render(request, "activities/team.html", context)


def _term(access, term_id) -> TeamTerm:
    return get_object_or_404(TeamTerm.objects.for_school(access.school).select_related("user"), pk=term_id)


@school_view("team.manage")
def term_create(request, access):
    year = current_year(access.school)
    initial = {"starts_on": year.start_date, "ends_on": year.end_date, "label": year.name} if year else {}
    form = forms.TermForm(request.POST or None, school=access.school, initial=initial)
    return form_page(
        request,
        access,
        form,
        title=_("Add to the team"),
        save=lambda form: team.term_save(school=access.school, user=request.user, data=form.cleaned_data),
        done=("activities:team", access.school.pk),
    )


@school_view("team.manage")
def term_edit(request, access, term_id):
    term = _term(access, term_id)
    form = forms.TermForm(request.POST or None, instance=term, school=access.school)
    fresh = lambda: _term(access, term_id)  # noqa: E731 (the form has written its input on `term`)
    return form_page(
        request,
        access,
        form,
        title=_("Change a team term"),
        subtitle=str(term.user.get_full_name() or term.user.username),
        save=lambda form: team.term_save(school=access.school, user=request.user, data=form.cleaned_data, term=fresh()),
        done=("activities:team", access.school.pk),
    )


@school_view("team.manage")
@require_POST
def term_delete(request, access, term_id):
    term = _term(access, term_id)
    return act(request, lambda: team.term_delete(term=term, user=request.user), ("activities:team", access.school.pk))


@school_view("team.manage")
def rotate_out(request, access, term_id):
    """End someone's term and hand their open tasks and planned activities to others."""
    term = _term(access, term_id)
    work = team.open_work(school=access.school, person=term.user)
    form = forms.RotateOutForm(
        request.POST or None, school=access.school, term=term, work=work, initial={"on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            team.rotate_out(term=term, user=request.user, on=form.cleaned_data["on"], handover=form.handover_map())
        except ValidationError as error:
            apply_error(form, error)
        else:
            messages.success(request, _("The term has ended and the open work was handed over."))
            return redirect("activities:team", school_id=access.school.pk)
    return render(request, "activities/rotate_out.html", {"access": access, "term": term, "work": work, "form": form})


# --- Rotation ------------------------------------------------------------------------------------------


@school_view("team.manage")
def rotation_create(request, access):
    year = current_year(access.school)
    form = forms.RotationForm(
        request.POST or None,
        school=access.school,
        initial={"year": year, "title": _("Teacher rotation %(year)s") % {"year": year.name} if year else ""},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            rotation = team.rotation_create(
                school=access.school,
                user=request.user,
                title=data["title"],
                year=data["year"],
                years=data["years"],
                per_year=data["per_year"],
                seats=data["seats"],
                people=list(data["candidates"]),
                unavailable={},
                pins={},
            )
        except ValidationError as error:
            apply_error(form, error)
        else:
            messages.success(
                request, _("Here is a proposal. Mark who cannot serve when, pin people, and propose again.")
            )
            return redirect("activities:rotation", school_id=access.school.pk, rotation_id=rotation.pk)
    return render(
        request,
        "form_page.html",
        {
            "access": access,
            "form": form,
            "title": _("Plan a rotation"),
            "subtitle": _(
                "Every teacher gets a turn before anyone gets a second, terms are spread evenly, and nobody is "
                "placed where they cannot serve. You can change the proposal before confirming it."
            ),
        },
    )


def _rotation(access, rotation_id) -> Rotation:
    return get_object_or_404(Rotation.objects.for_school(access.school), pk=rotation_id)


def _grid_input(request, rotation: Rotation):
    """The grid's cells: '' not in the term, 'in', 'pin' (must serve), 'x' (cannot serve)."""
    assignment, unavailable, pins = [], {}, {}
    for period in range(len(rotation.periods)):
        chosen = []
        for person in rotation.candidates:
            cell = request.POST.get(f"c_{period}_{person}", "")
            if cell in ("in", "pin"):
                chosen.append(person)
            if cell == "pin":
                pins.setdefault(period, set()).add(person)
            if cell == "x":
                unavailable.setdefault(period, set()).add(person)
        assignment.append(chosen)
    return assignment, unavailable, pins


@school_view("team.view")
def rotation_detail(request, access, rotation_id):
    rotation = _rotation(access, rotation_id)
    errors = []
    if request.method == "POST":
        access.require("team.manage", request)
        assignment, unavailable, pins = _grid_input(request, rotation)
        try:
            if request.POST.get("action") == "replan":
                team.rotation_replan(rotation=rotation, user=request.user, unavailable=unavailable, pins=pins)
                messages.success(request, _("Proposed again with your marks."))
            else:
                team.rotation_edit(
                    rotation=rotation, user=request.user, assignment=assignment, unavailable=unavailable, pins=pins
                )
                messages.success(request, _("Saved."))
        except ValidationError as error:
            errors = error.messages
        else:
            return redirect(reverse("activities:rotation", args=[access.school.pk, rotation.pk]))
    return render(request, "activities/rotation.html", {"access": access, **_grid(rotation), "errors": errors})


def _grid(rotation: Rotation) -> dict:
    from django.contrib.auth import get_user_model

    people = {u.pk: u for u in get_user_model().objects.filter(pk__in=rotation.candidates)}
    ordered = [people[pk] for pk in rotation.candidates if pk in people]
    unavailable = {int(k): set(v) for k, v in rotation.unavailable.items()}
    pins = {int(k): set(v) for k, v in rotation.pins.items()}
    rows = []
    for person in ordered:
        cells = []
        for period in range(len(rotation.periods)):
            if person.pk in pins.get(period, ()):
                state = "pin"
            elif person.pk in rotation.assignment[period]:
                state = "in"
            elif person.pk in unavailable.get(period, ()):
                state = "x"
            else:
                state = ""
            cells.append({"name": f"c_{period}_{person.pk}", "state": state})
        rows.append({"person": person, "cells": cells})
    load = planner.loads(rotation.assignment, rotation.candidates)
    for row in rows:
        row["load"] = load.get(row["person"].pk, 0)
    return {
        "rotation": rotation,
        "periods": [{"label": p["label"], "start": datetime.date.fromisoformat(p["start"])} for p in rotation.periods],
        "rows": rows,
        "is_draft": rotation.status == Rotation.Status.DRAFT,
    }


@school_view("team.manage")
@require_POST
def rotation_confirm(request, access, rotation_id):
    rotation = _rotation(access, rotation_id)
    try:
        terms = team.rotation_confirm(rotation=rotation, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("activities:rotation", school_id=access.school.pk, rotation_id=rotation.pk)
    messages.success(request, _("Confirmed: %(n)s team terms were added.") % {"n": len(terms)})
    return redirect("activities:team", school_id=access.school.pk)


@school_view("team.manage")
@require_POST
def rotation_delete(request, access, rotation_id):
    rotation = _rotation(access, rotation_id)
    return act(
        request,
        lambda: team.rotation_delete(rotation=rotation, user=request.user),
        ("activities:team", access.school.pk),
    )


@school_view("team.view")
def involvement(request, access):
    """Which grades and which of the staff the partnerships reached in a school year, and which never."""
    from mitra.activities import involvement as reach
    from mitra.schools.selectors import year_of, years_of

    key = request.GET.get("year", "")
    year = year_of(school=access.school, year_id=int(key)) if key.isdigit() and len(key) < 12 else None
    year = year or current_year(access.school)
    found = reach.involvement(school=access.school, start=year.start_date, end=year.end_date) if year else None
    context = {"access": access, "year": year, "years": years_of(school=access.school), "found": found}
    return render(request, "activities/involvement.html", context)
