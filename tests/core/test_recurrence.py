"""Recurrence rules as forms and the API see them: checked, with the problem translated."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from hallway.core.recurrence import recurrence_clean

START = datetime.datetime(2026, 3, 3, 9)


def test_a_good_rule_is_returned_checked():
    rule = recurrence_clean("FREQ=WEEKLY;BYDAY=TU", start=START, timezone="Europe/Berlin")
    assert (rule.rule, rule.start, rule.timezone) == (
        "FREQ=WEEKLY;BYDAY=TU",
        START,
        "Europe/Berlin",
    )


@pytest.mark.parametrize(
    ("rule", "code", "english"),
    [
        ("", "empty", "Enter a recurrence rule"),
        ("DTSTART:20260101T090000\nRRULE:FREQ=DAILY", "not_one_rule", "Enter one rule"),
        ("FREQ=HOURLY", "too_frequent", "A rule may repeat at most once a day"),
        ("FREQ=WEEKLY;INTERVAL=0", "bad_interval", "INTERVAL must be 1 or more."),
        (
            "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30",
            "never_occurs",
            "This rule has no date in the 10 years",
        ),
        (
            "FREQ=WEEKLY;BYDAY=XX",
            "syntax",
            "This is not a recurrence rule Hallway can read (invalid 'BYDAY': XX).",
        ),
    ],
)
def test_a_bad_rule_says_what_is_wrong(rule, code, english):
    with pytest.raises(ValidationError) as error:
        recurrence_clean(rule, start=START, timezone="Europe/Berlin")
    assert error.value.code == code
    assert error.value.messages[0].startswith(english)


def test_an_unknown_zone():
    with pytest.raises(ValidationError) as error:
        recurrence_clean("FREQ=DAILY", start=START, timezone="Mars/Olympus")
    assert error.value.code == "bad_timezone"


def test_the_problem_is_in_the_viewers_language():
    with translation.override("de"), pytest.raises(ValidationError) as error:
        recurrence_clean("FREQ=MINUTELY", start=START, timezone="Europe/Berlin")
    assert error.value.code == "too_frequent"
    # Filled in with the German translation (tests/core/test_translations.py keeps it so).
    assert not error.value.messages[0].startswith("A rule may")
