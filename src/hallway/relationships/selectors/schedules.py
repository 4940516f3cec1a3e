"""A contact's working week as the engine sees it: their own zone, hours and days, else
their company's, else the given zone and nine to five on weekdays."""

from hallway.engine.model import Participant
from hallway.people.hours import schedule
from hallway.relationships.models import Contact


def contact_schedule(contact: Contact, *, pid: str, fallback_zone: str) -> Participant:
    return schedule(
        pid,
        zone=str(contact.effective("timezone") or fallback_zone),
        start=contact.effective("work_start"),
        end=contact.effective("work_end"),
        days=contact.effective("working_days"),
    )
