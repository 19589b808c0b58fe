"""A revision is a new version of the same plan items: what was recorded against them (measurements,
activities, agreements, letters, tasks, forums, selections) is still theirs after the revision is
approved, what the revision leaves out is ended explicitly, and every read shows the plan in force."""

import datetime
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from mitra.activities import services as activities
from mitra.activities.models import Activity, IndicatorResult
from mitra.agreements.models import Agreement
from mitra.evaluation.results import indicator_progress
from mitra.letters.models import Letter
from mitra.planning import revisions, services
from mitra.planning.models import (
    Candidate,
    Criterion,
    Forum,
    Goal,
    Indicator,
    Need,
    Plan,
    PlannedActivity,
    Programme,
    Task,
)
from mitra.reports import foundation, generate
from mitra.reports.scope import Kind, Scope
from mitra.reports.selectors import dashboard as school_dashboard
from mitra.schools.access import access_for
from tests.conftest import school_year
from tests.documents.reading import docx_text, pdf_text, squeeze


def approve(plan, world):
    services.plan_submit(plan=plan, user=world.users["coordinator"])
    return services.plan_approve(plan=plan, user=world.users["principal"])


def revise_and_approve(plan, world, change=None):
    revision = services.plan_revise(plan=plan, user=world.users["coordinator"])
    if change:
        change(revision)
    return approve(revision, world)


def live(model, plan):
    return revisions.items_of(model, plan).get()


@pytest.fixture
def measured(letter_world):
    """School A's plan approved, its indicator (40 → 95) measured at 62 by a done activity, its goal and
    programme linked from an agreement and a letter."""
    world = letter_world
    Indicator.all_schools.filter(pk=world.indicator.pk).update(baseline=40, target=95, unit="%")
    world.activity.indicators.add(world.indicator)
    approve(world.plan, world)
    done = activities.activity_save(
        school=world.a,
        user=world.users["coordinator"],
        data={
            "title": "Pemeriksaan kesehatan kelas 7",
            "status": "done",
            "start_date": datetime.date(2025, 9, 15),
            "planned": world.activity,
            "programme": world.programme,
        },
        partners=[world.partner],
        results={world.indicator: (Decimal(62), "")},
    )
    world.agreement.goals.add(world.goal)
    world.agreement.programmes.add(world.programme)
    Letter.all_schools.filter(pk=world.letter.pk).update(programme=world.programme)
    return done


def _actual(world):
    rows = indicator_progress(school=world.a, year=world.year)
    return [(row["indicator"].name, row["actual"]) for row in rows]


def test_a_revision_keeps_what_was_measured(measured, world):
    assert _actual(world) == [("Liputan media", Decimal(62))]
    revision = services.plan_revise(plan=world.plan, user=world.users["coordinator"])
    # While the revision is a draft, the approved plan stays in force with its measurements.
    assert _actual(world) == [("Liputan media", Decimal(62))]
    approve(revision, world)
    assert _actual(world) == [("Liputan media", Decimal(62))]
    new_indicator = live(Indicator, revision)
    assert new_indicator.identity == world.indicator.identity and new_indicator.pk != world.indicator.pk
    assert IndicatorResult.objects.for_school(world.a).get().indicator == new_indicator
    measured.refresh_from_db()
    assert measured.planned == live(PlannedActivity, revision) and measured.programme == live(Programme, revision)


def test_every_reader_shows_the_measurement_after_a_revision(client, measured, world):
    revise_and_approve(world.plan, world)
    client.force_login(world.users["principal"])
    dashboard = client.get(reverse("reports:dashboard", args=[world.a.pk])).content.decode()
    row = re.search(r"Liputan media.*?</tr>", dashboard, re.S).group(0)
    assert re.findall(r"<td>([^<]*)</td>", row)[:3] == ["40", "62", "95"]
    progress = round((62 - 40) * 100 / (95 - 40))
    assert foundation._indicators_by_school([world.a])[world.a.pk] == progress
    scope = Scope(access=access_for(world.users["principal"], world.a.pk), kind=Kind.ANNUAL, year=world.year)
    for file_format, read in (("docx", docx_text), ("pdf", pdf_text)):
        text = squeeze(read(generate.make(scope, file_format).data))
        assert f"Liputan media % 40 95 62 {progress}%" in text, file_format


def test_a_revision_keeps_selections_forums_tasks_and_links(measured, world):
    revision = services.plan_revise(plan=world.plan, user=world.users["coordinator"])
    copy = live(Candidate, revision)
    assert (copy.identity, copy.partner, copy.decision) == (
        world.candidate.identity,
        world.candidate.partner,
        world.candidate.decision,
    )
    approve(revision, world)
    forum = Forum.objects.for_school(world.a).get()
    assert forum.plan == revision and list(forum.programmes.all()) == [live(Programme, revision)]
    task = Task.objects.for_school(world.a).get()
    assert task.activity == live(PlannedActivity, revision) and task.ended_at is None
    agreement = Agreement.objects.for_school(world.a).get(pk=world.agreement.pk)
    assert list(agreement.goals.all()) == [live(Goal, revision)]
    assert list(agreement.programmes.all()) == [live(Programme, revision)]
    assert Letter.objects.for_school(world.a).get(pk=world.letter.pk).programme == live(Programme, revision)


def test_a_selection_keeps_its_scores_and_reason(world, plan):
    need = services.need_save(plan=plan, user=None, fields={"title": "UKS", "area": "health", "priority": 1})
    services.goal_save(plan=plan, user=None, fields={"title": "Mutu", "serves": "Pendidikan bermutu"}, values=[])
    candidate = services.candidate_add(need=need, user=None, partner=world.partner)
    criteria = list(Criterion.objects.for_school(world.a))
    services.candidate_assess(
        candidate=candidate,
        user=None,
        scores={c.pk: 4 for c in criteria},
        decision="selected",
        reason="Dekat dan berpengalaman",
    )
    approve(plan, world)
    revision = services.plan_revise(plan=plan, user=world.users["coordinator"])
    copy = live(Candidate, revision)
    assert (copy.decision, copy.reason) == ("selected", "Dekat dan berpengalaman")
    assert sorted(copy.scores.values_list("criterion_id", "score")) == sorted((c.pk, 4) for c in criteria)
    assert copy.identity == candidate.identity


def test_what_a_revision_removes_is_ended_with_its_open_tasks(measured, world):
    done_task = services.task_add(
        activity=world.activity, user=None, title="Daftar hadir", assignee=world.users["team_member"]
    )
    services.task_toggle(task=done_task, user=None)

    def remove_the_activity(revision):
        services.activity_delete(activity=live(PlannedActivity, revision), user=None)

    revision = revise_and_approve(world.plan, world, remove_the_activity)
    old = PlannedActivity.objects.for_school(world.a).get(pk=world.activity.pk)
    assert old.ended_at is not None
    measured.refresh_from_db()
    assert measured.planned == old  # the record stays with the ended item, not orphaned
    open_task = Task.objects.for_school(world.a).get(pk=world.task.pk)
    assert open_task.ended_at is not None and open_task.done_at is None
    assert Task.objects.for_school(world.a).get(pk=done_task.pk).ended_at is None  # done stays done
    assert not Task.objects.for_school(world.a).open().filter(due_date__lt=datetime.date(2026, 1, 1)).exists()
    assert not PlannedActivity.objects.for_school(world.a).filter(programme__plan=revision).exists()
    with pytest.raises(ValidationError):
        services.task_toggle(task=open_task, user=None)


def test_the_overdue_count_forgets_tasks_of_removed_activities(client, measured, world):
    revise_and_approve(
        world.plan,
        world,
        lambda r: services.activity_delete(activity=live(PlannedActivity, r), user=None),
    )
    access = access_for(world.users["principal"], world.a.pk)
    assert school_dashboard(access=access, today=datetime.date(2026, 1, 5))["overdue_task_count"] == 0
    assert foundation._figures([world.a], datetime.date(2026, 1, 5))[world.a.pk]["overdue"] == 0


def test_three_revisions_keep_one_copy_of_each_item_in_force(measured, world):
    plan = world.plan
    for _ in range(3):
        plan = revise_and_approve(plan, world)
    assert _actual(world) == [("Liputan media", Decimal(62))]
    in_force = Plan.objects.for_school(world.a).in_force().get()
    assert in_force == plan and in_force.revision == 4
    for model in revisions.ITEMS:
        assert revisions.items_of(model, plan).filter(ended_at=None).count() == 1
        assert not model.objects.for_school(world.a).filter(ended_at__isnull=False).exists()


def test_pick_lists_offer_the_plan_in_force_once(client, measured, world):
    client.force_login(world.users["coordinator"])
    revision = services.plan_revise(plan=world.plan, user=world.users["coordinator"])
    form = client.get(reverse("activities:create", args=[world.a.pk])).context["form"]
    assert list(form.fields["programme"].queryset) == [world.programme]
    assert list(form.fields["planned"].queryset) == [world.activity]
    approve(revision, world)
    form = client.get(reverse("activities:create", args=[world.a.pk])).context["form"]
    assert list(form.fields["programme"].queryset) == [live(Programme, revision)]
    assert [label for _value, label in form.fields["programme"].choices][1:] == ["Sekolah Sehat"]
    agreement_form = client.get(reverse("agreements:edit", args=[world.a.pk, world.agreement.pk]))
    fields = agreement_form.context["form"].fields
    assert list(fields["goals"].queryset) == [live(Goal, revision)]
    assert list(fields["needs"].queryset) == [live(Need, revision)]


def test_pick_lists_name_the_year_when_two_are_in_play(client, measured, world):
    client.force_login(world.users["coordinator"])
    next_year = _next_year(world)
    services.plan_start_next_year(plan=world.plan, user=world.users["coordinator"], academic_year=next_year)
    form = client.get(reverse("activities:create", args=[world.a.pk])).context["form"]
    labels = [label for _value, label in form.fields["programme"].choices][1:]
    assert labels == ["Sekolah Sehat · 2025/2026", "Sekolah Sehat · 2026/2027"]  # the current year first


def _next_year(world):
    return school_year(world.a, 2026)


def test_a_link_to_a_replaced_copy_is_refused(measured, world):
    revision = services.plan_revise(plan=world.plan, user=world.users["coordinator"])
    with pytest.raises(ValidationError) as caught:
        activities.activity_save(
            school=world.a,
            user=None,
            data={
                "title": "X",
                "status": "planned",
                "start_date": datetime.date(2025, 10, 1),
                "programme": live(Programme, revision),
            },
        )
    assert caught.value.code == "not_in_force"
    assert not Activity.objects.for_school(world.a).filter(title="X").exists()


def test_the_approver_is_recorded_and_the_school_may_ask_for_a_second_person(world, plan):
    services.goal_save(plan=plan, user=None, fields={"title": "Mutu", "serves": "Pendidikan bermutu"}, values=[])
    principal = world.users["principal"]
    services.plan_submit(plan=plan, user=principal)
    services.plan_approve(plan=plan, user=principal)
    plan.refresh_from_db()
    assert plan.approved_by == principal and plan.approved_by_author
    from mitra.reports.sections.planning import plan_status_line

    scope = Scope(access=access_for(principal, world.a.pk), kind=Kind.ANNUAL, year=world.year, language="en")
    with translation.override("en"):
        said = plan_status_line(scope)
    assert f"Approved by {principal.get_full_name() or principal.username} on " in said
    assert "The one who approved it also wrote it." in said
    world.a.plan_approval_by_other = True
    world.a.save()
    revision = services.plan_revise(plan=plan, user=principal)
    services.plan_submit(plan=revision, user=principal)
    with pytest.raises(ValidationError) as caught:
        services.plan_approve(plan=revision, user=principal)
    assert caught.value.code == "own_plan"
    revision.refresh_from_db()
    assert revision.status == Plan.Status.SUBMITTED
    services.plan_approve(plan=revision, user=world.users["foundation_admin"])
    revision.refresh_from_db()
    assert revision.status == Plan.Status.APPROVED and not revision.approved_by_author


@pytest.mark.parametrize(
    "fields,field",
    [
        ({"start_date": datetime.date(2025, 1, 10)}, "start_date"),
        (
            {"schedule": "range", "start_date": datetime.date(2025, 8, 1), "end_date": datetime.date(2026, 8, 1)},
            "end_date",
        ),
    ],
)
def test_a_work_plan_date_outside_the_school_year_is_refused(world, fields, field):
    base = {"title": "Senam", "schedule": "date", "budget": 0, "budget_source": "school"}
    with pytest.raises(ValidationError) as caught:
        services.activity_save(programme=world.programme, user=None, fields={**base, **fields})
    assert field in caught.value.message_dict
    assert "2025/2026" in caught.value.message_dict[field][0]
    with pytest.raises(ValidationError):
        services.forum_save(
            plan=world.plan,
            user=None,
            fields={"title": "Rapat", "date": datetime.date(2027, 1, 5), "audiences": ["teachers"]},
        )
    with pytest.raises(ValidationError):
        services.task_add(
            activity=world.activity,
            user=None,
            title="Undangan",
            assignee=world.users["team_member"],
            due_date=datetime.date(2025, 1, 10),
        )


def test_the_migration_repairs_revisions_made_before_identities(measured, world):
    """0003 on data as the old copying left it: copies not tied to their originals, everything recorded
    still on the superseded revision. It ties the copies by what they say and carries the records over."""
    import importlib
    import uuid

    from django.apps import apps

    repair = importlib.import_module("mitra.planning.migrations.0003_identities_given")
    revision = services.plan_revise(plan=world.plan, user=world.users["coordinator"])
    services.activity_delete(activity=live(PlannedActivity, revision), user=None)
    for model in revisions.ITEMS:  # the old copying gave no shared identity
        for row in model.objects.for_school(world.a):
            model.all_schools.filter(pk=row.pk).update(identity=uuid.uuid4())
    Plan.all_schools.filter(pk=world.plan.pk).update(status="superseded")
    Plan.all_schools.filter(pk=revision.pk).update(status="approved")

    repair.give_identities(apps, None)
    repair.carry_over_superseded(apps, None)

    assert _actual(world) == [("Liputan media", Decimal(62))]
    assert (
        live(Indicator, revision).identity == Indicator.objects.for_school(world.a).get(pk=world.indicator.pk).identity
    )
    assert Forum.objects.for_school(world.a).get().plan == revision
    agreement = Agreement.objects.for_school(world.a).get(pk=world.agreement.pk)
    assert list(agreement.goals.all()) == [live(Goal, revision)]
    old_activity = PlannedActivity.objects.for_school(world.a).get(pk=world.activity.pk)
    assert old_activity.ended_at is not None  # the revision had removed it
    assert Task.objects.for_school(world.a).get(pk=world.task.pk).ended_at is not None
    measured.refresh_from_db()
    assert measured.programme == live(Programme, revision) and measured.planned == old_activity


# --- Recommendations → next year's plan ----------------------------------------------------------


def _decide(world, partner, decision):
    from mitra.evaluation import services as evaluation

    return evaluation.recommendation_save(
        school=world.a,
        user=world.users["principal"],
        data={"partner": partner, "academic_year": world.year, "decision": decision, "reasons": "Hasil evaluasi"},
    )


def _two_programmes(world):
    """The world's programme with the puskesmas, and one with the police."""
    police = services.programme_save(
        plan=world.plan,
        user=None,
        fields={"name": "Sekolah Aman"},
        goals=[world.goal],
        needs=[],
        partners=[world.other_partner],
    )
    services.activity_save(
        programme=police,
        user=None,
        fields={
            "title": "Patroli",
            "schedule": "monthly",
            "start_date": datetime.date(2025, 8, 1),
            "end_date": datetime.date(2026, 5, 1),
        },
    )
    approve(world.plan, world)
    return police


def test_a_stopped_partnership_is_not_carried_into_next_year(world):
    _two_programmes(world)
    _decide(world, world.other_partner, "stop")
    _decide(world, world.partner, "continue")
    new = services.plan_start_next_year(
        plan=world.plan, user=world.users["coordinator"], academic_year=_next_year(world)
    )
    assert list(Programme.objects.for_school(world.a).filter(plan=new).values_list("name", flat=True)) == [
        "Sekolah Sehat"
    ]


def test_a_stopped_partnership_is_carried_only_with_a_reason(world):
    police = _two_programmes(world)
    _decide(world, world.other_partner, "stop")
    year = _next_year(world)
    with pytest.raises(ValidationError) as caught:
        services.plan_start_next_year(
            plan=world.plan, user=None, academic_year=year, carry=[police.pk, world.programme.pk]
        )
    assert caught.value.code == "stopped_needs_reason"
    assert not Plan.objects.for_school(world.a).filter(academic_year=year).exists()
    new = services.plan_start_next_year(
        plan=world.plan,
        user=world.users["coordinator"],
        academic_year=year,
        carry=[police.pk, world.programme.pk],
        reasons={police.pk: "Polsek berganti kepala; program dilanjutkan dengan MoU baru"},
    )
    copy = Programme.objects.for_school(world.a).get(plan=new, name="Sekolah Aman")
    assert list(copy.partners.all()) == [world.other_partner]
    assert "Polsek berganti kepala" in new.comments.get().text


def test_a_stopped_partner_leaves_a_shared_programme(world):
    Programme.objects.for_school(world.a).get(pk=world.programme.pk).partners.add(world.other_partner)
    approve(world.plan, world)
    _decide(world, world.other_partner, "stop")
    new = services.plan_start_next_year(plan=world.plan, user=None, academic_year=_next_year(world))
    assert list(Programme.objects.for_school(world.a).get(plan=new).partners.all()) == [world.partner]


def test_the_next_year_page_shows_every_decision_beside_its_programme(client, world):
    police = _two_programmes(world)
    _decide(world, world.other_partner, "stop")
    _decide(world, world.partner, "revise")
    year = _next_year(world)
    client.force_login(world.users["coordinator"])
    url = reverse("planning:plan_next_year", args=[world.a.pk, world.plan.pk])
    page = client.get(url)
    rows = {row["programme"].name: row for row in page.context["form"].rows}
    assert [d.decision for d in rows["Sekolah Aman"]["decisions"]] == ["stop"]
    assert [d.decision for d in rows["Sekolah Sehat"]["decisions"]] == ["revise"]
    html = page.content.decode()
    assert f'name="carry_{police.pk}"' in html and f'name="reason_{police.pk}"' in html
    form = page.context["form"]
    assert form[f"carry_{world.programme.pk}"].initial is True and form[f"carry_{police.pk}"].initial is False
    # Carrying the stopped one without a reason keeps what was typed and says why.
    response = client.post(url, {"academic_year": year.pk, f"carry_{police.pk}": "on"})
    assert response.status_code == 200
    assert f"reason_{police.pk}" in response.context["form"].errors
    assert not Plan.objects.for_school(world.a).filter(academic_year=year).exists()
    response = client.post(
        url,
        {"academic_year": year.pk, f"carry_{police.pk}": "on", f"reason_{police.pk}": "Kepala polsek baru"},
    )
    new = Plan.objects.for_school(world.a).get(academic_year=year)
    assert response.status_code == 302
    assert list(Programme.objects.for_school(world.a).filter(plan=new).values_list("name", flat=True)) == [
        "Sekolah Aman"
    ]


def test_a_person_leaving_hands_over_each_planned_activity_once(world):
    """Someone leaving the team owns a planned activity of the plan in force and its copy in the
    revision being made: it is listed once and both copies pass on; the replaced record is not rewritten."""
    from mitra.activities import team

    member, admin = world.users["team_member"], world.users["admin_staff"]
    # A year still to come whenever this runs (open work is what has not happened yet).
    year = school_year(world.a, 2040)
    Plan.all_schools.filter(pk=world.plan.pk).update(academic_year=year)
    world.plan.refresh_from_db()
    PlannedActivity.all_schools.filter(pk=world.activity.pk).update(start_date=datetime.date(2041, 3, 1))
    approve(world.plan, world)
    first = revise_and_approve(world.plan, world)
    draft = services.plan_revise(plan=first, user=world.users["coordinator"])
    work = team.open_work(school=world.a, person=member)
    assert [a.pk for a in work["activities"]] == [live(PlannedActivity, first).pk]
    term = team.term_save(
        school=world.a,
        user=None,
        data={"user": member, "role": "member", "starts_on": world.year.start_date, "ends_on": year.end_date},
    )
    handover = {("task", t.pk): admin for t in work["tasks"]} | {("activity", a.pk): admin for a in work["activities"]}
    team.rotate_out(term=term, user=None, on=datetime.date(2026, 1, 31), handover=handover)
    assert live(PlannedActivity, first).owner == admin and live(PlannedActivity, draft).owner == admin
    assert PlannedActivity.objects.for_school(world.a).get(pk=world.activity.pk).owner == member


# --- What a fresh pair of eyes found ------------------------------------------------------------------


def _old_style_revision(plan, world):
    """A revision as the code before identities made it: goals, indicators, needs, programmes and
    planned activities copied with no tie to their originals (no selections), approved by status
    only, so that every record stays on the superseded copy."""
    import uuid

    revision = services.plan_revise(plan=plan, user=None)
    Candidate.all_schools.filter(need__plan=revision).delete()
    for model in revisions.ITEMS:
        for pk in revisions.items_of(model, revision).values_list("pk", flat=True):
            model.all_schools.filter(pk=pk).update(identity=uuid.uuid4())
    Plan.all_schools.filter(pk=plan.pk).update(status="superseded")
    Plan.all_schools.filter(pk=revision.pk).update(status="approved")
    return revision


def _mend(school_ids=None):
    import importlib

    from django.apps import apps

    repair = importlib.import_module("mitra.planning.migrations.0003_identities_given")
    repair.give_identities(apps, None, school_ids=school_ids)
    repair.carry_over_superseded(apps, None, school_ids=school_ids)


def test_the_migration_ties_children_of_a_renamed_goal_brings_back_selections_and_keeps_both_of_a_double_entry(
    measured, world
):
    Candidate.all_schools.filter(pk=world.candidate.pk).update(decision="selected", reason="Paling dekat")
    revision = _old_style_revision(world.plan, world)
    Goal.all_schools.filter(plan=revision).update(title="Citra sekolah di masyarakat")  # the revision renamed it
    new_indicator = live(Indicator, revision)
    # After the old revision the school re-linked the activity and entered the value again on the new copy.
    IndicatorResult.all_schools.create(school=world.a, activity=measured, indicator=new_indicator, value=64)

    _mend()

    assert live(Indicator, revision).identity == Indicator.all_schools.get(pk=world.indicator.pk).identity
    assert live(Goal, revision).identity == Goal.all_schools.get(pk=world.goal.pk).identity  # same position, serves
    results = {r.indicator_id: r.value for r in IndicatorResult.objects.for_school(world.a)}
    assert results == {new_indicator.pk: 64, world.indicator.pk: 62}  # both kept, none lost
    selection = live(Candidate, revision)
    assert (selection.partner, selection.decision, selection.reason) == (world.partner, "selected", "Paling dekat")


def test_approval_does_not_fail_on_a_measurement_entered_on_both_copies(measured, world):
    revision = services.plan_revise(plan=world.plan, user=world.users["coordinator"])
    # Older data may hold it (the pick-lists used to offer a revision's draft copies).
    IndicatorResult.all_schools.create(school=world.a, activity=measured, indicator=live(Indicator, revision), value=64)
    approve(revision, world)
    assert sorted(IndicatorResult.objects.for_school(world.a).values_list("value", flat=True)) == [62, 64]


def test_an_item_with_records_is_not_deleted_from_a_draft_in_force(measured, world):
    """Next year's draft is the plan in force for that year until approved: an activity measured on
    one of its indicators keeps it (deleting it used to delete the measurement with it)."""
    new = services.plan_start_next_year(
        plan=world.plan, user=world.users["coordinator"], academic_year=_next_year(world)
    )
    indicator = Indicator.objects.for_school(world.a).get(goal__plan=new)
    activities.activity_save(
        school=world.a,
        user=None,
        data={"title": "Liputan awal tahun", "status": "done", "start_date": datetime.date(2026, 7, 20)},
        results={indicator: (Decimal(2), "")},
    )
    for delete in (
        lambda: services.indicator_delete(indicator=indicator, user=None),
        lambda: services.goal_delete(goal=indicator.goal, user=None),
    ):
        with pytest.raises(ValidationError) as caught:
            delete()
        assert caught.value.code == "recorded"
    assert IndicatorResult.objects.for_school(world.a).filter(indicator=indicator).exists()


def test_tasks_go_to_the_plan_in_force_and_next_year_starts_from_an_approved_plan(measured, world):
    revision = services.plan_revise(plan=world.plan, user=world.users["coordinator"])
    with pytest.raises(ValidationError):
        services.task_add(
            activity=live(PlannedActivity, revision), user=None, title="Undangan", assignee=world.users["team_member"]
        )
    approve(revision, world)
    world.plan.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        services.plan_start_next_year(plan=world.plan, user=None, academic_year=_next_year(world))  # superseded
    assert caught.value.code == "not_approved"


def test_the_foundation_approves_only_for_a_school_that_asks_for_it(client, world):
    services.plan_submit(plan=world.plan, user=world.users["coordinator"])
    with pytest.raises(ValidationError) as caught:
        services.plan_approve(plan=world.plan, user=world.users["foundation_admin"], by_foundation=True)
    assert caught.value.code == "principal_approves"
    client.force_login(world.users["foundation_admin"])
    page = client.get(reverse("planning:plan", args=[world.a.pk, world.plan.pk]))
    assert not page.context["can_approve"]
    world.a.plan_approval_by_other = True
    world.a.save()
    assert client.get(reverse("planning:plan", args=[world.a.pk, world.plan.pk])).context["can_approve"]
    client.post(reverse("planning:plan_approve", args=[world.a.pk, world.plan.pk]))
    world.plan.refresh_from_db()
    assert world.plan.status == "approved" and world.plan.approved_by == world.users["foundation_admin"]


def test_an_archive_made_before_identities_is_mended_on_import(measured, world):
    import io
    import json
    import zipfile

    from mitra.schools.models import School
    from mitra.transfer import archive

    revision = _old_style_revision(world.plan, world)
    data = archive.export_school(world.a)
    source = zipfile.ZipFile(io.BytesIO(data))
    content, manifest = json.loads(source.read("data.json")), json.loads(source.read("manifest.json"))
    content["format"] = manifest["format"] = 1
    for model in revisions.ITEMS:
        for row in content["models"][model._meta.label_lower]:
            row["fields"].pop("identity"), row["fields"].pop("ended_at")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as older:
        for item in source.infolist():
            changed = {"data.json": content, "manifest.json": manifest}.get(item.filename)
            older.writestr(item, json.dumps(changed) if changed else source.read(item))
    School.objects.filter(pk=world.a.pk).update(npsn="", nsm="")
    restored = archive.import_school(out.getvalue(), foundation=world.f2)
    restored_year = type(world.year).objects.for_school(restored).get(name=world.year.name)
    rows = indicator_progress(school=restored, year=restored_year)
    assert [(r["indicator"].name, r["actual"]) for r in rows] == [("Liputan media", Decimal(62))]
    assert Plan.objects.for_school(restored).get(revision=revision.revision).status == "approved"


def test_a_revision_in_the_making_shows_the_agreements_of_its_items_in_force(client, measured, world):
    revision = services.plan_revise(plan=world.plan, user=world.users["coordinator"])
    client.force_login(world.users["coordinator"])
    for name in ("planning:goals", "planning:programmes"):
        page = client.get(reverse(name, args=[world.a.pk, revision.pk])).content.decode()
        assert world.agreement.title in page, name
