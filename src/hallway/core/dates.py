"""Dates and times as people read them: the one way pages and outgoing messages write them.

    long_date   Montag, 28. Dezember 2026 · maandag 28 december 2026 · Monday 28 December 2026
    medium_date Mo., 28. Dez. 2026        · ma 28 dec. 2026          · Mon 28 Dec 2026
    short_date  Mo., 28. Dez.             · ma 28 dec.               · Mon 28 Dec
    date_time   medium_date and the time (24-hour clock in all three: 13:05)
    short_date_time, weekday_time ("Mo. 13:05"), time_of_day ("13:05")

Day and month names come from CLDR through Babel; the patterns are Hallway's own, because
CLDR's change between releases (the British full date gained a comma, Dutch month
abbreviations lost their full stop) and a page and the email about it must agree. English
is written the British way (day before month, 24-hour clock), as the product's English is.

Pages use the active language and time zone; messages are rendered inside the recipient's
(see `messaging.rendering`), so the same call writes each reader's own form. Anything a
machine reads (form inputs, CSV, the API, iCalendar, `<time datetime>`) stays ISO 8601.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from babel.dates import format_date, format_datetime, format_time
from django.utils import timezone, translation

TIME_PATTERN = "HH:mm"


@dataclass(frozen=True)
class DateStyle:
    locale: str  # Babel's locale for the names
    long: str
    short: str
    medium: str
    # Abbreviated month names where CLDR's are not the form we write (None: CLDR's).
    months: tuple[str, ...] | None = None


STYLES: dict[str, DateStyle] = {
    "en": DateStyle("en_GB", long="EEEE d MMMM y", short="EEE d MMM", medium="EEE d MMM y"),
    "de": DateStyle("de_DE", long="EEEE, d. MMMM y", short="EEE, d. MMM", medium="EEE, d. MMM y"),
    "nl": DateStyle(
        "nl_NL",
        long="EEEE d MMMM y",
        short="EEE d MMM",
        medium="EEE d MMM y",
        # The Taalunie's abbreviations: a full stop unless the name is whole ("mei").
        months=(
            "jan.",
            "feb.",
            "mrt.",
            "apr.",
            "mei",
            "jun.",
            "jul.",
            "aug.",
            "sep.",
            "okt.",
            "nov.",
            "dec.",
        ),
    ),
}


def date_style(language: str | None = None) -> DateStyle:
    """The style of `language` ("de", "de-ch", "nl"), by default the active language;
    English for a language Hallway does not speak."""
    code = (language or translation.get_language() or "en").lower().replace("_", "-")
    return STYLES.get(code) or STYLES.get(code.split("-")[0]) or STYLES["en"]


def babel_locale(language: str | None = None) -> str:
    """Babel's locale for `language` (default: the active one): "de" → "de_DE", "en" → "en_GB"."""
    return date_style(language).locale


def _moment(value: object) -> datetime.date | None:
    """A date or datetime from a page's value or a message's JSON context (an ISO string);
    an aware datetime in the active time zone (a naive one is already wall-clock time)."""
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        try:
            value = (
                datetime.date.fromisoformat(text)
                if len(text) == 10
                else datetime.datetime.fromisoformat(text)
            )
        except ValueError:
            return None
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value) if timezone.is_aware(value) else value
    if isinstance(value, datetime.date):
        return value
    return None


def _formatted(value: object, language: str | None, pattern: Callable[[DateStyle], str]) -> str:
    """The day of `value` in the language's `pattern` (one of its style's); "" for none."""
    day = _moment(value)
    if day is None:
        return ""
    style = date_style(language)
    chosen = pattern(style)
    if style.months is not None:
        # A quoted literal in a CLDR pattern is written as it is.
        chosen = chosen.replace("MMMM", "\0").replace(
            "MMM", "'" + style.months[day.month - 1] + "'"
        )
        chosen = chosen.replace("\0", "MMMM")
    return format_date(day, chosen, locale=style.locale)


def long_date(value: object, language: str | None = None) -> str:
    """ "Montag, 28. Dezember 2026": a day that matters (a round, a meeting); "" for none."""
    return _formatted(value, language, lambda style: style.long)


def short_date(value: object, language: str | None = None) -> str:
    """ "Mo., 28. Dez.": a day near enough that the year goes without saying."""
    return _formatted(value, language, lambda style: style.short)


def medium_date(value: object, language: str | None = None) -> str:
    """ "Mo., 28. Dez. 2026": a day in a list or table, year included."""
    return _formatted(value, language, lambda style: style.medium)


def month_year(value: object, language: str | None = None) -> str:
    """ "Dezember 2026": a month (a wall of wins, a report), its name as it stands alone."""
    return _formatted(value, language, lambda style: "LLLL y")


def time_of_day(value: object, language: str | None = None) -> str:
    """ "13:05" (in the active time zone for an aware datetime); "" for a date alone."""
    moment = _moment(value)
    if not isinstance(moment, datetime.datetime):
        return ""
    return format_time(moment.time(), TIME_PATTERN, locale=date_style(language).locale)


def weekday_time(value: object, language: str | None = None) -> str:
    """ "Do. 01:00": a moment within a day or two (someone's local time elsewhere)."""
    moment = _moment(value)
    if not isinstance(moment, datetime.datetime):
        return ""
    style = date_style(language)
    return format_datetime(moment, f"EEE {TIME_PATTERN}", locale=style.locale)


def date_time(value: object, language: str | None = None) -> str:
    """ "Mo., 28. Dez. 2026 13:05": when something happened (a message sent, a token used)."""
    moment = _moment(value)
    if not isinstance(moment, datetime.datetime):
        return medium_date(moment, language)
    return f"{medium_date(moment, language)} {time_of_day(moment, language)}"


def short_date_time(value: object, language: str | None = None) -> str:
    """ "Mo., 28. Dez. 13:05": a suggested meeting time in the coming weeks."""
    moment = _moment(value)
    if not isinstance(moment, datetime.datetime):
        return short_date(moment, language)
    return f"{short_date(moment, language)} {time_of_day(moment, language)}"
