"""Coffee URLs: insights."""

from django.urls import URLPattern, path

from hallway.coffee import insights_views as views

urlpatterns: list[URLPattern] = [
    path("insights/", views.insights, name="insights"),
    path("insights/<int:pk>/", views.insights_program, name="insights_program"),
    path("insights/<int:pk>/csv/", views.insights_csv, name="insights_csv"),
]
