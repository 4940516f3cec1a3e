"""Holidays: by hand, from the public calendars with their translated names, and kept filled
for every location by its country and region."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from hallway.absences.models import Holiday
from hallway.absences.services import (
    holiday_add,
    holiday_remove,
    holidays_fill_all,
    holidays_fill_locations,
    holidays_import_public,
    public_holiday_countries,
)
from hallway.people.models import Location

UNITY_DAY = datetime.date(2027, 10, 3)


def test_holidays_per_organisation_and_location(acme, globex, berlin):
    holiday_add(organisation=acme, date=UNITY_DAY, name="Tag der Deutschen Einheit")
    holiday_add(organisation=acme, date=UNITY_DAY, name="Einheit in Berlin", location=berlin)
    with pytest.raises(ValidationError) as error:
        holiday_add(organisation=acme, date=UNITY_DAY, name="Again")
    assert "already a holiday" in error.value.message_dict["date"][0]
    with pytest.raises(ValidationError) as error:
        holiday_add(organisation=globex, date=UNITY_DAY, name="Foreign", location=berlin)
    assert set(error.value.message_dict) == {"location"}
    with pytest.raises(ValidationError):
        holiday_add(organisation=acme, date=UNITY_DAY + datetime.timedelta(days=1), name="  ")
    holiday_remove(holiday=Holiday.objects.get(location=None))
    assert list(Holiday.objects.values_list("name", flat=True)) == ["Einheit in Berlin"]


def test_public_holidays_of_a_country(acme, berlin):
    holiday_add(
        organisation=acme, date=datetime.date(2027, 12, 25), name="Our own", location=berlin
    )
    added = holidays_import_public(organisation=acme, country="de", year=2027, location=berlin)
    dates = {holiday.date for holiday in added}
    assert UNITY_DAY in dates
    assert datetime.date(2027, 12, 25) not in dates  # already marked
    assert Holiday.objects.get(date=datetime.date(2027, 12, 25)).name == "Our own"
    # Running it again adds nothing.
    assert holidays_import_public(organisation=acme, country="DE", year=2027, location=berlin) == []


def test_public_holiday_names_in_every_language_the_calendar_has(acme):
    added = {h.date: h for h in holidays_import_public(organisation=acme, country="DE", year=2027)}
    unity = added[UNITY_DAY]
    assert unity.name == "Tag der Deutschen Einheit"  # the calendar's own language
    assert unity.names == {"en": "German Unity Day", "de": "Tag der Deutschen Einheit"}
    assert unity.region == "DE"
    assert unity.name_in("en") == "German Unity Day"
    assert unity.name_in("nl") == "Tag der Deutschen Einheit"  # no Dutch name: the local one
    with translation.override("en"):
        assert unity.display_name == "German Unity Day"
    kings_day = holidays_import_public(organisation=acme, country="NL", year=2027, location=None)
    assert {h.names.get("nl") for h in kings_day} >= {"Koningsdag"}


def test_a_holiday_added_by_hand_has_its_one_name_in_every_language(acme):
    day = holiday_add(organisation=acme, date=UNITY_DAY, name="Founders' day")
    assert (day.name_in("de"), day.name_in("nl"), day.region) == ("Founders' day",) * 2 + ("",)


def test_public_holidays_bad_input(acme):
    with pytest.raises(ValidationError) as error:
        holidays_import_public(organisation=acme, country="XX", year=99)
    assert set(error.value.message_dict) == {"country", "year"}
    with pytest.raises(ValidationError) as error:
        holidays_import_public(organisation=acme, country="DE", subdivision="XX", year=2027)
    assert set(error.value.message_dict) == {"subdivision"}
    assert ("DE", "Germany") in public_holiday_countries("en")
    assert dict(public_holiday_countries("en"))["GB"] == "United Kingdom"
    assert not Holiday.objects.exists()


def test_location_of_another_organisation_for_public_holidays(acme, globex):
    paris = Location.objects.create(organisation=globex, name="Paris", country="FR")
    with pytest.raises(ValidationError) as error:
        holidays_import_public(organisation=acme, country="FR", year=2027, location=paris)
    assert set(error.value.message_dict) == {"location"}


OFFICES = [
    # name, country, region, a public holiday there in 2026 that is not one everywhere
    ("Berlin", "DE", "BE", datetime.date(2026, 3, 8), "Frauentag"),
    ("Köln", "DE", "NW", datetime.date(2026, 6, 4), "Fronleichnam"),
    ("Amsterdam", "NL", "", datetime.date(2026, 4, 27), "Koningsdag"),
    ("São Paulo", "BR", "SP", datetime.date(2026, 7, 9), "Revolução Constitucionalista"),
    ("New York", "US", "NY", datetime.date(2026, 2, 12), "Lincoln's Birthday"),
    ("Bangalore", "IN", "KA", datetime.date(2026, 11, 1), "Karnataka Rajyotsav"),
]


@pytest.fixture
def offices(acme):
    return {
        name: Location.objects.create(
            organisation=acme, name=name, country=country, subdivision=region
        )
        for name, country, region, _day, _holiday in OFFICES
    }


def test_every_location_gets_the_public_holidays_of_its_region(acme, offices):
    Location.objects.create(organisation=acme, name="Remote")  # no country: nothing to fill
    added = holidays_fill_locations(organisation=acme, years=[2026])
    assert added == Holiday.objects.count()
    for name, _country, _region, day, holiday in OFFICES:
        here = Holiday.objects.get(location=offices[name], date=day)
        assert here.name.startswith(holiday), name
        others = Holiday.objects.filter(date=day).exclude(location=offices[name])
        assert not others.filter(name=here.name).exists() or name == "Amsterdam", name
    koeln = Holiday.objects.filter(location=offices["Köln"], region="DE-NW")
    assert datetime.date(2026, 6, 4) in set(koeln.values_list("date", flat=True))
    berlin_days = set(
        Holiday.objects.filter(location=offices["Berlin"]).values_list("date", flat=True)
    )
    assert datetime.date(2026, 6, 4) not in berlin_days
    assert not Holiday.objects.filter(location__name="Remote").exists()


def test_filling_again_changes_nothing_and_a_removed_day_stays_removed(acme, offices):
    holidays_fill_locations(organisation=acme, years=[2026])
    count = Holiday.objects.count()
    Holiday.objects.get(location=offices["Köln"], date=datetime.date(2026, 6, 4)).delete()
    assert holidays_fill_locations(organisation=acme, years=[2026]) == 0
    assert Holiday.objects.count() == count - 1


def test_a_location_that_moves_region_gets_the_new_regions_days(acme, offices):
    holidays_fill_locations(organisation=acme, years=[2026])
    own = holiday_add(
        organisation=acme,
        date=datetime.date(2026, 9, 1),
        name="Office party",
        location=offices["Köln"],
    )
    koeln = offices["Köln"]
    koeln.subdivision = "BE"
    koeln.save()
    holidays_fill_locations(organisation=acme, years=[2026])
    days = Holiday.objects.filter(location=koeln)
    assert set(days.exclude(region="").values_list("region", flat=True)) == {"DE-BE"}
    assert days.filter(date=datetime.date(2026, 3, 8)).exists()
    assert not days.filter(date=datetime.date(2026, 6, 4)).exists()
    assert Holiday.objects.filter(pk=own.pk).exists()  # a day added by hand stays


def test_the_daily_job_fills_this_year_and_the_next_everywhere(acme, globex, offices):
    Location.objects.create(organisation=globex, name="Paris", country="FR")
    holidays_fill_all(today=datetime.date(2026, 12, 6))
    years = set(Holiday.objects.values_list("date__year", flat=True))
    assert years == {2026, 2027}
    assert Holiday.objects.filter(organisation=globex, region="FR").exists()
    assert holidays_fill_all(today=datetime.date(2026, 12, 7)) == 0


@pytest.mark.parametrize(
    ("language", "germany", "first_names"),
    [
        ("en", "Germany", ["Afghanistan", "Åland Islands", "Albania"]),
        ("de", "Deutschland", ["Afghanistan", "Ägypten", "Ålandinseln", "Albanien"]),
        ("nl", "Duitsland", ["Afghanistan", "Åland", "Albanië"]),
    ],
)
def test_the_country_list_reads_in_the_language_sorted_by_its_names(language, germany, first_names):
    countries = public_holiday_countries(language)
    assert dict(countries)["DE"] == germany
    names = [name for _code, name in countries]
    assert names[: len(first_names)] == first_names
    with translation.override(language):
        assert public_holiday_countries() == countries
