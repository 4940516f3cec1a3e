from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoffeeConfig(AppConfig):
    name = "hallway.coffee"
    verbose_name = _("Coffee dates")
