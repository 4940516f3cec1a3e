from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "hallway.api"
    verbose_name = "API"
