"""The communication log: letters, meetings, calls, WhatsApp, e-mail and visits with each partner,
including WhatsApp chats imported from an "Export chat" file, one log entry per day of messages."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from mitra.activities import whatsapp
from mitra.activities.models import ChatImport, ChatMessage, Communication, CommunicationAttachment
from mitra.files import pipeline
from mitra.history.models import Change
from mitra.history.services import record, snapshot

FIELDS = ("partner", "channel", "direction", "occurred_on", "occurred_time", "people", "summary", "letter", "activity")
MAX_CHAT_BYTES = 5 * 1024 * 1024  # years of a busy chat; exports with media are zips and not read here
UNREADABLE_KEPT = 50
SUMMARY_MESSAGES = 6


def log_of(*, access, partner=None, channel: str = "", q: str = ""):
    entries = (
        Communication.objects.for_school(access.school)
        .select_related("partner", "letter", "activity")
        .annotate(
            message_n=Count("messages", filter=Q(messages__is_system=False), distinct=True),
            attachment_n=Count("attachments", distinct=True),
        )
        .order_by("-occurred_on", "-occurred_time", "-id")
    )
    if partner is not None:
        entries = entries.filter(partner=partner)
    if channel:
        entries = entries.filter(channel=channel)
    if q:
        entries = entries.filter(Q(summary__icontains=q) | Q(people__icontains=q) | Q(partner__name__icontains=q))
    return entries


def _check(school, data: dict) -> None:
    for key in ("partner", "letter", "activity"):
        row = data.get(key)
        if row is not None and row.school_id != school.pk:
            raise ValidationError(_("A linked record belongs to another school."))
    if data.get("occurred_on") and data["occurred_on"] > timezone.localdate():
        raise ValidationError({"occurred_on": _("The log keeps what already happened; the date is in the future.")})
    if not (data.get("summary") or "").strip() and data.get("letter") is None:
        raise ValidationError({"summary": _("Write what was said or agreed.")})


def communication_save(*, school, user, data: dict, uploads=(), communication: Communication | None = None):
    _check(school, data)
    accepted = pipeline.accept_each(uploads)
    with transaction.atomic():
        before = snapshot(communication) if communication else None
        entry = communication or Communication(school=school, recorded_by=user)
        for field in FIELDS:
            if field in data:
                setattr(entry, field, data[field])
        entry.save()
        if accepted:
            pipeline.store_each(
                school=school,
                user=user,
                accepted=accepted,
                folder="communications",
                attach=lambda stored, _one: CommunicationAttachment.objects.for_school(school).create(
                    communication=entry, file=stored
                ),
            )
        record(
            user=user,
            obj=entry,
            action=Change.Action.UPDATE if before else Change.Action.CREATE,
            before=before,
            anchor=entry.partner,
        )
    return entry


@transaction.atomic
def communication_delete(*, communication: Communication, user) -> None:
    files = [a.file for a in communication.attachments.select_related("file")]
    record(
        user=user,
        obj=communication,
        action=Change.Action.DELETE,
        before=snapshot(communication),
        anchor=communication.partner,
    )
    communication.delete()
    for stored in files:
        pipeline.discard(stored)


def log_share(*, activity, user, partner, text: str) -> Communication:
    """A message opened in WhatsApp from an activity's page, noted in the partner's log."""
    if not activity.partners.filter(pk=partner.pk).exists():
        raise ValidationError(_("This partner is not part of the activity."))
    return communication_save(
        school=activity.school,
        user=user,
        data={
            "partner": partner,
            "channel": Communication.Channel.WHATSAPP,
            "direction": Communication.Direction.OUT,
            "occurred_on": timezone.localdate(),
            "occurred_time": timezone.localtime().time().replace(second=0, microsecond=0),
            "summary": text,
            "activity": activity,
        },
    )


# --- WhatsApp import ----------------------------------------------------------------------------------


def _day_summary(day: Communication) -> None:
    messages = list(day.messages.filter(is_system=False).order_by("sent_on", "sent_time", "id"))
    lines = []
    for message in messages[:SUMMARY_MESSAGES]:
        words = message.text or message.media
        lines.append(f"{message.sent_time:%H.%M} {message.sender}: {words[:160]}")
    if len(messages) > SUMMARY_MESSAGES:
        lines.append(_("… and %(n)s more messages") % {"n": len(messages) - SUMMARY_MESSAGES})
    day.summary = "\n".join(lines)
    day.people = ", ".join(sorted({m.sender for m in messages if m.sender}))[:300]
    first = messages[0] if messages else None
    day.occurred_time = first.sent_time if first else None
    day.save(update_fields=["summary", "people", "occurred_time"])


def import_chat(*, school, user, partner, upload, day_first: bool | None = None) -> ChatImport:
    """Read an exported chat into the partner's log. Messages already imported (from this file or
    an earlier export of the same chat) are skipped; unreadable lines are reported, not fatal: a dated
    line whose date does not fit the file's order is kept as text of the message before it."""
    if partner.school_id != school.pk:
        raise ValidationError(_("A linked record belongs to another school."))
    try:
        text = pipeline.read_text(upload, max_bytes=MAX_CHAT_BYTES)
    except pipeline.UploadRejected as error:
        raise ValidationError({"file": error.messages}) from None
    chat = whatsapp.parse(text, day_first=day_first)
    if not chat.messages:
        raise ValidationError(
            {
                "file": _(
                    "No WhatsApp messages were found in this file. In WhatsApp, open the chat, choose “Export chat” "
                    "and “Without media”, and send the .txt file."
                )
            }
        )
    with transaction.atomic():
        known = set(
            ChatMessage.objects.for_school(school)
            .filter(partner=partner, fingerprint__in=[m.fingerprint for m in chat.messages])
            .values_list("fingerprint", flat=True)
        )
        fresh = [m for m in chat.messages if m.fingerprint not in known]
        log = ChatImport.objects.for_school(school).create(
            partner=partner,
            file_name=pipeline.safe_name(upload.name),
            day_first=chat.day_first,
            added=len(fresh),
            already_there=len(chat.messages) - len(fresh),
            unreadable=[
                [number, line, "kept" if kept else "left"]
                for number, line, kept in sorted(
                    [(n, line, False) for n, line in chat.unreadable] + [(n, line, True) for n, line in chat.misdated]
                )[:UNREADABLE_KEPT]
            ],
            unreadable_count=len(chat.unreadable) + len(chat.misdated),
            imported_by=user,
        )
        days = {}
        for message in fresh:
            day = message.sent.date()
            if day not in days:
                days[day], _created = Communication.objects.for_school(school).get_or_create(
                    partner=partner,
                    occurred_on=day,
                    is_chat_day=True,
                    defaults={
                        "channel": Communication.Channel.WHATSAPP,
                        "direction": Communication.Direction.BOTH,
                        "recorded_by": user,
                    },
                )
        ChatMessage.objects.bulk_create(
            ChatMessage(
                school=school,
                partner=partner,
                day=days[m.sent.date()],
                chat_import=log,
                sent_on=m.sent.date(),
                sent_time=m.sent.time(),
                sender=m.sender[:200],
                text=m.text,
                media=m.media[:200],
                is_system=m.is_system,
                fingerprint=m.fingerprint,
            )
            for m in fresh
        )
        for day in days.values():
            _day_summary(day)
        record(
            user=user,
            obj=partner,
            action=Change.Action.UPDATE,
            before=snapshot(partner),
            extra={
                "whatsapp": ["", _("%(n)s messages imported from %(file)s") % {"n": len(fresh), "file": log.file_name}]
            },
        )
    return log


@transaction.atomic
def undo_import(*, chat_import: ChatImport, user) -> int:
    """Remove the messages an import added, and the day entries left empty."""
    days = set(chat_import.messages.values_list("day_id", flat=True))
    removed, _detail = chat_import.messages.all().delete()
    for day in Communication.all_schools.filter(pk__in=days).annotate(n=Count("messages")):
        if day.n == 0:
            day.delete()
        else:
            _day_summary(day)
    partner = chat_import.partner
    record(
        user=user,
        obj=partner,
        action=Change.Action.UPDATE,
        before=snapshot(partner),
        extra={
            "whatsapp": [
                _("%(n)s messages imported from %(file)s") % {"n": chat_import.added, "file": chat_import.file_name},
                "",
            ]
        },
    )
    chat_import.delete()
    return removed


def communication_timeline_entries(*, access, partner):
    """The partner's communication log on its timeline; letters appear there through the register."""
    from django.urls import reverse

    from mitra.partners.timeline import Entry

    if not access.can("communications.view"):
        return []
    entries = []
    for entry in log_of(access=access, partner=partner).filter(letter__isnull=True):
        url = reverse("activities:communication", kwargs={"school_id": access.school.pk, "communication_id": entry.pk})
        if entry.is_chat_day:
            title = _("%(n)s WhatsApp messages") % {"n": entry.message_n}
        else:
            title = (entry.summary.splitlines() or [entry.get_channel_display()])[0][:120]
        entries.append(Entry(entry.occurred_on, entry.get_channel_display(), title, url, entry.people))
    return entries
