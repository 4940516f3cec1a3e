from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RelationshipsConfig(AppConfig):
    name = "hallway.relationships"
    verbose_name = _("Relationships")

    def ready(self) -> None:
        # Message types register themselves on import.
        from hallway.core.panels import Panel, panel_register
        from hallway.relationships import messages  # noqa: F401
        from hallway.relationships.panels import home_panel

        panel_register("home", Panel("relationships", order=15, render=home_panel))
