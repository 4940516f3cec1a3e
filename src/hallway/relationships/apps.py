from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RelationshipsConfig(AppConfig):
    name = "hallway.relationships"
    verbose_name = _("Relationships")

    def ready(self) -> None:
        from hallway.core.crypto import secrets_rotation_register
        from hallway.core.navigation import NavEntry, nav_register
        from hallway.core.panels import Panel, panel_register
        from hallway.relationships import messages  # noqa: F401  (registers the message types)
        from hallway.relationships.panels import home_panel
        from hallway.relationships.services.sources_secrets import sources_secrets_rotate

        secrets_rotation_register(
            "relationships.sources",
            label=_("calendar feeds and mailboxes"),
            rotate=sources_secrets_rotate,
        )
        # Everyone in the organisation keeps the client book, members included.
        nav_register(
            NavEntry(
                "relationships",
                _("Relationships"),
                "relationships:queue",
                order=40,
                sections=("relationships:",),
            )
        )
        panel_register("home", Panel("relationships", order=15, render=home_panel))
