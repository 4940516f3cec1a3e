"""`hallway check`: the installation passes Django's system checks without a warning."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command


# Django warns about a fixed date/time default (fields.W161) only while the clock is within
# ten seconds of it; these are the times of day Hallway's own defaults stand for (quiet
# hours from 20:00 to 08:00, working hours from 09:00 to 17:00).
@pytest.mark.parametrize("moment", ["20:00:03", "08:00:00", "09:00:05", "17:00:00", "12:34:56"])
def test_the_system_check_reports_no_warnings(moment):
    at = datetime.datetime.combine(
        datetime.date(2026, 3, 18), datetime.time.fromisoformat(moment), tzinfo=datetime.UTC
    )
    out, err = StringIO(), StringIO()

    with time_machine.travel(at, tick=False):
        call_command("check", "--fail-level", "WARNING", stdout=out, stderr=err)

    assert "System check identified no issues" in out.getvalue()
    assert err.getvalue() == ""
