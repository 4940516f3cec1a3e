"""Relationships URLs: companies, contacts, touches, the queue, quiet clients, imports."""

from django.urls import URLPattern, URLResolver, path

from hallway.relationships import call_views, sources_views

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
