from django.contrib import admin

from hallway.relationships.models import Company, Contact, Order, ScheduledCall, Touch


@admin.register(Company)
class CompanyAdmin(admin.ModelAdmin[Company]):
    list_display = ["name", "kind", "organisation", "last_touch_at", "usual_gap_days"]
    list_filter = ["kind"]
    search_fields = ["name"]


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin[Contact]):
    list_display = ["name", "email", "kind", "company", "organisation"]
    list_filter = ["kind"]
    search_fields = ["name", "email"]
    raw_id_fields = ["company"]


@admin.register(Touch)
class TouchAdmin(admin.ModelAdmin[Touch]):
    list_display = ["kind", "at", "company", "source", "organisation"]
    list_filter = ["kind", "source"]
    raw_id_fields = ["company"]


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin[Order]):
    list_display = ["title", "company", "at", "status"]
    list_filter = ["status"]
    raw_id_fields = ["company", "contact"]


@admin.register(ScheduledCall)
class ScheduledCallAdmin(admin.ModelAdmin[ScheduledCall]):
    list_display = ["contact", "owner", "start", "status", "sequence", "organisation"]
    list_filter = ["status"]
    raw_id_fields = ["contact", "owner", "scheduled_by"]
