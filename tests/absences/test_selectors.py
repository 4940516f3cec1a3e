"""The one answer to "is this person away": out of office, pause, holidays, days off."""

import datetime

import pytest

from hallway.absences import selectors
from hallway.absences.models import Holiday, OutOfOffice
from hallway.absences.selectors import (
    AbsenceCalendar,
    out_of_office_may_edit,
    paused_on,
    person_away_during,
    person_away_on,
)
from hallway.accounts.models import Membership, Role
from hallway.people.models import Location, Person, PersonStatus

D = datetime.date
UTC = datetime.UTC


@pytest.fixture
def away_week(acme, carol, berlin):
    """Carol (Berlin, Monday to Friday) in the week of 3 August 2026 (Monday)."""
    Holiday.objects.create(organisation=acme, date=D(2026, 8, 4), name="Company day")
    Holiday.objects.create(
        organisation=acme, date=D(2026, 8, 5), name="Berlin day", location=berlin
    )
    OutOfOffice.objects.create(
        organisation=acme,
        person=carol,
        first_day=D(2026, 8, 6),
        last_day=D(2026, 8, 7),
        note="Dentist",
    )
    return AbsenceCalendar(organisation=acme, first=D(2026, 8, 1), last=D(2026, 8, 16))


def test_why_someone_is_away_on_each_day(away_week, carol):
    reasons = {day: away_week.away_on(carol, D(2026, 8, day)) for day in range(1, 11)}
    assert {day: away.reason if away else "" for day, away in reasons.items()} == {
        1: selectors.DAY_OFF,  # Saturday
        2: selectors.DAY_OFF,
        3: "",
        4: selectors.HOLIDAY,
        5: selectors.LOCAL_HOLIDAY,
        6: selectors.OUT_OF_OFFICE,
        7: selectors.OUT_OF_OFFICE,
        8: selectors.DAY_OFF,
        9: selectors.DAY_OFF,
        10: "",
    }
    assert reasons[4].holiday.name == "Company day"
    assert reasons[6].out_of_office.note == "Dentist"
    assert away_week.away_on(carol, D(2026, 8, 1), days_off=False) is None


def test_away_throughout_needs_every_day_and_names_the_weightiest_reason(away_week, carol):
    assert (
        away_week.away_throughout(carol, D(2026, 8, 4), D(2026, 8, 9)).reason
        == selectors.OUT_OF_OFFICE
    )
    assert (
        away_week.away_throughout(carol, D(2026, 8, 1), D(2026, 8, 2)).reason == selectors.DAY_OFF
    )
    assert away_week.away_throughout(carol, D(2026, 8, 3), D(2026, 8, 9)) is None  # Monday
    assert away_week.away_throughout(carol, D(2026, 8, 6), D(2026, 8, 10)) is None


def test_someone_elsewhere_is_not_away_on_a_locations_holiday(away_week, acme, carol):
    paris = Location.objects.create(organisation=acme, name="Paris", timezone="Europe/Paris")
    dave = Person.objects.create(
        organisation=acme, name="Dave", email="dave@acme.test", location=paris
    )
    calendar = AbsenceCalendar(organisation=acme, first=D(2026, 8, 1), last=D(2026, 8, 16))
    assert calendar.away_on(dave, D(2026, 8, 5)) is None
    assert calendar.away_on(dave, D(2026, 8, 4)).reason == selectors.HOLIDAY
    assert calendar.away_on(dave, D(2026, 8, 6)) is None  # Carol's range is hers


def test_a_pause_in_the_directory_ends_on_its_day(acme, carol):
    carol.status, carol.paused_until = PersonStatus.PAUSED, D(2026, 8, 10)
    assert paused_on(carol, D(2026, 8, 9))
    assert not paused_on(carol, D(2026, 8, 10))
    calendar = AbsenceCalendar(organisation=acme, first=D(2026, 8, 1), last=D(2026, 8, 16))
    assert calendar.away_on(carol, D(2026, 8, 4)).reason == selectors.PAUSED
    assert calendar.away_on(carol, D(2026, 8, 10)) is None


def test_free_at_reads_the_persons_own_date(acme, carol):
    new_york = Location.objects.create(
        organisation=acme, name="New York", timezone="America/New_York"
    )
    eli = Person.objects.create(
        organisation=acme,
        name="Eli",
        email="eli@acme.test",
        location=new_york,
        timezone="America/New_York",
    )
    Holiday.objects.create(
        organisation=acme, date=D(2026, 7, 3), name="Observed", location=new_york
    )
    calendar = AbsenceCalendar(organisation=acme, first=D(2026, 7, 1), last=D(2026, 7, 5))
    # 03:00 UTC on 3 July is still 2 July in New York, and already 3 July in Berlin.
    moment = datetime.datetime(2026, 7, 3, 3, tzinfo=UTC)
    assert calendar.free_at(eli, moment)
    assert not calendar.free_at(eli, moment + datetime.timedelta(hours=6))
    assert calendar.free_at(carol, moment)


def test_a_day_outside_the_calendar_is_an_error(away_week, carol):
    with pytest.raises(ValueError, match="outside the calendar"):
        away_week.away_on(carol, D(2026, 9, 1))


def test_one_person_selectors(away_week, carol):
    assert person_away_on(person=carol, day=D(2026, 8, 6)).reason == selectors.OUT_OF_OFFICE
    assert person_away_on(person=carol, day=D(2026, 8, 3)) is None
    assert person_away_during(person=carol, first=D(2026, 8, 6), last=D(2026, 8, 9)).reason == (
        selectors.OUT_OF_OFFICE
    )
    assert person_away_during(person=carol, first=D(2026, 8, 3), last=D(2026, 8, 9)) is None


def test_the_calendar_reads_a_fixed_number_of_queries(acme, berlin, django_assert_num_queries):
    people = [
        Person.objects.create(
            organisation=acme, name=f"P{i}", email=f"p{i}@acme.test", location=berlin
        )
        for i in range(30)
    ]
    for person in people:
        OutOfOffice.objects.create(
            organisation=acme, person=person, first_day=D(2026, 8, 3), last_day=D(2026, 8, 3)
        )
    with django_assert_num_queries(2):
        calendar = AbsenceCalendar(
            organisation=acme,
            first=D(2026, 8, 1),
            last=D(2026, 8, 9),
            person_ids=[p.pk for p in people],
        )
        assert all(calendar.away_on(p, D(2026, 8, 3)) for p in people)


def test_who_may_change_someones_time_away(acme, globex, alice, bob, mallory, carol, berlin):
    member = Membership.objects.get(user=bob, organisation=acme)
    organiser = Membership.objects.get(user=alice, organisation=acme)
    assert out_of_office_may_edit(membership=organiser, user=alice, person=carol)
    assert not out_of_office_may_edit(membership=member, user=bob, person=carol)
    carol.user = bob  # Bob is Carol
    assert out_of_office_may_edit(membership=member, user=bob, person=carol)
    carol.user = None
    carol.manager = Person.objects.create(
        organisation=acme, name="Bob", email="bob@acme.test", user=bob
    )
    assert out_of_office_may_edit(membership=member, user=bob, person=carol)  # her manager
    other = Membership.objects.get(user=mallory, organisation=globex)
    assert not out_of_office_may_edit(membership=other, user=mallory, person=carol)
    assert not out_of_office_may_edit(membership=None, user=alice, person=carol)
    member.role = Role.ORGANISER
    assert out_of_office_may_edit(membership=member, user=bob, person=Person(organisation=acme))
