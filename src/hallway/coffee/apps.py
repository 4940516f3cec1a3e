from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoffeeConfig(AppConfig):
    name = "hallway.coffee"
    verbose_name = _("Coffee dates")

    def ready(self) -> None:
        # Message types and signed-link purposes register themselves on import.
        from hallway.coffee import links, messages  # noqa: F401
