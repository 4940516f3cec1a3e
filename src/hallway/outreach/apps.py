from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "hallway.outreach"
    verbose_name = _("Outreach")

    def ready(self) -> None:
        from hallway.core.navigation import NavEntry, nav_register
        from hallway.outreach import (  # noqa: F401  (registers them)
            care_links,
            exporting,
            inbound,
            messages,
            tasks,
        )

        nav_register(
            NavEntry(
                "outreach",
                _("Outreach"),
                "outreach:home",
                order=45,
                sections=("outreach:",),
                more=True,
            )
        )
