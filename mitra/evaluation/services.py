"""Obstacles, recommendations and observations: written, owned and followed until they are closed,
and carried into the next year's planning. Every change leaves a history record."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from mitra.documents.dates import long_date
from mitra.evaluation import kinds
from mitra.evaluation.models import (
    ActionItem,
    Observation,
    ObservationPhoto,
    Obstacle,
    PlanEntry,
    Recommendation,
    Response,
)
from mitra.evaluation.selectors import people_of
from mitra.files import pipeline
from mitra.history.models import Change
from mitra.history.services import record, snapshot
from mitra.notifications.models import Event
from mitra.notifications.services import notify
from mitra.schools.scoping import require_same_school
from mitra.schools.services import current_year

OBSTACLE_FIELDS = (
    "title",
    "category",
    "severity",
    "description",
    "cause",
    "response_taken",
    "owner",
    "due_on",
    "status",
    "partner",
    "activity",
)


def _member_of(school, user) -> None:
    # The same people the forms offer, so the API cannot name anyone else.
    if user is not None and not people_of(school).filter(pk=user.pk).exists():
        raise ValidationError({"owner": _("Choose someone of this school.")})


def obstacle_url(obstacle: Obstacle) -> str:
    return reverse("evaluation:obstacle", kwargs={"school_id": obstacle.school_id, "obstacle_id": obstacle.pk})


@transaction.atomic
def obstacle_save(
    *, school, user, data: dict, obstacle: Obstacle | None = None, source: dict | None = None
) -> Obstacle:
    """Create or change an obstacle. `source` names the response (and item) or observation it was
    raised from."""
    source = source or {}
    require_same_school(
        school, data.get("partner"), data.get("activity"), source.get("response"), source.get("observation")
    )
    _member_of(school, data.get("owner"))
    creating = obstacle is None
    if creating:
        obstacle = Obstacle(
            school=school,
            created_by=user,
            academic_year=current_year(school),
            from_response=source.get("response"),
            from_item=source.get("item", "")[:12],
            from_observation=source.get("observation"),
        )
        before = None
    else:
        obstacle = Obstacle.all_schools.select_for_update().get(pk=obstacle.pk)
        before = snapshot(obstacle)
    previous_owner = obstacle.owner_id
    for field in OBSTACLE_FIELDS:
        if field in data:
            setattr(obstacle, field, data[field])
    if obstacle.status == Obstacle.Status.RESOLVED and not obstacle.response_taken.strip():
        raise ValidationError({"response_taken": _("Say what was done about it before marking it resolved.")})
    if obstacle.status == Obstacle.Status.RESOLVED and obstacle.resolved_at is None:
        obstacle.resolved_at = timezone.now()
    elif obstacle.status != Obstacle.Status.RESOLVED:
        obstacle.resolved_at = None
    obstacle.save()
    record(user=user, obj=obstacle, action=Change.Action.CREATE if creating else Change.Action.UPDATE, before=before)
    if obstacle.owner and obstacle.owner_id != previous_owner and obstacle.owner_id != getattr(user, "pk", None):
        title = obstacle.title
        notify(
            school=school,
            users=[obstacle.owner],
            event=Event.TASK_ASSIGNED,
            message=lambda lang: _("An obstacle is yours to handle: %(title)s") % {"title": title},
            subject=lambda lang: _("Obstacle to handle: %(title)s") % {"title": title},
            url=obstacle_url(obstacle),
        )
    return obstacle


@transaction.atomic
def obstacle_delete(*, obstacle: Obstacle, user) -> None:
    record(user=user, obj=obstacle, action=Change.Action.DELETE, before=snapshot(obstacle))
    obstacle.delete()


def obstacle_initial_from_response(*, school, response_id: int, item_key: str) -> dict:
    """What a response already says, to raise an obstacle from it in one click."""
    response = (
        Response.objects.for_school(school)
        .select_related("round__partner", "round__activity", "version")
        .filter(pk=response_id)
        .first()
    )
    if response is None:
        return {}
    item = next((i for i in response.version.items if i["key"] == item_key), None)
    answer = response.answers.filter(item_key=item_key).first()
    said = ""
    if answer is not None:
        said = kinds.get(answer.kind).said(answer)
    description = f"{item['text']}\n— {said}" if item and said else (said or "")
    return {
        "title": (answer.text if answer and answer.text else (item["text"] if item else ""))[:200],
        "description": description,
        "partner": response.round.partner,
        "activity": response.round.activity,
        "source": {"response": response, "item": item_key if item else ""},
    }


def obstacle_initial_from_observation(*, school, observation_id: int) -> dict:
    """What an observation noted as obstacles met, to raise an obstacle from it in one click."""
    observation = Observation.objects.for_school(school).select_related("activity").filter(pk=observation_id).first()
    if observation is None:
        return {}
    return {
        "title": observation.obstacles_met[:200],
        "description": observation.obstacles_met,
        "activity": observation.activity,
        "partner": observation.activity.partners.first(),
        "source": {"observation": observation},
    }


# --- Recommendations ------------------------------------------------------------------------------


@transaction.atomic
def recommendation_save(*, school, user, data: dict, recommendation: Recommendation | None = None) -> Recommendation:
    require_same_school(school, data.get("partner"), data.get("round"), data.get("academic_year"))
    if not (data.get("reasons") or "").strip():
        raise ValidationError({"reasons": _("Give the reasons for the decision.")})
    creating = recommendation is None
    before = None if creating else snapshot(recommendation)
    if creating:
        recommendation = Recommendation(school=school, created_by=user)
    for field in ("partner", "academic_year", "round", "decision", "reasons"):
        if field in data:
            setattr(recommendation, field, data[field])
    if recommendation.academic_year is None:
        recommendation.academic_year = current_year(school)
    recommendation.save()
    record(
        user=user, obj=recommendation, action=Change.Action.CREATE if creating else Change.Action.UPDATE, before=before
    )
    return recommendation


@transaction.atomic
def action_save(*, recommendation: Recommendation, user, data: dict, action: ActionItem | None = None) -> ActionItem:
    _member_of(recommendation.school, data.get("owner"))
    text = " ".join((data.get("text") or "").split())
    if not text:
        raise ValidationError({"text": _("Say what is to be done.")})
    before = action.text if action else ""
    previous_owner = action.owner_id if action else None
    if action is None:
        action = ActionItem(school=recommendation.school, recommendation=recommendation)
    action.text = text
    for field in ("owner", "due_on", "status"):
        if field in data:
            setattr(action, field, data[field])
    action.save()
    record(
        user=user,
        obj=recommendation,
        action=Change.Action.UPDATE,
        before=snapshot(recommendation),
        extra={"actions": [before, f"{action.text} ({action.get_status_display()})"]},
    )
    if action.owner and action.owner_id != previous_owner and action.owner_id != getattr(user, "pk", None):
        text, due = action.text, action.due_on
        notify(
            school=recommendation.school,
            users=[action.owner],
            event=Event.TASK_ASSIGNED,
            message=lambda lang: (
                _("A follow-up action is yours: %(text)s (due %(due)s)") % {"text": text, "due": long_date(due, lang)}
                if due
                else _("A follow-up action is yours: %(text)s") % {"text": text}
            ),
            url=reverse(
                "evaluation:recommendation",
                kwargs={"school_id": recommendation.school_id, "recommendation_id": recommendation.pk},
            ),
        )
    return action


# --- Observations ---------------------------------------------------------------------------------


def observation_save(*, school, user, activity, data: dict, uploads=()) -> Observation:
    """An observation with its photos, all or nothing: one refused file keeps nothing."""
    require_same_school(school, activity)
    accepted = pipeline.accept_each(uploads, accept=pipeline.accept_evidence)
    with transaction.atomic():
        observation = Observation.objects.for_school(school).create(
            activity=activity,
            observer=user,
            **{
                field: data.get(field)
                for field in ("observed_on", "school_involvement", "partner_contribution", "facilities")
            },
            obstacles_met=(data.get("obstacles_met") or "").strip(),
            notes=(data.get("notes") or "").strip(),
        )
        pipeline.store_each(
            school=school,
            user=user,
            accepted=accepted,
            folder="observations",
            attach=lambda stored, one: ObservationPhoto.objects.for_school(school).create(
                observation=observation, file=stored
            ),
        )
        record(user=user, obj=observation, action=Change.Action.CREATE)
    return observation


# --- The evaluation plan --------------------------------------------------------------------------


@transaction.atomic
def plan_entry_save(*, school, user, data: dict, entry: PlanEntry | None = None) -> PlanEntry:
    require_same_school(school, data.get("academic_year"), data.get("instrument"), data.get("partner"))
    if not data.get("audiences"):
        raise ValidationError({"audiences": _("Choose who answers.")})
    creating = entry is None
    before = None if creating else snapshot(entry)
    entry = entry or PlanEntry(school=school)
    for field in ("academic_year", "instrument", "timing", "partner", "audiences", "notes"):
        if field in data:
            setattr(entry, field, data[field])
    entry.save()
    record(user=user, obj=entry, action=Change.Action.CREATE if creating else Change.Action.UPDATE, before=before)
    return entry


@transaction.atomic
def plan_entry_delete(*, entry: PlanEntry, user) -> None:
    record(user=user, obj=entry, action=Change.Action.DELETE, before=snapshot(entry))
    entry.delete()
