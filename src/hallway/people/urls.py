from django.urls import path

from hallway.people import team_location_views, views

app_name = "people"

urlpatterns = [
    path("", views.person_list, name="list"),
    path("new/", views.person_create, name="create"),
    path("bulk/", views.person_bulk, name="bulk"),
    path("<int:pk>/", views.person_detail, name="detail"),
    path("<int:pk>/edit/", views.person_edit, name="edit"),
    path("<int:pk>/delete/", views.person_delete, name="delete"),
    path("teams/", team_location_views.team_list, name="teams"),
    path("teams/new/", team_location_views.team_create, name="team_create"),
    path("teams/<int:pk>/edit/", team_location_views.team_edit, name="team_edit"),
    path("teams/<int:pk>/delete/", team_location_views.team_delete, name="team_delete"),
    path("locations/", team_location_views.location_list, name="locations"),
    path("locations/new/", team_location_views.location_create, name="location_create"),
    path("locations/<int:pk>/edit/", team_location_views.location_edit, name="location_edit"),
    path(
        "locations/<int:pk>/delete/",
        team_location_views.location_delete,
        name="location_delete",
    ),
]
