"""Content sharing: segments, shared articles, and the click-through link in their mails."""

from django.urls import path

from hallway.outreach import campaign_views as views

urlpatterns = [
    path("content/", views.campaign_list, name="campaigns"),
    path("content/new/", views.campaign_new, name="campaign_new"),
    path("content/<int:pk>/", views.campaign_detail, name="campaign"),
    path("content/<int:pk>/edit/", views.campaign_edit, name="campaign_edit"),
    path("content/<int:pk>/preview/", views.campaign_preview_page, name="campaign_preview"),
    path("content/<int:pk>/send/", views.campaign_send_page, name="campaign_send"),
    path("segments/", views.segment_list, name="segments"),
    path("segments/new/", views.segment_new, name="segment_new"),
    path("segments/count/", views.segment_count, name="segment_count"),
    path("segments/<int:pk>/", views.segment_detail, name="segment"),
    path("segments/<int:pk>/delete/", views.segment_remove, name="segment_delete"),
    # Outside any login: the recipient's random token is the key.
    path("r/<str:token>/", views.click, name="campaign_click"),
]
