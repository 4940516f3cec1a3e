"""The sequence pages (see `sequence_views`, `sequence_step_views`,
`sequence_enrollment_views`)."""

from django.urls import URLPattern, path

from hallway.outreach import sequence_enrollment_views, sequence_step_views, sequence_views

urlpatterns: list[URLPattern] = [
    path("sequences/", sequence_views.sequence_list, name="sequences"),
    path("sequences/new/", sequence_views.sequence_new, name="sequence_new"),
    path("sequences/<int:pk>/", sequence_views.sequence_detail, name="sequence"),
    path("sequences/<int:pk>/edit/", sequence_views.sequence_edit, name="sequence_edit"),
    path("sequences/<int:pk>/status/", sequence_views.sequence_status, name="sequence_status"),
    path("sequences/<int:pk>/steps/new/", sequence_step_views.step_new, name="sequence_step_new"),
    path("sequences/<int:pk>/preview/", sequence_step_views.step_preview, name="sequence_preview"),
    path(
        "sequences/steps/<int:pk>/edit/", sequence_step_views.step_edit, name="sequence_step_edit"
    ),
    path(
        "sequences/steps/<int:pk>/delete/",
        sequence_step_views.step_remove,
        name="sequence_step_delete",
    ),
    path(
        "sequences/steps/<int:pk>/move/",
        sequence_step_views.step_move_view,
        name="sequence_step_move",
    ),
    path(
        "sequences/<int:pk>/enrollments/",
        sequence_enrollment_views.enrollments,
        name="sequence_enrollments",
    ),
    path(
        "sequences/enrollments/<int:pk>/remove/",
        sequence_enrollment_views.enrollment_remove_view,
        name="sequence_enrollment_remove",
    ),
]
