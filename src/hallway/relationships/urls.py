"""Relationships URLs: companies, contacts, touches, the queue, quiet clients, imports."""

from django.urls import URLPattern, URLResolver, path

from hallway.relationships import (
    call_views,
    import_views,
    privacy_views,
    queue_views,
    sources_views,
)
from hallway.relationships.views import activity, lists, merging, records

app_name = "relationships"

urlpatterns: list[URLPattern | URLResolver] = [
    # --- companies and contacts: lists, pages, touches, notes, merging ---
    path("contacts/", lists.contact_list, name="contacts"),
    path("contacts/new/", records.contact_create, name="contact_create"),
    path("contacts/bulk/", lists.contact_bulk, name="contact_bulk"),
    path("contacts/export/", lists.contact_export, name="contact_export"),
    path("contacts/duplicates/", merging.duplicates, name="duplicates"),
    path("contacts/merge/", merging.merge, name="merge"),
    path("contacts/<int:pk>/", records.contact_detail, name="contact"),
    path("contacts/<int:pk>/edit/", records.contact_edit, name="contact_edit"),
    path("contacts/<int:pk>/delete/", records.contact_delete, name="contact_delete"),
    path("contacts/<int:pk>/touch/", activity.contact_touch, name="contact_touch"),
    path("contacts/<int:pk>/touches/", activity.contact_touches, name="contact_touches"),
    path("contacts/<int:pk>/notes/", activity.contact_note_add, name="contact_note_add"),
    path("contacts/<int:pk>/details/", activity.contact_detail_add, name="contact_detail_add"),
    path("companies/", lists.company_list, name="companies"),
    path("companies/new/", records.company_create, name="company_create"),
    path("companies/bulk/", lists.company_bulk, name="company_bulk"),
    path("companies/export/", lists.company_export, name="company_export"),
    path("companies/<int:pk>/", records.company_detail, name="company"),
    path("companies/<int:pk>/edit/", records.company_edit, name="company_edit"),
    path("companies/<int:pk>/delete/", records.company_delete, name="company_delete"),
    path("companies/<int:pk>/touch/", activity.company_touch, name="company_touch"),
    path("companies/<int:pk>/touches/", activity.company_touches, name="company_touches"),
    path("companies/<int:pk>/orders/", activity.company_order, name="company_order"),
    path("companies/<int:pk>/notes/", activity.company_note_add, name="company_note_add"),
    path("notes/<int:pk>/edit/", activity.note_edit, name="note_edit"),
    path("notes/<int:pk>/delete/", activity.note_remove, name="note_delete"),
    path("details/<int:pk>/asked/", activity.detail_asked, name="detail_asked"),
    path("details/<int:pk>/delete/", activity.detail_remove, name="detail_delete"),
]

# --- calls: schedule a short call with a contact, cancel it ---
urlpatterns += [
    path("contacts/<int:pk>/call/", call_views.call_schedule_page, name="call_schedule"),
    path("calls/<int:pk>/cancel/", call_views.call_cancel_action, name="call_cancel"),
]

# --- sources: touches that arrive by themselves ---
urlpatterns += [
    path("sources/", sources_views.my_sources, name="my_sources"),
    path("sources/organisation/", sources_views.organisation_sources, name="organisation_sources"),
]

# --- importing and privacy ---
urlpatterns += [
    path("contacts/import/", import_views.import_upload, name="import"),
    path("contacts/import/<int:pk>/", import_views.import_preview, name="import_preview"),
    path("contacts/import/<int:pk>/apply/", import_views.import_apply, name="import_apply"),
    path("contacts/<int:pk>/export.json", privacy_views.contact_export_json, name="export_json"),
    path("contacts/<int:pk>/export.vcf", privacy_views.contact_export_vcard, name="export_vcard"),
    path("contacts/<int:pk>/erase/", privacy_views.contact_erase_confirm, name="erase"),
    path("retention/", privacy_views.retention_review, name="retention"),
    path("retention/<int:pk>/keep/", privacy_views.contact_keep_view, name="keep"),
    path("settings/", privacy_views.settings_view, name="settings"),
]

# --- Rhythms: the reach-out queue and the quiet clients ---
urlpatterns += [
    path("queue/", queue_views.queue, name="queue"),
    path("queue/touch/", queue_views.queue_touch, name="queue_touch"),
    path("queue/dismiss/", queue_views.queue_dismiss, name="queue_dismiss"),
    path("quiet/", queue_views.quiet, name="quiet"),
]
