from django.urls import path

from hallway.projects import coverage_views, roster_views, views

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
]
