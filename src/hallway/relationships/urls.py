"""Relationships URLs: companies, contacts, touches, the queue, quiet clients, imports."""

from django.urls import URLPattern, URLResolver, path

from hallway.relationships import import_views, privacy_views

app_name = "relationships"

urlpatterns: list[URLPattern | URLResolver] = [
    # --- importing and privacy (io) ---
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
