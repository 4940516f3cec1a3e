"""What other capabilities may use of relationships (the only module they import).

- `Contact`, `Company`, `TouchKind`, `TouchSource`: who is outside the organisation.
- `touch_record(...)`: record an interaction with contacts (coffee dates, gatherings,
  outreach and projects call it; it resets every keep-in-touch rhythm it involves).
- `contacts_by_email(organisation, emails)`: find contacts by any of their addresses.
"""

from hallway.relationships.models import Company, Contact, TouchKind, TouchSource
from hallway.relationships.services.records import contacts_by_email
from hallway.relationships.services.touches import touch_record

__all__ = ["Company", "Contact", "TouchKind", "TouchSource", "contacts_by_email", "touch_record"]
