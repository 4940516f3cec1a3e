from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RelationshipsConfig(AppConfig):
    name = "hallway.relationships"
    verbose_name = _("Relationships")

    def ready(self) -> None:
        from hallway.core.navigation import NavEntry, nav_register

        # Everyone in the organisation keeps the client book, members included.
        nav_register(
            NavEntry(
                "relationships",
                _("Relationships"),
                "relationships:contacts",
                order=40,
                sections=("relationships:",),
            )
        )
