"""Time-off pages: who is away, a person's own ranges, the holiday calendar (organisers)."""

import datetime
import re

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from hallway.absences.models import Holiday, OutOfOffice
from hallway.people.models import Location, Person

D = datetime.date
TODAY = datetime.datetime(2026, 8, 3, 9, tzinfo=datetime.UTC)  # Monday 3 August 2026


@pytest.fixture(autouse=True)
def _monday():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture
def bob_person(acme, bob, berlin):
    return Person.objects.create(
        organisation=acme, name="Bob Baker", email="bob@acme.test", user=bob, location=berlin
    )


@pytest.fixture
def organiser_client(alice):
    """Alice in a client of her own (alice_client and bob_client share one)."""
    client = Client()
    client.force_login(alice)
    return client


@pytest.fixture
def carols_range(acme, carol):
    return OutOfOffice.objects.create(
        organisation=acme,
        person=carol,
        first_day=D(2026, 8, 5),
        last_day=D(2026, 8, 14),
        note="Surgery",
    )


def test_everyone_sees_who_is_away_but_only_editors_the_note(
    bob_client, organiser_client, bob_person, carols_range, acme, berlin
):
    Holiday.objects.create(
        organisation=acme,
        date=D(2026, 8, 15),
        name="Mariä Himmelfahrt",
        names={"en": "Assumption Day", "de": "Mariä Himmelfahrt"},
        location=berlin,
    )
    html = bob_client.get(reverse("absences:away")).content.decode()
    assert "Carol Meyer" in html
    assert "Surgery" not in html
    assert "Assumption Day" in html
    assert reverse("absences:person", args=[bob_person.pk]) in html  # "Add your own time away"
    assert reverse("absences:holidays") not in html  # the calendar is for organisers
    organiser = organiser_client.get(reverse("absences:away"), HTTP_ACCEPT_LANGUAGE="de")
    assert "Surgery" in organiser.content.decode()
    assert "Mariä Himmelfahrt" in organiser.content.decode()


def test_the_navigation_has_time_off(bob_client):
    html = bob_client.get(reverse("home")).content.decode()
    assert f'href="{reverse("absences:away")}"' in html


def test_someone_adds_and_removes_their_own_time_away(bob_client, bob_person):
    url = reverse("absences:person", args=[bob_person.pk])
    assert bob_client.get(url).status_code == 200
    response = bob_client.post(
        url, {"first_day": "2026-08-10", "last_day": "2026-08-21", "note": "Sailing"}
    )
    assert response.status_code == 302
    row = OutOfOffice.objects.get(person=bob_person)
    assert (row.first_day, row.last_day, row.note) == (D(2026, 8, 10), D(2026, 8, 21), "Sailing")
    page = bob_client.get(url).content.decode()
    assert "Sailing" in page
    bob_client.post(reverse("absences:out_of_office_delete", args=[row.pk]))
    assert not OutOfOffice.objects.exists()


def test_bad_input_is_shown_and_saves_nothing(bob_client, bob_person):
    url = reverse("absences:person", args=[bob_person.pk])
    backwards = bob_client.post(url, {"first_day": "2026-08-21", "last_day": "2026-08-10"})
    assert "The last day cannot be before the first day." in backwards.content.decode()
    bob_client.post(url, {"first_day": "2026-08-10", "last_day": "2026-08-21"})
    overlap = bob_client.post(url, {"first_day": "2026-08-20", "last_day": "2026-08-28"})
    html = overlap.content.decode()
    assert "This overlaps the time away from" in html
    assert "Nothing was saved" in html
    assert OutOfOffice.objects.count() == 1


def test_every_problem_of_the_time_away_form_shows_at_once(bob_client, bob_person):
    url = reverse("absences:person", args=[bob_person.pk])
    response = bob_client.post(
        url, {"first_day": "2026-08-21", "last_day": "2026-08-10", "note": "x" * 201}
    )
    errors = response.context["form"].errors
    assert errors["last_day"] == ["The last day cannot be before the first day."]
    assert "note" in errors
    assert not OutOfOffice.objects.exists()


def test_a_colleague_cannot_change_someone_elses_time_away(
    bob_client, bob_person, carol, carols_range
):
    assert bob_client.get(reverse("absences:person", args=[carol.pk])).status_code == 404
    assert (
        bob_client.post(
            reverse("absences:out_of_office_delete", args=[carols_range.pk])
        ).status_code
        == 404
    )
    assert OutOfOffice.objects.filter(pk=carols_range.pk).exists()


def test_a_manager_and_an_organiser_may(bob_client, organiser_client, bob_person, carol):
    url = reverse("absences:person", args=[carol.pk])
    assert organiser_client.get(url).status_code == 200  # alice is an admin
    carol.manager = bob_person
    carol.save()
    response = bob_client.post(url, {"first_day": "2026-09-01", "last_day": "2026-09-04"})
    assert response.status_code == 302
    assert OutOfOffice.objects.get().created_by.email == "bob@acme.test"


def test_the_person_page_shows_their_time_away(
    bob_client, organiser_client, carol, carols_range, acme, berlin
):
    Holiday.objects.create(
        organisation=acme, date=D(2026, 8, 15), name="Summer party", location=berlin
    )
    html = bob_client.get(reverse("people:detail", args=[carol.pk])).content.decode()
    assert "Time off" in html
    assert "Summer party" in html
    assert "Surgery" not in html
    assert reverse("absences:person", args=[carol.pk]) not in html
    html = organiser_client.get(reverse("people:detail", args=[carol.pk])).content.decode()
    assert "Surgery" in html
    assert reverse("absences:person", args=[carol.pk]) in html


# --- The holiday calendar -----------------------------------------------------------------


def test_members_do_not_see_the_holiday_calendar(bob_client):
    assert bob_client.get(reverse("absences:holidays")).status_code == 404
    assert bob_client.post(reverse("absences:holidays_fill")).status_code == 404


def test_holiday_calendar(alice_client, acme, berlin):
    url = reverse("absences:holidays")
    response = alice_client.post(url, {"date": "2030-10-03", "name": "Unity day", "location": ""})
    assert response.status_code == 302
    response = alice_client.post(
        url + f"?location={berlin.pk}",
        {"date": "2030-11-01", "name": "Berlin only", "location": berlin.pk},
    )
    again = alice_client.post(url, {"date": "2030-10-03", "name": "Twice", "location": ""})
    assert "already a holiday" in again.content.decode()
    whole = alice_client.get(url, {"year": 2030}).content.decode()
    assert "Unity day" in whole
    assert "Berlin only" in whole
    at_berlin = alice_client.get(url, {"year": 2030, "location": berlin.pk}).content.decode()
    assert "Unity day" in at_berlin
    assert "Berlin only" in at_berlin
    holiday = Holiday.objects.get(name="Unity day")
    alice_client.post(reverse("absences:holiday_delete", args=[holiday.pk]))
    assert not Holiday.objects.filter(name="Unity day").exists()


def test_a_day_taken_shows_with_the_holiday_forms_other_problems(alice_client, acme):
    url = reverse("absences:holidays")
    alice_client.post(url, {"date": "2030-10-03", "name": "Unity day", "location": ""})
    again = alice_client.post(url, {"date": "2030-10-03", "name": "", "location": ""})
    errors = again.context["form"].errors
    assert errors["date"] == ["There is already a holiday on this day."]
    assert "name" in errors
    assert Holiday.objects.count() == 1


def test_public_holidays_from_the_calendar_page(alice_client, acme, berlin):
    response = alice_client.post(
        reverse("absences:holidays_public"),
        {"country": "DE", "subdivision": "BE", "year": "2030", "location": berlin.pk},
        follow=True,
    )
    html = response.content.decode()
    assert "public holidays." in html
    assert Holiday.objects.filter(location=berlin, date=D(2030, 10, 3), region="DE-BE").exists()
    assert Holiday.objects.filter(location=berlin, date=D(2030, 3, 8)).exists()  # Berlin's own
    bad = alice_client.post(
        reverse("absences:holidays_public"), {"country": "XX", "year": "2030"}, follow=True
    )
    assert "Select a valid choice" in bad.content.decode()


def test_fill_every_locations_public_holidays_now(alice_client, acme):
    koeln = Location.objects.create(organisation=acme, name="Köln", country="DE", subdivision="NW")
    response = alice_client.post(reverse("absences:holidays_fill"), follow=True)
    assert "public holidays." in response.content.decode()
    years = set(Holiday.objects.filter(location=koeln).values_list("date__year", flat=True))
    assert years == {2026, 2027}
    assert Holiday.objects.filter(location=koeln, date=D(2026, 6, 4)).exists()


def test_names_show_in_the_viewers_language(alice_client, acme):
    Holiday.objects.create(
        organisation=acme,
        date=D(2026, 10, 3),
        name="Tag der Deutschen Einheit",
        names={"en": "German Unity Day", "de": "Tag der Deutschen Einheit"},
        region="DE",
    )
    english = alice_client.get(
        reverse("absences:holidays"), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "German Unity Day" in english
    dutch = alice_client.get(
        reverse("absences:holidays"), HTTP_ACCEPT_LANGUAGE="nl"
    ).content.decode()
    assert "Tag der Deutschen Einheit" in dutch  # no Dutch name: the calendar's own


def test_today_is_the_organisations_day(alice_client, alice, acme):
    acme.timezone = "Pacific/Auckland"
    acme.save()
    # 20:00 UTC on 31 December is already New Year's Day in Auckland.
    with time_machine.travel(datetime.datetime(2025, 12, 31, 20, tzinfo=datetime.UTC), tick=False):
        assert timezone.now().year == 2025
        calendar = alice_client.get(reverse("absences:holidays")).content.decode()
    assert "Holidays, 2026" in calendar


def test_other_organisations_location_is_not_found(alice_client, globex):
    paris = Location.objects.create(organisation=globex, name="Paris")
    assert alice_client.get(reverse("absences:holidays"), {"location": paris.pk}).status_code == 404


def test_the_country_list_and_the_days_read_in_the_viewers_language(alice_client, acme):
    Holiday.objects.create(organisation=acme, date=D(2026, 10, 3), name="Einheit", region="DE")
    url = reverse("absences:holidays")
    german = alice_client.get(url, {"year": 2026}, HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert '<option value="DE">Deutschland (DE)</option>' in german
    assert "Germany" not in german
    # Sorted by the German name: Österreich among the Os, not after Zypern.
    options = re.findall(r'<option value="([A-Z]{2})"', german)
    assert options.index("NO") < options.index("AT") < options.index("PK")
    assert "Sa., 3. Okt. 2026" in german
    dutch = alice_client.get(url, {"year": 2026}, HTTP_ACCEPT_LANGUAGE="nl").content.decode()
    assert '<option value="DE">Duitsland (DE)</option>' in dutch
    assert "za 3 okt. 2026" in dutch
