"""What absences adds to a person's page: their time away and their coming holidays."""

import datetime

from django.template.loader import render_to_string
from django.utils import timezone

from hallway.absences.selectors import (
    holidays_upcoming,
    out_of_office_may_edit,
    out_of_office_of,
)
from hallway.accounts.http import HallwayRequest
from hallway.core.timezones import organisation_today
from hallway.people.models import Person

#: How far ahead the person page looks for holidays.
HOLIDAYS_AHEAD = datetime.timedelta(days=60)


def person_panel(request: HallwayRequest, person: Person) -> str:
    organisation, membership = request.organisation, request.membership
    if organisation is None or membership is None:
        return ""
    today = organisation_today(organisation, timezone.now())
    may_edit = out_of_office_may_edit(membership=membership, user=request.user, person=person)
    ranges = list(out_of_office_of(person=person, since=today)[:5])
    location_ids = [person.location_id] if person.location_id else []
    holidays = list(
        holidays_upcoming(
            organisation=organisation,
            first=today,
            last=today + HOLIDAYS_AHEAD,
            location_ids=location_ids,
        )[:3]
    )
    if not (ranges or holidays or may_edit):
        return ""
    context = {
        "person": person,
        "ranges": ranges,
        "holidays": holidays,
        "may_edit": may_edit,
        "today": today,
    }
    return render_to_string("absences/_panel.html", context, request=request)
