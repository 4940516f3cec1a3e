from django.contrib.auth import views as auth_views
from django.urls import path

from hallway.accounts import settings_views, sso_views, two_factor_views, views

app_name = "accounts"

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/done/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/reset/complete/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("two-factor/", two_factor_views.verify, name="two_factor_verify"),
    path("organisation/switch/", views.switch_organisation_view, name="switch_organisation"),
    path("invitations/<str:token>/", views.invitation_accept_view, name="invitation_accept"),
    path("settings/", settings_views.settings_home, name="settings"),
    path(
        "settings/organisation/",
        settings_views.organisation_settings,
        name="settings_organisation",
    ),
    path(
        "settings/organisation/security/",
        two_factor_views.organisation_security,
        name="settings_organisation_security",
    ),
    path("settings/members/", settings_views.members, name="settings_members"),
    path(
        "settings/members/<int:pk>/role/",
        settings_views.member_change_role,
        name="settings_member_role",
    ),
    path(
        "settings/members/<int:pk>/remove/",
        settings_views.member_remove,
        name="settings_member_remove",
    ),
    path("settings/invitations/", settings_views.invitations, name="settings_invitations"),
    path(
        "settings/invitations/<int:pk>/resend/",
        settings_views.invitation_resend,
        name="settings_invitation_resend",
    ),
    path(
        "settings/invitations/<int:pk>/revoke/",
        settings_views.invitation_revoke,
        name="settings_invitation_revoke",
    ),
    path("settings/profile/", settings_views.profile, name="settings_profile"),
    path(
        "settings/password/",
        settings_views.PasswordChangeView.as_view(),
        name="settings_password",
    ),
    path("settings/two-factor/", two_factor_views.settings_two_factor, name="settings_two_factor"),
    path(
        "settings/two-factor/recovery-codes/",
        two_factor_views.recovery_codes,
        name="settings_two_factor_recovery_codes",
    ),
    path(
        "settings/two-factor/disable/",
        two_factor_views.disable,
        name="settings_two_factor_disable",
    ),
    path("settings/tokens/", settings_views.tokens, name="settings_tokens"),
    path(
        "settings/tokens/<int:pk>/revoke/",
        settings_views.token_revoke_view,
        name="settings_token_revoke",
    ),
]

# Single sign-on (OpenID Connect, one provider per organisation).
urlpatterns += [
    path("sso/", sso_views.sso_start, name="sso_start"),
    path("sso/callback/", sso_views.sso_callback, name="sso_callback"),
    path("settings/sso/", sso_views.sso_settings, name="settings_sso"),
]
