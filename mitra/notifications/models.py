"""What Mitra tells a person inside the app: an agreement about to end, and, later, evaluations due.
Each notice belongs to one person in one school; it is read on their notifications page."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from mitra.schools.scoping import SchoolOwned


class Notification(SchoolOwned):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    text = models.CharField(_("text"), max_length=500)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_user_read_idx")]

    def __str__(self):
        return self.text
