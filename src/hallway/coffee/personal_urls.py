"""Coffee URLs: a person's own page, by signed link (no login) or as "My coffee"."""

from django.urls import URLPattern, path

from hallway.coffee import personal_views

urlpatterns: list[URLPattern] = [
    path("me/<str:language>/<str:token>/", personal_views.personal_link, name="personal_link"),
    path("my/", personal_views.my_coffee, name="my_coffee"),
]
