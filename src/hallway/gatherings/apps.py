from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GatheringsConfig(AppConfig):
    name = "hallway.gatherings"
    verbose_name = _("Gatherings")

    def ready(self) -> None:
        from hallway.core.navigation import NavEntry, nav_register
        from hallway.gatherings import (  # noqa: F401  (registers them)
            afterwards_links,
            links,
            messages,
        )

        # Every member may host a gathering (a consultant's cocktail party for clients).
        nav_register(
            NavEntry(
                "gatherings",
                _("Gatherings"),
                "gatherings:list",
                order=15,
                sections=("gatherings:",),
            )
        )
