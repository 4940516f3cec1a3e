from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RitualsConfig(AppConfig):
    name = "hallway.rituals"
    verbose_name = _("Rituals")

    def ready(self) -> None:
        from hallway.core.navigation import NavEntry, nav_register
        from hallway.rituals import (  # noqa: F401  (registers them)
            gong_messages,
            gong_tasks,
            pulse_links,
            pulse_messages,
            standup_links,
            standup_messages,
        )

        nav_register(
            NavEntry("rituals", _("Rituals"), "rituals:home", order=17, sections=("rituals:",))
        )
