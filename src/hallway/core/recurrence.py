"""Recurrence rules in forms and the API: `hallway.engine.cadence`'s checks, with the
problem in the viewer's language.

A capability that stores a rule (a ritual's "every other Monday", a relationship's
keep-in-touch cadence) cleans it with `recurrence_clean` in its service; a form or API
shows the `ValidationError` as it shows any other field error.
"""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from hallway.engine.cadence import SEARCH_YEARS, Recurrence, RuleError, recurrence


def rule_error_message(error: RuleError) -> str:
    """What is wrong with a rule, in the active language."""
    if error.code == "empty":
        return _("Enter a recurrence rule, for example FREQ=WEEKLY;BYDAY=TU.")
    if error.code == "not_one_rule":
        return _("Enter one rule without DTSTART; the start is set separately.")
    if error.code == "too_frequent":
        return _("A rule may repeat at most once a day (FREQ=DAILY, WEEKLY, MONTHLY or YEARLY).")
    if error.code == "bad_interval":
        return _("INTERVAL must be 1 or more.")
    if error.code == "never_occurs":
        return _("This rule has no date in the %(years)d years from its start.") % {
            "years": SEARCH_YEARS
        }
    if error.code == "bad_timezone":
        return _("Choose a known IANA time zone such as Europe/Berlin.")
    return _("This is not a recurrence rule Hallway can read (%(detail)s).") % {
        "detail": error.detail
    }


def recurrence_clean(rule: str, *, start: datetime.datetime, timezone: str) -> Recurrence:
    """The rule as a checked `Recurrence`, or a `ValidationError` (code = the engine's code)
    saying what is wrong in the active language."""
    try:
        return recurrence(rule, start=start, timezone=timezone)
    except RuleError as error:
        raise ValidationError(rule_error_message(error), code=error.code) from error
