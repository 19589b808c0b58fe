"""The Django admin is for the operators of an installation (superusers), not for school roles."""

from django.contrib import admin

from mitra.schools.models import AcademicYear, Foundation, FoundationMembership, Membership, School


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
