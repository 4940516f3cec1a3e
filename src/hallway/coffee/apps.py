from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoffeeConfig(AppConfig):
    name = "hallway.coffee"
    verbose_name = _("Coffee dates")

    def ready(self) -> None:
        from hallway.accounts.models import Role
        from hallway.accounts.tenancy import role_at_least

        # Message types and signed-link purposes register themselves on import.
        from hallway.coffee import links, messages  # noqa: F401
        from hallway.core.navigation import NavEntry, nav_register

        nav_register(
            NavEntry("coffee", _("Coffee"), "coffee:home", order=10, sections=("coffee:",))
        )
        nav_register(
            NavEntry(
                "insights",
                _("Insights"),
                "coffee:insights",
                order=60,
                sections=("coffee:insights",),
                visible=role_at_least(Role.ORGANISER),
                more=True,
            )
        )
