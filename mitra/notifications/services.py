"""Telling people things. `notify` keeps a notice in the app for each person who wants one, and
sends the e-mail at once or marks the notice for the digest, as each person chose for that kind
of event. An e-mail leaves only once the transaction that decided to send it has committed."""

from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from mitra.notifications.models import DEFAULT_DELIVERY, Delivery, Digest, Event, Notification, Preference

Words = Callable[[str], object]  # language -> the words in it


def deliveries(users: Iterable, event: str) -> dict[int, str]:
    """How each of `users` wants `event` delivered: their choice, or the default."""
    ids = [user.pk for user in users]
    chosen = dict(Preference.objects.filter(user_id__in=ids, event=event).values_list("user_id", "delivery"))
    return {pk: chosen.get(pk, DEFAULT_DELIVERY[event]) for pk in ids}


def notify(
    *,
    school,
    users,
    event: str,
    message: Words,
    url: str = "",
    subject: Words | None = None,
    key: str = "",
    merge: bool = False,
) -> list[Notification]:
    """`message(language)` and `subject(language)` give the words in each person's own language.
    With a `key`, a person who already has a notice with that key gets nothing new. With `merge`, a
    notice of the same event and address not read yet is brought up to date instead of adding
    another (answers to a round: one line that counts, not two hundred)."""
    users = list({user.pk: user for user in users}.values())  # one notice per person, however named
    how = deliveries(users, event)
    notices = []
    for user in users:
        if how[user.pk] == Delivery.OFF:
            continue
        with translation.override(user.language):
            text = str(message(user.language))[:500]
            title = str(subject(user.language)) if subject else _short(text)
        in_digest = how[user.pk] == Delivery.DIGEST
        notice = _unread_like(user, event, url) if merge else None
        if notice is not None:
            notice.text, notice.in_digest, notice.created_at = text, in_digest, timezone.now()
            notice.save(update_fields=["text", "in_digest", "created_at"])
        else:
            notice = Notification(
                school=school, user=user, event=event, text=text, url=url, key=key, in_digest=in_digest
            )
            if not _keep(notice):
                continue
        notices.append(notice)
        if how[user.pk] == Delivery.EMAIL and user.email:
            body = _body(user, [notice])
            # robust: a mail server that is down is logged, and the notices already saved stay saved.
            transaction.on_commit(
                lambda to=user.email, title=title, body=body: send_mail(
                    subject=title, message=body, from_email=None, recipient_list=[to]
                ),
                robust=True,
            )
    return notices


def _unread_like(user, event: str, url: str) -> Notification | None:
    return (
        Notification.objects.for_person(user)
        .select_for_update()
        .filter(event=event, url=url, read_at__isnull=True)
        .order_by("-created_at")
        .first()
    )


def _keep(notice: Notification) -> bool:
    """Save the notice; False when its key reached this person before (perhaps a moment ago, on
    another worker)."""
    if not notice.key:
        notice.save()
        return True
    if Notification.objects.for_person(notice.user).filter(key=notice.key).exists():
        return False
    try:
        with transaction.atomic():
            notice.save()
    except IntegrityError:
        return False
    return True


def _short(text: str) -> str:
    return text if len(text) <= 78 else text[:77] + "…"


def absolute(url: str) -> str:
    return f"{settings.BASE_URL}{url}" if url and settings.BASE_URL else ""


def _body(user, notices: list[Notification]) -> str:
    """An e-mail's text in the person's language: each notice with its school and link, then where
    to change what Mitra sends."""
    with translation.override(user.language):
        lines = []
        for notice in notices:
            lines.append(f"• {notice.text}" if len(notices) > 1 else notice.text)
            details = [notice.school.name, absolute(notice.url)]
            lines.append(("  " if len(notices) > 1 else "") + " — ".join(part for part in details if part))
            lines.append("")
        settings_link = absolute(reverse("notifications:preferences"))
        lines.append(
            _("Choose what Mitra sends you by e-mail: %(link)s") % {"link": settings_link}
            if settings_link
            else _("Choose what Mitra sends you by e-mail on the notifications page.")
        )
        return "\n".join(lines)


# --- The digest ----------------------------------------------------------------------------------


def digest_due(frequency: str, now) -> bool:
    return frequency == Digest.Frequency.DAILY or timezone.localdate(now).weekday() == 0


def send_digests(*, now=None) -> int:
    """One e-mail per person whose digest is due, with every notice waiting for it; returns how many
    went. Each notice is taken by one run only, so two workers never send it twice."""
    now = now or timezone.now()
    waiting = Notification.all_schools.filter(in_digest=True).values_list("user_id", flat=True).distinct()
    frequencies = dict(Digest.objects.filter(user_id__in=waiting).values_list("user_id", "frequency"))
    sent = 0
    for user_id in sorted(set(waiting)):
        if digest_due(frequencies.get(user_id, Digest.Frequency.DAILY), now) and _send_digest(user_id, now):
            sent += 1
    return sent


@transaction.atomic
def _send_digest(user_id: int, now) -> bool:
    notices = list(
        Notification.objects.for_person(user_id).filter(in_digest=True).select_related("user", "school")[:200]
    )
    # Taken by this run only if no other run took them first.
    taken = (
        Notification.objects.for_person(user_id)
        .filter(pk__in=[n.pk for n in notices], in_digest=True)
        .update(in_digest=False)
    )
    if not notices or taken != len(notices):
        transaction.set_rollback(True)
        return False
    user = notices[0].user
    Digest.objects.update_or_create(user=user, defaults={"last_sent_at": now})
    if not (user.email and user.is_active):
        return False
    with translation.override(user.language):
        subject = _("Mitra: %(count)d new notifications") % {"count": len(notices)}
    body = _body(user, notices)
    transaction.on_commit(
        lambda: send_mail(subject=subject, message=body, from_email=None, recipient_list=[user.email]), robust=True
    )
    return True


# --- Preferences and the inbox -------------------------------------------------------------------


def preferences_of(user) -> tuple[dict[str, str], str]:
    """Every event's delivery for `user`, and their digest frequency."""
    chosen = dict(Preference.objects.filter(user=user).values_list("event", "delivery"))
    how = {event: chosen.get(event, DEFAULT_DELIVERY[event]) for event in Event.values}
    digest = Digest.objects.filter(user=user).values_list("frequency", flat=True).first()
    return how, digest or Digest.Frequency.DAILY


@transaction.atomic
def preferences_save(*, user, deliveries_by_event: dict[str, str], frequency: str) -> None:
    for event, delivery in deliveries_by_event.items():
        if delivery == DEFAULT_DELIVERY[event]:
            Preference.objects.filter(user=user, event=event).delete()
        else:
            Preference.objects.update_or_create(user=user, event=event, defaults={"delivery": delivery})
    Digest.objects.update_or_create(user=user, defaults={"frequency": frequency})


def unread_count(user) -> int:
    return Notification.objects.for_person(user).filter(read_at__isnull=True).count()


def mark_all_read(user) -> int:
    return Notification.objects.for_person(user).filter(read_at__isnull=True).update(read_at=timezone.now())
