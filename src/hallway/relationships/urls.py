"""Relationships URLs: companies, contacts, touches, the queue, quiet clients, imports."""

from django.urls import URLPattern, URLResolver, path

from hallway.relationships import queue_views

app_name = "relationships"

urlpatterns: list[URLPattern | URLResolver] = []

# --- Rhythms: the reach-out queue and the quiet clients ---
urlpatterns += [
    path("queue/", queue_views.queue, name="queue"),
    path("queue/touch/", queue_views.queue_touch, name="queue_touch"),
    path("queue/dismiss/", queue_views.queue_dismiss, name="queue_dismiss"),
    path("quiet/", queue_views.quiet, name="quiet"),
]
