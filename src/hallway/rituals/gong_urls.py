"""The gong's pages, included by `rituals.urls`."""

from django.urls import path

from hallway.rituals import gong_views

urlpatterns = [
    path("wins/", gong_views.wins, name="wins"),
    path("wins/post/", gong_views.win_post, name="win_post"),
    path("wins/kudos/", gong_views.kudos_post, name="kudos"),
    path("wins/digest/", gong_views.digest_post, name="wins_digest"),
    path("wins/<int:pk>/cheer/", gong_views.cheer, name="cheer"),
    path("gong/", gong_views.gong_admin, name="gong_admin"),
    path("gong/targets/", gong_views.target_add, name="gong_target_add"),
    path("gong/targets/<int:pk>/remove/", gong_views.target_remove, name="gong_target_remove"),
    path("gong/webhooks/", gong_views.webhook_add, name="gong_webhook_add"),
    path("gong/webhooks/<int:pk>/", gong_views.webhook_detail, name="gong_webhook"),
    path("gong/webhooks/<int:pk>/rotate/", gong_views.webhook_rotate, name="gong_webhook_rotate"),
    path(
        "gong/webhooks/<int:pk>/enabled/",
        gong_views.webhook_enabled,
        name="gong_webhook_enabled",
    ),
    path(
        "gong/slack/<slug:organisation>/events/",
        gong_views.slack_events,
        name="gong_slack_events",
    ),
]
