"""Reading the evaluation stage through the school access: instruments, rounds, what is due for
whom, and the obstacles register."""

import datetime
from collections import Counter

from django.conf import settings
from django.db.models import Avg, Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from mitra.evaluation.models import (
    ActionItem,
    FoundationInstrument,
    Instrument,
    Observation,
    Obstacle,
    PlanEntry,
    Recommendation,
    Response,
    Round,
)
from mitra.schools.selectors import by_school, in_current_year_q


def answer_bursts(round_: Round) -> list[dict]:
    """Runs of answers through one shared link that came faster than people answer: at least
    LINK_BURST_ANSWERS within LINK_BURST_SECONDS, overlapping runs merged. Each as the link, the
    first and last answer's time and how many answers the run holds, for the results to flag."""
    least, span = settings.LINK_BURST_ANSWERS, datetime.timedelta(seconds=settings.LINK_BURST_SECONDS)
    times: dict[int, list] = {}
    rows = (
        Response.objects.for_school(round_.school)
        .filter(round=round_, link__single_use=False)
        .order_by("submitted_at")
        .values_list("link_id", "submitted_at")
    )
    for link_id, at in rows:
        times.setdefault(link_id, []).append(at)
    links = {link.pk: link for link in round_.links.filter(pk__in=list(times))}
    bursts = []
    for link_id, seen in times.items():
        first, runs = 0, []
        for last, at in enumerate(seen):
            while at - seen[first] > span:
                first += 1
            if last - first + 1 >= least:
                if runs and first <= runs[-1][1]:
                    runs[-1][1] = last
                else:
                    runs.append([first, last])
        bursts += [{"link": links[link_id], "started": seen[a], "ended": seen[b], "count": b - a + 1} for a, b in runs]
    return sorted(bursts, key=lambda burst: burst["started"])


def people_of(school):
    """Who of the school can answer, own an obstacle or an action: its active staff and committee,
    never a partner's representative."""
    from django.contrib.auth import get_user_model

    return (
        get_user_model()
        ._default_manager.filter(memberships__school=school, memberships__is_active=True, is_active=True)
        .exclude(memberships__role="partner_rep")
        .order_by("first_name", "username")
        .distinct()
    )


def _one(queryset, pk):
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found


def instruments_of(*, access) -> QuerySet[Instrument]:
    return (
        Instrument.objects.for_school(access.school)
        .filter(archived_at__isnull=True)
        .annotate(item_n=Count("items", distinct=True), round_n=Count("rounds", distinct=True))
        .order_by("title", "id")
    )


def instrument_get(*, access, instrument_id: int) -> Instrument:
    return _one(Instrument.objects.for_school(access.school), instrument_id)


def shared_not_copied(*, access) -> QuerySet:
    """The foundation's published instruments this school has not taken into its own list yet."""
    from mitra.evaluation.models import FoundationInstrument

    copied = Instrument.objects.for_school(access.school).filter(source__isnull=False).values("source")
    return FoundationInstrument.objects.filter(foundation_id=access.school.foundation_id, is_published=True).exclude(
        pk__in=copied
    )


def rounds_of(*, access) -> QuerySet[Round]:
    return (
        Round.objects.for_school(access.school)
        .select_related("instrument", "version", "partner", "activity")
        .annotate(response_n=Count("responses", distinct=True))
        .order_by("-opens_on", "-id")
    )


def round_list(*, access, q: str = "", state: str = "", today: datetime.date | None = None):
    """Rounds for the list page: searched in title, instrument and partner; open, closed or not yet open."""
    today = today or timezone.localdate()
    rounds = rounds_of(access=access)
    if q:
        rounds = rounds.filter(
            Q(title__icontains=q) | Q(instrument__title__icontains=q) | Q(partner__name__icontains=q)
        )
    if state == "open":
        rounds = rounds.filter(closed_at__isnull=True, opens_on__lte=today, closes_on__gte=today)
    elif state == "closed":
        rounds = rounds.filter(Q(closed_at__isnull=False) | Q(closes_on__lt=today))
    elif state == "coming":
        rounds = rounds.filter(closed_at__isnull=True, opens_on__gt=today)
    return rounds


def round_get(*, access, round_id: int) -> Round:
    return _one(
        Round.objects.for_school(access.school).select_related("instrument", "version", "partner", "activity"),
        round_id,
    )


def rounds_to_answer(*, access, user, today: datetime.date | None = None) -> QuerySet[Round]:
    """Open rounds this person was asked to answer and has not answered yet."""
    today = today or timezone.localdate()
    answered = Response.objects.for_school(access.school).filter(round=OuterRef("pk"), user=user)
    return (
        Round.objects.for_school(access.school)
        .filter(respondents=user, closed_at__isnull=True, opens_on__lte=today, closes_on__gte=today)
        .exclude(Exists(answered))
        .select_related("instrument")
        .order_by("closes_on", "id")
    )


def plan_due(*, access, year, today: datetime.date | None = None) -> list[dict]:
    """What the year's evaluation plan asks for and is not yet under way: a round after each done
    activity, one per semester once it has ended, one at the end of the year."""
    from mitra.activities.models import Activity

    if year is None:
        return []
    today = today or timezone.localdate()
    entries = list(
        PlanEntry.objects.for_school(access.school).filter(academic_year=year).select_related("instrument", "partner")
    )
    due = []
    for entry in entries:
        rounds = Round.objects.for_school(access.school).filter(plan_entry=entry)
        if entry.timing == PlanEntry.Timing.AFTER_ACTIVITY:
            activities = Activity.objects.for_school(access.school).filter(
                status=Activity.Status.DONE, start_date__gte=year.start_date, start_date__lte=min(today, year.end_date)
            )
            if entry.partner_id:
                activities = activities.filter(partners=entry.partner_id)
            activities = activities.exclude(Exists(rounds.filter(activity=OuterRef("pk")))).distinct()
            for activity in activities.order_by("start_date")[:20]:
                # Answered best within a week, while the activity is fresh in mind.
                day = activity.start_date + datetime.timedelta(days=7)
                due.append({"entry": entry, "activity": activity, "day": day})
            continue
        periods = (
            [(1, year.start_date, year.first_semester_end), (2, year.second_semester_start, year.end_date)]
            if entry.timing == PlanEntry.Timing.SEMESTER
            else [(0, year.start_date, year.end_date)]
        )
        for semester, first, last in periods:
            # Due from two weeks before the period ends, so that it can be answered in time.
            if (
                today >= last - datetime.timedelta(days=14)
                and not rounds.filter(opens_on__gte=first, opens_on__lte=last + datetime.timedelta(days=45)).exists()
            ):
                due.append({"entry": entry, "semester": semester, "day": last})
    return sorted(due, key=lambda d: d["day"])


OPEN = Q(status__in=[Obstacle.Status.OPEN, Obstacle.Status.HANDLING])


def obstacle_list(*, access, q="", status="", category="", partner=None, severity=None, open_only=False):
    obstacles = Obstacle.objects.for_school(access.school).select_related("owner", "partner", "activity")
    if q:
        obstacles = obstacles.filter(
            Q(title__icontains=q) | Q(description__icontains=q) | Q(cause__icontains=q) | Q(response_taken__icontains=q)
        )
    if status:
        obstacles = obstacles.filter(status=status)
    if category:
        obstacles = obstacles.filter(category=category)
    if partner is not None:
        obstacles = obstacles.filter(partner=partner)
    if severity:
        obstacles = obstacles.filter(severity=severity)
    if open_only:
        obstacles = obstacles.filter(OPEN)
    return obstacles


def obstacle_get(*, access, obstacle_id: int) -> Obstacle:
    return _one(
        Obstacle.objects.for_school(access.school).select_related(
            "owner", "partner", "activity", "from_response__round", "from_observation", "created_by"
        ),
        obstacle_id,
    )


def recommendation_list(*, access, partner=None, year=None, decision: str = "", open_only: bool = False):
    found = (
        Recommendation.objects.for_school(access.school)
        .select_related("partner", "academic_year", "round")
        .annotate(
            action_n=Count("actions", distinct=True),
            open_n=Count("actions", filter=~Q(actions__status="done"), distinct=True),
        )
        .order_by("-created_at", "-id")
    )
    if partner is not None:
        found = found.filter(partner=partner)
    if year is not None:
        found = found.filter(academic_year=year)
    if decision:
        found = found.filter(decision=decision)
    if open_only:
        found = found.filter(open_n__gt=0)
    return found


def recommendation_get(*, access, recommendation_id: int) -> Recommendation:
    return _one(
        Recommendation.objects.for_school(access.school).select_related("partner", "academic_year", "round"),
        recommendation_id,
    )


def carried_over(*, access, year) -> dict:
    """For the next year's planning inbox: obstacles still open and recommendations with open
    action items, from the years before `year`."""
    earlier = Q(academic_year__start_date__lt=year.start_date) | Q(academic_year__isnull=True) if year else Q()
    obstacles = Obstacle.objects.for_school(access.school).filter(OPEN).filter(earlier).select_related("partner")
    recommendations = (
        recommendation_list(access=access).filter(earlier).filter(open_n__gt=0)
        if year
        else recommendation_list(access=access).filter(open_n__gt=0)
    )
    return {"obstacles": list(obstacles[:50]), "recommendations": list(recommendations[:50])}


def evaluation_timeline_entries(*, access, partner):
    """Evaluation rounds, observations, obstacles and recommendations about a partner (directly, or
    through an activity done with it), for the partner's timeline and journal."""
    from django.urls import reverse
    from django.utils.text import Truncator
    from django.utils.translation import gettext as _
    from django.utils.translation import ngettext

    from mitra.activities.models import Activity
    from mitra.evaluation.models import Observation
    from mitra.partners.timeline import Entry

    if not access.can("evaluation.view"):
        return []
    school = access.school.pk
    # About the partner, or about an activity done with it: as a subquery, so that no row is doubled.
    with_partner = Activity.objects.for_school(access.school).filter(partners=partner).values("pk")
    about = Q(partner=partner) | Q(activity__in=with_partner)
    rounds = (
        Round.objects.for_school(access.school)
        .filter(about)
        .values("pk", "title", "opens_on")
        .annotate(response_n=Count("responses"))
        .order_by("-opens_on", "-pk")
    )
    entries = [
        Entry(
            r["opens_on"],
            _("Evaluation"),
            r["title"],
            reverse("evaluation:round", kwargs={"school_id": school, "round_id": r["pk"]}),
            ngettext("%(n)d response", "%(n)d responses", r["response_n"]) % {"n": r["response_n"]},
        )
        for r in rounds
    ]
    for o in (
        Observation.objects.for_school(access.school)
        .filter(activity__partners=partner)
        .select_related("activity")
        .only("observed_on", "obstacles_met", "notes", "activity__title")
    ):
        entries.append(
            Entry(
                o.observed_on,
                _("Observation"),
                o.activity.title,
                reverse("evaluation:observation", kwargs={"school_id": school, "observation_id": o.pk}),
                Truncator(o.obstacles_met or o.notes).words(16),
            )
        )
    for o in Obstacle.objects.for_school(access.school).filter(about):
        entries.append(
            Entry(
                timezone.localtime(o.created_at).date(),
                _("Obstacle"),
                o.title,
                reverse("evaluation:obstacle", kwargs={"school_id": school, "obstacle_id": o.pk}),
                f"{o.get_category_display()} · {o.get_status_display()}",
            )
        )
    for r in Recommendation.objects.for_school(access.school).filter(partner=partner):
        entries.append(
            Entry(
                timezone.localtime(r.created_at).date(),
                _("Recommendation"),
                r.get_decision_display(),
                reverse("evaluation:recommendation", kwargs={"school_id": school, "recommendation_id": r.pk}),
                Truncator(r.reasons).words(20),
            )
        )
    return entries


def evaluation_calendar_events(*, school, first, last, user=None):
    """The last day of each round, on the school's calendar and its feeds (a person's feed: the
    rounds they are asked to answer)."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from mitra.activities.calendar import Event

    rounds = Round.objects.for_school(school).filter(closes_on__range=(first, last), closed_at__isnull=True)
    if user is not None:
        rounds = rounds.filter(respondents=user)
    for r in rounds:
        yield Event(
            r.closes_on,
            "evaluation",
            _("Evaluation closes"),
            r.title,
            reverse("evaluation:round", kwargs={"school_id": school.pk, "round_id": r.pk}),
            uid=f"evaluation-round-{r.pk}",
        )


def _owned_open(*, access, user) -> dict[str, QuerySet]:
    """What this person has to do in the evaluation, as querysets: rounds to answer, and obstacles
    and action items they own that are still open."""
    from mitra.evaluation.models import ActionItem

    return {
        "rounds": rounds_to_answer(access=access, user=user),
        "obstacles": Obstacle.objects.for_school(access.school).filter(OPEN, owner=user),
        "actions": ActionItem.objects.for_school(access.school).filter(owner=user).exclude(status="done"),
    }


def evaluation_todo_count(*, access, user, year) -> tuple[dict[str, QuerySet], int]:
    """How many items `evaluation_todos` lists (schools/todo.py's `count`): the querysets of what the
    person owns, and the rounds the plan of `year` (the current one) asks to open."""
    to_open = plan_due(access=access, year=year) if access.can("evaluation.manage") else []
    return _owned_open(access=access, user=user), len(to_open)


def evaluation_todos(*, access, user):
    """Rounds to answer, and obstacles and action items this person owns that are still open."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from mitra.schools.todo import Todo

    school = access.school.pk
    owned = _owned_open(access=access, user=user)
    items = [
        Todo(
            _("Evaluation to answer"),
            r.title,
            reverse("evaluation:round_answer", kwargs={"school_id": school, "round_id": r.pk}),
            r.closes_on,
        )
        for r in owned["rounds"]
    ]
    items += [
        Todo(
            _("Obstacle"),
            o.title,
            reverse("evaluation:obstacle", kwargs={"school_id": school, "obstacle_id": o.pk}),
            o.due_on,
            o.get_status_display(),
        )
        for o in owned["obstacles"]
    ]
    items += [
        Todo(
            _("Action item"),
            a.text,
            reverse(
                "evaluation:recommendation", kwargs={"school_id": school, "recommendation_id": a.recommendation_id}
            ),
            a.due_on,
            a.get_status_display(),
        )
        for a in owned["actions"]
    ]
    if access.can("evaluation.manage"):
        from mitra.schools.services import current_year

        for due in plan_due(access=access, year=current_year(access.school)):
            about = due.get("activity")
            url = reverse(
                "evaluation:round_create", kwargs={"school_id": school, "instrument_id": due["entry"].instrument_id}
            )
            url += f"?entry={due['entry'].pk}" + (f"&activity={about.pk}" if about else "")
            items.append(
                Todo(
                    _("Evaluation to open"),
                    due["entry"].instrument.title,
                    url,
                    due["day"],
                    about.title if about else "",
                )
            )
    return items


def year_decisions(*, school, year) -> list:
    """What the evaluation of `year` decided for each partnership, oldest first (for next year's plan)."""
    from django.urls import reverse

    from mitra.planning.inbox import Decision

    found = (
        Recommendation.objects.for_school(school).filter(academic_year=year).order_by("created_at", "id")
        if year is not None
        else []
    )
    return [
        Decision(
            partner_id=r.partner_id,
            decision=r.decision,
            label=r.get_decision_display(),
            reasons=r.reasons,
            url=reverse("evaluation:recommendation", kwargs={"school_id": school.pk, "recommendation_id": r.pk}),
        )
        for r in found
    ]


def planning_inbox(*, access, year):
    """What earlier years' evaluations left open, for the planning inbox of `year`."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from mitra.schools.todo import Todo

    if year is None or not access.can("evaluation.view"):
        return []
    found = carried_over(access=access, year=year)
    school = access.school.pk
    items = [
        Todo(
            _("Obstacle"),
            o.title,
            reverse("evaluation:obstacle", kwargs={"school_id": school, "obstacle_id": o.pk}),
            o.due_on,
            o.partner.name if o.partner else "",
        )
        for o in found["obstacles"]
    ]
    items += [
        Todo(
            _("Recommendation"),
            f"{r.partner.name}: {r.get_decision_display()}",
            reverse("evaluation:recommendation", kwargs={"school_id": school, "recommendation_id": r.pk}),
            None,
            _("%(n)d open actions") % {"n": r.open_n},
        )
        for r in found["recommendations"]
    ]
    return items


# --- Across a foundation's schools (its dashboard) ----------------------------------------------


def responses_this_year_by_school(*, schools) -> dict[int, dict]:
    """{school id: {"n": responses to rounds opened in the school's current school year}}, in one query."""
    return by_school(
        Response.objects.for_schools(schools)
        .annotate(opens_on=F("round__opens_on"))
        .filter(in_current_year_q("opens_on")),
        n=Count("id"),
    )


def open_obstacles_by_school(*, schools) -> dict[int, dict]:
    """{school id: {"n": its open obstacles (OPEN)}}, in one query."""
    return by_school(Obstacle.objects.for_schools(schools).filter(OPEN), n=Count("id"))


def foundation_instruments(*, foundation) -> list[FoundationInstrument]:
    return list(FoundationInstrument.objects.filter(foundation=foundation).order_by("title"))


def instrument_uses(*, schools, instruments) -> QuerySet:
    """(foundation instrument id, school name, rounds run with the school's copy) for each copy the
    schools took of the instruments."""
    return (
        Instrument.objects.for_schools(schools)
        .filter(source__in=instruments)
        .annotate(round_count=Count("rounds", distinct=True))
        .values_list("source_id", "school__name", "round_count")
    )


# --- A period's evaluation, as a report tells it -------------------------------------------------


def rounds_in(*, school, start, end, partner=None) -> QuerySet[Round]:
    """The rounds opened in the period, in date order; with a partner, the partner's."""
    rounds = (
        Round.objects.for_school(school)
        .filter(opens_on__gte=start, opens_on__lte=end)
        .select_related("version", "instrument", "partner", "activity")
        .order_by("opens_on", "id")
    )
    return rounds if partner is None else rounds.filter(partner=partner)


def response_count(*, school, rounds) -> int:
    return Response.objects.for_school(school).filter(round__in=rounds).count()


def observation_figures(*, school, start, end, activities) -> dict:
    """How many of the activities were observed in the period ("n"), and the mean of each score."""
    return (
        Observation.objects.for_school(school)
        .filter(observed_on__gte=start, observed_on__lte=end, activity__in=activities)
        .aggregate(
            n=Count("id"),
            involvement=Avg("school_involvement"),
            contribution=Avg("partner_contribution"),
            facilities=Avg("facilities"),
        )
    )


def obstacles_in(*, school, year, start, end, semester: bool = False, partner=None) -> QuerySet[Obstacle]:
    """The obstacles of the school year (or, without a year, recorded in the period); for a semester,
    only those recorded in it. Open ones first, the most severe first, each with its partner."""
    obstacles = Obstacle.objects.for_school(school).filter(
        Q(academic_year=year) | Q(academic_year__isnull=True, created_at__date__gte=start, created_at__date__lte=end)
    )
    if semester:
        obstacles = obstacles.filter(created_at__date__gte=start, created_at__date__lte=end)
    if partner is not None:
        obstacles = obstacles.filter(partner=partner)
    return obstacles.select_related("partner").order_by("status", "-severity", "id")


def resolved_counts(obstacles: QuerySet[Obstacle]) -> dict:
    """{"n": the obstacles, "resolved": of them, those resolved}."""
    return obstacles.aggregate(n=Count("id"), resolved=Count("id", filter=Q(status=Obstacle.Status.RESOLVED)))


def status_counts(obstacles) -> dict:
    """{"resolved", "handling", "open"}: how many of the obstacles (read already) are in each state."""
    statuses = Counter(o.status for o in obstacles)
    return {
        "resolved": statuses[Obstacle.Status.RESOLVED],
        "handling": statuses[Obstacle.Status.HANDLING],
        "open": statuses[Obstacle.Status.OPEN],
    }


def recommendations_of_year(*, school, year, partner=None) -> QuerySet[Recommendation]:
    """The recommendations made for the school year, by partner, each with its partner and actions."""
    found = (
        Recommendation.objects.for_school(school)
        .filter(academic_year=year)
        .select_related("partner")
        .prefetch_related(Prefetch("actions", queryset=ActionItem.objects.for_school(school)))
        .order_by("partner__name", "id")
    )
    return found if partner is None else found.filter(partner=partner)


def actions_done(actions) -> int:
    """How many of a recommendation's actions (read already) are done."""
    return sum(a.status == ActionItem.Status.DONE for a in actions)


def observation_photos_in(*, school, start, end):
    """The photos of the observations made in the period, in date order, with their activity."""
    from mitra.evaluation.models import ObservationPhoto

    return (
        ObservationPhoto.objects.for_school(school)
        .filter(
            observation__in=Observation.objects.for_school(school).filter(observed_on__gte=start, observed_on__lte=end)
        )
        .select_related("observation__activity", "file")
        .order_by("observation__observed_on", "id")
    )
