"""Onboarding URLs: the new hires' overview, tracks, the template and buddy volunteers."""

from django.urls import URLPattern, path

from hallway.onboarding import views

app_name = "onboarding"

urlpatterns: list[URLPattern] = [
    path("", views.onboarding_overview, name="overview"),
    path("progress.csv", views.onboarding_progress_csv, name="progress_csv"),
    path("plan/", views.onboarding_plan, name="plan"),
    path("template/", views.onboarding_template, name="template"),
    path("buddies/", views.buddy_list, name="buddies"),
    path("buddies/<int:pk>/edit/", views.buddy_edit, name="buddy_edit"),
    path("buddies/<int:pk>/remove/", views.buddy_remove, name="buddy_remove"),
    path("<int:pk>/", views.onboarding_track, name="track"),
    path("<int:pk>/fill/", views.onboarding_track_fill, name="track_fill"),
    path("<int:pk>/buddy/", views.onboarding_buddy_choose, name="buddy_choose"),
]
