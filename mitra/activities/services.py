"""Recording activities and their evidence, and the verification that follows: a team member
submits, the coordinator verifies or returns it with a comment, and a partner representative may
confirm that it took place. Every change leaves a history record."""

import datetime
from collections import Counter

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from mitra.activities import selectors
from mitra.activities.models import Activity, Evidence, IndicatorResult, Participant, ParticipantCount
from mitra.files import pipeline
from mitra.files.models import PICTURE_TYPES
from mitra.history.models import Change
from mitra.history.services import record, snapshot
from mitra.notifications.models import Event
from mitra.notifications.services import notify
from mitra.planning import services as planning
from mitra.schools.roles import Role
from mitra.schools.scoping import require_same_school
from mitra.schools.services import people_in

ACTIVITY_FIELDS = (
    "title",
    "status",
    "status_reason",
    "planned",
    "programme",
    "area",
    "place",
    "start_date",
    "start_time",
    "end_date",
    "end_time",
    "notes",
    "outputs",
)
REVIEWERS = (Role.COORDINATOR, Role.PRINCIPAL)

Counts = dict[tuple[str, int, str], int]  # (group, grade, sex) -> number


def activity_url(activity: Activity) -> str:
    return reverse("activities:detail", kwargs={"school_id": activity.school_id, "activity_id": activity.pk})


def _check(data: dict) -> None:
    problems = {}
    start, end = data.get("start_date"), data.get("end_date")
    if start and end and end < start:
        problems["end_date"] = _("The last day cannot be before the first day.")
    status = data.get("status")
    if (
        status in (Activity.Status.POSTPONED, Activity.Status.CANCELLED)
        and not (data.get("status_reason") or "").strip()
    ):
        problems["status_reason"] = _("Say why the activity was postponed or cancelled.")
    if status == Activity.Status.DONE and start and start > timezone.localdate():
        problems["status"] = _("An activity cannot be done before its date. Keep it planned, or correct the date.")
    if problems:
        raise ValidationError(problems)


def _names(rows) -> str:
    return ", ".join(sorted(str(row) for row in rows))


def _counts_text(counts) -> str:
    return ", ".join(f"{c.group}{c.grade or ''}{c.sex}={c.count}" for c in counts)


def _related_state(activity: Activity) -> dict[str, str]:
    return {
        "partners": _names(activity.partners.all()),
        "agreements": _names(activity.agreements.all()),
        "participants": _counts_text(activity.counts.all()),
        "results": ", ".join(f"{r.indicator_id}={r.value}" for r in activity.results.all()),
    }


def _write_counts(activity: Activity, counts: Counts) -> None:
    activity.counts.all().delete()
    ParticipantCount.objects.bulk_create(
        ParticipantCount(school=activity.school, activity=activity, group=group, grade=grade, sex=sex, count=n)
        for (group, grade, sex), n in sorted(counts.items())
        if n
    )


def _write_results(activity: Activity, results: dict) -> None:
    """`results` maps an indicator to (value or None, note); an empty value removes the result."""
    for indicator, (value, note) in results.items():
        require_same_school(activity.school, indicator)
        if value is None:
            activity.results.filter(indicator=indicator).delete()
        else:
            IndicatorResult.objects.for_school(activity.school).update_or_create(
                activity=activity,
                indicator=indicator,
                defaults={"value": value, "note": note or ""},
            )


def activity_save(
    *,
    school,
    user,
    data: dict,
    activity: Activity | None = None,
    partners=None,
    agreements=None,
    counts: Counts | None = None,
    results: dict | None = None,
) -> Activity:
    """Create or change an activity with its partners, agreements, head counts and indicator results."""
    require_same_school(school, data.get("planned"), data.get("programme"), *(partners or ()), *(agreements or ()))
    planning.require_live(data.get("planned"), data.get("programme"), *(results or {}))
    _check(data)
    with transaction.atomic():
        creating = activity is None
        if creating:
            activity = Activity(school=school, recorded_by=user)
            before, related_before = {}, {}
        else:
            activity = Activity.all_schools.select_for_update().get(pk=activity.pk)
            before, related_before = snapshot(activity), _related_state(activity)
        for field in ACTIVITY_FIELDS:
            if field in data:
                setattr(activity, field, data[field])
        activity.save()
        if partners is not None:
            activity.partners.set(partners)
        if agreements is not None:
            activity.agreements.set(agreements)
        if counts is not None:
            _write_counts(activity, counts)
        if results is not None:
            _write_results(activity, results)
        related_after = _related_state(activity)
        extra = {
            key: [related_before.get(key, ""), value]
            for key, value in related_after.items()
            if value != related_before.get(key, "")
        }
        record(
            user=user,
            obj=activity,
            action=Change.Action.CREATE if creating else Change.Action.UPDATE,
            before=before or None,
            extra=extra,
        )
    return activity


def _title_from(sentence: str) -> str:
    if len(sentence) <= 120:
        return sentence
    cut = sentence[:120].rsplit(" ", 1)[0]
    return f"{cut}…"


def quick_record(
    *,
    school,
    user,
    partner,
    sentence: str,
    photo=None,
    day: datetime.date | None = None,
    place: str = "",
    token: str = "",
) -> Activity:
    """The phone's three fields: a partner, one sentence and a photo make a done activity. The rest
    (participants, programme) can be added later. `day` is when it was recorded (a capture made
    offline arrives later) and `place` where, if the phone was allowed to say.

    `token` is the capture's own (schools/submissions): a capture that arrives again with it, after
    the answer to the first was lost, even in another login, returns the activity already made."""
    sentence = " ".join((sentence or "").split())
    if not sentence:
        raise ValidationError({"sentence": _("Write one sentence about what was done.")})
    require_same_school(school, partner)
    if found := selectors.captured(school=school, token=token):
        return found
    accepted = pipeline.accept_each([photo], field="photo") if photo else []
    areas = list(partner.potentials.values_list("area", flat=True)[:2])
    try:
        with transaction.atomic():
            activity = activity_save(
                school=school,
                user=user,
                data={
                    "title": _title_from(sentence),
                    "notes": sentence,
                    "status": Activity.Status.DONE,
                    "start_date": day or timezone.localdate(),
                    "area": areas[0] if len(areas) == 1 else "",
                    "place": " ".join((place or "").split())[:200],
                },
                partners=[partner],
            )
            if token:
                activity.capture_token = token
                activity.save(update_fields=["capture_token"])
            if accepted:
                _store_evidence(activity, user, accepted, kind=None)  # a photo, or a document if it is one
    except IntegrityError:
        # The same capture, sent twice at once (the page and the service worker): the other one won.
        found = selectors.captured(school=school, token=token)
        if found is None:
            raise
        return found
    return activity


# --- Evidence ----------------------------------------------------------------------------------------


def evidence_kinds(kind: str | None, accepted) -> list[str]:
    """The kind each accepted file is stored with. Without a stated purpose the bytes decide: a
    picture is a photo, a PDF or Word file a document. A stated purpose is kept for every file,
    except PHOTO for a file that is not a picture, which is refused with the files named: nothing
    is stored as a photo that cannot be shown as one."""
    if kind and kind not in Evidence.Kind.values:
        raise ValidationError({"kind": _("Choose the kind from the list, or leave it empty.")})
    if kind == Evidence.Kind.PHOTO:
        documents = [one.original_name for one in accepted if not one.is_image]
        if documents:
            raise ValidationError(
                {
                    "kind": _(
                        "%(names)s is not a photo (only JPEG and PNG pictures are). Say what the file is "
                        "(attendance list, minutes, letter…), or leave the kind empty and Mitra takes it "
                        "from the file."
                    )
                    % {"names": ", ".join(f"“{name}”" for name in documents)}
                }
            )
    if kind:
        return [kind] * len(accepted)
    return [Evidence.Kind.PHOTO if one.is_image else Evidence.Kind.DOCUMENT for one in accepted]


def _store_evidence(activity: Activity, user, accepted, *, kind: str | None, caption: str = "", from_partner=False):
    kinds = dict(zip(map(id, accepted), evidence_kinds(kind, accepted), strict=True))

    def attach(stored, one):
        Evidence.objects.for_school(activity.school).create(
            activity=activity,
            file=stored,
            kind=kinds[id(one)],
            caption=caption,
            from_partner=from_partner,
            added_by=user,
        )

    pipeline.store_each(school=activity.school, user=user, accepted=accepted, folder="activities", attach=attach)


def evidence_add(
    *, activity: Activity, user, uploads, kind: str | None = None, caption: str = "", from_partner=False
) -> None:
    """Add files to an activity, all or nothing: one refused file stores none of them. Without a
    `kind` each file's own content decides it (`evidence_kinds`)."""
    accepted = pipeline.accept_each(uploads)
    if not accepted:
        raise ValidationError({"files": _("Choose a photo or a file.")})
    evidence_kinds(kind, accepted)  # refused before anything is written
    with transaction.atomic():
        _store_evidence(activity, user, accepted, kind=kind, caption=caption.strip(), from_partner=from_partner)
        record(
            user=user,
            obj=activity,
            action=Change.Action.UPDATE,
            before=snapshot(activity),
            extra={"evidence": ["", ", ".join(one.original_name for one in accepted)]},
        )


def mend_evidence_kinds(evidence) -> int:
    """Rows of `evidence` (a queryset) kept as photos whose file is not a picture become documents,
    as the migration 0003 mended the rows stored before kinds came from the bytes; an archive made
    before then is mended so on import. Returns how many were mended."""
    return (
        evidence.filter(kind=Evidence.Kind.PHOTO)
        .exclude(file__content_type__in=PICTURE_TYPES)
        .update(kind=Evidence.Kind.DOCUMENT)
    )


@transaction.atomic
def evidence_remove(*, evidence: Evidence, user) -> None:
    activity = evidence.activity
    if activity.review == Activity.Review.VERIFIED:
        raise ValidationError(_("The activity is verified; its evidence stays as it was verified."))
    record(
        user=user,
        obj=activity,
        action=Change.Action.UPDATE,
        before=snapshot(activity),
        extra={"evidence": [str(evidence), ""]},
    )
    stored = evidence.file
    evidence.delete()
    pipeline.discard(stored)


@transaction.atomic
def activity_delete(*, activity: Activity, user) -> None:
    if activity.review == Activity.Review.VERIFIED:
        raise ValidationError(_("A verified activity is part of the school's record and cannot be deleted."))
    files = [e.file for e in activity.evidence.select_related("file")]
    record(user=user, obj=activity, action=Change.Action.DELETE, before=snapshot(activity))
    activity.delete()
    for stored in files:
        pipeline.discard(stored)


# --- Verification ------------------------------------------------------------------------------------


def _locked(activity: Activity) -> Activity:
    return Activity.all_schools.select_for_update().get(pk=activity.pk)


def _tell(activity: Activity, users, event, text, subject) -> None:
    notify(school=activity.school, users=users, event=event, message=text, subject=subject, url=activity_url(activity))


@transaction.atomic
def submit(*, activity: Activity, user) -> Activity:
    activity = _locked(activity)
    if activity.review not in (Activity.Review.DRAFT, Activity.Review.RETURNED):
        raise ValidationError(_("This activity was already submitted."))
    if activity.status == Activity.Status.PLANNED:
        raise ValidationError(_("Record what happened (done, postponed or cancelled) before submitting."))
    if activity.status == Activity.Status.DONE and not activity.evidence.exists():
        raise ValidationError(_("Add at least one photo or document that shows the activity before submitting."))
    before = snapshot(activity)
    activity.review = Activity.Review.SUBMITTED
    activity.submitted_at, activity.submitted_by = timezone.now(), user
    activity.save(update_fields=["review", "submitted_at", "submitted_by", "updated_at"])
    record(user=user, obj=activity, action=Change.Action.UPDATE, before=before)
    title = activity.title
    _tell(
        activity,
        [person for person in people_in(activity.school, REVIEWERS) if person.pk != user.pk],
        Event.TASK_ASSIGNED,
        lambda lang: _("An activity waits for your verification: %(title)s") % {"title": title},
        lambda lang: _("To verify: %(title)s") % {"title": title},
    )
    return activity


def _reviewed(activity: Activity, user, review: str, comment: str) -> Activity:
    activity = _locked(activity)
    if activity.review != Activity.Review.SUBMITTED:
        raise ValidationError(_("Only a submitted activity can be verified or returned."))
    before = snapshot(activity)
    activity.review = review
    activity.reviewed_at, activity.reviewed_by, activity.review_comment = timezone.now(), user, comment
    activity.save(update_fields=["review", "reviewed_at", "reviewed_by", "review_comment", "updated_at"])
    record(user=user, obj=activity, action=Change.Action.UPDATE, before=before)
    return activity


@transaction.atomic
def verify(*, activity: Activity, user, comment: str = "") -> Activity:
    activity = _reviewed(activity, user, Activity.Review.VERIFIED, comment.strip())
    title = activity.title
    if activity.submitted_by and activity.submitted_by.pk != user.pk:
        _tell(
            activity,
            [activity.submitted_by],
            Event.NEWS,
            lambda lang: _("Your activity was verified: %(title)s") % {"title": title},
            None,
        )
    return activity


@transaction.atomic
def send_back(*, activity: Activity, user, comment: str) -> Activity:
    comment = (comment or "").strip()
    if not comment:
        raise ValidationError({"comment": _("Say what should be changed.")})
    activity = _reviewed(activity, user, Activity.Review.RETURNED, comment)
    title = activity.title
    if activity.submitted_by:
        _tell(
            activity,
            [activity.submitted_by],
            Event.RETURNED,
            lambda lang: _("Returned for changes: %(title)s — %(comment)s") % {"title": title, "comment": comment},
            lambda lang: _("Returned: %(title)s") % {"title": title},
        )
    return activity


@transaction.atomic
def partner_confirm(*, activity: Activity, user, partner_id: int, note: str = "", uploads=()) -> Activity:
    """A partner representative confirms that the activity took place, with a note, photos or
    documents (each file's kind is taken from its content)."""
    if not activity.partners.filter(pk=partner_id).exists():
        raise ValidationError(_("Only a partner of this activity can confirm it."))
    if activity.status != Activity.Status.DONE:
        raise ValidationError(_("Only an activity that took place can be confirmed."))
    accepted = pipeline.accept_each(uploads)
    activity = _locked(activity)
    before = snapshot(activity)
    activity.partner_confirmed_at, activity.partner_confirmed_by = timezone.now(), user
    activity.partner_note = (note or "").strip()
    activity.save(update_fields=["partner_confirmed_at", "partner_confirmed_by", "partner_note", "updated_at"])
    if accepted:
        _store_evidence(activity, user, accepted, kind=None, from_partner=True)
    record(user=user, obj=activity, action=Change.Action.UPDATE, before=before)
    title, who = activity.title, user.get_full_name() or user.username
    recipients = {p.pk: p for p in people_in(activity.school, REVIEWERS)}
    if activity.recorded_by_id:
        recipients.setdefault(activity.recorded_by_id, activity.recorded_by)
    _tell(
        activity,
        list(recipients.values()),
        Event.NEWS,
        lambda lang: _("%(who)s confirmed the activity: %(title)s") % {"who": who, "title": title},
        None,
    )
    return activity


# --- Details ------------------------------------------------------------------------------------------


def initial_from_plan(*, school, planned_id: int) -> dict:
    """What a planned activity of the work plan already says, to start its record from."""
    from mitra.planning.models import PlannedActivity

    planned = PlannedActivity.objects.for_school(school).select_related("programme").filter(pk=planned_id).first()
    if planned is None:
        return {}
    needs = list(planned.programme.needs.values_list("area", flat=True)[:2])
    return {
        "planned": planned,
        "programme": planned.programme,
        "title": planned.title,
        "place": planned.place,
        "start_date": planned.start_date,
        "end_date": planned.end_date if planned.schedule == planned.Schedule.RANGE else None,
        "partners": planned.programme.partners.filter(archived_at__isnull=True),
        "area": needs[0] if len(needs) == 1 else "",
    }


def count_summary(activity: Activity) -> dict:
    """Who took part, for the page: students by grade (boys, girls), the other groups, and the total;
    a group with more people named than counted is shown, and totalled, by its names (PEOPLE_COUNT)."""
    students, others = {}, {}
    labels = dict(ParticipantCount.Group.choices)
    counted = Counter()
    for c in activity.counts.all():
        counted[c.group] += c.count
        if c.group == ParticipantCount.Group.STUDENTS:
            row = students.setdefault(c.grade, {"grade": c.grade, "m": 0, "f": 0, "": 0})
            row[c.sex] += c.count
        else:
            others[c.group] = {"label": labels[c.group], "count": c.count}
    named = Counter(p.group for p in activity.participants.all())
    named_only = []
    for group, n in named.items():
        if n > counted[group]:
            # More students named than counted by grade: the grades would not add up, so one line.
            if group == ParticipantCount.Group.STUDENTS:
                named_only.append({"label": labels[group], "count": n})
            else:
                others[group] = {"label": labels[group], "count": n}
    total = sum(max(counted[g], named[g]) for g in set(counted) | set(named))
    return {
        "students": sorted(students.values(), key=lambda r: r["grade"]) if not named_only else [],
        "others": named_only + [others[g] for g in ParticipantCount.Group.values if g in others],
        "total": total,
    }


@transaction.atomic
def participants_add(*, activity: Activity, user, group: str, names: str) -> int:
    rows = []
    for line in (names or "").splitlines():
        name, _comma, detail = line.partition(",")
        if name.strip():
            rows.append(
                Participant(
                    school=activity.school,
                    activity=activity,
                    group=group,
                    name=name.strip()[:200],
                    detail=detail.strip()[:200],
                )
            )
    if not rows:
        raise ValidationError({"names": _("Write at least one name.")})
    Participant.objects.bulk_create(rows)
    record(
        user=user,
        obj=activity,
        action=Change.Action.UPDATE,
        before=snapshot(activity),
        extra={"participants": ["", ", ".join(row.name for row in rows)]},
    )
    return len(rows)


@transaction.atomic
def participant_remove(*, participant: Participant, user) -> None:
    activity = participant.activity
    record(
        user=user,
        obj=activity,
        action=Change.Action.UPDATE,
        before=snapshot(activity),
        extra={"participants": [participant.name, ""]},
    )
    participant.delete()
