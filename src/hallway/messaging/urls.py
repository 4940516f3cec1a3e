from django.urls import path

from hallway.messaging import channel_views, feed_views, link_views, slack_views, views

app_name = "messaging"

urlpatterns = [
    path("m/<str:language>/<slug:purpose>/<str:token>/", link_views.link, name="link"),
    path("calendar/<str:key>.ics", feed_views.calendar_feed, name="calendar_feed"),
    path("calendar/", feed_views.my_calendar, name="my_calendar"),
    path(
        "slack/<slug:organisation>/interactions/",
        slack_views.slack_interactions,
        name="slack_interactions",
    ),
    path("outbox/", views.outbox, name="outbox"),
    path("outbox/<int:pk>/", views.outbox_detail, name="outbox_detail"),
    path("outbox/<int:pk>/resend/", views.outbox_resend, name="outbox_resend"),
    path("outbox/<int:pk>/cancel/", views.outbox_cancel, name="outbox_cancel"),
    path("health/", views.health, name="health"),
    path("health/<int:pk>/reset/", views.health_reset, name="health_reset"),
    path("templates/", views.templates, name="templates"),
    path("templates/<slug:template>/<slug:kind>/", views.template_edit, name="template_edit"),
    path("settings/", views.settings_view, name="settings"),
    path("channels/", channel_views.channels, name="channels"),
    path("channels/<int:pk>/", channel_views.channel_edit, name="channel_edit"),
    path("channels/<int:pk>/remove/", channel_views.channel_remove, name="channel_remove"),
    path("channels/<int:pk>/test/", channel_views.channel_test, name="channel_test"),
]
