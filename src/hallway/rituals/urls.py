from django.urls import include, path

from hallway.rituals import views

app_name = "rituals"

urlpatterns = [
    path("", views.home, name="home"),
    path("settings/", views.settings_view, name="settings"),
    path("", include("hallway.rituals.gong_urls")),
]
