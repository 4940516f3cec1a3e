"""Dates in each language's own form, from one helper for pages and messages."""

import datetime
import zoneinfo

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from hallway.core import dates

MONDAY = datetime.date(2026, 12, 28)


@pytest.mark.parametrize(
    ("language", "long", "short", "medium"),
    [
        ("de", "Montag, 28. Dezember 2026", "Mo., 28. Dez.", "Mo., 28. Dez. 2026"),
        ("nl", "maandag 28 december 2026", "ma 28 dec.", "ma 28 dec. 2026"),
        ("en", "Monday 28 December 2026", "Mon 28 Dec", "Mon 28 Dec 2026"),
    ],
)
def test_each_language_writes_its_own_form(language, long, short, medium):
    assert dates.long_date(MONDAY, language) == long
    assert dates.short_date(MONDAY, language) == short
    assert dates.medium_date(MONDAY, language) == medium


def test_dutch_months_keep_their_full_stop_except_a_whole_name():
    assert dates.short_date(datetime.date(2026, 5, 4), "nl") == "ma 4 mei"
    assert dates.short_date(datetime.date(2026, 3, 2), "nl") == "ma 2 mrt."
    assert dates.long_date(datetime.date(2026, 3, 2), "nl") == "maandag 2 maart 2026"


def test_the_active_language_is_the_default_and_unknown_languages_read_english():
    with translation.override("de"):
        assert dates.long_date(MONDAY) == "Montag, 28. Dezember 2026"
    with translation.override("nl"):
        assert dates.short_date(MONDAY) == "ma 28 dec."
    assert dates.long_date(MONDAY, "de-ch") == "Montag, 28. Dezember 2026"
    assert dates.long_date(MONDAY, "fr") == "Monday 28 December 2026"


def test_moments_are_shown_in_the_active_time_zone():
    late = datetime.datetime(2026, 12, 27, 23, 30, tzinfo=datetime.UTC)
    with timezone.override(zoneinfo.ZoneInfo("Europe/Berlin")):
        assert dates.long_date(late, "de") == "Montag, 28. Dezember 2026"
        assert dates.date_time(late, "de") == "Mo., 28. Dez. 2026 00:30"
        assert dates.short_date_time(late, "nl") == "ma 28 dec. 00:30"
        assert dates.time_of_day(late, "en") == "00:30"
        assert dates.weekday_time(late, "de") == "Mo. 00:30"
        assert dates.weekday_time(late, "nl") == "ma 00:30"
    # Wall-clock (naive) times are shown as they are.
    assert dates.date_time(datetime.datetime(2026, 12, 28, 9, 0), "en") == "Mon 28 Dec 2026 09:00"


def test_iso_strings_from_a_message_context_are_read():
    assert dates.long_date("2026-12-28", "de") == "Montag, 28. Dezember 2026"
    with timezone.override(zoneinfo.ZoneInfo("Europe/Amsterdam")):
        assert dates.short_date_time("2026-12-28T12:00:00+00:00", "nl") == "ma 28 dec. 13:00"
    assert dates.long_date("", "de") == ""
    assert dates.long_date(None, "de") == ""
    assert dates.long_date("soon", "de") == ""
    assert dates.date_time(MONDAY, "en") == "Mon 28 Dec 2026"


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        (
            "de",
            "Montag, 28. Dezember 2026|Mo., 28. Dez.|Mo., 28. Dez. 2026|Mo., 28. Dez. 2026 13:05|Mo., 28. Dez. 13:05",
        ),
        (
            "nl",
            "maandag 28 december 2026|ma 28 dec.|ma 28 dec. 2026|ma 28 dec. 2026 13:05|ma 28 dec. 13:05",
        ),
        (
            "en",
            "Monday 28 December 2026|Mon 28 Dec|Mon 28 Dec 2026|Mon 28 Dec 2026 13:05|Mon 28 Dec 13:05",
        ),
    ],
)
def test_filters_use_the_active_language(language, expected):
    source = (
        "{% load hallway_dates %}{{ day|long_date }}|{{ day|short_date }}|{{ day|medium_date }}"
        "|{{ moment|date_time }}|{{ moment|short_date_time }}"
    )
    moment = datetime.datetime(2026, 12, 28, 12, 5, tzinfo=datetime.UTC)
    with translation.override(language), timezone.override(zoneinfo.ZoneInfo("Europe/Berlin")):
        shown = Template(source).render(Context({"day": MONDAY, "moment": moment}))
    assert shown == expected


def test_a_missing_value_gives_way_to_a_default():
    shown = Template('{% load hallway_dates %}{{ day|long_date|default:"—" }}').render(
        Context({"day": None})
    )
    assert shown == "—"


@pytest.mark.parametrize(
    ("language", "expected"),
    [("de", "März 2026"), ("nl", "maart 2026"), ("en", "March 2026")],
)
def test_a_month_stands_alone(language, expected):
    assert dates.month_year(datetime.date(2026, 3, 2), language) == expected
