import datetime

from hallway.people.hours import local_now, working_week

WEDNESDAY = datetime.date(2026, 1, 14)


def test_working_week_in_the_same_zone_is_unchanged():
    week = working_week(
        timezone_name="Europe/Berlin",
        work_start=datetime.time(9, 0),
        work_end=datetime.time(17, 0),
        working_days=[5, 1],
        viewer_timezone_name="Europe/Berlin",
        today=WEDNESDAY,
    )
    assert [(s.weekday, s.viewer_start_weekday, s.viewer_start, s.viewer_end) for s in week] == [
        (1, 1, datetime.time(9, 0), datetime.time(17, 0)),
        (5, 5, datetime.time(9, 0), datetime.time(17, 0)),
    ]


def test_working_week_converted_to_a_zone_with_a_half_hour_offset():
    (span,) = working_week(
        timezone_name="Europe/Berlin",
        work_start=datetime.time(9, 0),
        work_end=datetime.time(17, 0),
        working_days=[3],
        viewer_timezone_name="Asia/Kolkata",
        today=WEDNESDAY,
    )
    assert (span.viewer_start, span.viewer_end) == (datetime.time(13, 30), datetime.time(21, 30))
    assert not span.viewer_crosses_midnight


def test_working_day_that_crosses_midnight_for_the_viewer():
    (span,) = working_week(
        timezone_name="Pacific/Auckland",  # UTC+13 in January
        work_start=datetime.time(9, 0),
        work_end=datetime.time(17, 0),
        working_days=[3],
        viewer_timezone_name="Europe/Berlin",  # UTC+1
        today=WEDNESDAY,
    )
    assert (span.viewer_start_weekday, span.viewer_start) == (2, datetime.time(21, 0))
    assert (span.viewer_end_weekday, span.viewer_end) == (3, datetime.time(5, 0))
    assert span.viewer_crosses_midnight
    assert (span.viewer_start_weekday_name, span.viewer_end_weekday_name) == (
        "Tuesday",
        "Wednesday",
    )


def test_working_week_follows_daylight_saving_time_of_the_current_week():
    def start_in_new_york(today: datetime.date) -> datetime.time:
        (span,) = working_week(
            timezone_name="Europe/Berlin",
            work_start=datetime.time(9, 0),
            work_end=datetime.time(17, 0),
            working_days=[3],
            viewer_timezone_name="America/New_York",
            today=today,
        )
        return span.viewer_start

    assert start_in_new_york(WEDNESDAY) == datetime.time(3, 0)
    # Mid-March the US is on summer time and Europe is not yet: five hours apart.
    assert start_in_new_york(datetime.date(2026, 3, 18)) == datetime.time(4, 0)


def test_local_now_falls_back_to_utc_for_an_unknown_zone():
    now = datetime.datetime(2026, 1, 14, 12, 0, tzinfo=datetime.UTC)
    assert local_now("Asia/Kolkata", now).strftime("%H:%M") == "17:30"
    assert local_now("Nowhere/Special", now).strftime("%H:%M") == "12:00"
