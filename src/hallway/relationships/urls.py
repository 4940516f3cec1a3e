"""Relationships URLs: companies, contacts, touches, the queue, quiet clients, imports."""

from django.urls import URLPattern, URLResolver, path

from hallway.relationships import call_views, import_views, privacy_views, sources_views

app_name = "relationships"

urlpatterns: list[URLPattern | URLResolver] = []

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
