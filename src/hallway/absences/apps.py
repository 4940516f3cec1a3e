from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AbsencesConfig(AppConfig):
    name = "hallway.absences"
    verbose_name = _("Time off")

    def ready(self) -> None:
        from hallway.absences.panels import person_panel
        from hallway.core.navigation import NavEntry, nav_register
        from hallway.core.panels import Panel, panel_register

        nav_register(
            NavEntry(
                "absences",
                _("Time off"),
                "absences:away",
                order=55,
                sections=("absences:",),
                more=True,
            )
        )
        panel_register("person", Panel("absences", order=30, render=person_panel))
        # A person's own coffee page shows their time away, with the way to change it.
        panel_register("my_coffee", Panel("absences", order=30, render=person_panel))
