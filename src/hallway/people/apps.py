from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "hallway.people"
    verbose_name = _("People")

    def ready(self) -> None:
        from hallway.core.navigation import NavEntry, nav_register
        from hallway.core.panels import Panel, panel_register
        from hallway.people.panels import home_panel

        nav_register(
            NavEntry(
                "people",
                _("People"),
                "people:list",
                order=50,
                sections=("people:", "people_transfer:"),
            )
        )
        panel_register("home", Panel("directory", order=10, render=home_panel))
