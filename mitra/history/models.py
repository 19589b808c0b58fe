"""Who changed what in a school's data, and when, field by field."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from mitra.schools.scoping import SchoolOwned


class Change(SchoolOwned):
    class Action(models.TextChoices):
        CREATE = "create", _("created")
        UPDATE = "update", _("changed")
        DELETE = "delete", _("deleted")

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=10, choices=Action.choices)
    # The record that changed…
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target_repr = models.CharField(max_length=200)
    # …and the record whose page shows the change (a contact's changes show on its partner).
    anchor_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    anchor_id = models.PositiveBigIntegerField()
    # {field name: [old, new]} as text, so a change reads the same after the model evolves.
    fields = models.JSONField(default=dict)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["school", "anchor_type", "anchor_id", "-at"], name="change_anchor_idx"),
            # A school's latest changes (the dashboard's recent changes) read as a seek, not a sort of
            # every change the school ever made.
            models.Index(fields=["school", "-at", "-id"], name="change_recent_idx"),
        ]

    def __str__(self):
        return f"{self.target_repr} {self.get_action_display()}"
