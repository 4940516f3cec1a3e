"""Coffee URLs: organiser."""

from django.urls import path

from hallway.coffee import organiser_views

urlpatterns = [
    path("", organiser_views.coffee_home, name="home"),
    path("programs/", organiser_views.program_list, name="programs"),
    path("programs/new/", organiser_views.program_new, name="program_new"),
    path("programs/<int:pk>/", organiser_views.program_detail, name="program"),
    path("programs/<int:pk>/edit/", organiser_views.program_edit, name="program_edit"),
    path(
        "programs/<int:pk>/archive/", organiser_views.program_archive_view, name="program_archive"
    ),
    path("programs/<int:pk>/plan/", organiser_views.round_plan, name="round_plan"),
    path("rounds/<int:pk>/", organiser_views.round_detail, name="round"),
    path("rounds/<int:pk>/swap/", organiser_views.round_swap, name="round_swap"),
    path("rounds/<int:pk>/remove/", organiser_views.round_remove_person, name="round_remove"),
    path("rounds/<int:pk>/put-back/", organiser_views.round_put_back_person, name="round_put_back"),
    path("rounds/<int:pk>/replan/", organiser_views.round_replan, name="round_replan"),
    path("rounds/<int:pk>/announce/", organiser_views.round_announce, name="round_announce"),
    path("rounds/<int:pk>/close/", organiser_views.round_close, name="round_close"),
    path("pairings/<int:pk>/lock/", organiser_views.pairing_lock, name="pairing_lock"),
]
