"""Obstacles raised from answers and observations, followed to their end; recommendations with
action items; what is carried into the next year; what the evaluation plan makes due."""

import datetime

import pytest
from django.urls import reverse

from mitra.evaluation import selectors, services
from mitra.evaluation.models import Obstacle, PlanEntry
from mitra.notifications.models import Notification
from mitra.schools.access import access_for

pytestmark = pytest.mark.django_db


def test_an_obstacle_is_raised_from_an_answer_in_one_click(client, evaluation_world):
    world = evaluation_world
    client.force_login(world.users["coordinator"])
    text_item = next(i for i in world.round.version.items if i["kind"] == "long")
    round_page = client.get(reverse("evaluation:round", args=[world.a.pk, world.round.pk])).content.decode()
    raise_url = (
        reverse("evaluation:obstacle_create", args=[world.a.pk])
        + f"?response={world.response.pk}&amp;item={text_item['key']}"
    )
    assert raise_url in round_page
    form = client.get(raise_url.replace("&amp;", "&")).content.decode()
    assert "Jadwal terlalu mendadak" in form  # the answer's words are the obstacle's start
    saved = client.post(
        raise_url.replace("&amp;", "&"),
        {
            "title": "Jadwal terlalu mendadak",
            "category": "schedule",
            "severity": "3",
            "status": "open",
            "partner": world.partner.pk,
        },
    )
    assert saved.status_code == 302
    obstacle = Obstacle.objects.for_school(world.a).latest("id")
    assert (obstacle.from_response, obstacle.from_item) == (world.response, text_item["key"])
    assert world.round.title in client.get(saved["Location"]).content.decode()


def test_a_response_of_another_school_gives_no_prefill(client, evaluation_world):
    world = evaluation_world
    client.force_login(world.users["sibling"])
    page = client.get(
        reverse("evaluation:obstacle_create", args=[world.b.pk]) + f"?response={world.response.pk}&item=x"
    )
    assert page.status_code == 200 and "Jadwal terlalu mendadak" not in page.content.decode()


def test_the_owner_is_told_once_and_a_resolved_obstacle_needs_its_response(evaluation_world):
    world = evaluation_world
    owner = world.users["admin_staff"]
    services.obstacle_save(
        school=world.a, user=world.users["coordinator"], obstacle=world.obstacle, data={"owner": owner}
    )
    services.obstacle_save(
        school=world.a, user=world.users["coordinator"], obstacle=world.obstacle, data={"cause": "Sinyal"}
    )
    assert Notification.all_schools.filter(user=owner, url__contains=f"/obstacles/{world.obstacle.pk}/").count() == 1
    with pytest.raises(Exception, match="before marking it resolved"):
        services.obstacle_save(school=world.a, user=None, obstacle=world.obstacle, data={"status": "resolved"})
    resolved = services.obstacle_save(
        school=world.a, user=None, obstacle=world.obstacle, data={"status": "resolved", "response_taken": "Dibahas"}
    )
    assert resolved.resolved_at is not None


def test_an_owner_from_another_school_is_refused(evaluation_world):
    world = evaluation_world
    with pytest.raises(Exception, match="someone of this school"):
        services.obstacle_save(
            school=world.a, user=None, obstacle=world.obstacle, data={"owner": world.users["outsider"]}
        )


def test_unresolved_obstacles_and_open_actions_are_carried_into_the_next_year(client, evaluation_world):
    world = evaluation_world
    world.obstacle.academic_year = world.old_year
    world.obstacle.save()
    world.recommendation.academic_year = world.old_year
    world.recommendation.save()
    access = access_for(world.users["coordinator"], world.a.pk)
    carried = selectors.carried_over(access=access, year=world.year)
    assert carried["obstacles"] == [world.obstacle]
    assert carried["recommendations"] == [world.recommendation]
    # And in this year's planning inbox.
    client.force_login(world.users["coordinator"])
    plan_page = client.get(reverse("planning:plan", args=[world.a.pk, world.plan.pk])).content.decode()
    assert (
        world.obstacle.title in plan_page
        and reverse("evaluation:recommendation", args=[world.a.pk, world.recommendation.pk]) in plan_page
    )
    services.action_save(
        recommendation=world.recommendation,
        user=None,
        action=world.action,
        data={"text": world.action.text, "status": "done"},
    )
    services.obstacle_save(
        school=world.a, user=None, obstacle=world.obstacle, data={"status": "resolved", "response_taken": "Selesai"}
    )
    carried = selectors.carried_over(access=access, year=world.year)
    assert carried == {"obstacles": [], "recommendations": []}
    assert (
        world.obstacle.title
        not in client.get(reverse("planning:plan", args=[world.a.pk, world.plan.pk])).content.decode()
    )


def test_the_plan_makes_rounds_due_after_activities_and_at_semester_ends(evaluation_world):
    world = evaluation_world
    access = access_for(world.users["coordinator"], world.a.pk)
    # The done activity already has its round; a second done activity does not.
    from mitra.activities import services as activities

    other = activities.activity_save(
        school=world.a,
        user=None,
        data={"title": "Patroli", "status": "done", "start_date": datetime.date(2025, 10, 1)},
        partners=[world.partner],
    )
    due = selectors.plan_due(access=access, year=world.year, today=datetime.date(2025, 12, 20))
    assert [d.get("activity") for d in due] == [other]
    PlanEntry.all_schools.create(
        school=world.a, academic_year=world.year, instrument=world.instrument, timing="semester", audiences=["team"]
    )
    due = selectors.plan_due(access=access, year=world.year, today=datetime.date(2025, 12, 20))
    assert [d.get("semester") for d in due if "semester" in d] == [1]
    assert not [
        d
        for d in selectors.plan_due(access=access, year=world.year, today=datetime.date(2025, 11, 1))
        if "semester" in d
    ]


def test_an_observation_with_a_bad_file_keeps_nothing(client, evaluation_world):
    world = evaluation_world
    from django.core.files.uploadedfile import SimpleUploadedFile

    from mitra.evaluation.models import Observation

    client.force_login(world.users["team_member"])
    before = Observation.objects.for_school(world.a).count()
    response = client.post(
        reverse("evaluation:observation_create", args=[world.a.pk, world.done_activity.pk]),
        {
            "observed_on": "2025-09-10",
            "obstacles_met": "Hujan",
            "photos": [SimpleUploadedFile("x.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>")],
        },
    )
    assert response.status_code == 200
    assert "Hujan" in response.content.decode()
    assert Observation.objects.for_school(world.a).count() == before


def test_due_evaluations_are_in_peoples_task_lists(client, evaluation_world):
    world = evaluation_world
    from mitra.activities import services as activities

    other = activities.activity_save(
        school=world.a,
        user=None,
        data={"title": "Patroli sekolah", "status": "done", "start_date": datetime.date(2025, 10, 1)},
        partners=[world.partner],
    )
    client.force_login(world.users["coordinator"])
    tasks = client.get(reverse("planning:my_tasks", args=[world.a.pk])).content.decode()
    open_url = reverse("evaluation:round_create", args=[world.a.pk, world.instrument.pk])
    assert f"{open_url}?entry={world.plan_entry.pk}&amp;activity={other.pk}" in tasks  # to open, for the coordinator
    client.force_login(world.users["team_member"])
    tasks = client.get(reverse("planning:my_tasks", args=[world.a.pk])).content.decode()
    assert reverse("evaluation:round_answer", args=[world.a.pk, world.round.pk]) in tasks  # to answer
    assert reverse("evaluation:obstacle", args=[world.a.pk, world.obstacle.pk]) in tasks  # to handle
    assert open_url not in tasks  # opening rounds is the coordinator's


def test_the_dashboards_count_of_to_dos_is_the_length_of_the_list_for_everyone_in_the_team(evaluation_world):
    """The dashboard's card counts the to-dos without making them (todo.pending, in the card's one
    query); the tasks page lists them (todo.todos_for): for every person of the school's team (a
    partner representative's home is their partner's page, without the card), before and after the
    evaluation's state moves."""
    from mitra.activities import services as activities
    from mitra.planning.selectors import open_tasks_of
    from mitra.reports.selectors import school_figures
    from mitra.schools import todo

    world = evaluation_world

    def both():
        found = {}
        for role, user in world.users.items():
            if not user.memberships.filter(school=world.a, is_active=True).exists():
                continue
            access = access_for(user, world.a.pk)
            if not access.is_partner_rep:
                listed = len(todo.todos_for(access=access, user=user))
                # The dashboard's card: the planning tasks and the to-dos of the later stages.
                card = school_figures(access=access)["open_tasks"] - open_tasks_of(school=world.a, user=user).count()
                found[role] = (card, listed)
        return found

    before = both()
    assert before and all(card == listed for card, listed in before.values())
    assert any(listed for _card, listed in before.values())  # somebody has something to do
    activities.activity_save(
        school=world.a,
        user=None,
        data={"title": "Patroli sekolah", "status": "done", "start_date": datetime.date(2025, 10, 1)},
        partners=[world.partner],
    )
    Obstacle.objects.for_school(world.a).filter(pk=world.obstacle.pk).update(status=Obstacle.Status.RESOLVED)
    after = both()
    assert all(card == listed for card, listed in after.values())
    assert after != before


def test_rounds_and_recommendations_lists_search_and_filter(client, evaluation_world):
    world = evaluation_world
    from mitra.evaluation import responses

    responses.round_open(
        school=world.a,
        user=None,
        instrument=world.instrument,
        data={
            "title": "Tinjauan lama",
            "opens_on": datetime.date(2025, 1, 6),
            "closes_on": datetime.date(2025, 1, 20),
            "audiences": ["parents"],
        },
    )
    client.force_login(world.users["committee_viewer"])
    url = reverse("evaluation:rounds", args=[world.a.pk])
    titles = lambda **q: [r.title for r in client.get(url, q).context["page"].object_list]  # noqa: E731
    assert titles(q="lama") == ["Tinjauan lama"]
    assert titles(q="Kergon") == [world.round.title]  # the partner's name
    assert titles(state="open") == [world.round.title]
    assert titles(state="closed") == ["Tinjauan lama"]
    assert "No round matches these filters." in client.get(url, {"q": "tidak ada"}).content.decode()

    other = services.recommendation_save(
        school=world.a, user=None, data={"partner": world.other_partner, "decision": "stop", "reasons": "Selesai"}
    )
    url = reverse("evaluation:recommendations", args=[world.a.pk])
    found = lambda **q: [r.pk for r in client.get(url, q).context["page"].object_list]  # noqa: E731
    assert found(decision="stop") == [other.pk]
    assert found(partner=world.partner.pk) == [world.recommendation.pk]
    assert found(open_only="on") == [world.recommendation.pk]  # the other has no open action


def test_stopping_a_link_is_in_the_rounds_history(client, evaluation_world):
    world = evaluation_world
    client.force_login(world.users["coordinator"])
    client.post(reverse("evaluation:link_revoke", args=[world.a.pk, world.round.pk, world.link.pk]))
    page = client.get(reverse("evaluation:round", args=[world.a.pk, world.round.pk])).content.decode()
    assert "stopped" in page and "links" in page
