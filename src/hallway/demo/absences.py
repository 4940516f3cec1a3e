"""The demo company's time off: every office's public holidays (last year to next, from its
country and region) and a few people out of office, one of them right now.

Idempotent: filling public holidays leaves a filled year alone, and a range is added only
to someone who has none yet.
"""

import datetime
from dataclasses import dataclass

from hallway.absences.models import Holiday, OutOfOffice
from hallway.absences.services import holidays_fill_locations, out_of_office_add
from hallway.accounts.models import Organisation
from hallway.accounts.tenancy import scoped
from hallway.demo.data import LOGINS
from hallway.people.models import Person, PersonStatus

# (office, first and last day relative to today, note): one away now, two later.
AWAY = (
    ("São Paulo", -2, 9, "Férias em Florianópolis"),
    ("Köln", 4, 15, "Sommerurlaub"),
    ("Bangalore", 10, 12, "Family wedding"),
)


@dataclass(frozen=True)
class AbsencesSummary:
    holidays: int
    out_of_office: int


def demo_absences_seed(*, organisation: Organisation, today: datetime.date) -> AbsencesSummary:
    """Public holidays of every office and a few people's time away."""
    holidays_fill_locations(
        organisation=organisation, years=[today.year - 1, today.year, today.year + 1]
    )
    logins = {spec.email for spec in LOGINS}
    for office, first, last, note in AWAY:
        person = (
            scoped(Person, organisation)
            .filter(location__name=office, status=PersonStatus.ACTIVE, start_date__lt=today)
            .exclude(email__in=logins)
            .order_by("email")
            .first()
        )
        if person is None or OutOfOffice.objects.filter(person=person).exists():
            continue
        out_of_office_add(
            person=person,
            first_day=today + datetime.timedelta(days=first),
            last_day=today + datetime.timedelta(days=last),
            note=note,
        )
    return AbsencesSummary(
        holidays=scoped(Holiday, organisation).count(),
        out_of_office=scoped(OutOfOffice, organisation).count(),
    )
