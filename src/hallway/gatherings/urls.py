"""Gatherings URLs: the list, a new gathering, one gathering and its actions."""

from django.urls import path

from hallway.gatherings import views
from hallway.gatherings.afterwards_views import gathering_afterwards_view

app_name = "gatherings"

urlpatterns = [
    path("", views.gathering_list, name="list"),
    path("new/", views.gathering_new, name="new"),
    path("<int:pk>/", views.gathering_detail, name="detail"),
    path("<int:pk>/invite/", views.gathering_invite, name="invite"),
    path("<int:pk>/reschedule/", views.gathering_reschedule_view, name="reschedule"),
    path("<int:pk>/cancel/", views.gathering_cancel_view, name="cancel"),
    path("<int:pk>/breakouts/", views.gathering_breakouts, name="breakouts"),
    path("<int:pk>/afterwards/", gathering_afterwards_view, name="afterwards"),
]
