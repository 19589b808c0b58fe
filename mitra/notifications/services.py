"""Telling people things: a notice in the app, and the same words by e-mail to those who have an
address. The e-mail leaves only once the transaction that decided to send it has committed."""

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation

from mitra.notifications.models import Notification


def notify(*, school, users, message, url: str = "", subject=None, email: bool = True) -> list[Notification]:
    """`message(language)` and `subject(language)` give the words in each person's own language."""
    notices = []
    for user in users:
        with translation.override(user.language):
            text = str(message(user.language))
            title = str(subject(user.language)) if subject else ""
        notices.append(Notification.all_schools.create(school=school, user=user, text=text[:500], url=url))
        if email and user.email and subject:
            # robust: a mail server that is down is logged, and the notices already saved stay saved.
            transaction.on_commit(
                lambda user=user, title=title, text=text: send_mail(
                    subject=title, message=text, from_email=None, recipient_list=[user.email]
                ),
                robust=True,
            )
    return notices


def unread_count(user) -> int:
    return Notification.all_schools.filter(user=user, read_at__isnull=True).count()


def mark_all_read(user) -> int:
    return Notification.all_schools.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
