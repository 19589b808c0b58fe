"""What Mitra tells a person: a notice in the app for each event, and, as the person chooses per
kind of event, the same words by e-mail at once, in a daily or weekly digest, or nothing at all.
Each notice belongs to one person in one school; preferences are the person's own, across schools."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from mitra.schools.scoping import PersonScopedManager, SchoolOwned


class Event(models.TextChoices):
    AGREEMENT_EXPIRING = "agreement_expiring", _("An agreement is about to end")
    ACTIVITY_TOMORROW = "activity_tomorrow", _("An activity takes place tomorrow")
    EVALUATION_DUE = "evaluation_due", _("An evaluation waits for my answers")
    TASK_ASSIGNED = "task_assigned", _("Something is given to me to do or to verify")
    RETURNED = "returned", _("Something I submitted is returned for correction")
    RESPONSE_RECEIVED = "response_received", _("An evaluation I opened receives an answer")
    NEWS = "news", _("My work is verified or confirmed by a partner")
    ACCESS = "access", _("I am invited to a school, or my role in one changes")


class Delivery(models.TextChoices):
    EMAIL = "email", _("By e-mail at once")
    DIGEST = "digest", _("In the e-mail digest")
    APP = "app", _("In the app only")
    OFF = "off", _("Not at all")


# What a person gets before choosing: at once for what has a deadline or waits on them, the digest
# for answers that may arrive by the dozen, the app alone for good news.
DEFAULT_DELIVERY = {
    Event.AGREEMENT_EXPIRING: Delivery.EMAIL,
    Event.ACTIVITY_TOMORROW: Delivery.EMAIL,
    Event.EVALUATION_DUE: Delivery.EMAIL,
    Event.TASK_ASSIGNED: Delivery.EMAIL,
    Event.RETURNED: Delivery.EMAIL,
    Event.RESPONSE_RECEIVED: Delivery.DIGEST,
    Event.NEWS: Delivery.APP,
    Event.ACCESS: Delivery.EMAIL,
}


class Notification(SchoolOwned):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    event = models.CharField(_("event"), max_length=20, choices=Event.choices, default=Event.NEWS)
    text = models.CharField(_("text"), max_length=500)
    url = models.CharField(max_length=300, blank=True)
    # Set for notices a scheduled run sends (an activity tomorrow): the same key reaches a person once,
    # however often, and on however many workers, the run is repeated.
    key = models.CharField(max_length=100, blank=True)
    # Waiting for the person's next digest e-mail.
    in_digest = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    # Read per person (`for_person`), of every school the person belongs to; written per school.
    objects = PersonScopedManager()

    class Meta:
        default_manager_name = "all_schools"  # as SchoolOwned's: Django's machinery, not the app's door
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["user", "read_at"], name="notification_user_read_idx"),
            models.Index(fields=["user"], condition=Q(in_digest=True), name="notification_digest_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], condition=~Q(key=""), name="notification_key_once"),
        ]

    def __str__(self):
        return self.text


class Preference(models.Model):
    """How one person wants one kind of event delivered; no row means the default."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    event = models.CharField(max_length=20, choices=Event.choices)
    delivery = models.CharField(max_length=6, choices=Delivery.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "event"], name="preference_once_per_event")]


class Digest(models.Model):
    """A person's digest e-mail: how often, and when it last went out."""

    class Frequency(models.TextChoices):
        DAILY = "daily", _("Every morning")
        WEEKLY = "weekly", _("Every Monday morning")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    frequency = models.CharField(_("digest e-mail"), max_length=6, choices=Frequency.choices, default=Frequency.DAILY)
    last_sent_at = models.DateTimeField(null=True, blank=True)
