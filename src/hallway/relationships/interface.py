"""What other capabilities may use of relationships (the only module they import).

- `Contact`, `Company`, `TouchKind`, `TouchSource`: who is outside the organisation.
- `touch_record(...)`: record an interaction with contacts (coffee dates, gatherings,
  outreach and projects call it; it resets every keep-in-touch rhythm it involves).
- `contacts_by_email(organisation, emails)`: find contacts by any of their addresses.
- `brief_for(owner=, contact=, organisation=, today=)`: the brief an owner reads before
  meeting a contact (never for the contact's eyes); `Brief.as_context()` is what the
  `relationships/_brief.html` and `relationships/_brief.txt` partials show (`{"brief": …}`).
"""

from hallway.relationships.models import Company, Contact, TouchKind, TouchSource
from hallway.relationships.selectors.brief import Brief, brief_for
from hallway.relationships.services.records import contacts_by_email
from hallway.relationships.services.touches import touch_record

__all__ = [
    "Brief",
    "Company",
    "Contact",
    "TouchKind",
    "TouchSource",
    "brief_for",
    "contacts_by_email",
    "touch_record",
]
