from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RelationshipsConfig(AppConfig):
    name = "hallway.relationships"
    verbose_name = _("Relationships")

    def ready(self) -> None:
        from hallway.relationships import messages  # noqa: F401  (registers the message types)
