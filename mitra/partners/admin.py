from django.contrib import admin

from mitra.partners.models import Contact, Partner


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "school", "kind", "status", "archived_at"]
    list_filter = ["kind", "status"]
    search_fields = ["name"]
    raw_id_fields = ["school"]


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = ["name", "partner", "phone", "is_primary"]
    raw_id_fields = ["school", "partner"]
