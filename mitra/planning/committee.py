"""The school committee's part (issue 26): its comments on a draft of the work plan and on the
accountability summary of a school year. A comment is written by a member of the committee, or by the
principal or the coordinator who write down what the committee said at a meeting, naming whose words
they are. Once written it is the record: it is never changed or removed, and the history says so."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from mitra.history.models import Change
from mitra.history.services import record, snapshot
from mitra.planning.models import CommitteeComment, Plan
from mitra.schools.roles import Role
from mitra.schools.scoping import require_same_school

MAX_TEXT = 4000


def comment_add(*, access, user, about: str, year, text: str, speaking_for: str = "", plan: Plan | None = None):
    """Keep the committee's comment; refused whole, with the reason, when something is missing."""
    school = access.school
    require_same_school(school, year, plan)
    errors = {}
    text = (text or "").strip()
    speaking_for = " ".join((speaking_for or "").split())[:200]
    if not text:
        errors["text"] = _("Write the committee's comment.")
    elif len(text) > MAX_TEXT:
        errors["text"] = _("Keep the comment under %(n)s characters; attach a longer letter to the record.") % {
            "n": MAX_TEXT
        }
    if access.role != Role.COMMITTEE_VIEWER and not speaking_for:
        errors["speaking_for"] = _("Name the committee member whose words these are.")
    if about == CommitteeComment.About.PLAN:
        if plan is None:
            errors["plan"] = _("Choose the plan commented on.")
        elif plan.status not in (Plan.Status.DRAFT, Plan.Status.SUBMITTED):
            errors["text"] = _(
                "This plan is already approved or replaced: the committee comments on a draft, or on the "
                "accountability summary."
            )
        elif plan.academic_year_id != year.pk:
            errors["plan"] = _("The plan is of another school year.")
    elif about != CommitteeComment.About.ACCOUNTABILITY:
        errors["about"] = _("Choose what the comment is on.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        comment = CommitteeComment.objects.for_school(school).create(
            academic_year=year,
            about=about,
            plan=plan if about == CommitteeComment.About.PLAN else None,
            text=text,
            speaking_for=speaking_for,
            author=user,
        )
        anchor = plan if comment.plan_id else year
        record(
            user=user,
            obj=anchor,
            action=Change.Action.UPDATE,
            before=snapshot(anchor),
            extra={"committee": ["", f"{who(comment)}: {text[:300]}"]},
        )
    return comment


def keep_from(form, *, access, user, about: str, year, plan: Plan | None = None) -> CommitteeComment | None:
    """The comment the committee form holds, kept; None when refused (the form then says why)."""
    from mitra.schools.pages import apply_error

    if not form.is_valid():
        return None
    try:
        return comment_add(
            access=access,
            user=user,
            about=about,
            year=year,
            plan=plan,
            text=form.cleaned_data["text"],
            speaking_for=form.cleaned_data.get("speaking_for", ""),
        )
    except ValidationError as error:
        apply_error(form, error)
        return None


def who(comment: CommitteeComment) -> str:
    """Whose words: the committee member named, or the member who wrote them."""
    if comment.speaking_for:
        return comment.speaking_for
    if comment.author is not None:
        return comment.author.get_full_name() or comment.author.get_username()
    return _("School committee")


def comments_on_plan(plan: Plan) -> QuerySet[CommitteeComment]:
    """The committee's comments on this plan's year's drafts, oldest first (every revision's)."""
    return (
        CommitteeComment.objects.for_school(plan.school)
        .filter(academic_year=plan.academic_year_id, about=CommitteeComment.About.PLAN)
        .select_related("author", "plan")
    )


def comments_of_year(*, school, year, about: str | None = None) -> QuerySet[CommitteeComment]:
    """The committee's comments of a school year (on its plan and its accountability summary)."""
    found = CommitteeComment.objects.for_school(school).filter(academic_year=year).select_related("author", "plan")
    return found.filter(about=about) if about else found


def may_comment_on(plan: Plan) -> bool:
    return plan.status in (Plan.Status.DRAFT, Plan.Status.SUBMITTED)
