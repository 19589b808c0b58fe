"""Rounds of an instrument and their answers: opening a round on a frozen version, links for people
without an account, the form a version asks, and saving one response all or nothing."""

import datetime
import re
import secrets

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from mitra.accounts import throttle
from mitra.evaluation import kinds
from mitra.evaluation.instruments import current_version
from mitra.evaluation.kinds.long import MAX_LONG  # noqa: F401 (the longest answers, named here as before)
from mitra.evaluation.kinds.short import MAX_SHORT  # noqa: F401
from mitra.evaluation.models import Answer, Group, Link, Response, Round
from mitra.evaluation.reminders import tell_respondents
from mitra.history.models import Change
from mitra.history.services import record
from mitra.notifications.models import Event
from mitra.notifications.services import notify
from mitra.schools import freshness
from mitra.schools.scoping import require_same_school

MAX_LINKS = 500
GROUPS_BY_LINK = (Group.PARTNERS, Group.STUDENTS, Group.PARENTS, Group.COMMITTEE)


# --- Rounds and links -----------------------------------------------------------------------------


TOKEN_SHAPE = re.compile(r"[A-Za-z0-9_-]{16,64}")


def _token() -> str:
    return secrets.token_urlsafe(24)


def _link_expiry(round_: Round) -> datetime.datetime:
    # A link works until the end of the round's last day, in the school's time zone.
    last = datetime.datetime.combine(round_.closes_on, datetime.time.max)
    return timezone.make_aware(last)


@transaction.atomic
def round_open(*, school, user, instrument, data: dict, respondents=(), expected: dict | None = None) -> Round:
    """Open a round on the instrument as it is now; a shared link is made for each group that
    answers without an account."""
    require_same_school(school, instrument, data.get("activity"), data.get("partner"), data.get("academic_year"))
    audiences = [g for g in data.get("audiences", []) if g in Group.values]
    if not audiences:
        raise ValidationError({"audiences": _("Choose who answers.")})
    if data["closes_on"] < data["opens_on"]:
        raise ValidationError({"closes_on": _("A round cannot close before it opens.")})
    respondents = list(respondents)
    if Group.TEAM in audiences and not respondents:
        raise ValidationError({"respondents": _("Choose the team members who answer.")})
    version = current_version(instrument)
    round_ = Round.objects.for_school(school).create(
        instrument=instrument,
        version=version,
        title=data["title"],
        academic_year=data.get("academic_year"),
        activity=data.get("activity"),
        partner=data.get("partner"),
        plan_entry=data.get("plan_entry"),
        opens_on=data["opens_on"],
        closes_on=data["closes_on"],
        audiences=audiences,
        expected={g: n for g, n in (expected or {}).items() if g in audiences and n},
        anonymous=data.get("anonymous", False),
        created_by=user,
    )
    if Group.TEAM in audiences:
        round_.respondents.set(respondents)
        if round_.is_open_on(timezone.localdate()):
            tell_respondents(round_, [person for person in respondents if person.pk != getattr(user, "pk", None)])
    for group in audiences:
        if group in GROUPS_BY_LINK:
            Link.objects.for_school(school).create(
                round=round_, group=group, token=_token(), expires_at=_link_expiry(round_)
            )
    record(user=user, obj=round_, action=Change.Action.CREATE)
    return round_


@transaction.atomic
def links_add(*, round_: Round, user, group: str, count: int, labels: list[str] | None = None) -> list[Link]:
    """Personal links: each takes one response (a letter to each parent, a QR on each desk)."""
    if group not in GROUPS_BY_LINK or group not in round_.audiences:
        raise ValidationError({"group": _("This round is not answered by that group through a link.")})
    labels = [label.strip()[:120] for label in (labels or []) if label.strip()]
    count = len(labels) or count
    if not 1 <= count <= MAX_LINKS:
        raise ValidationError({"count": _("Make between 1 and %(n)d links at once.") % {"n": MAX_LINKS}})
    links = Link.objects.bulk_create(
        Link(
            school=round_.school,
            round=round_,
            group=group,
            label=labels[i] if labels else "",
            token=_token(),
            single_use=True,
            expires_at=_link_expiry(round_),
        )
        for i in range(count)
    )
    record(
        user=user,
        obj=round_,
        action=Change.Action.UPDATE,
        extra={"links": ["", _("%(n)d personal links") % {"n": count}]},
    )
    return links


@transaction.atomic
def link_revoke(*, link: Link, user) -> None:
    link.revoked_at = timezone.now()
    link.save(update_fields=["revoked_at"])
    record(
        user=user,
        obj=link.round,
        action=Change.Action.UPDATE,
        extra={"links": [str(link), _("stopped")]},
    )


@transaction.atomic
def link_limit_set(*, link: Link, user, max_answers: int | None) -> Link:
    """The most answers a shared link takes (None: as many as come). Not below those it has."""
    if link.single_use:
        raise ValidationError({"max_answers": _("A personal link takes one answer; it has no limit to set.")})
    link = Link.all_schools.select_for_update().get(pk=link.pk)
    received = link.responses.count()
    if max_answers is not None and max_answers < received:
        raise ValidationError(
            {
                "max_answers": _(
                    "This link has already received %(n)d answers: choose at least that many, or stop the link."
                )
                % {"n": received}
            }
        )
    if link.max_answers != max_answers:
        before = link.max_answers
        link.max_answers = max_answers
        link.save(update_fields=["max_answers"])
        record(
            user=user,
            obj=link.round,
            action=Change.Action.UPDATE,
            extra={"links": [f"{link}: {before or '—'}", f"{link}: {max_answers or '—'}"]},
        )
    return link


@transaction.atomic
def round_close(*, round_: Round, user) -> Round:
    if round_.closed_at is None:
        round_.closed_at = timezone.now()
        round_.save(update_fields=["closed_at"])
        record(user=user, obj=round_, action=Change.Action.UPDATE, extra={"closed": ["", _("closed")]})
    return round_


@transaction.atomic
def round_reopen(*, round_: Round, user, closes_on: datetime.date) -> Round:
    if closes_on < timezone.localdate():
        raise ValidationError({"closes_on": _("Choose a last day from today on.")})
    round_.closed_at, round_.closes_on = None, closes_on
    round_.save(update_fields=["closed_at", "closes_on"])
    round_.links.filter(revoked_at__isnull=True).update(expires_at=_link_expiry(round_))
    record(user=user, obj=round_, action=Change.Action.UPDATE, extra={"closed": [_("closed"), ""]})
    return round_


class LinkRefused(Exception):
    """A link that cannot be answered, with the words to say why."""

    def __init__(self, message, status=410):
        super().__init__(message)
        self.message, self.status = message, status


def _already_used() -> LinkRefused:
    return LinkRefused(_("This link has already been used to answer. Each personal link answers once."))


def _full(link: Link) -> LinkRefused:
    return LinkRefused(
        _("This link has received all the answers it takes (%(n)d). Thank you for your interest.")
        % {"n": link.max_answers}
    )


def _is_full(link: Link) -> bool:
    return link.max_answers is not None and link.responses.count() >= link.max_answers


def link_for(token: str, *, now=None) -> Link:
    """The link behind a token, if it may still be answered; otherwise LinkRefused says why."""
    now = now or timezone.now()
    # Only what a token can look like reaches the database (a NUL byte would not even be storable).
    link = (
        Link.all_schools.select_related("round__version", "round__school", "round__partner", "round__activity")
        .filter(token=token)
        .first()
        if TOKEN_SHAPE.fullmatch(token or "")
        else None
    )
    if link is None:
        raise LinkRefused(_("This link is not known. Check that it was copied whole."), status=404)
    round_ = link.round
    if link.revoked_at or round_.closed_at:
        raise LinkRefused(_("This evaluation is closed. Thank you for your interest."))
    if now >= link.expires_at or timezone.localdate(now) > round_.closes_on:
        raise LinkRefused(
            _("This link has expired: the evaluation closed on %(day)s.") % {"day": date_format(round_.closes_on)}
        )
    if timezone.localdate(now) < round_.opens_on:
        raise LinkRefused(_("This evaluation opens on %(day)s.") % {"day": date_format(round_.opens_on)}, status=403)
    if link.single_use and link.responses.exists():
        raise _already_used()
    if not link.single_use and _is_full(link):
        raise _full(link)
    return link


def device_limits(link: Link, *, device: str, address: str):
    """What admits one more answer through a shared link from this device (its signed cookie) and
    this client address: a few an hour per device (a school's computer lab may answer from one
    browser), more per address (a script that drops its cookie). For `response_save(admit=…)`, which
    calls it only for a new response, inside its transaction (so a refused or failed save counts
    nothing); it raises LinkRefused (429) beyond the limits."""
    if link.single_use:
        return None
    device_key = f"answer:{link.pk}:d:{throttle.secret_part(device)}"
    address_key = f"answer:{link.pk}:a:{address}"

    def admit() -> None:
        per_device = settings.LINK_ANSWERS_PER_DEVICE
        if throttle.hits(device_key, window=throttle.HOUR) >= per_device:
            raise LinkRefused(
                ngettext(
                    "This device has already sent %(n)d answer through this link in the last hour. If someone "
                    "else wants to answer on it, wait an hour and try again, or ask the school for a personal "
                    "link.",
                    "This device has already sent %(n)d answers through this link in the last hour. If someone "
                    "else wants to answer on it, wait an hour and try again, or ask the school for a personal "
                    "link.",
                    per_device,
                )
                % {"n": per_device},
                status=429,
            )
        if throttle.hits(address_key, window=throttle.HOUR) >= settings.LINK_ANSWERS_PER_ADDRESS:
            raise LinkRefused(
                _(
                    "Many answers came through this link from your network in the last hour. Wait an hour and "
                    "try again, or ask the school for a personal link."
                ),
                status=429,
            )
        throttle.add(device_key, window=throttle.HOUR)
        throttle.add(address_key, window=throttle.HOUR)

    return admit


# --- The form a version asks ----------------------------------------------------------------------


def field_name(key: str) -> str:
    return f"i_{key}"


def _field_for(item: dict) -> forms.Field:
    common = {"label": item["text"], "help_text": item.get("help", ""), "required": item["required"]}
    messages = {
        "invalid_choice": _("Choose one of the answers shown."),
        "required": _("This question needs an answer."),
    }
    return kinds.get(item["kind"]).field(item, common, messages)


class AnswerForm(forms.Form):
    """The questions of one version, named by their item keys."""

    name = forms.CharField(label=gettext_lazy("Your name"), max_length=120, required=False)

    def __init__(self, *args, definition: dict, ask_name: bool, version_id: int | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.definition, self.version_id = definition, version_id
        if not ask_name:
            del self.fields["name"]
        self.sections = []
        for section in definition["sections"]:
            names = []
            for item in section["items"]:
                name = field_name(item["key"])
                self.fields[name] = _field_for(item)
                names.append(name)
            self.sections.append({"title": section["title"], "fields": names})

    def section_fields(self):
        return [{"title": s["title"], "fields": [self[name] for name in s["fields"]]} for s in self.sections]

    def answers(self) -> list[dict]:
        """Each answered item as the values of an Answer row; blank optional items are left out."""
        rows = []
        for item in (i for s in self.definition["sections"] for i in s["items"]):
            value = self.cleaned_data.get(field_name(item["key"]))
            if value in (None, "", []):
                continue
            row = {"item_key": item["key"], "kind": item["kind"], "number": None, "text": "", "choices": []}
            rows.append(row | {"dont_know": False} | kinds.get(item["kind"]).store(value))
        return rows


# --- Saving a response ----------------------------------------------------------------------------


def answer_form(round_: Round, data=None, *, ask_name: bool | None = None) -> "AnswerForm":
    """The form of the round's own version: what the respondent sees never follows later edits."""
    return AnswerForm(
        data,
        definition=round_.version.definition,
        version_id=round_.version_id,
        ask_name=(not round_.anonymous) if ask_name is None else ask_name,
    )


def response_save(
    *, round_: Round, form: AnswerForm, group: str, submission: str, link=None, user=None, admit=None
) -> Response:
    """Keep one response with its answers, all or nothing. The same form sent again (a resend over
    a bad connection) returns the response already kept; a personal link answers once, a shared one
    up to its maximum; `admit()`, if given, may refuse a new response (see `device_limits`)."""
    submission = (submission or "")[:32] or secrets.token_hex(16)
    existing = Response.objects.for_school(round_.school).filter(round=round_, submission=submission).first()
    if existing:
        return existing
    if form.version_id != round_.version_id:
        raise ValidationError(_("The questions have changed; open the evaluation again."))
    try:
        with transaction.atomic():
            if link is not None and link.single_use:
                # Locked, so that two sends of one personal link at once keep one response.
                Link.all_schools.select_for_update().get(pk=link.pk)
                if link.responses.exists():
                    raise _already_used()
            elif link is not None and link.max_answers is not None:
                # Locked too, so that answers arriving together never pass the maximum.
                locked = Link.all_schools.select_for_update().get(pk=link.pk)
                if _is_full(locked):
                    raise _full(locked)
            if admit is not None:
                admit()
            response = Response.objects.for_school(round_.school).create(
                round=round_,
                version=round_.version,
                group=group,
                link=link,
                # Kept even in an anonymous round, so that a person answers once; results never name them.
                user=user,
                name="" if round_.anonymous else form.cleaned_data.get("name", "").strip(),
                submission=submission,
            )
            Answer.objects.bulk_create(Answer(school=round_.school, response=response, **row) for row in form.answers())
            _tell_opener(round_, response)
            freshness.mark(round_.school_id, freshness.EVALUATION)  # answers keep no history (may be anonymous)
    except IntegrityError:
        # The same submission arrived twice at once, or a person answered the round already.
        existing = Response.objects.for_school(round_.school).filter(round=round_, submission=submission).first()
        if existing:
            return existing
        raise ValidationError(_("You have already answered this evaluation.")) from None
    return response


def _tell_opener(round_: Round, response: Response) -> None:
    """The person who opened the round hears of the answers (by default in their digest): one notice
    per round that counts them until it is read."""
    opener = round_.created_by
    if opener is None or opener.pk == response.user_id:
        return
    title, count = round_.title, round_.responses.count()
    notify(
        school=round_.school,
        users=[opener],
        event=Event.RESPONSE_RECEIVED,
        message=lambda lang: (
            ngettext(
                "A new answer to “%(title)s” (%(count)d answer so far)",
                "A new answer to “%(title)s” (%(count)d answers so far)",
                count,
            )
            % {"title": title, "count": count}
        ),
        url=reverse("evaluation:round", kwargs={"school_id": round_.school_id, "round_id": round_.pk}),
        merge=True,
    )


def answered_by(round_: Round, user) -> Response | None:
    return Response.objects.for_school(round_.school).filter(round=round_, user=user).first()


NOT_ASKED, ANSWERED, NOT_OPEN = "not_asked", "answered", "not_open"


def respondent_refusal(round_: Round, user) -> tuple[str, str] | None:
    """Why a signed-in person may not answer the round now, as (reason, words); None if they may.
    The page and the API both ask here."""
    if not round_.respondents.filter(pk=user.pk).exists():
        return NOT_ASKED, _("You were not asked to answer this round.")
    if answered_by(round_, user):
        return ANSWERED, _("You have already answered this evaluation.")
    if not round_.is_open_on(timezone.localdate()):
        return NOT_OPEN, _("This round is not open for answers.")
    return None
