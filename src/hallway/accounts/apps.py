from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "hallway.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from hallway.accounts.two_factor import two_factor_decide_on_sign_in
        from hallway.core.navigation import NavEntry, nav_register

        user_logged_in.connect(two_factor_decide_on_sign_in, dispatch_uid="hallway-two-factor")

        # Messaging's pages (outbox, channels, templates) are settings of the organisation.
        nav_register(
            NavEntry(
                "settings",
                _("Settings"),
                "accounts:settings",
                order=90,
                sections=("accounts:", "messaging:"),
            )
        )
