"""The daily public-holidays job: registered, and it fills every location's year once."""

import datetime

import time_machine

from hallway.absences.models import Holiday
from hallway.absences.tasks import public_holidays
from hallway.core.scheduler import installed_registry
from hallway.people.models import Location


def test_the_job_is_registered():
    jobs = {job.name: job for job in installed_registry().jobs()}
    assert jobs["absences.public_holidays"].task.module_path == (
        "hallway.absences.tasks.public_holidays"
    )


def test_the_job_fills_this_year_and_the_next(acme):
    koeln = Location.objects.create(organisation=acme, name="Köln", country="DE", subdivision="NW")
    with time_machine.travel(datetime.datetime(2026, 12, 6, 12, tzinfo=datetime.UTC), tick=False):
        added = public_holidays.call()
        again = public_holidays.call()
    assert added == Holiday.objects.filter(location=koeln).count() > 0
    assert again == 0
    assert Holiday.objects.filter(
        location=koeln, date=datetime.date(2027, 5, 27)
    ).exists()  # Fronleichnam
