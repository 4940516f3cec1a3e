from django.urls import path

from hallway.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("soon/<slug:capability>/", views.capability_soon, name="soon"),
]
