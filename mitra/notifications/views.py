"""A person's own notifications, across the schools they work in, and what they want to receive."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mitra.notifications import services
from mitra.notifications.forms import PreferencesForm
from mitra.notifications.models import Notification
from mitra.schools.listing import paginate


@login_required
def inbox(request):
    notices = Notification.objects.for_person(request.user).select_related("school")
    page, query = paginate(request, notices)
    return render(request, "notifications/list.html", {"page": page, "query": query})


@login_required
@require_POST
def read_all(request):
    services.mark_all_read(request.user)
    return redirect("notifications:inbox")


@login_required
def preferences(request):
    deliveries, frequency = services.preferences_of(request.user)
    form = PreferencesForm(
        request.POST or None, deliveries=deliveries, frequency=frequency, has_email=bool(request.user.email)
    )
    if request.method == "POST" and form.is_valid():
        services.preferences_save(
            user=request.user, deliveries_by_event=form.deliveries, frequency=form.cleaned_data["frequency"]
        )
        messages.success(request, _("Your notification choices were saved."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})
