from django.urls import include, path

from hallway.rituals import pulse_views, standup_views, views

app_name = "rituals"

urlpatterns = [
    path("", views.home, name="home"),
    path("settings/", views.settings_view, name="settings"),
    path("", include("hallway.rituals.gong_urls")),
    path("pulses/", pulse_views.pulse_list, name="pulses"),
    path("pulses/new/", pulse_views.pulse_new, name="pulse_new"),
    path("pulses/<int:pk>/", pulse_views.pulse_results, name="pulse_results"),
    path("pulses/<int:pk>/edit/", pulse_views.pulse_edit, name="pulse_edit"),
    path("pulses/<int:pk>/export/", pulse_views.pulse_export, name="pulse_export"),
    path(
        "pulses/<int:pk>/questions/",
        pulse_views.pulse_question_new,
        name="pulse_question_new",
    ),
    path(
        "pulses/questions/<int:pk>/",
        pulse_views.pulse_question_switch,
        name="pulse_question_switch",
    ),
    path("standups/", standup_views.standup_list, name="standups"),
    path("standups/new/", standup_views.standup_new, name="standup_new"),
    path("standups/<int:pk>/", standup_views.standup_detail, name="standup"),
    path("standups/<int:pk>/edit/", standup_views.standup_edit, name="standup_edit"),
    path(
        "standups/<int:pk>/video-time/",
        standup_views.standup_video_time,
        name="standup_video_time",
    ),
    path(
        "standups/checkins/<int:pk>/blocker/",
        standup_views.standup_blocker,
        name="standup_blocker",
    ),
    path("standups/checkins/<int:pk>/win/", standup_views.standup_win, name="standup_win"),
]
