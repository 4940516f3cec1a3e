from django.urls import path

from hallway.outreach import quiet_views

urlpatterns = [
    path("quiet/", quiet_views.quiet_list, name="quiet"),
    path("quiet/<int:pk>/", quiet_views.quiet_detail, name="quiet_detail"),
    path("import/", quiet_views.event_import, name="event_import"),
]
