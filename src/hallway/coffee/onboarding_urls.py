"""Coffee URLs: onboarding."""

from django.urls import URLPattern, path

from hallway.coffee import onboarding_views as views

urlpatterns: list[URLPattern] = [
    path("onboarding/", views.onboarding_overview, name="onboarding"),
    path("onboarding/plan/", views.onboarding_plan, name="onboarding_plan"),
    path("onboarding/template/", views.onboarding_template, name="onboarding_template"),
    path("onboarding/buddies/", views.buddy_list, name="onboarding_buddies"),
    path("onboarding/buddies/<int:pk>/edit/", views.buddy_edit, name="onboarding_buddy_edit"),
    path("onboarding/buddies/<int:pk>/remove/", views.buddy_remove, name="onboarding_buddy_remove"),
    path("onboarding/<int:pk>/", views.onboarding_track, name="onboarding_track"),
    path("onboarding/<int:pk>/fill/", views.onboarding_track_fill, name="onboarding_track_fill"),
]
