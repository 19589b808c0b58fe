"""The Django admin is for the operators of an installation (superusers), not for school roles."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult

from mitra.schools.models import AcademicYear, Foundation, FoundationMembership, Membership, Schedule, School


@admin.register(Foundation)
class FoundationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    search_fields = ["name"]


@admin.register(School)
class SchoolAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "foundation", "npsn", "nsm"]
    list_filter = ["level", "foundation"]
    search_fields = ["name", "npsn", "nsm"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "school", "role", "is_active"]
    list_filter = ["role", "is_active"]
    search_fields = ["user__username", "user__email", "school__name"]
    raw_id_fields = ["user", "school", "partner"]


@admin.register(FoundationMembership)
class FoundationMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "foundation", "role", "is_active"]
    raw_id_fields = ["user"]


@admin.register(AcademicYear)
class AcademicYearAdmin(admin.ModelAdmin):
    list_display = ["name", "school", "is_current"]
    raw_id_fields = ["school"]


@admin.register(Schedule)
class ScheduleAdmin(admin.ModelAdmin):
    """The daily runs and how the last one went; the tick keeps these rows (schools/schedules.py)."""

    list_display = ["name", "at", "last_due", "last_enqueued_at", "last_state", "retries", "task_path"]
    readonly_fields = [
        "name",
        "task_path",
        "at",
        "last_due",
        "last_enqueued_at",
        "last_result_id",
        "last_state",
        "retries",
    ]

    actions = ["run_now"]

    @admin.action(description=_("Run now"), permissions=["change"])
    def run_now(self, request, queryset):
        from mitra.schools import schedules

        asked = list(queryset.values_list("name", flat=True))
        enqueued = schedules.run_now(asked)
        if enqueued:
            self.message_user(request, _("Enqueued: %(names)s.") % {"names": ", ".join(enqueued)}, messages.SUCCESS)
        if left := sorted(set(asked) - set(enqueued)):
            self.message_user(
                request, _("No longer a job of this version: %(names)s.") % {"names": ", ".join(left)}, messages.WARNING
            )

    @admin.display(description=_("state of the last run"))
    def last_state(self, schedule):
        if not schedule.last_result_id:
            return "—"
        result = DBTaskResult.objects.filter(pk=schedule.last_result_id).first()  # a handful of rows
        return result.get_status_display() if result else _("no longer kept")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
