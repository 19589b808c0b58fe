"""The school committee's word on the accountability summary of a school year (planning/committee.py):
what it said, kept as written, and the form to add to it. The summary itself carries these comments."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from mitra.planning import committee
from mitra.planning.forms import committee_form_for
from mitra.schools.access import school_view
from mitra.schools.selectors import year_of, years_of
from mitra.schools.services import current_year


def _year(access, request):
    key = request.GET.get("year", "")
    if key:
        year = year_of(school=access.school, year_id=int(key)) if key.isdigit() and len(key) < 12 else None
        if year is None:
            raise Http404
        return year
    return current_year(access.school)


@school_view("reports.view")
def committee_page(request, access):
    year = _year(access, request)
    form = committee_form_for(access, request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        access.require("committee.comment", request)
        if year is None:
            raise Http404
        if committee.keep_from(form, access=access, user=request.user, about="accountability", year=year):
            messages.success(request, _("The committee's comment is kept; the accountability summary carries it."))
            return redirect(reverse("reports:committee", args=[access.school.pk]) + f"?year={year.pk}")
        status = 400
    context = {
        "access": access,
        "year": year,
        "years": years_of(school=access.school),
        "comments": committee.comments_of_year(school=access.school, year=year) if year else [],
        "form": form if year else None,
    }
    return render(request, "reports/committee.html", context, status=status)
