"""Relationships URLs: companies, contacts, touches, the queue, quiet clients, imports."""

from django.urls import URLPattern, URLResolver, path

from hallway.relationships import sources_views

app_name = "relationships"

urlpatterns: list[URLPattern | URLResolver] = []

# --- sources: touches that arrive by themselves ---
urlpatterns += [
    path("sources/", sources_views.my_sources, name="my_sources"),
    path("sources/organisation/", sources_views.organisation_sources, name="organisation_sources"),
]
