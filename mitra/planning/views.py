"""Pages of the planning stage. Each view finds its plan through the school access, hands the input
to a service, and shows the service's refusal (e.g. an approved plan) as a message."""

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from mitra.documents import DOCUMENT_TYPES
from mitra.files.downloads import content_disposition
from mitra.history.selectors import page_history
from mitra.partners.models import Partner
from mitra.planning import committee, forms, inbox, selectors, services, sheet, spending
from mitra.planning.models import (
    AnalysisItem,
    Attendance,
    Candidate,
    Criterion,
    Forum,
    Goal,
    Indicator,
    Need,
    PlannedActivity,
    Programme,
    Task,
    Value,
)
from mitra.schools import todo
from mitra.schools.access import school_view
from mitra.schools.cycle import STAGES_BY_KEY
from mitra.schools.models import AcademicYear
from mitra.schools.pages import act, apply_error, form_page
from mitra.schools.roles import FOUNDATION_ROLES, role_has
from mitra.schools.services import current_year


def _by_foundation(access) -> bool:
    """Whether this person approves only through the foundation's role (a principal who is also a
    foundation officer approves as the principal)."""
    return access.role in FOUNDATION_ROLES or not role_has(access.role, "planning.approve")


def _in_plan(access, model, pk, **path):
    return get_object_or_404(model.objects.for_school(access.school), pk=pk, **path)


# --- The plan ---------------------------------------------------------------------------------


@school_view("planning.view")
def home(request, access, plan_id=None):
    return _home(request, access, plan_id)


def _home(request, access, plan_id=None, committee_form=None, status=200):
    year = current_year(access.school)
    if plan_id is not None:
        plan = selectors.plan_get(access=access, plan_id=plan_id)
    else:
        plan = selectors.latest_plan(access=access, academic_year=year) if year else None
    context = {
        "access": access,
        "stage": STAGES_BY_KEY["plan"],
        "plan": plan,
        "year": year,
        "plans": selectors.plans_of(access=access),
        # The foundation approves only for a school that asks for it (services.require_approver).
        "can_approve": access.can("planning.approve")
        and (not _by_foundation(access) or access.school.plan_approval_by_other),
        "years_without_plan": AcademicYear.objects.for_school(access.school).exclude(
            pk__in=selectors.plans_of(access=access).values("academic_year")
        ),
    }
    if plan:
        context.update(
            inbox=inbox.items_for(access=access, year=plan.academic_year),
            next_years=context["years_without_plan"].filter(start_date__gt=plan.academic_year.start_date),
            counts=selectors.plan_counts(plan=plan),
            comments=plan.comments.select_related("author"),
            comment_form=forms.CommentForm(),
            committee_comments=committee.comments_on_plan(plan),
            committee_form=(committee_form or forms.committee_form_for(access))
            if committee.may_comment_on(plan)
            else None,
            history=page_history(request, school=access.school, anchor=plan),
        )
    return render(request, "planning/home.html", context, status=status)


@school_view("committee.comment")
@require_POST
def committee_comment(request, access, plan_id):
    plan = selectors.plan_get(access=access, plan_id=plan_id)
    form = forms.committee_form_for(access, request.POST)
    kept = committee.keep_from(form, access=access, user=request.user, about="plan", year=plan.academic_year, plan=plan)
    if kept is not None:
        messages.success(request, _("The committee's comment is kept with the plan."))
        return redirect(reverse("planning:plan", args=[access.school.pk, plan.pk]) + "#committee")
    return _home(request, access, plan.pk, committee_form=form, status=400)


@school_view("planning.edit")
@require_POST
def plan_create(request, access):
    year = get_object_or_404(AcademicYear.objects.for_school(access.school), pk=request.POST.get("academic_year"))
    try:
        plan = services.plan_create(school=access.school, user=request.user, academic_year=year)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("planning:home", school_id=access.school.pk)
    return redirect("planning:plan", school_id=access.school.pk, plan_id=plan.pk)


def _workflow(action):
    @require_POST
    def view(request, access, plan_id):
        plan = selectors.plan_get(access=access, plan_id=plan_id)
        comment = request.POST.get("comment", "")
        result = {}

        def run():
            result["plan"] = action(plan=plan, user=request.user, comment=comment, request=request, access=access)

        response = act(request, run, ("planning:plan", access.school.pk, plan.pk))
        target = result.get("plan")
        if target is not None and target.pk != plan.pk:
            return redirect("planning:plan", school_id=access.school.pk, plan_id=target.pk)
        return response

    return view


plan_submit = school_view("planning.edit")(
    _workflow(lambda plan, user, comment, **_: services.plan_submit(plan=plan, user=user, comment=comment))
)
plan_approve = school_view("planning.approve")(
    _workflow(
        lambda plan, user, comment, access, **_: services.plan_approve(
            plan=plan, user=user, comment=comment, by_foundation=_by_foundation(access)
        )
    )
)
plan_return = school_view("planning.approve")(
    _workflow(
        lambda plan, user, comment, access, **_: services.plan_return(
            plan=plan, user=user, comment=comment, by_foundation=_by_foundation(access)
        )
    )
)
plan_revise = school_view("planning.edit")(
    _workflow(lambda plan, user, **_: services.plan_revise(plan=plan, user=user))
)


@school_view("planning.edit")
def plan_next_year(request, access, plan_id):
    """Next year's draft from this plan, with the year's evaluation decisions beside each programme."""
    plan = selectors.plan_get(access=access, plan_id=plan_id)
    years = AcademicYear.objects.for_school(access.school).filter(start_date__gt=plan.academic_year.start_date)
    years = years.exclude(pk__in=selectors.plans_of(access=access).values("academic_year")).order_by("start_date")
    choices = services.carry_over_choices(plan=plan)
    form = forms.NextYearForm(request.POST or None, years=years, choices=choices)
    if request.method == "POST" and form.is_valid():
        try:
            new = services.plan_start_next_year(
                plan=plan,
                user=request.user,
                academic_year=form.cleaned_data["academic_year"],
                carry=form.carry(),
                reasons=form.reasons(),
            )
        except ValidationError as error:
            apply_error(form, error)
        else:
            messages.success(request, _("Next year's plan was started as a draft."))
            return redirect("planning:plan", school_id=access.school.pk, plan_id=new.pk)
    covered = {d.partner_id for row in choices for d in row["decisions"]}
    decisions = inbox.decisions_of(school=access.school, year=plan.academic_year)
    partners = Partner.objects.for_school(access.school).in_bulk([pk for pk in decisions if pk not in covered])
    context = {
        "access": access,
        "plan": plan,
        "form": form,
        "years": years if plan.status == plan.Status.APPROVED else years.none(),
        "elsewhere": [(partners[pk], d) for pk, d in decisions.items() if pk in partners],
    }
    return render(request, "planning/next_year.html", context)


# --- Goals, indicators, values ------------------------------------------------------------------


@school_view("planning.view")
def goal_list(request, access, plan_id):
    plan = selectors.plan_get(access=access, plan_id=plan_id)
    goals = selectors.with_agreements(selectors.goals_of(access=access, plan=plan), plan=plan)
    return render(request, "planning/goals.html", {"access": access, "plan": plan, "goals": goals})


def _goal_page(request, access, plan_id, goal_id=None):
    plan = selectors.plan_get(access=access, plan_id=plan_id)
    goal = _in_plan(access, Goal, goal_id, plan=plan) if goal_id else None
    form = forms.GoalForm(request.POST or None, instance=goal, school=access.school)
    return form_page(
        request,
        access,
        form,
        title=_("Edit goal") if goal else _("New goal"),
        subtitle=str(plan),
        save=lambda f: services.goal_save(
            plan=plan, user=request.user, fields=f.cleaned_data, values=f.cleaned_data["values"], goal=goal
        ),
        done=("planning:goals", access.school.pk, plan.pk),
    )


@school_view("planning.edit")
def goal_create(request, access, plan_id):
    return _goal_page(request, access, plan_id)


@school_view("planning.edit")
def goal_edit(request, access, plan_id, goal_id):
    return _goal_page(request, access, plan_id, goal_id)


@school_view("planning.edit")
@require_POST
def goal_delete(request, access, plan_id, goal_id):
    plan = selectors.plan_get(access=access, plan_id=plan_id)
    goal = _in_plan(access, Goal, goal_id, plan=plan)
    return act(
        request,
        lambda: services.goal_delete(goal=goal, user=request.user),
        ("planning:goals", access.school.pk, plan.pk),
    )


def _indicator_page(request, access, plan_id, goal_id=None, indicator_id=None):
    plan = selectors.plan_get(access=access, plan_id=plan_id)
    indicator = _in_plan(access, Indicator, indicator_id, goal__plan=plan) if indicator_id else None
    goal = indicator.goal if indicator else _in_plan(access, Goal, goal_id, plan=plan)
    form = forms.IndicatorForm(request.POST or None, instance=indicator, school=access.school)
    return form_page(
        request,
        access,
        form,
        title=_("Edit indicator") if indicator else _("New indicator"),
        subtitle=goal.title,
        save=lambda f: services.indicator_save(
            goal=goal, user=request.user, fields=f.cleaned_data, indicator=indicator
        ),
        done=("planning:goals", access.school.pk, plan.pk),
    )


@school_view("planning.edit")
def indicator_create(request, access, plan_id, goal_id):
    return _indicator_page(request, access, plan_id, goal_id=goal_id)


@school_view("planning.edit")
def indicator_edit(request, access, plan_id, indicator_id):
    return _indicator_page(request, access, plan_id, indicator_id=indicator_id)


@school_view("planning.edit")
@require_POST
def indicator_delete(request, access, plan_id, indicator_id):
    plan = selectors.plan_get(access=access, plan_id=plan_id)
    indicator = _in_plan(access, Indicator, indicator_id, goal__plan=plan)
    return act(
        request,
        lambda: services.indicator_delete(indicator=indicator, user=request.user),
        ("planning:goals", access.school.pk, plan.pk),
    )


@school_view("planning.view")
def value_list(request, access):
    services.ensure_defaults(access.school)
    values = Value.objects.for_school(access.school)
    return render(request, "planning/values.html", {"access": access, "values": values})


def _value_page(request, access, value_id=None):
    value = get_object_or_404(Value.objects.for_school(access.school), pk=value_id) if value_id else None
    form = forms.ValueForm(request.POST or None, instance=value)
    return form_page(
        request,
        access,
        form,
        title=_("Edit value") if value else _("New value"),
        save=lambda f: services.value_save(school=access.school, user=request.user, fields=f.cleaned_data, value=value),
        done=("planning:values", access.school.pk),
    )


@school_view("planning.manage_lists")
def value_create(request, access):
    return _value_page(request, access)


@school_view("planning.manage_lists")
def value_edit(request, access, value_id):
    return _value_page(request, access, value_id)


# --- Needs, analysis and the matrix -------------------------------------------------------------


@school_view("planning.view")
def need_list(request, access, plan_id):
    plan = selectors.plan_get(access=access, plan_id=plan_id)
    return render(
        request,
        "planning/needs.html",
        {
            "access": access,
            "plan": plan,
            "needs": selectors.with_agreements(
                Need.objects.for_school(access.school).filter(plan=plan).prefetch_related("agreements"), plan=plan
            ),
            "analysis": AnalysisItem.objects.for_school(access.school).filter(plan=plan),
            "analysis_form": forms.AnalysisForm(),
        },
    )


def _need_page(request, access, plan_id, need_id=None):
    plan = selectors.plan_get(access=access, plan_id=plan_id)
    need = _in_plan(access, Need, need_id, plan=plan) if need_id else None
    form = forms.NeedForm(request.POST or None, instance=need)
    return form_page(
        request,
        access,
        form,
        title=_("Edit need") if need else _("New need"),
        subtitle=str(plan),
        save=lambda f: services.need_save(plan=plan, user=request.user, fields=f.cleaned_data, need=need),
        done=("planning:needs", access.school.pk, plan.pk),
    )


@school_view("planning.edit")
def need_create(request, access, plan_id):
    return _need_page(request, access, plan_id)


@school_view("planning.edit")
def need_edit(request, access, plan_id, need_id):
    return _need_page(request, access, plan_id, need_id)


@school_view("planning.edit")
@require_POST
def need_delete(request, access, plan_id, need_id):
    plan = selectors.plan_get(access=access, plan_id=plan_id)
    need = _in_plan(access, Need, need_id, plan=plan)
    return act(
        request,
        lambda: services.need_delete(need=need, user=request.user),
        ("planning:needs", access.school.pk, plan.pk),
    )


@school_view("planning.edit")
@require_POST
def analysis_add(request, access, plan_id):
    plan = selectors.plan_get(access=access, plan_id=plan_id)
    form = forms.AnalysisForm(request.POST)
    done = ("planning:needs", access.school.pk, plan.pk)
    if not form.is_valid():
        messages.error(request, _("Write the problem, strength or opportunity before adding it."))
        return redirect(*done)
    return act(request, lambda: services.analysis_add(plan=plan, user=request.user, **form.cleaned_data), done)


@school_view("planning.edit")
@require_POST
def analysis_delete(request, access, plan_id, item_id):
    plan = selectors.plan_get(access=access, plan_id=plan_id)
    item = _in_plan(access, AnalysisItem, item_id, plan=plan)
    return act(
        request,
        lambda: services.analysis_delete(item=item, user=request.user),
        ("planning:needs", access.school.pk, plan.pk),
    )


@school_view("planning.view")
def matrix(request, access, plan_id):
    plan = selectors.plan_get(access=access, plan_id=plan_id)
    context = {"access": access, "plan": plan, **selectors.coverage_matrix(access=access, plan=plan)}
    return render(request, "planning/matrix.html", context)


# --- Fair selection ---------------------------------------------------------------------------


@school_view("planning.view")
def selection(request, access, plan_id, need_id):
    plan = selectors.plan_get(access=access, plan_id=plan_id)
    need = _in_plan(access, Need, need_id, plan=plan)
    already = Candidate.objects.for_school(access.school).filter(need=need).values("partner_id")
    partners = Partner.objects.for_school(access.school).filter(archived_at__isnull=True).exclude(pk__in=already)
    context = {
        "access": access,
        "plan": plan,
        "need": need,
        "add_form": forms.CandidateAddForm(partners=partners),
        **selectors.selection_for(access=access, need=need),
    }
    return render(request, "planning/selection.html", context)


@school_view("planning.edit")
@require_POST
def candidate_add(request, access, plan_id, need_id):
    plan = selectors.plan_get(access=access, plan_id=plan_id)
    need = _in_plan(access, Need, need_id, plan=plan)
    form = forms.CandidateAddForm(request.POST, partners=Partner.objects.for_school(access.school))
    done = ("planning:selection", access.school.pk, plan.pk, need.pk)
    if not form.is_valid():
        messages.error(request, _("Choose a partner of this school."))
        return redirect(*done)
    return act(
        request,
        lambda: services.candidate_add(need=need, user=request.user, partner=form.cleaned_data["partner"]),
        done,
    )


@school_view("planning.edit")
def candidate_assess(request, access, plan_id, candidate_id):
    plan = selectors.plan_get(access=access, plan_id=plan_id)
    candidate = _in_plan(access, Candidate, candidate_id, need__plan=plan)
    criteria = list(Criterion.objects.for_school(access.school))
    initial = {"decision": candidate.decision, "reason": candidate.reason}
    initial.update({f"score_{s.criterion_id}": s.score for s in candidate.scores.all()})
    form = forms.AssessmentForm(request.POST or None, criteria=criteria, initial=initial)
    return form_page(
        request,
        access,
        form,
        title=_("Assess %(partner)s") % {"partner": candidate.partner.name},
        subtitle=_("For the need: %(need)s") % {"need": candidate.need.title},
        save=lambda f: services.candidate_assess(
            candidate=candidate,
            user=request.user,
            scores=f.scores(),
            decision=f.cleaned_data["decision"],
            reason=f.cleaned_data["reason"],
        ),
        done=("planning:selection", access.school.pk, plan.pk, candidate.need_id),
    )


@school_view("planning.manage_lists")
def criteria(request, access):
    services.ensure_defaults(access.school)
    form = forms.CriteriaForm(request.POST or None, criteria=list(Criterion.objects.for_school(access.school)))
    if request.method == "POST" and form.is_valid():
        try:
            services.criteria_save(school=access.school, user=request.user, rows=form.cleaned_rows())
        except ValidationError as error:
            apply_error(form, error)
        else:
            messages.success(request, _("The selection criteria were saved."))
            return redirect("planning:criteria", school_id=access.school.pk)
    return render(request, "planning/criteria.html", {"access": access, "form": form})


# --- The work plan ------------------------------------------------------------------------------


@school_view("planning.view")
def programme_list(request, access, plan_id):
    plan = selectors.plan_get(access=access, plan_id=plan_id)
    money = spending.summary(school=access.school, plan=plan)
    labels = dict(PlannedActivity.BudgetSource.choices)
    context = {
        "access": access,
        "plan": plan,
        **selectors.work_plan(access=access, plan=plan),
        "money": money,
        # Planned and spent by source, in the order the sources are offered.
        "by_source": [
            {"source": labels[key], "line": money.by_source[key]} for key in labels if key in money.by_source
        ],
    }
    return render(request, "planning/programmes.html", context)


def _programme_page(request, access, plan_id, programme_id=None):
    plan = selectors.plan_get(access=access, plan_id=plan_id)
    programme = _in_plan(access, Programme, programme_id, plan=plan) if programme_id else None
    form = forms.ProgrammeForm(request.POST or None, instance=programme, plan=plan)
    return form_page(
        request,
        access,
        form,
        title=_("Edit programme") if programme else _("New programme"),
        subtitle=str(plan),
        save=lambda f: services.programme_save(
            plan=plan,
            user=request.user,
            fields=f.cleaned_data,
            goals=f.cleaned_data["goals"],
            needs=f.cleaned_data["needs"],
            partners=f.cleaned_data["partners"],
            programme=programme,
        ),
        done=("planning:programmes", access.school.pk, plan.pk),
    )


@school_view("planning.edit")
def programme_create(request, access, plan_id):
    return _programme_page(request, access, plan_id)


@school_view("planning.edit")
def programme_edit(request, access, plan_id, programme_id):
    return _programme_page(request, access, plan_id, programme_id)


@school_view("planning.edit")
@require_POST
def programme_delete(request, access, plan_id, programme_id):
    plan = selectors.plan_get(access=access, plan_id=plan_id)
    programme = _in_plan(access, Programme, programme_id, plan=plan)
    return act(
        request,
        lambda: services.programme_delete(programme=programme, user=request.user),
        ("planning:programmes", access.school.pk, plan.pk),
    )


def _activity_page(request, access, plan_id, programme_id=None, activity_id=None):
    plan = selectors.plan_get(access=access, plan_id=plan_id)
    activity = _in_plan(access, PlannedActivity, activity_id, programme__plan=plan) if activity_id else None
    programme = activity.programme if activity else _in_plan(access, Programme, programme_id, plan=plan)
    initial = None if activity else {"start_date": plan.academic_year.start_date}
    form = forms.ActivityForm(request.POST or None, instance=activity, plan=plan, initial=initial)
    return form_page(
        request,
        access,
        form,
        title=_("Edit planned activity") if activity else _("New planned activity"),
        subtitle=programme.name,
        save=lambda f: services.activity_save(
            programme=programme,
            user=request.user,
            fields=f.cleaned_data,
            indicators=f.cleaned_data["indicators"],
            activity=activity,
        ),
        done=("planning:programmes", access.school.pk, plan.pk),
    )


@school_view("planning.edit")
def activity_create(request, access, plan_id, programme_id):
    return _activity_page(request, access, plan_id, programme_id=programme_id)


@school_view("planning.edit")
def activity_edit(request, access, plan_id, activity_id):
    return _activity_page(request, access, plan_id, activity_id=activity_id)


@school_view("planning.edit")
@require_POST
def activity_delete(request, access, plan_id, activity_id):
    plan = selectors.plan_get(access=access, plan_id=plan_id)
    activity = _in_plan(access, PlannedActivity, activity_id, programme__plan=plan)
    return act(
        request,
        lambda: services.activity_delete(activity=activity, user=request.user),
        ("planning:programmes", access.school.pk, plan.pk),
    )


@school_view("planning.edit")
def task_add(request, access, plan_id, activity_id):
    plan = selectors.plan_get(access=access, plan_id=plan_id)
    activity = _in_plan(access, PlannedActivity, activity_id, programme__plan=plan)
    form = forms.TaskForm(request.POST or None, school=access.school)
    return form_page(
        request,
        access,
        form,
        title=_("New task"),
        subtitle=activity.title,
        save=lambda f: services.task_add(activity=activity, user=request.user, **f.cleaned_data),
        done=("planning:programmes", access.school.pk, plan.pk),
    )


@school_view("planning.view")
@require_POST
def task_toggle(request, access, task_id):
    task = get_object_or_404(
        Task.objects.for_school(access.school).select_related("activity__programme__plan"), pk=task_id
    )
    if task.assignee_id != request.user.pk and not access.can("planning.edit"):
        raise PermissionDenied
    try:
        services.task_toggle(task=task, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(
        request.POST.get("next")
        if url_has_allowed_host_and_scheme(request.POST.get("next"), {request.get_host()})
        else reverse("planning:my_tasks", kwargs={"school_id": access.school.pk})
    )


@school_view("planning.view")
def calendar_view(request, access, plan_id):
    plan = selectors.plan_get(access=access, plan_id=plan_id)
    try:
        year, month = (int(x) for x in request.GET.get("month", "").split("-"))
        datetime.date(year, month, 1)
    except ValueError:
        today = timezone.localdate()
        inside = plan.academic_year.start_date <= today <= plan.academic_year.end_date
        year, month = (
            (today.year, today.month)
            if inside
            else (plan.academic_year.start_date.year, plan.academic_year.start_date.month)
        )
    context = {
        "access": access,
        "plan": plan,
        **selectors.month_calendar(access=access, plan=plan, year=year, month=month),
    }
    return render(request, "planning/calendar.html", context)


@school_view("planning.view")
def timeline_view(request, access, plan_id):
    plan = selectors.plan_get(access=access, plan_id=plan_id)
    return render(
        request,
        "planning/timeline.html",
        {"access": access, "plan": plan, **selectors.timeline(access=access, plan=plan)},
    )


@school_view("planning.view")
def my_tasks(request, access):
    tasks = selectors.tasks_for(access=access, user=request.user)
    context = {
        "access": access,
        "tasks": tasks,
        "others": todo.todos_for(access=access, user=request.user),
        "today": timezone.localdate(),
    }
    return render(request, "planning/my_tasks.html", context)


# --- Socialization forums ------------------------------------------------------------------------
# Forums record meetings held while a plan runs: they belong to the year's plan in force and move to
# a revision when it is approved, so a forum page reached from any revision shows the plan in force.


def _running_plan(access, plan_id):
    plan = selectors.plan_get(access=access, plan_id=plan_id)
    return selectors.plan_in_force(school=access.school, year=plan.academic_year) or plan


@school_view("planning.view")
def forum_list(request, access, plan_id):
    plan = _running_plan(access, plan_id)
    forums = Forum.objects.for_school(access.school).filter(plan=plan).prefetch_related("programmes", "partners")
    return render(request, "planning/forums.html", {"access": access, "plan": plan, "forums": forums})


def _forum_page(request, access, plan_id, forum_id=None):
    plan = _running_plan(access, plan_id)
    forum = _in_plan(access, Forum, forum_id, plan=plan) if forum_id else None
    form = forms.ForumForm(request.POST or None, instance=forum, plan=plan)
    saved = {}

    def save(f):
        saved["forum"] = services.forum_save(
            plan=plan,
            user=request.user,
            fields=f.cleaned_data,
            programmes=f.cleaned_data["programmes"],
            partners=f.cleaned_data["partners"],
            forum=forum,
        )

    response = form_page(
        request,
        access,
        form,
        title=_("Edit forum") if forum else _("New socialization forum"),
        subtitle=str(plan),
        save=save,
        done=("planning:forums", access.school.pk, plan.pk),
    )
    if "forum" in saved:
        return redirect("planning:forum", school_id=access.school.pk, plan_id=plan.pk, forum_id=saved["forum"].pk)
    return response


@school_view("planning.edit")
def forum_create(request, access, plan_id):
    return _forum_page(request, access, plan_id)


@school_view("planning.edit")
def forum_edit(request, access, plan_id, forum_id):
    return _forum_page(request, access, plan_id, forum_id)


def _forum_context(access, plan, forum_id) -> dict:
    forum = get_object_or_404(
        Forum.objects.for_school(access.school).filter(plan=plan).prefetch_related("programmes", "partners"),
        pk=forum_id,
    )
    labels = dict(Forum.Audience.choices)
    return {
        "access": access,
        "plan": plan,
        "forum": forum,
        "audiences": [labels.get(a, a) for a in forum.audiences],
        "attendance": Attendance.objects.for_school(access.school).filter(forum=forum).select_related("partner"),
    }


@school_view("planning.view")
def forum_detail(request, access, plan_id, forum_id):
    plan = _running_plan(access, plan_id)
    context = _forum_context(access, plan, forum_id)
    context["attendance_form"] = forms.AttendanceForm(school=access.school)
    return render(request, "planning/forum.html", context)


@school_view("planning.view")
def attendance_sheet(request, access, plan_id, forum_id):
    """A sheet to print, sign at the door, and keep; the names are typed in afterwards."""
    plan = _running_plan(access, plan_id)
    context = _forum_context(access, plan, forum_id)
    context["blank_rows"] = range(len(context["attendance"]) + 1, 31)
    return render(request, "planning/attendance_sheet.html", context)


@school_view("planning.view")
def attendance_sheet_pdf(request, access, plan_id, forum_id):
    """The same sheet as a PDF, to send to whoever prints it."""
    plan = _running_plan(access, plan_id)
    context = _forum_context(access, plan, forum_id)
    data = sheet.as_pdf(context["forum"], context["attendance"], dict(Forum.Audience.choices))
    response = HttpResponse(data, content_type=DOCUMENT_TYPES["pdf"])
    response["Content-Disposition"] = content_disposition(sheet.file_name(context["forum"]))
    return response


@school_view("planning.edit")
@require_POST
def attendance_add(request, access, plan_id, forum_id):
    """Add the names typed off the signed sheet, all or none; a refusal shows the forum's page again
    with the names as typed and the error beside them."""
    plan = _running_plan(access, plan_id)
    forum = _in_plan(access, Forum, forum_id, plan=plan)
    form = forms.AttendanceForm(request.POST, school=access.school)
    if form.is_valid():
        try:
            added = services.attendance_add_many(
                forum=forum,
                user=request.user,
                names=form.cleaned_data["names"],
                group=form.cleaned_data["group"],
                partner=form.cleaned_data["partner"],
            )
        except ValidationError as error:
            apply_error(form, error)
        else:
            messages.success(
                request,
                ngettext("%(n)d person added to the attendance.", "%(n)d people added to the attendance.", len(added))
                % {"n": len(added)},
            )
            return redirect("planning:forum", access.school.pk, plan.pk, forum.pk)
    context = _forum_context(access, plan, forum_id)
    context["attendance_form"] = form
    return render(request, "planning/forum.html", context)


@school_view("planning.edit")
@require_POST
def attendance_remove(request, access, plan_id, forum_id, entry_id):
    plan = _running_plan(access, plan_id)
    entry = _in_plan(access, Attendance, entry_id, forum__plan=plan, forum_id=forum_id)
    return act(
        request,
        lambda: services.attendance_remove(entry=entry, user=request.user),
        ("planning:forum", access.school.pk, plan.pk, forum_id),
    )


@school_view("planning.manage_lists")
def suggestions(request, access):
    from mitra.planning.models import KindSuggestion

    services.ensure_defaults(access.school)
    current: dict[str, list[str]] = {}
    for s in KindSuggestion.objects.for_school(access.school):
        current.setdefault(s.area, []).append(s.kind)
    form = forms.SuggestionsForm(request.POST or None, current=current)
    return form_page(
        request,
        access,
        form,
        title=_("Which partners meet which needs"),
        subtitle=_("For a need no partner covers yet, the needs × partners map suggests these kinds of partner."),
        save=lambda f: services.suggestions_save(school=access.school, user=request.user, mapping=f.mapping()),
        done=("planning:suggestions", access.school.pk),
    )


@school_view("planning.view")
def finder(request, access):
    """Which partner can meet this need: pick one of the plan's needs, or an area of need."""
    from mitra.partners.models import Area

    services.ensure_defaults(access.school)
    year = current_year(access.school)
    plan = selectors.latest_plan(access=access, academic_year=year) if year else None
    needs = list(Need.objects.for_school(access.school).filter(plan=plan).order_by("title")) if plan else []
    need = next((n for n in needs if str(n.pk) == request.GET.get("need", "")), None)
    area = need.area if need else request.GET.get("area", "")
    if area not in Area.values:
        area = ""
    found = selectors.partner_finder(access=access, area=area, plan=plan) if area else None
    context = {"access": access, "plan": plan, "needs": needs, "need": need, "area": area, "areas": Area.choices}
    return render(request, "planning/finder.html", {**context, "found": found})
