"""When a contact may get a message: inside their working hours, on their working days,
not on their public holidays, in their own zone (their own week, else their company's,
else the organisation's zone and nine to five on weekdays)."""

import datetime
from zoneinfo import ZoneInfo

from hallway.absences.services import public_holiday_dates
from hallway.accounts.models import Organisation
from hallway.relationships.interface import Contact, contact_side

# How far to look for a working day; beyond it (a contact whose every day is a holiday)
# the message goes at the first moment asked for.
LOOKAHEAD_DAYS = 21


def contact_send_at(
    *, organisation: Organisation, contact: Contact, after: datetime.datetime
) -> datetime.datetime:
    """The first moment at or after `after` inside the contact's working hours, on a
    working day that is not one of their public holidays (UTC)."""
    side = contact_side(organisation=organisation, contact=contact)
    zone = ZoneInfo(side.timezone)
    participant = side.participant
    start, end = participant.work_start, participant.work_end
    days = participant.working_days
    region = str(contact.effective("holiday_region") or "")
    local = after.astimezone(zone)
    holidays: set[datetime.date] = set()
    if region:
        for year in {local.year, (local + datetime.timedelta(days=LOOKAHEAD_DAYS)).year}:
            holidays |= set(public_holiday_dates(region, year))
    for offset in range(LOOKAHEAD_DAYS):
        day = local.date() + datetime.timedelta(days=offset)
        if day.isoweekday() not in days or day in holidays:
            continue
        opens = datetime.datetime.combine(day, start, tzinfo=zone)
        closes = datetime.datetime.combine(day, end, tzinfo=zone)
        if closes <= opens:  # hours past midnight: the day's window runs into the next
            closes += datetime.timedelta(days=1)
        moment = max(opens, local)
        if moment < closes:
            return moment.astimezone(datetime.UTC)
    return after
