"""What the evaluation found and decided: the obstacles register, recommendations with their action
items, observations of activities, and the year's evaluation plan."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from mitra.activities.models import Activity
from mitra.evaluation import forms, results, selectors, services
from mitra.evaluation.models import ActionItem, Observation, ObservationPhoto, PlanEntry
from mitra.files import pipeline
from mitra.history.selectors import page_history
from mitra.schools.access import school_view
from mitra.schools.cycle import STAGES_BY_KEY
from mitra.schools.listing import paginate
from mitra.schools.pages import act, form_page, partial_page, refuse
from mitra.schools.services import current_year


@school_view("evaluation.view")
def home(request, access):
    year = current_year(access.school)
    open_rounds = selectors.rounds_of(access=access).filter(closed_at__isnull=True, closes_on__gte=timezone.localdate())
    context = {
        "access": access,
        "stage": STAGES_BY_KEY["evaluate"],
        "year": year,
        "to_answer": selectors.rounds_to_answer(access=access, user=request.user),
        "due": selectors.plan_due(access=access, year=year) if access.can("evaluation.manage") else [],
        "open_rounds": open_rounds[:10],
        "open_round_count": open_rounds.count(),
        "obstacles": selectors.obstacle_list(access=access, open_only=True)[:5],
        "open_obstacles": selectors.obstacle_list(access=access, open_only=True).count(),
        "carried": selectors.carried_over(access=access, year=year) if year else None,
        "indicators": results.indicator_progress(school=access.school, year=year),
    }
    return render(request, "evaluation/home.html", context)


# --- The evaluation plan --------------------------------------------------------------------------


@school_view("evaluation.view")
def plan(request, access):
    year = current_year(access.school)
    entries = PlanEntry.objects.for_school(access.school).select_related("instrument", "partner", "academic_year")
    return render(
        request,
        "evaluation/plan.html",
        {
            "access": access,
            "year": year,
            "entries": entries,
            "due": selectors.plan_due(access=access, year=year),
        },
    )


def _entry_page(request, access, entry=None):
    from mitra.evaluation.instruments import ensure_defaults

    ensure_defaults(access.school, request.user)  # the plan chooses among the instruments
    initial = {} if entry else {"academic_year": current_year(access.school)}
    form = forms.PlanEntryForm(request.POST or None, instance=entry, school=access.school, initial=initial)
    return form_page(
        request,
        access,
        form,
        title=_("Evaluation plan") if entry is None else str(entry),
        subtitle=_("Which instrument is answered, about what, when and by whom — set at the start of the year."),
        save=lambda f: services.plan_entry_save(
            school=access.school, user=request.user, data=f.cleaned_data, entry=entry
        ),
        done=("evaluation:plan", access.school.pk),
    )


@school_view("evaluation.manage")
def plan_entry_create(request, access):
    return _entry_page(request, access)


def _entry(access, entry_id):
    return get_object_or_404(PlanEntry.objects.for_school(access.school), pk=entry_id)


@school_view("evaluation.manage")
def plan_entry_edit(request, access, entry_id):
    return _entry_page(request, access, _entry(access, entry_id))


@school_view("evaluation.manage")
@require_POST
def plan_entry_delete(request, access, entry_id):
    entry = _entry(access, entry_id)
    return act(
        request,
        lambda: services.plan_entry_delete(entry=entry, user=request.user),
        ("evaluation:plan", access.school.pk),
    )


# --- Obstacles ------------------------------------------------------------------------------------


@school_view("evaluation.view")
def obstacle_list(request, access):
    filters = forms.ObstacleFilterForm(request.GET or None, school=access.school)
    criteria = {k: v for k, v in (filters.cleaned_data if filters.is_valid() else {}).items() if v}
    page, query = paginate(request, selectors.obstacle_list(access=access, **criteria))
    context = {"access": access, "filters": filters, "page": page, "query": query, "today": timezone.localdate()}
    return partial_page(request, "evaluation/obstacles.html", context)


def _obstacle_done(obstacle):
    return ("evaluation:obstacle", obstacle.school_id, obstacle.pk)


@school_view("obstacles.edit")
def obstacle_create(request, access):
    """Also raised in one click from a response (`?response=…&item=…`) or an observation."""
    initial, source = {}, {}
    get = request.GET
    if get.get("response", "").isdigit():
        found = services.obstacle_initial_from_response(
            school=access.school, response_id=int(get["response"]), item_key=get.get("item", "")
        )
        source = found.pop("source", {})
        initial |= found
    if get.get("observation", "").isdigit():
        found = services.obstacle_initial_from_observation(school=access.school, observation_id=int(get["observation"]))
        source = found.pop("source", {})
        initial |= found
    if get.get("activity", "").isdigit():
        initial["activity"] = Activity.objects.for_school(access.school).filter(pk=int(get["activity"])).first()
    form = forms.ObstacleForm(request.POST or None, school=access.school, initial=initial)
    return form_page(
        request,
        access,
        form,
        title=_("Record an obstacle"),
        subtitle=_("Raised from an answer: the answer stays linked to it.") if source.get("response") else "",
        save=lambda f: services.obstacle_save(
            school=access.school, user=request.user, data=f.cleaned_data, source=source
        ),
        done=_obstacle_done,
    )


@school_view("evaluation.view")
def obstacle_detail(request, access, obstacle_id):
    obstacle = selectors.obstacle_get(access=access, obstacle_id=obstacle_id)
    return render(
        request,
        "evaluation/obstacle.html",
        {
            "access": access,
            "obstacle": obstacle,
            "today": timezone.localdate(),
            "history": page_history(request, school=access.school, anchor=obstacle),
        },
    )


@school_view("obstacles.edit")
def obstacle_edit(request, access, obstacle_id):
    obstacle = selectors.obstacle_get(access=access, obstacle_id=obstacle_id)
    form = forms.ObstacleForm(request.POST or None, instance=obstacle, school=access.school)
    return form_page(
        request,
        access,
        form,
        title=obstacle.title,
        save=lambda f: services.obstacle_save(
            school=access.school, user=request.user, data=f.cleaned_data, obstacle=obstacle
        ),
        done=_obstacle_done,
    )


@school_view("recommendations.edit")
@require_POST
def obstacle_delete(request, access, obstacle_id):
    obstacle = selectors.obstacle_get(access=access, obstacle_id=obstacle_id)
    services.obstacle_delete(obstacle=obstacle, user=request.user)
    return redirect("evaluation:obstacles", school_id=access.school.pk)


# --- Recommendations ------------------------------------------------------------------------------


@school_view("evaluation.view")
def recommendation_list(request, access):
    filters = forms.RecommendationFilterForm(request.GET or None, school=access.school)
    criteria = {k: v for k, v in (filters.cleaned_data if filters.is_valid() else {}).items() if v}
    page, query = paginate(request, selectors.recommendation_list(access=access, **criteria))
    context = {"access": access, "filters": filters, "page": page, "query": query}
    return render(request, "evaluation/recommendations.html", context)


def _recommendation_done(recommendation):
    return ("evaluation:recommendation", recommendation.school_id, recommendation.pk)


@school_view("recommendations.edit")
def recommendation_create(request, access):
    initial = {"academic_year": current_year(access.school)}
    get = request.GET
    if get.get("round", "").isdigit():
        round_ = selectors.rounds_of(access=access).filter(pk=int(get["round"])).first()
        if round_:
            initial |= {"round": round_, "partner": round_.partner}
    if get.get("partner", "").isdigit():
        initial["partner"] = int(get["partner"])
    form = forms.RecommendationForm(request.POST or None, school=access.school, initial=initial)
    return form_page(
        request,
        access,
        form,
        title=_("Recommendation"),
        subtitle=_("A decision for the partnership in the next cycle, with its reasons and what must be done."),
        save=lambda f: services.recommendation_save(school=access.school, user=request.user, data=f.cleaned_data),
        done=_recommendation_done,
    )


@school_view("evaluation.view")
def recommendation_detail(request, access, recommendation_id):
    recommendation = selectors.recommendation_get(access=access, recommendation_id=recommendation_id)
    return render(
        request,
        "evaluation/recommendation.html",
        {
            "access": access,
            "recommendation": recommendation,
            "actions": recommendation.actions.select_related("owner"),
            "action_form": forms.ActionForm(school=access.school),
            "today": timezone.localdate(),
            "history": page_history(request, school=access.school, anchor=recommendation),
        },
    )


@school_view("recommendations.edit")
def recommendation_edit(request, access, recommendation_id):
    recommendation = selectors.recommendation_get(access=access, recommendation_id=recommendation_id)
    form = forms.RecommendationForm(request.POST or None, instance=recommendation, school=access.school)
    return form_page(
        request,
        access,
        form,
        title=str(recommendation),
        save=lambda f: services.recommendation_save(
            school=access.school, user=request.user, data=f.cleaned_data, recommendation=recommendation
        ),
        done=_recommendation_done,
    )


@school_view("recommendations.edit")
@require_POST
def action_add(request, access, recommendation_id):
    recommendation = selectors.recommendation_get(access=access, recommendation_id=recommendation_id)
    form = forms.ActionForm(request.POST, school=access.school)
    back = _recommendation_done(recommendation)
    if not form.is_valid():
        return refuse(request, form, back)
    return act(
        request,
        lambda: services.action_save(recommendation=recommendation, user=request.user, data=form.cleaned_data),
        back,
    )


@school_view("recommendations.edit")
def action_edit(request, access, recommendation_id, action_id):
    recommendation = selectors.recommendation_get(access=access, recommendation_id=recommendation_id)
    action = get_object_or_404(
        ActionItem.objects.for_school(access.school), pk=action_id, recommendation=recommendation
    )
    form = forms.ActionForm(request.POST or None, instance=action, school=access.school)
    return form_page(
        request,
        access,
        form,
        title=action.text,
        save=lambda f: services.action_save(
            recommendation=recommendation, user=request.user, data=f.cleaned_data, action=action
        ),
        done=_recommendation_done(recommendation),
    )


# --- Observations ---------------------------------------------------------------------------------


@school_view("evaluation.observe")
def observation_create(request, access, activity_id):
    activity = Activity.objects.for_school(access.school).filter(pk=activity_id).first()
    if activity is None:
        raise Http404
    form = forms.ObservationForm(request.POST or None, request.FILES or None)
    return form_page(
        request,
        access,
        form,
        title=_("Observation"),
        subtitle=activity.title,
        save=lambda f: services.observation_save(
            school=access.school,
            user=request.user,
            activity=activity,
            data=f.cleaned_data,
            uploads=f.cleaned_data["photos"],
        ),
        done=lambda saved: ("evaluation:observation", access.school.pk, saved.pk),
    )


def _observation(access, observation_id):
    return get_object_or_404(
        Observation.objects.for_school(access.school).select_related("activity", "observer"), pk=observation_id
    )


@school_view("evaluation.view")
def observation_detail(request, access, observation_id):
    observation = _observation(access, observation_id)
    return render(
        request,
        "evaluation/observation.html",
        {
            "access": access,
            "observation": observation,
            "photos": observation.photos.select_related("file"),
            "obstacles": observation.obstacles.all(),
        },
    )


@school_view("evaluation.view")
def observation_photo(request, access, observation_id, photo_id):
    observation = _observation(access, observation_id)
    photo = get_object_or_404(
        ObservationPhoto.objects.for_school(access.school).select_related("file"), pk=photo_id, observation=observation
    )
    return pipeline.serve(
        photo.file, inline=True, thumbnail=request.GET.get("size") == "thumb" and bool(photo.file.thumbnail_path)
    )


# --- Partnerships: health and journal -------------------------------------------------------------


@school_view("evaluation.view")
def partnerships(request, access):
    from mitra.evaluation import partnership
    from mitra.partners.selectors import active_partners, in_use

    show_all = request.GET.get("all") == "1"
    # Prospects have no partnership to score yet: the active partners, unless all are asked for.
    partners = in_use(school=access.school) if show_all else active_partners(school=access.school).order_by("name")
    partners = list(partners)
    health = partnership.health_of(school=access.school, partner_ids=[p.pk for p in partners])
    rows = [{"partner": p, "health": health[p.pk]} for p in partners]
    if request.GET.get("sort") != "name":
        rows.sort(key=lambda r: (r["health"].score is None, r["health"].score or 0))
    return render(
        request,
        "evaluation/partnerships.html",
        {
            "access": access,
            "rows": rows,
            "parts": partnership.PARTS,
            "sort": request.GET.get("sort", "score"),
        },
    )


@school_view("evaluation.view")
def journal(request, access, partner_id):
    from mitra.activities import contributions
    from mitra.evaluation import partnership
    from mitra.partners.models import Partner

    partner = get_object_or_404(Partner.objects.for_school(access.school), pk=partner_id)

    def journal_page() -> dict:
        filters = forms.JournalFilterForm(request.GET or None)
        criteria = filters.cleaned_data if filters.is_valid() else {}
        found = partnership.journal(
            access=access,
            partner=partner,
            kind=criteria.get("kind", ""),
            first=criteria.get("first"),
            last=criteria.get("last"),
        )
        filters.fields["kind"].widget.choices = [("", _("All"))] + [(k, k) for k in found["kinds"]]
        return {
            "filters": filters,
            "entries": found["entries"],
            "health": partnership.health_of(school=access.school, partner_ids=[partner.pk])[partner.pk],
            "given": contributions.partner_figures(access=access, partner=partner),
        }

    return render(
        request,
        "evaluation/journal.html",
        # Computed only when the page's kept copy is missing (the template's {% kept %}).
        {
            "access": access,
            "partner": partner,
            "journal": SimpleLazyObject(journal_page),
            "today": timezone.localdate(),
        },
    )
