from django.shortcuts import redirect, render

from mitra.reports.selectors import school_figures
from mitra.schools.access import school_view
from mitra.schools.cycle import STAGES


@school_view("school.view")
def dashboard(request, access):
    if access.is_partner_rep:
        # A partner representative's home is their own partner's page.
        return redirect("partners:detail", school_id=access.school.pk, partner_id=access.partner_id)
    return render(
        request,
        "reports/dashboard.html",
        {"access": access, "stages": STAGES, "figures": school_figures(access=access)},
    )
