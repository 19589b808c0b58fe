"""Rounds: opening one on an instrument, its links, answering it signed in, and its results."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mitra.activities.models import Activity
from mitra.evaluation import forms, responses, results, selectors
from mitra.evaluation.models import Group, Link, PlanEntry
from mitra.history.selectors import page_history, whole_history
from mitra.partners.models import Partner
from mitra.schools import submissions
from mitra.schools.access import school_view
from mitra.schools.listing import paginate
from mitra.schools.pages import act, apply_error, refuse
from mitra.schools.services import current_year
from mitra.schools.templatetags.kept import parts_written_once


def _round_url(round_) -> str:
    return reverse("evaluation:round", kwargs={"school_id": round_.school_id, "round_id": round_.pk})


@school_view("evaluation.view")
def round_list(request, access):
    filters = forms.RoundFilterForm(request.GET or None)
    criteria = {k: v for k, v in (filters.cleaned_data if filters.is_valid() else {}).items() if v}
    page, query = paginate(request, selectors.round_list(access=access, **criteria))
    return render(
        request,
        "evaluation/rounds.html",
        {"access": access, "filters": filters, "page": page, "query": query, "today": timezone.localdate()},
    )


def _initial(access, request) -> tuple[dict, PlanEntry | None]:
    """A round opened from the plan, an activity or a partner starts from what they say."""
    from mitra.activities.models import TeamTerm

    get = request.GET
    today = timezone.localdate()
    team = TeamTerm.objects.for_school(access.school).filter(starts_on__lte=today, ends_on__gte=today)
    initial = {
        "opens_on": today,
        "closes_on": today + datetime.timedelta(days=14),
        # The partnership team of today answers, unless the coordinator changes it.
        "respondents": list(team.values_list("user_id", flat=True).distinct()),
    }
    entry = None
    if get.get("entry", "").isdigit():
        entry = PlanEntry.objects.for_school(access.school).filter(pk=int(get["entry"])).first()
        if entry:
            initial |= {"audiences": entry.audiences, "partner": entry.partner}
    if get.get("activity", "").isdigit():
        activity = Activity.objects.for_school(access.school).filter(pk=int(get["activity"])).first()
        if activity:
            initial |= {"activity": activity, "title": activity.title}
            if initial.get("partner") is None:
                initial["partner"] = activity.partners.first()
    if get.get("partner", "").isdigit():
        initial["partner"] = Partner.objects.for_school(access.school).filter(pk=int(get["partner"])).first()
    return {k: v for k, v in initial.items() if v is not None}, entry


@school_view("evaluation.manage")
def round_create(request, access, instrument_id):
    instrument = selectors.instrument_get(access=access, instrument_id=instrument_id)
    initial, entry = _initial(access, request)
    initial.setdefault("title", instrument.title)
    form = forms.RoundForm(request.POST or None, school=access.school, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {**form.cleaned_data, "academic_year": current_year(access.school), "plan_entry": entry}
        try:
            round_ = responses.round_open(
                school=access.school,
                user=request.user,
                instrument=instrument,
                data=data,
                respondents=form.cleaned_data["respondents"],
                expected=form.expected(),
            )
        except ValidationError as error:
            apply_error(form, error)
        else:
            messages.success(request, _("The round is open. Share its links with those who answer."))
            return redirect(_round_url(round_))
    return render(request, "evaluation/round_form.html", {"access": access, "form": form, "instrument": instrument})


@school_view("evaluation.view")
def round_detail(request, access, round_id):
    round_ = selectors.round_get(access=access, round_id=round_id)
    links = SimpleLazyObject(lambda: list(round_.links.annotate(answers=Count("responses"))))
    # All computed only when the page's kept copy is missing (the template's {% kept %}).
    context = {
        "access": access,
        "round": round_,
        "shared_links": SimpleLazyObject(lambda: [link for link in links if not link.single_use]),
        "personal_links": SimpleLazyObject(lambda: [link for link in links if link.single_use]),
        "used": SimpleLazyObject(
            lambda: set(round_.responses.filter(link__isnull=False).values_list("link_id", flat=True))
        ),
        "results": SimpleLazyObject(lambda: results.round_results(round_)),
        "bursts": SimpleLazyObject(lambda: selectors.answer_bursts(round_)),
        "links_form": SimpleLazyObject(lambda: forms.LinksForm(round_=round_)),
        "reopen_form": forms.ReopenForm(initial={"closes_on": timezone.localdate() + datetime.timedelta(days=7)}),
        "open": round_.is_open_on(timezone.localdate()),
        "may_answer": SimpleLazyObject(
            lambda: access.can("evaluation.answer") and responses.respondent_refusal(round_, request.user) is None
        ),
        "base_url": request.build_absolute_uri("/")[:-1],
        "whole_history": whole_history(request),  # the kept history part's key
        "history": SimpleLazyObject(lambda: page_history(request, school=access.school, anchor=round_)),
    }
    with parts_written_once():
        return render(request, "evaluation/round.html", context)


@school_view("evaluation.view")
def round_links_print(request, access, round_id):
    """The personal links as a sheet to cut into slips (or to paste into messages one by one)."""
    round_ = selectors.round_get(access=access, round_id=round_id)
    links = round_.links.filter(single_use=True, revoked_at__isnull=True)
    return render(
        request,
        "evaluation/links_print.html",
        {"access": access, "round": round_, "links": links, "base_url": request.build_absolute_uri("/")[:-1]},
    )


@school_view("evaluation.manage")
@require_POST
def links_add(request, access, round_id):
    round_ = selectors.round_get(access=access, round_id=round_id)
    form = forms.LinksForm(request.POST, round_=round_)
    back = (_round_url(round_) + "#links",)
    if not form.is_valid():
        return refuse(request, form, back)
    return act(
        request,
        lambda: responses.links_add(
            round_=round_,
            user=request.user,
            group=form.cleaned_data["group"],
            count=form.cleaned_data["count"] or 0,
            labels=(form.cleaned_data["labels"] or "").splitlines(),
        ),
        back,
    )


@school_view("evaluation.manage")
@require_POST
def link_revoke(request, access, round_id, link_id):
    round_ = selectors.round_get(access=access, round_id=round_id)
    link = get_object_or_404(Link.objects.for_school(access.school), pk=link_id, round=round_)
    responses.link_revoke(link=link, user=request.user)
    messages.success(request, _("The link no longer works."))
    return redirect(_round_url(round_) + "#links")


@school_view("evaluation.manage")
@require_POST
def link_limit(request, access, round_id, link_id):
    """The most answers a shared link takes; empty lifts the limit."""
    round_ = selectors.round_get(access=access, round_id=round_id)
    link = get_object_or_404(Link.objects.for_school(access.school), pk=link_id, round=round_, single_use=False)
    form = forms.LinkLimitForm(request.POST)
    back = (_round_url(round_) + "#links",)
    if not form.is_valid():
        return refuse(request, form, back)
    try:
        responses.link_limit_set(link=link, user=request.user, max_answers=form.cleaned_data["max_answers"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The link's limit was saved."))
    return redirect(*back)


@school_view("evaluation.manage")
@require_POST
def round_close(request, access, round_id):
    round_ = selectors.round_get(access=access, round_id=round_id)
    responses.round_close(round_=round_, user=request.user)
    messages.success(request, _("The round is closed; its links no longer take answers."))
    return redirect(_round_url(round_))


@school_view("evaluation.manage")
@require_POST
def round_reopen(request, access, round_id):
    round_ = selectors.round_get(access=access, round_id=round_id)
    form = forms.ReopenForm(request.POST)
    if not form.is_valid():
        return refuse(request, form, (_round_url(round_),))
    return act(
        request,
        lambda: responses.round_reopen(round_=round_, user=request.user, closes_on=form.cleaned_data["closes_on"]),
        (_round_url(round_),),
    )


@school_view("evaluation.answer")
def round_answer(request, access, round_id):
    """A team member or committee member answers, signed in, a round they were asked to answer."""
    round_ = selectors.round_get(access=access, round_id=round_id)
    refusal = responses.respondent_refusal(round_, request.user)
    if refusal:
        reason, words = refusal
        (messages.info if reason == responses.ANSWERED else messages.error)(request, words)
        return redirect("evaluation:home", school_id=access.school.pk)
    form = responses.answer_form(round_, request.POST or None, ask_name=False)
    if request.method == "POST" and form.is_valid():
        try:
            responses.response_save(
                round_=round_,
                form=form,
                group=Group.TEAM,
                submission=submissions.token_of(request),
                user=request.user,
            )
        except ValidationError as error:
            apply_error(form, error)
        else:
            messages.success(request, _("Thank you: your answers were saved."))
            return redirect("evaluation:home", school_id=access.school.pk)
    return render(
        request,
        "evaluation/answer.html",
        {
            "access": access,
            "round": round_,
            "form": form,
            "submission": submissions.token_of(request) or submissions.new_token(),
            "signed_in": True,
        },
        status=400 if form.errors else 200,
    )
