"""A recurring invitation leaves out its holidays: EXDATE in the series' zone."""

import datetime

from icalendar import Calendar

from hallway.messaging.ics import invitation_ics


def test_exdates_are_written_on_the_series_wall_clock():
    start = datetime.datetime(2026, 11, 5, 15, 0, tzinfo=datetime.UTC)  # 16:00 Berlin
    body = invitation_ics(
        {
            "uid": "series-1@hallway",
            "start": start.isoformat(),
            "end": (start + datetime.timedelta(minutes=30)).isoformat(),
            "rrule": "FREQ=WEEKLY;BYDAY=TH",
            "timezone": "Europe/Berlin",
            # One naive (read in the series' zone), one aware (converted to it).
            "exdates": [
                "2026-12-24T16:00:00",
                datetime.datetime(2026, 11, 26, 15, 0, tzinfo=datetime.UTC).isoformat(),
            ],
        },
        summary="Weekly",
        description="",
        now=start,
    )
    event = next(iter(Calendar.from_ical(body).walk("VEVENT")))
    exdates = event["EXDATE"]
    values = [d.dt for d in (exdates if isinstance(exdates, list) else [exdates])[0].dts]
    assert [(v.date().isoformat(), v.hour, str(v.tzinfo)) for v in values] == [
        ("2026-11-26", 16, "Europe/Berlin"),
        ("2026-12-24", 16, "Europe/Berlin"),
    ]
    assert b"EXDATE;TZID=Europe/Berlin:20261126T160000,20261224T160000" in body


def test_no_exdate_without_a_rule():
    start = datetime.datetime(2026, 11, 5, 15, 0, tzinfo=datetime.UTC)
    body = invitation_ics(
        {"uid": "x", "start": start.isoformat(), "end": start.isoformat(), "exdates": []},
        summary="s",
        description="",
        now=start,
    )
    assert b"EXDATE" not in body
