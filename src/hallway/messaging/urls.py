from django.urls import path

from hallway.messaging import link_views

app_name = "messaging"

urlpatterns = [
    path("m/<str:language>/<slug:purpose>/<str:token>/", link_views.link, name="link"),
]
