"""Contractor care's pages, and the contractor's check-in form behind a signed link."""

from django.urls import URLPattern, path

from hallway.outreach import care_views

urlpatterns: list[URLPattern] = [
    path("contractors/", care_views.care, name="care"),
    path("contractors/new/", care_views.placement_new, name="placement_new"),
    path("contractors/<int:pk>/", care_views.placement, name="placement"),
    path("contractors/<int:pk>/edit/", care_views.placement_edit, name="placement_edit"),
    path("contractors/<int:pk>/end/", care_views.placement_end_view, name="placement_end"),
    path("contractors/clients/", care_views.all_clients_feedback, name="clients_feedback"),
    path(
        "contractors/clients/<int:pk>/",
        care_views.client_feedback_view,
        name="client_feedback",
    ),
    path("check-in/<str:language>/<str:token>/", care_views.check_in_form, name="check_in_form"),
]
