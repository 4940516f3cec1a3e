from django.urls import path

from hallway.outreach import approval_views

urlpatterns = [
    path("approvals/", approval_views.approvals, name="approvals"),
    path("approvals/<int:pk>/", approval_views.approval_decide, name="approval_decide"),
    path("messages/", approval_views.messages_sent, name="messages"),
    path("signature/", approval_views.signature, name="signature"),
    path("settings/", approval_views.settings_view, name="settings"),
]
