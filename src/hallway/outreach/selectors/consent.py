"""Whether outreach may write to a contact: an address, no unsubscribe, and for marketing
the contact's consent (GDPR Art. 6(1)(a); ePrivacy for unsolicited mail)."""

from hallway.messaging.channels import EMAIL_KIND
from hallway.messaging.models import Suppression
from hallway.relationships.interface import Contact, LegalBasis

NO_ADDRESS = "no_address"
UNSUBSCRIBED = "unsubscribed"
NO_CONSENT = "no_consent"


def unsubscribed_addresses(organisation_id: int, addresses: list[str]) -> set[str]:
    """Which of `addresses` (lower case) asked for no more mail from the organisation."""
    wanted = {address.strip().lower() for address in addresses if address}
    if not wanted:
        return set()
    return set(
        Suppression.objects.filter(
            organisation_id=organisation_id, channel=EMAIL_KIND, address__in=wanted
        ).values_list("address", flat=True)
    )


def has_consent(contact: Contact) -> bool:
    return contact.legal_basis == LegalBasis.CONSENT and contact.consent_on is not None


def send_blocker(contact: Contact, *, marketing: bool, unsubscribed: set[str] | None = None) -> str:
    """Why outreach may not mail `contact` ("" when it may). `unsubscribed`: the addresses
    read already for many contacts at once (else looked up for this one)."""
    if not contact.email.strip():
        return NO_ADDRESS
    if unsubscribed is None:
        unsubscribed = unsubscribed_addresses(contact.organisation_id, [contact.email])
    if contact.email.strip().lower() in unsubscribed:
        return UNSUBSCRIBED
    if marketing and not has_consent(contact):
        return NO_CONSENT
    return ""
