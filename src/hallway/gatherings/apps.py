from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GatheringsConfig(AppConfig):
    name = "hallway.gatherings"
    verbose_name = _("Gatherings")

    def ready(self) -> None:
        from hallway.gatherings import links, messages  # noqa: F401  (registers them)
