"""people_resume_returning: paused people come back on their date, in every organisation."""

import datetime

import pytest
import time_machine

from hallway.people.lifecycle import people_resume_returning
from hallway.people.models import Person, PersonStatus
from hallway.people.tasks import resume_returning
from tests.factories import make_person

TODAY = datetime.date(2026, 3, 2)
PAUSED = PersonStatus.PAUSED


@pytest.fixture
def people(acme, globex):
    return {
        "back_today": make_person(acme, "Today", status=PAUSED, paused_until=TODAY),
        "back_last_week": make_person(
            globex, "Lastweek", status=PAUSED, paused_until=TODAY - datetime.timedelta(days=7)
        ),
        "back_tomorrow": make_person(
            acme, "Tomorrow", status=PAUSED, paused_until=TODAY + datetime.timedelta(days=1)
        ),
        "active": make_person(acme, "Active"),
        "left": make_person(acme, "Left", status=PersonStatus.LEFT, left_on=TODAY),
    }


def state(person):
    person.refresh_from_db()
    return person.status, person.paused_until


@pytest.mark.django_db
def test_people_whose_pause_ended_are_active_again_in_every_organisation(people):
    assert people_resume_returning(today=TODAY) == 2

    assert state(people["back_today"]) == (PersonStatus.ACTIVE, None)
    assert state(people["back_last_week"]) == (PersonStatus.ACTIVE, None)


@pytest.mark.django_db
def test_everyone_else_is_left_alone(people):
    people_resume_returning(today=TODAY)

    assert state(people["back_tomorrow"]) == (
        PersonStatus.PAUSED,
        TODAY + datetime.timedelta(days=1),
    )
    assert state(people["active"]) == (PersonStatus.ACTIVE, None)
    assert state(people["left"]) == (PersonStatus.LEFT, None)


@pytest.mark.django_db
def test_a_second_run_changes_nothing(people):
    people_resume_returning(today=TODAY)
    before = {p.pk: (p.status, p.paused_until, p.updated_at) for p in Person.objects.all()}

    assert people_resume_returning(today=TODAY) == 0
    assert {p.pk: (p.status, p.paused_until, p.updated_at) for p in Person.objects.all()} == before


@pytest.mark.django_db
def test_the_change_is_stamped(people):
    with time_machine.travel(datetime.datetime(2026, 3, 2, 0, 5, tzinfo=datetime.UTC), tick=False):
        people_resume_returning(today=TODAY)

    people["back_today"].refresh_from_db()
    assert people["back_today"].updated_at == datetime.datetime(
        2026, 3, 2, 0, 5, tzinfo=datetime.UTC
    )


@pytest.mark.django_db
def test_the_daily_task_uses_todays_date_in_utc(people):
    with time_machine.travel(
        datetime.datetime(2026, 3, 1, 23, 59, tzinfo=datetime.UTC), tick=False
    ):
        assert resume_returning.call() == 1  # only last week's returner; today's is tomorrow in UTC
    with time_machine.travel(datetime.datetime(2026, 3, 2, 0, 5, tzinfo=datetime.UTC), tick=False):
        assert resume_returning.call() == 1

    assert state(people["back_today"]) == (PersonStatus.ACTIVE, None)
