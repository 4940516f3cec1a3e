from django.urls import path

from hallway.rituals import standup_views, views

app_name = "rituals"

urlpatterns = [
    path("", views.home, name="home"),
    path("settings/", views.settings_view, name="settings"),
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
]
