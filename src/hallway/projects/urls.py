from django.urls import path

from hallway.projects import coverage_views, public_urls, roster_views, series_views, views

app_name = "projects"

urlpatterns = [
    path("", views.project_list, name="list"),
    path("new/", views.project_new, name="new"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/edit/", views.project_edit, name="edit"),
    path("<int:pk>/roster/add/", roster_views.roster_member_add, name="roster_add"),
    path("roster/<int:pk>/edit/", roster_views.roster_member_edit, name="roster_edit"),
    path("roster/<int:pk>/remove/", roster_views.roster_member_remove, name="roster_remove"),
    path("<int:pk>/coverage/", coverage_views.coverage, name="coverage"),
    path("<int:pk>/coverage/plan/", coverage_views.coverage_plan, name="coverage_plan"),
    path("<int:pk>/coverage/record/", coverage_views.coverage_record, name="coverage_record"),
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
