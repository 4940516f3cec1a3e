"""Re-encrypting the sources' secrets (calendar addresses, mailbox passwords) with the
newest key, for `hallway channel rotate-keys` (registered in `RelationshipsConfig.ready`)."""

from hallway.core.crypto import secrets_reencrypt
from hallway.relationships.sources_models import CalendarSubscription, Mailbox


def sources_secrets_rotate() -> tuple[int, list[str]]:
    """How many were rewritten, and the labels of those no configured key opens."""
    calendars = secrets_reencrypt(
        CalendarSubscription.objects.exclude(secrets_encrypted="").select_related(
            "organisation", "user"
        ),
        label=lambda row: f"{row.organisation.slug}/calendar of {row.user.email}",
    )
    mailboxes = secrets_reencrypt(
        Mailbox.objects.exclude(secrets_encrypted="").select_related("organisation", "user"),
        label=lambda row: f"{row.organisation.slug}/mailbox {row}",
    )
    return calendars[0] + mailboxes[0], calendars[1] + mailboxes[1]
