"""A person's own notifications, across the schools they work in."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from mitra.notifications import services
from mitra.notifications.models import Notification
from mitra.schools.listing import paginate


@login_required
def inbox(request):
    notices = Notification.all_schools.filter(user=request.user).select_related("school")
    page, query = paginate(request, notices)
    return render(request, "notifications/list.html", {"page": page, "query": query})


@login_required
@require_POST
def read_all(request):
    services.mark_all_read(request.user)
    return redirect("notifications:inbox")
