"""Gatherings URLs: the list, a new gathering, one gathering and its actions."""

from django.urls import path

from hallway.gatherings import afterwards_views, console_views, picker_views, series_views, views

app_name = "gatherings"

urlpatterns = [
    path("", views.gathering_list, name="list"),
    path("new/", views.gathering_new, name="new"),
    path("<int:pk>/", views.gathering_detail, name="detail"),
    path("<int:pk>/invite/", views.gathering_invite, name="invite"),
    path("<int:pk>/pick/", picker_views.gathering_pick, name="pick"),
    path("<int:pk>/reschedule/", views.gathering_reschedule_view, name="reschedule"),
    path("<int:pk>/cancel/", views.gathering_cancel_view, name="cancel"),
    path("<int:pk>/breakouts/", views.gathering_breakouts, name="breakouts"),
    path("<int:pk>/repeat/", series_views.gathering_repeat_view, name="repeat"),
    path("series/new/", series_views.series_new, name="series_new"),
    path("series/<int:pk>/active/", series_views.series_active, name="series_active"),
    path("<int:pk>/afterwards/", afterwards_views.gathering_afterwards_view, name="afterwards"),
    path("<int:pk>/console/", console_views.gathering_console, name="console"),
    path("<int:pk>/console/start/", console_views.console_round_start, name="console_start"),
    path("<int:pk>/console/late/", console_views.console_latecomer, name="console_late"),
    path("<int:pk>/console/left/", console_views.console_left_early, name="console_left"),
]
