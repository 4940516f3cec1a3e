"""Recurrences on a zone's wall clock, across DST, and rhythms (no database)."""

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from hallway.engine.cadence import (
    RuleError,
    against_rhythm,
    is_occurrence,
    local_instant,
    next_occurrence,
    occurrence_dates,
    occurrences_after,
    overdue,
    recurrence,
    usual_interval,
)

UTC = dt.UTC
BERLIN = ZoneInfo("Europe/Berlin")
ZONES = (
    "Europe/Berlin",
    "Europe/Amsterdam",
    "America/New_York",
    "America/Sao_Paulo",
    "Asia/Kolkata",
    "Australia/Lord_Howe",  # half-hour DST
    "Pacific/Chatham",
    "America/Havana",  # switches at midnight
    "UTC",
)
RULES = (
    "FREQ=DAILY",
    "FREQ=WEEKLY",
    "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU",
    "FREQ=WEEKLY;BYDAY=MO,WE,FR",
    "FREQ=MONTHLY;BYDAY=+2TU",
    "FREQ=MONTHLY;BYDAY=-1FR",
    "FREQ=MONTHLY;BYMONTHDAY=31",
    "FREQ=YEARLY;BYMONTH=3,10;BYDAY=-1SU",  # the DST Sundays of Europe
    "FREQ=DAILY;BYHOUR=1,2,3;BYMINUTE=0,30",  # inside gaps and folds
    "FREQ=WEEKLY;COUNT=5",
)


def berlin(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=BERLIN)


# --- Recurrences ---------------------------------------------------------------------------


def test_weekly_nine_oclock_in_berlin_stays_nine_across_both_switches():
    weekly = recurrence(
        "FREQ=WEEKLY;BYDAY=FR", start=dt.datetime(2026, 3, 20, 9), timezone="Europe/Berlin"
    )
    found = occurrences_after(weekly, berlin(2026, 3, 1), 3)
    assert [o.astimezone(UTC).hour for o in found] == [8, 8, 7]  # CET until 29 March
    assert {(o.hour, o.minute) for o in found} == {(9, 0)}
    autumn = occurrences_after(weekly, berlin(2026, 10, 20), 2)
    assert [o.date() for o in autumn] == [dt.date(2026, 10, 23), dt.date(2026, 10, 30)]
    assert [o.astimezone(UTC).hour for o in autumn] == [7, 8]  # CEST, then CET
    assert {(o.hour, o.minute) for o in autumn} == {(9, 0)}


def test_a_time_inside_the_spring_gap_is_read_with_the_offset_before_it():
    # 29 March 2026, Berlin: 02:00 CET jumps to 03:00 CEST; 02:30 does not exist.
    sunday = recurrence(
        "FREQ=WEEKLY", start=dt.datetime(2026, 3, 22, 2, 30), timezone="Europe/Berlin"
    )
    found = occurrences_after(sunday, berlin(2026, 3, 28), 2)
    assert found[0] == berlin(2026, 3, 29, 3, 30)
    assert found[0].astimezone(UTC) == dt.datetime(2026, 3, 29, 1, 30, tzinfo=UTC)
    assert (found[1].hour, found[1].minute) == (2, 30)  # a normal Sunday again
    assert local_instant(dt.date(2026, 3, 29), dt.time(2, 30), "Europe/Berlin") == found[0]


def test_a_time_inside_the_autumn_fold_is_its_first_instant():
    # 25 October 2026, Berlin: 02:30 happens twice (CEST, then CET); the first one counts.
    sunday = recurrence(
        "FREQ=WEEKLY", start=dt.datetime(2026, 10, 18, 2, 30), timezone="Europe/Berlin"
    )
    (found,) = occurrences_after(sunday, berlin(2026, 10, 24), 1)
    assert found.astimezone(UTC) == dt.datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    assert found.utcoffset() == dt.timedelta(hours=2)


def test_two_wall_times_on_one_instant_are_one_occurrence():
    # On the spring-forward day 02:00 (does not exist) and 03:00 CEST are the same instant.
    twice = recurrence(
        "FREQ=DAILY;BYHOUR=2,3;BYMINUTE=0", start=dt.datetime(2026, 3, 28), timezone="Europe/Berlin"
    )
    found = occurrences_after(twice, berlin(2026, 3, 29), 4)
    assert [o.astimezone(UTC) for o in found] == [
        dt.datetime(2026, 3, 29, 1, tzinfo=UTC),
        dt.datetime(2026, 3, 30, 0, tzinfo=UTC),
        dt.datetime(2026, 3, 30, 1, tzinfo=UTC),
        dt.datetime(2026, 3, 31, 0, tzinfo=UTC),
    ]


def test_monthly_second_tuesday_and_is_occurrence():
    second = recurrence(
        "FREQ=MONTHLY;BYDAY=+2TU", start=dt.datetime(2026, 3, 1, 9), timezone="Europe/Berlin"
    )
    assert occurrence_dates(second, dt.date(2026, 3, 1), dt.date(2026, 5, 31)) == [
        dt.date(2026, 3, 10),
        dt.date(2026, 4, 14),
        dt.date(2026, 5, 12),
    ]
    assert is_occurrence(second, dt.date(2026, 4, 14))
    assert not is_occurrence(second, dt.date(2026, 4, 7))
    assert not is_occurrence(second, dt.date(2026, 2, 10))  # before the start


def test_until_in_utc_and_count_end_the_rule():
    until = recurrence(
        "RRULE:FREQ=WEEKLY;UNTIL=20260315T080000Z",
        start=dt.datetime(2026, 3, 1, 9),
        timezone="Europe/Berlin",
    )
    assert [o.day for o in occurrences_after(until, berlin(2026, 1, 1), 9)] == [1, 8, 15]
    counted = recurrence(
        "FREQ=DAILY;COUNT=2", start=dt.datetime(2026, 3, 1, 9), timezone="Europe/Berlin"
    )
    assert len(occurrences_after(counted, berlin(2026, 1, 1), 10)) == 2
    assert next_occurrence(counted, berlin(2026, 3, 2, 9)) is None


def test_aware_start_is_read_on_the_zones_wall_clock():
    utc_start = dt.datetime(2026, 1, 5, 8, tzinfo=UTC)  # 09:00 in Berlin
    daily = recurrence("FREQ=DAILY", start=utc_start, timezone="Europe/Berlin")
    assert daily.start == dt.datetime(2026, 1, 5, 9)
    with pytest.raises(ValueError, match="aware"):
        occurrences_after(daily, dt.datetime(2026, 1, 5), 1)


@pytest.mark.parametrize(
    ("rule", "code"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("DTSTART:20260101T090000\nRRULE:FREQ=DAILY", "not_one_rule"),
        ("FREQ=DAILY;DTSTART=20260101", "not_one_rule"),
        ("FREQ=FORTNIGHTLY", "syntax"),
        ("BYDAY=MO", "syntax"),
        ("FREQ=WEEKLY;BYDAY=XX", "syntax"),
        ("FREQ=WEEKLY;UNTIL=yesterday", "syntax"),
        ("FREQ=HOURLY", "too_frequent"),
        ("FREQ=MINUTELY;INTERVAL=30", "too_frequent"),
        ("FREQ=WEEKLY;INTERVAL=0", "bad_interval"),
        ("FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30", "never_occurs"),
        ("FREQ=DAILY;BYMONTH=4;BYMONTHDAY=31", "never_occurs"),
        ("FREQ=DAILY;INTERVAL=7;BYDAY=MO", "never_occurs"),  # the start is a Thursday
        ("FREQ=WEEKLY;COUNT=0", "never_occurs"),
        ("FREQ=WEEKLY;UNTIL=20200101", "never_occurs"),
    ],
)
def test_a_bad_rule_is_refused_with_a_reason(rule, code):
    with pytest.raises(RuleError) as error:
        recurrence(rule, start=dt.datetime(2026, 1, 1, 9), timezone="Europe/Berlin")
    assert error.value.code == code
    assert error.value.detail


def test_an_unknown_zone_is_refused():
    with pytest.raises(RuleError) as error:
        recurrence("FREQ=DAILY", start=dt.datetime(2026, 1, 1, 9), timezone="Mars/Olympus")
    assert error.value.code == "bad_timezone"


def test_a_long_search_is_not_cut_short():
    # Asked from long before its start, and for more than ten years of a yearly rule.
    yearly = recurrence("FREQ=YEARLY", start=dt.datetime(2015, 4, 1, 9), timezone="Europe/Berlin")
    found = occurrences_after(yearly, berlin(2006, 2, 1), 40)
    assert [o.year for o in found] == list(range(2015, 2055))


def test_rule_text_is_normalised():
    rule = recurrence(
        " rrule:freq=weekly;byday=tu ", start=dt.datetime(2026, 1, 1, 9), timezone="UTC"
    )
    assert rule.rule == "FREQ=WEEKLY;BYDAY=TU"


STARTS = st.datetimes(min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2040, 12, 31)).map(
    lambda moment: moment.replace(second=0, microsecond=0)
)
AFTER = st.datetimes(
    min_value=dt.datetime(1999, 1, 1), max_value=dt.datetime(2045, 1, 1), timezones=st.just(UTC)
)


@settings(max_examples=200, deadline=None)
@given(rule=st.sampled_from(RULES), zone=st.sampled_from(ZONES), start=STARTS, after=AFTER)
@example(  # found by hypothesis: a moment years before the start cut the search short
    rule="FREQ=YEARLY;BYMONTH=3,10;BYDAY=-1SU",
    zone="Europe/Berlin",
    start=dt.datetime(2015, 4, 1),
    after=dt.datetime(2006, 2, 1, tzinfo=UTC),
)
def test_occurrences_are_strictly_increasing_after_the_moment_and_are_occurrences(
    rule, zone, start, after
):
    rec = recurrence(rule, start=start, timezone=zone) if _occurs(rule, start, zone) else None
    assume(rec is not None)
    found = occurrences_after(rec, after, 8)
    assert all(moment > after for moment in found)
    assert all(a < b for a, b in itertools.pairwise(found))
    assert all(moment.tzinfo is not None for moment in found)
    for moment in found:
        # The wall-clock date the rule named; only a gap at midnight could move it a day on.
        wall = moment.astimezone(ZoneInfo(zone))
        assert is_occurrence(rec, wall.date()) or is_occurrence(
            rec, wall.date() - dt.timedelta(days=1)
        )
    if found:
        # Nothing is skipped: the first after the moment is also the next after the moment.
        assert next_occurrence(rec, after) == found[0]
        assert occurrences_after(rec, found[0], 1) == found[1:2]


def _occurs(rule: str, start: dt.datetime, zone: str) -> bool:
    try:
        recurrence(rule, start=start, timezone=zone)
    except RuleError:
        return False
    return True


@settings(max_examples=150, deadline=None)
@given(
    zone=st.sampled_from(
        ("Europe/Berlin", "America/New_York", "America/Sao_Paulo", "Australia/Lord_Howe")
    ),
    start=STARTS,
    hour=st.sampled_from([6, 9, 12, 18, 23]),
    interval=st.integers(1, 3),
)
def test_wall_clock_time_is_kept_across_dst(zone, start, hour, interval):
    # Hours that exist every day in these zones (their switches are between 00:00 and 03:00).
    weekly = recurrence(
        f"FREQ=WEEKLY;INTERVAL={interval}", start=start.replace(hour=hour, minute=0), timezone=zone
    )
    found = occurrences_after(weekly, dt.datetime(start.year, 1, 1, tzinfo=UTC), 60)
    assert {(o.hour, o.minute) for o in found} == {(hour, 0)}
    assert all((b.date() - a.date()).days == 7 * interval for a, b in itertools.pairwise(found))


@settings(max_examples=100, deadline=None)
@given(rule=st.sampled_from(RULES), start=STARTS, span=st.integers(0, 120))
def test_occurrence_dates_are_exactly_the_days_is_occurrence_accepts(rule, start, span):
    assume(_occurs(rule, start, "Europe/Berlin"))
    rec = recurrence(rule, start=start, timezone="Europe/Berlin")
    first = start.date() - dt.timedelta(days=3)
    last = first + dt.timedelta(days=span)
    days = occurrence_dates(rec, first, last)
    every = [first + dt.timedelta(days=n) for n in range(span + 1)]
    assert days == [day for day in every if is_occurrence(rec, day)]


# --- Rhythms -------------------------------------------------------------------------------


def test_overdue_counts_days_past_due_and_compares_intervals():
    week = overdue(last=dt.date(2026, 3, 2), every_days=7, today=dt.date(2026, 3, 16))
    assert (week.due_on, week.days, week.ratio, week.is_due) == (dt.date(2026, 3, 9), 7, 2.0, True)
    quarter = overdue(last=dt.date(2026, 1, 1), every_days=90, today=dt.date(2026, 3, 1))
    assert quarter.days == -31
    assert not quarter.is_due
    assert week.ratio > quarter.ratio
    assert overdue(last=dt.date(2026, 3, 2), every_days=7, today=dt.date(2026, 3, 9)).days == 0
    with pytest.raises(ValueError, match="more than 0"):
        overdue(last=dt.date(2026, 3, 2), every_days=0, today=dt.date(2026, 3, 9))


def test_usual_interval_is_the_median_gap_and_needs_three_touches():
    weekly = [dt.date(2026, 1, 5) + dt.timedelta(weeks=n) for n in range(6)]
    with_a_break = [*weekly, dt.date(2026, 4, 20)]  # one long gap does not change the rhythm
    assert usual_interval(weekly) == 7.0
    assert usual_interval(with_a_break) == 7.0
    assert usual_interval(weekly[:2]) is None
    assert usual_interval([weekly[0]] * 5) is None  # the same day five times is one touch


def test_against_rhythm_measures_quiet_from_the_last_touch():
    monthly = [dt.date(2026, m, 10) for m in (1, 2, 3, 4)]
    quiet = against_rhythm(monthly, today=dt.date(2026, 6, 10))
    assert quiet is not None
    assert quiet.is_due
    assert quiet.ratio > 1.9
    assert against_rhythm(monthly[:2], today=dt.date(2026, 6, 10)) is None


@given(
    last=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2040, 1, 1)),
    every=st.integers(1, 400),
    later=st.integers(0, 2000),
)
def test_overdue_is_consistent(last, every, later):
    today = last + dt.timedelta(days=later)
    result = overdue(last=last, every_days=every, today=today)
    assert result.is_due == (later >= every)
    assert result.days == later - every
    assert result.ratio == pytest.approx(later / every)
