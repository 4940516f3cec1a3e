"""What other capabilities may use of relationships (the only module they import).

- `Contact`, `Company`, `TouchKind`, `TouchSource`: who is outside the organisation.
- `touch_record(...)`: record an interaction with contacts (coffee dates, gatherings,
  outreach and projects call it; it resets every keep-in-touch rhythm it involves).
- `contacts_by_email(organisation, emails)`: find contacts by any of their addresses.
- `contact_schedule(contact, pid=, fallback_zone=)`: a contact's working week as the engine
  sees it (their own, else their company's).
- `attendees_import_apply(...)` → `Attendee`s: an attendee list (CSV or XLSX) as contacts,
  new addresses added as attendee contacts, all or nothing (gatherings invite them).
- `brief_for(owner=, contact=, organisation=, today=)`: the brief an owner reads before
  meeting a contact (never for the contact's eyes); `Brief.as_context()` is what the
  `relationships/_brief.html` and `relationships/_brief.txt` partials show (`{"brief": …}`).
- `note_save(organisation=, author=, text=, contact= | company=)` → `Note`: a note about a
  contact or company, private to its author unless a `Visibility` says otherwise (a client
  project's note after a deeper check-in).
- `contact_export_section_register(name, section)`: another capability's part of a
  contact's export (Art. 15/20); what it keeps about a contact must go when the contact is
  erased (a CASCADE from its rows to the contact).
- For outreach: `Order`, `OrderStatus`, `order_record(...)` (a job is an order; an ATS's
  "order created" records one), `Touch`, `Direction`, `ContactKind`, `CompanyKind`,
  `LegalBasis` (consent decides marketing sends), `contact_side` / `owner_side` (language,
  zone and working week of a contact or an owner), `call_slots` / `call_schedule` →
  `ScheduledCall` (the 20-minute call with the owner's brief, offered for a client gone
  quiet), `quiet_companies(organisation=, today=)` → `QuietCompany`s (the clients gone
  quiet against their own rhythm, judged again against today's touches), `company_save` /
  `contact_save` with `CompanyData` / `ContactData` (an ATS's event names a client or
  candidate not in the book yet: recorded with the same checks as the forms and the API).
"""

from hallway.relationships.importing import Attendee, attendees_import_apply
from hallway.relationships.models import (
    Company,
    CompanyKind,
    Contact,
    ContactKind,
    Direction,
    LegalBasis,
    Note,
    Order,
    OrderStatus,
    ScheduledCall,
    Touch,
    TouchKind,
    TouchSource,
    Visibility,
)
from hallway.relationships.selectors.brief import Brief, brief_for
from hallway.relationships.selectors.calls import Side, call_slots, contact_side, owner_side
from hallway.relationships.selectors.queue import QuietCompany, quiet_companies
from hallway.relationships.selectors.schedules import contact_schedule
from hallway.relationships.services.calls import call_schedule
from hallway.relationships.services.notes import note_save
from hallway.relationships.services.orders import order_record
from hallway.relationships.services.privacy import contact_export_section_register
from hallway.relationships.services.records import (
    CompanyData,
    ContactData,
    company_save,
    contact_save,
    contacts_by_email,
)
from hallway.relationships.services.touches import touch_record

__all__ = [
    "Attendee",
    "Brief",
    "Company",
    "CompanyData",
    "CompanyKind",
    "Contact",
    "ContactData",
    "ContactKind",
    "Direction",
    "LegalBasis",
    "Note",
    "Order",
    "OrderStatus",
    "QuietCompany",
    "ScheduledCall",
    "Side",
    "Touch",
    "TouchKind",
    "TouchSource",
    "Visibility",
    "attendees_import_apply",
    "brief_for",
    "call_schedule",
    "call_slots",
    "company_save",
    "contact_export_section_register",
    "contact_save",
    "contact_schedule",
    "contact_side",
    "contacts_by_email",
    "note_save",
    "order_record",
    "owner_side",
    "quiet_companies",
    "touch_record",
]
