from django.urls import include, path

from hallway.rituals import pulse_views, views

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
]
