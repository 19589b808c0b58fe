"""Activities: the list, recording one on a phone in three fields, the full form, evidence,
named participants, and verification by the coordinator and confirmation by the partner."""

import datetime
import re
from functools import cache
from urllib.parse import unquote

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.formats import date_format, get_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from mitra.activities import contributions, forms, measures, selectors, services, sharing
from mitra.activities.models import Activity, Evidence, Participant
from mitra.files import pipeline, resumable
from mitra.history import conflicts
from mitra.history.selectors import page_history
from mitra.schools import submissions
from mitra.schools.access import school_view
from mitra.schools.listing import paginate
from mitra.schools.pages import act, apply_error, partial_page, refuse
from mitra.schools.services import current_year


def _activity(access, activity_id) -> Activity:
    return selectors.activity_get(access=access, activity_id=activity_id)


def _may_edit(access, activity: Activity) -> bool:
    """Staff edit activities; once verified, only those who verify may change them."""
    if activity.review == Activity.Review.VERIFIED:
        return access.can("activities.verify")
    return access.can("activities.record")


@school_view("activities.view")
def home(request, access):
    filters = forms.FilterForm(request.GET or None, access=access)
    criteria = {k: v for k, v in (filters.cleaned_data if filters.is_valid() else {}).items() if v}
    page, query = paginate(request, selectors.activity_list(access=access, **criteria))
    context = {
        "access": access,
        "filters": filters,
        "page": page,
        "query": query,
        # Called by the template, once, and only when the list's kept copy is missing.
        "waiting": cache(lambda: selectors.waiting_for_review(access=access).count())
        if access.can("activities.verify")
        else 0,
        "year": current_year(access.school),
    }
    return partial_page(request, "activities/list.html", context)


@school_view("activities.record")
def capture(request, access):
    """One screen, three fields. If the upload fails the page keeps what was typed (and, with the
    script, the photo too); a form sent twice saves once. With the script the photo has gone up in the
    background already (`upload`, files/resumable.py) and the form names it.

    A capture made without a signal waits on the phone (static/mitra/outbox.js) and arrives later
    asking for JSON: {"url": …} when it is saved (or was already), {"errors": […]} when it is refused,
    which the phone keeps with the capture for the person to mend or discard."""
    outbox = request.headers.get("Accept", "").startswith("application/json")
    form = forms.CaptureForm(request.POST or None, request.FILES or None, school=access.school)
    if request.method == "POST":
        # Already here (the answer to an earlier send was lost): found by its token before anything
        # is checked again, since the partner may have been archived since, or the day grown old.
        found = selectors.captured(school=access.school, token=submissions.token_of(request))
        if found or submissions.already_saved(request):
            url = services.activity_url(found) if found else reverse("activities:home", args=[access.school.pk])
            if outbox:
                return JsonResponse({"url": url, "already": True})
            messages.info(request, _("This activity was already recorded."))
            return _go(request, url)
        if form.is_valid():
            photo, key = form.cleaned_data["photo"], form.cleaned_data["upload"]
            if not photo and key:
                photo = resumable.opened(school=access.school, user=request.user, key=key)
                if photo is None:
                    form.add_error("photo", _("The photo did not arrive whole. Choose it again, then send."))
        if form.is_valid():
            try:
                activity = services.quick_record(
                    school=access.school,
                    user=request.user,
                    partner=form.cleaned_data["partner"],
                    sentence=form.cleaned_data["sentence"],
                    photo=photo,
                    day=form.day,
                    place=form.cleaned_data["place"],
                    token=submissions.token_of(request),
                )
            except ValidationError as error:
                apply_error(form, error)
            else:
                submissions.mark_saved(request)
                if key:
                    resumable.discard(school=access.school, user=request.user, key=key)
                if outbox:
                    return JsonResponse({"url": services.activity_url(activity)})
                if not request.htmx:  # the script says "Tercatat" on the page itself
                    messages.success(
                        request, _("Recorded. Add the place, the participants and more photos when you can.")
                    )
                return _go(request, services.activity_url(activity))
        if outbox:
            return JsonResponse({"errors": _messages_of(form)}, status=400)
    context = {
        "access": access,
        "form": form,
        "submission": submissions.token_of(request) or submissions.new_token(),
        "week": selectors.planned_for(access=access, first=timezone.localdate(), days=7),
        # For the script's dates of captures kept on the phone, in the one date style (formats/).
        "month_names": ",".join(date_format(datetime.date(2000, m, 1), "M") for m in range(1, 13)),
        "time_separator": "." if "." in get_format("TIME_FORMAT") else ":",
    }
    return render(request, "activities/capture.html", context, status=400 if form.errors else 200)


def _messages_of(form) -> list[str]:
    """A refused capture's reasons, for the phone to keep with it: each message names what to mend."""
    return [str(error) for errors in form.errors.values() for error in errors]


@school_view("activities.record")
@require_GET
def capture_session(request, access):
    """What the phone needs before it sends the captures it kept: a fresh form token (the one in a
    page kept since an earlier login is no longer good) and who is logged in, so that one person's
    captures are never sent under another's name. Never kept by a cache."""
    response = JsonResponse({"csrf": get_token(request), "user": request.user.pk})
    add_never_cache_headers(response)
    return response


RANGE = re.compile(r"bytes (\d+)-(\d+)/(\d+)")


@school_view("activities.record")
@require_http_methods(["GET", "PUT"])
def upload(request, access, key):
    """A photo's pieces, sent in the background as soon as it is chosen (files/resumable.py). PUT a
    piece with `Content-Range: bytes START-END/TOTAL` (and the file's name, URL-encoded, in
    `X-File-Name`); GET how much has arrived. Both answer {"received": …, "total": …}; a piece that
    does not start where the received bytes end answers 409 with where to go on from."""
    if request.method == "GET":
        found = resumable.status(school=access.school, user=request.user, key=key)
        return JsonResponse({"received": found.received if found else 0, "total": found.total if found else None})
    match = RANGE.fullmatch(request.headers.get("Content-Range", ""))
    chunk = request.body
    if not match or int(match[2]) - int(match[1]) + 1 != len(chunk):
        return JsonResponse({"error": _("This piece does not belong to the file.")}, status=400)
    start, total = int(match[1]), int(match[3])
    name = unquote(request.headers.get("X-File-Name", ""))
    try:
        found = resumable.receive(
            school=access.school, user=request.user, key=key, start=start, total=total, chunk=chunk, name=name
        )
    except resumable.OutOfStep as step:
        return JsonResponse({"received": step.received, "total": total}, status=409)
    except ValidationError as error:
        return JsonResponse({"error": " ".join(error.messages)}, status=400)
    return JsonResponse({"received": found.received, "total": found.total})


def _go(request, url):
    """The capture script sends the form itself (to show progress and survive a dropped connection)
    and navigates on its own, so that the message is shown on the next page and not used up."""
    return HttpResponseClientRedirect(url) if request.htmx else redirect(url)


def _form_page(request, access, activity=None, initial=None):
    form = forms.ActivityForm(request.POST or None, instance=activity, school=access.school, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            with conflicts.saving(form):
                saved = services.activity_save(
                    school=access.school,
                    user=request.user,
                    activity=activity,
                    data=form.activity_data(),
                    partners=form.cleaned_data["partners"],
                    agreements=form.cleaned_data["agreements"],
                    counts=form.counts(),
                    results=form.results(),
                )
        except ValidationError as error:
            apply_error(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect(services.activity_url(saved))
    title = activity.title if activity else _("Record an activity")
    return render(
        request, "activities/form.html", {"access": access, "form": form, "title": title, "activity": activity}
    )


@school_view("activities.record")
def create(request, access):
    initial = {"start_date": request.GET.get("date") or None}
    planned_id = request.GET.get("planned", "")
    if planned_id.isdigit():
        initial.update(services.initial_from_plan(school=access.school, planned_id=int(planned_id)))
    partner_id = request.GET.get("partner", "")
    if partner_id.isdigit():
        initial["partners"] = forms.partners_of(access.school).filter(pk=int(partner_id))
    return _form_page(request, access, initial={k: v for k, v in initial.items() if v is not None})


@school_view("activities.record")
def edit(request, access, activity_id):
    activity = _activity(access, activity_id)
    if not _may_edit(access, activity):
        messages.error(request, _("The activity is verified; only the coordinator or the principal can change it."))
        return redirect(services.activity_url(activity))
    return _form_page(request, access, activity)


@school_view("activities.view")
def detail(request, access, activity_id):
    return detail_page(request, access, _activity(access, activity_id))


def detail_page(request, access, activity, contribution_form=None, measures_form=None, closing=None, status=200):
    """The activity's page; with a form that was refused (a contribution, the numbers), that form with
    its errors and what was typed."""
    may_edit = _may_edit(access, activity)
    asked = measures.measures_for(activity)
    if measures_form is None and asked:
        recorded = {v.measure_id: v.value for v in activity.measures.all()}
        measures_form = forms.MeasuresForm(measures=asked, values=recorded)
    if contribution_form is None and may_edit:
        partners = list(activity.partners.all())
        initial = {"day": activity.start_date, "partner": partners[0] if len(partners) == 1 else None}
        contribution_form = forms.ContributionForm(
            school=access.school, partners=activity.partners.all(), initial=initial
        )
    evidence = list(activity.evidence.all())
    context = {
        "access": access,
        "activity": activity,
        # Shown as a picture because of what the file is, whatever its kind says.
        "photos": [e for e in evidence if e.is_photo and e.file.thumbnail_path],
        "documents": [e for e in evidence if not (e.is_photo and e.file.thumbnail_path)],
        "undocumented": selectors.is_undocumented(activity),
        "may_edit": may_edit,
        # A partner's representative sees what their own partner gave, not what the others did.
        "contributions": contributions.of_activity(activity).filter(partner=access.partner_id)
        if access.is_partner_rep
        else contributions.of_activity(activity),
        "measure_values": activity.measures.select_related("measure"),
        "measures_form": measures_form if may_edit else None,
        # Referrals name pupils' needs: the school's own, not the partner's representative's.
        "follow_ups": activity.follow_ups.select_related("measure", "assignee", "closed_by")
        if not access.is_partner_rep
        else [],
        "close_form": forms.FollowUpCloseForm(),
        # A refused closing: (the follow-up's id, its form with the reason and what was typed).
        "closing": closing or (None, None),
        "contribution_form": contribution_form,
        "evidence_form": forms.EvidenceForm(),
        "return_form": forms.ReturnForm(),
        "confirm_form": forms.ConfirmForm(),
        "participants_form": forms.ParticipantsForm(),
        "counts": services.count_summary(activity),
        "shares": sharing.links_for(activity, request.LANGUAGE_CODE) if access.can("activities.record") else [],
        "history": page_history(request, school=access.school, anchor=activity) if not access.is_partner_rep else [],
        # A partner's representative opens only their own signed agreements.
        "openable_agreements": _openable_agreements(access, activity) if access.is_partner_rep else set(),
    }
    return render(request, "activities/detail.html", context, status=status)


def _openable_agreements(access, activity) -> set[int]:
    from mitra.agreements.selectors import agreements_of

    return set(
        agreements_of(access=access).filter(pk__in=activity.agreements.values("pk")).values_list("pk", flat=True)
    )


@school_view("activities.record")
@require_POST
def delete(request, access, activity_id):
    activity = _activity(access, activity_id)
    try:
        services.activity_delete(activity=activity, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(services.activity_url(activity))
    messages.success(request, _("The activity was deleted."))
    return redirect("activities:home", school_id=access.school.pk)


# --- Evidence ----------------------------------------------------------------------------------------


def _evidence(access, activity_id, evidence_id) -> Evidence:
    activity = _activity(access, activity_id)
    return get_object_or_404(
        Evidence.objects.for_school(access.school).select_related("file", "activity"),
        pk=evidence_id,
        activity=activity,
    )


@school_view("activities.view")
def evidence_file(request, access, activity_id, evidence_id):
    found = _evidence(access, activity_id, evidence_id)
    return pipeline.serve(found.file, inline=True)


@school_view("activities.view")
def evidence_thumbnail(request, access, activity_id, evidence_id):
    found = _evidence(access, activity_id, evidence_id)
    if not found.file.thumbnail_path:
        raise Http404
    return pipeline.serve(found.file, inline=True, thumbnail=True)


@school_view("activities.record")
@require_POST
def evidence_add(request, access, activity_id):
    activity = _activity(access, activity_id)
    back = (services.activity_url(activity) + "#evidence",)
    if not _may_edit(access, activity):
        messages.error(request, _("The activity is verified; its evidence stays as it was verified."))
        return redirect(*back)
    form = forms.EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        return refuse(request, form, back)
    return act(
        request,
        lambda: services.evidence_add(
            activity=activity,
            user=request.user,
            uploads=form.cleaned_data["files"],
            kind=form.cleaned_data["kind"] or None,
            caption=form.cleaned_data["caption"],
        ),
        back,
    )


@school_view("activities.record")
@require_POST
def evidence_remove(request, access, activity_id, evidence_id):
    found = _evidence(access, activity_id, evidence_id)
    return act(
        request,
        lambda: services.evidence_remove(evidence=found, user=request.user),
        (services.activity_url(found.activity) + "#evidence",),
    )


# --- Named participants ------------------------------------------------------------------------------


@school_view("activities.record")
@require_POST
def participants_add(request, access, activity_id):
    activity = _activity(access, activity_id)
    form = forms.ParticipantsForm(request.POST)
    back = (services.activity_url(activity) + "#participants",)
    if not form.is_valid():
        return refuse(request, form, back)
    return act(
        request,
        lambda: services.participants_add(
            activity=activity, user=request.user, group=form.cleaned_data["group"], names=form.cleaned_data["names"]
        ),
        back,
    )


@school_view("activities.record")
@require_POST
def participant_remove(request, access, activity_id, participant_id):
    activity = _activity(access, activity_id)
    found = get_object_or_404(Participant.objects.for_school(access.school), pk=participant_id, activity=activity)
    return act(
        request,
        lambda: services.participant_remove(participant=found, user=request.user),
        (services.activity_url(activity) + "#participants",),
    )


# --- Verification ------------------------------------------------------------------------------------


@school_view("activities.record")
@require_POST
def submit(request, access, activity_id):
    activity = _activity(access, activity_id)
    try:
        services.submit(activity=activity, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Submitted. The coordinator has been told."))
    return redirect(services.activity_url(activity))


@school_view("activities.verify")
@require_POST
def verify(request, access, activity_id):
    activity = _activity(access, activity_id)
    return act(
        request,
        lambda: services.verify(activity=activity, user=request.user),
        (services.activity_url(activity),),
    )


@school_view("activities.verify")
@require_POST
def send_back(request, access, activity_id):
    activity = _activity(access, activity_id)
    form = forms.ReturnForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    return act(
        request,
        lambda: services.send_back(activity=activity, user=request.user, comment=comment),
        (services.activity_url(activity),),
    )


@school_view("activities.confirm")
@require_POST
def confirm(request, access, activity_id):
    activity = _activity(access, activity_id)
    form = forms.ConfirmForm(request.POST, request.FILES)
    if not form.is_valid():
        return refuse(request, form, (services.activity_url(activity),))
    return act(
        request,
        lambda: services.partner_confirm(
            activity=activity,
            user=request.user,
            partner_id=access.partner_id,
            note=form.cleaned_data["note"],
            uploads=form.cleaned_data["files"],
        ),
        (services.activity_url(activity),),
    )
