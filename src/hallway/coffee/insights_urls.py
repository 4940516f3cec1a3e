"""Coffee URLs: insights."""

from django.urls import URLPattern, path

from hallway.coffee import insights_views as views

urlpatterns: list[URLPattern] = [
    path("insights/", views.insights, name="insights"),
    path("insights/<slug:chart>.csv", views.insights_csv, name="insights_csv"),
]
