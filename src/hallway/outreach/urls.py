from django.urls import include, path

from hallway.outreach import views

app_name = "outreach"

urlpatterns = [
    path("", views.home, name="home"),
    path("tasks/<int:pk>/done/", views.task_done, name="task_done"),
    path("tasks/<int:pk>/snooze/", views.task_snooze, name="task_snooze"),
    path("", include("hallway.outreach.sequence_urls")),
    path("", include("hallway.outreach.job_urls")),
    path("", include("hallway.outreach.care_urls")),
    path("", include("hallway.outreach.campaign_urls")),
    path("", include("hallway.outreach.approval_urls")),
    path("", include("hallway.outreach.quiet_urls")),
]
