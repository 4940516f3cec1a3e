from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RitualsConfig(AppConfig):
    name = "hallway.rituals"
    verbose_name = _("Rituals")

    def ready(self) -> None:
        from hallway.core.navigation import NavEntry, nav_register
        from hallway.rituals import standup_links, standup_messages  # noqa: F401  (registers them)

        nav_register(
            NavEntry("rituals", _("Rituals"), "rituals:home", order=17, sections=("rituals:",))
        )
