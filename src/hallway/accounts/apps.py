from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "hallway.accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from hallway.core.navigation import NavEntry, nav_register

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
