from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "hallway.projects"
    verbose_name = _("Client projects")

    def ready(self) -> None:
        from hallway.core.navigation import NavEntry, nav_register
        from hallway.projects import (  # noqa: F401  (registers them)
            kickoff_messages,
            links,
            messages,
            series_messages,
            tasks,
        )

        nav_register(
            NavEntry("projects", _("Projects"), "projects:list", order=30, sections=("projects:",))
        )
