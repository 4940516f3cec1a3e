from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "hallway.messaging"
    verbose_name = _("Messaging")

    def ready(self) -> None:
        from hallway.accounts.mail import account_mail_sender_register

        # Registers accounts' message types on import.
        from hallway.messaging.account_mail import account_mail_deliver

        # Accounts sits below messaging: it sends its mail through the function given here.
        account_mail_sender_register(account_mail_deliver)

        from hallway.core.readiness import readiness_register
        from hallway.messaging.readiness import outbox_check

        readiness_register("outbox", outbox_check)
