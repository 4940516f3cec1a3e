from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "hallway.audit"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        from hallway.audit import receivers, tasks  # noqa: F401 - connect, and register the job
