"""The communication log: entries by channel, with attachments; importing a WhatsApp chat export
(and undoing an import); noting a message sent from an activity's "Share on WhatsApp"."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mitra.activities import communications, forms, selectors, sharing
from mitra.activities.models import ChatImport, Communication, CommunicationAttachment
from mitra.files import pipeline
from mitra.schools import submissions
from mitra.schools.access import school_view
from mitra.schools.listing import paginate
from mitra.schools.pages import apply_error, partial_page


def entry_url(entry) -> str:
    return reverse("activities:communication", args=[entry.school_id, entry.pk])


@school_view("communications.view")
def home(request, access):
    filters = forms.CommunicationFilterForm(request.GET or None, school=access.school)
    criteria = {k: v for k, v in (filters.cleaned_data if filters.is_valid() else {}).items() if v}
    page, query = paginate(request, communications.log_of(access=access, **criteria))
    context = {"access": access, "filters": filters, "page": page, "query": query}
    return partial_page(request, "activities/communications.html", context)


def _entry(access, communication_id) -> Communication:
    return get_object_or_404(communications.log_of(access=access).select_related("recorded_by"), pk=communication_id)


@school_view("communications.edit")
def create(request, access):
    initial = {"occurred_on": timezone.localdate(), "channel": Communication.Channel.MEETING}
    for key in ("partner", "activity", "letter"):
        if request.GET.get(key, "").isdigit():
            initial[key] = int(request.GET[key])
    form = forms.CommunicationForm(request.POST or None, request.FILES or None, school=access.school, initial=initial)
    if request.method == "POST":
        if submissions.already_saved(request):
            messages.info(request, _("This form was already sent; the entry was saved once."))
            return redirect("activities:communications", school_id=access.school.pk)
        if form.is_valid():
            data = dict(form.cleaned_data)
            uploads = data.pop("files")
            try:
                entry = communications.communication_save(
                    school=access.school, user=request.user, data=data, uploads=uploads
                )
            except ValidationError as error:
                apply_error(form, error)
            else:
                submissions.mark_saved(request)
                messages.success(request, _("Saved in the communication log."))
                return redirect(entry_url(entry))
    context = {
        "access": access,
        "form": form,
        "title": _("Log a communication"),
        "submission": submissions.token_of(request) or submissions.new_token(),
    }
    return render(request, "form_page.html", context)


@school_view("communications.view")
def detail(request, access, communication_id):
    entry = _entry(access, communication_id)
    context = {
        "access": access,
        "entry": entry,
        "messages_of_day": entry.messages.order_by("sent_time", "id") if entry.is_chat_day else [],
        "attachments": entry.attachments.select_related("file"),
    }
    return render(request, "activities/communication.html", context)


@school_view("communications.edit")
def edit(request, access, communication_id):
    entry = _entry(access, communication_id)
    if entry.is_chat_day:
        messages.error(request, _("Imported WhatsApp messages are kept as they were written."))
        return redirect(entry_url(entry))
    form = forms.CommunicationForm(request.POST or None, instance=entry, school=access.school, with_files=False)
    if request.method == "POST" and form.is_valid():
        try:
            communications.communication_save(
                school=access.school,
                user=request.user,
                data=form.cleaned_data,
                communication=_entry(access, communication_id),
            )
        except ValidationError as error:
            apply_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(entry_url(entry))
    return render(request, "form_page.html", {"access": access, "form": form, "title": _("Edit the entry")})


@school_view("communications.edit")
@require_POST
def delete(request, access, communication_id):
    entry = _entry(access, communication_id)
    communications.communication_delete(communication=entry, user=request.user)
    messages.success(request, _("The entry was deleted."))
    return redirect("activities:communications", school_id=access.school.pk)


@school_view("communications.view")
def attachment(request, access, communication_id, attachment_id):
    entry = _entry(access, communication_id)
    found = get_object_or_404(
        CommunicationAttachment.objects.for_school(access.school).select_related("file"),
        pk=attachment_id,
        communication=entry,
    )
    return pipeline.serve(found.file, inline=True)


# --- WhatsApp -------------------------------------------------------------------------------------------


@school_view("communications.edit")
def chat_import(request, access):
    initial = {"partner": int(request.GET["partner"])} if request.GET.get("partner", "").isdigit() else {}
    form = forms.ChatImportForm(request.POST or None, request.FILES or None, school=access.school, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            done = communications.import_chat(
                school=access.school,
                user=request.user,
                partner=form.cleaned_data["partner"],
                upload=form.cleaned_data["file"],
                day_first=form.day_first(),
            )
        except ValidationError as error:
            apply_error(form, error)
        else:
            return redirect("activities:chat_import_report", school_id=access.school.pk, import_id=done.pk)
    return render(
        request,
        "form_page.html",
        {
            "access": access,
            "form": form,
            "title": _("Import a WhatsApp chat"),
            "subtitle": _(
                "The messages go into the partner's communication log, one entry per day. Importing the same "
                "chat again adds only what is new."
            ),
        },
    )


def _import(access, import_id) -> ChatImport:
    return get_object_or_404(ChatImport.objects.for_school(access.school).select_related("partner"), pk=import_id)


@school_view("communications.view")
def chat_import_report(request, access, import_id):
    done = _import(access, import_id)
    days = (
        Communication.objects.for_school(access.school)
        .filter(messages__chat_import=done)
        .distinct()
        .order_by("occurred_on")
    )
    return render(request, "activities/chat_import.html", {"access": access, "done": done, "days": days})


@school_view("communications.edit")
@require_POST
def chat_import_undo(request, access, import_id):
    done = _import(access, import_id)
    partner = done.partner
    removed = communications.undo_import(chat_import=done, user=request.user)
    messages.success(request, _("The import was undone: %(n)s messages removed.") % {"n": removed})
    return redirect(reverse("activities:communications", args=[access.school.pk]) + f"?partner={partner.pk}")


@school_view("activities.record")
@require_POST
def share_log(request, access, activity_id):
    """Called by the page's script as the person opens WhatsApp: notes the message in the log. The
    message is rebuilt here from the activity, never taken from the request."""
    activity = selectors.activity_get(access=access, activity_id=activity_id)
    kind, partner_id = request.POST.get("kind", ""), request.POST.get("partner", "")
    share = next(
        (
            s
            for s in sharing.links_for(activity, request.LANGUAGE_CODE)
            if s.kind == kind and str(s.partner_id) == partner_id
        ),
        None,
    )
    if share is None:
        return HttpResponse(status=400)
    partner = activity.partners.get(pk=share.partner_id)
    communications.log_share(activity=activity, user=request.user, partner=partner, text=share.text)
    return HttpResponse(status=204)
