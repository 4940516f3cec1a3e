from django.urls import path

from hallway.projects import public_urls, series_views, views

app_name = "projects"

urlpatterns = [
    path("", views.project_list, name="list"),
    # The meeting rhythm: a project's series, one series, and what happened at its meetings.
    path("<int:pk>/series/", series_views.series_list, name="series_list"),
    path("<int:pk>/series/new/", series_views.series_new, name="series_new"),
    path("series/<int:pk>/", series_views.series_detail, name="series"),
    path("series/<int:pk>/edit/", series_views.series_edit, name="series_edit"),
    path("series/<int:pk>/end/", series_views.series_end_view, name="series_end"),
    path("series/<int:pk>/held/", series_views.series_held, name="series_held"),
    path("series/<int:pk>/note/", series_views.series_note, name="series_note"),
    # The card, the kickoff and "tell us about yourself".
    *public_urls.urlpatterns,
]
