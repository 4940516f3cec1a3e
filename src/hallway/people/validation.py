"""Field rules for the directory, shared by forms, imports and the API."""

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# ISO 639-1, the languages people in the directory speak (not only the UI's three).
LANGUAGE_CODE_LENGTH = 2


def country_code_problem(code: str) -> str | None:
    """Why `code` (stripped, any case) is no ISO 3166-1 alpha-2 country code; None if it is."""
    if code and (len(code) != 2 or not code.isalpha()):
        return _("Use a two-letter country code such as DE, NL or BR.")
    return None


def validate_working_days(value: object) -> None:
    if (
        not isinstance(value, list)
        or not value
        or any(
            not isinstance(day, int) or isinstance(day, bool) or not 1 <= day <= 7 for day in value
        )
        or len(set(value)) != len(value)
    ):
        raise ValidationError(
            _(
                "Working days must be distinct weekdays from 1 (Monday) to 7 (Sunday), at least one."
            ),
            code="invalid_working_days",
        )


def validate_language_codes(value: object) -> None:
    if not isinstance(value, list) or any(
        not isinstance(code, str) or len(code) != LANGUAGE_CODE_LENGTH or not code.isalpha()
        for code in value
    ):
        raise ValidationError(
            _("Languages must be two-letter ISO 639-1 codes such as de, en, nl, pt."),
            code="invalid_languages",
        )


def working_hours_problem(start: datetime.time | None, end: datetime.time | None) -> str | None:
    """Why these working hours are impossible, or None when they are fine."""
    if start is None or end is None:
        return _("Working hours need a start and an end.")
    if end <= start:
        return _("Working hours must end after they start (%(start)s–%(end)s).") % {
            "start": start.strftime("%H:%M"),
            "end": end.strftime("%H:%M"),
        }
    return None
