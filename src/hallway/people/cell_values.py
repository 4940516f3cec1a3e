"""The values of people files' cells: read the way people write them in three languages,
written in the plainest spelling that reads back unchanged.

Every parser takes a non-empty cell (a string from CSV; a string, number, date or time
from XLSX) and returns the value the directory stores, or raises `CellProblem` with a code
and a message. `people.fields` says which parser reads which column.
"""

import datetime
import re
import unicodedata
from collections.abc import Iterable
from functools import cache
from typing import Any

from django.conf import global_settings, settings
from django.conf.locale import LANG_INFO
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import translation
from django.utils.translation import gettext as _

from hallway.core.validators import known_timezones
from hallway.people.models import PersonStatus


class CellProblem(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


EXCEL_EPOCH = datetime.date(1899, 12, 30)  # day 0 of Excel's date serial numbers


def fold(value: str) -> str:
    """Lower case without accents, for comparing words people type ("Büro" == "buro")."""
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def text(cell: Any) -> str:
    """Any cell as text; whole numbers from Excel lose their ".0" (ids, phone numbers)."""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime.datetime):
        return cell.date().isoformat() if cell.time() == datetime.time() else cell.isoformat()
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    if isinstance(cell, bool):
        return "true" if cell else "false"
    return " ".join(str(cell).split())


def email(cell: Any) -> str:
    """An email address, also from "Anna Schmidt <anna@example.com>" or "mailto:…"."""
    value = text(cell)
    match = re.search(r"<([^<>]+)>", value)
    if match:
        value = match.group(1)
    value = value.strip().removeprefix("mailto:").strip().lower()
    try:
        validate_email(value)
    except ValidationError as exc:
        raise CellProblem(
            "invalid_email",
            _("“%(value)s” is not a valid email address.") % {"value": text(cell)},
        ) from exc
    return value


# --- times and working hours ------------------------------------------------------------

TIME_RE = re.compile(
    r"^(?P<hour>\d{1,2})(?:[:.h](?P<minute>\d{2})(?::\d{2})?)?\s*"
    r"(?P<suffix>am|pm|a\.m\.|p\.m\.|uhr|u|h)?$"
)
RANGE_SEPARATOR = re.compile(r"\s*(?:-|–|—|‐|\bto\b|\bbis\b|\btot\b|\btill?\b|\buntil\b)\s*")


def time_of_day(cell: Any) -> datetime.time:
    """09:00, 9, 9.30, 0930, 9h30, 5 pm, 17 Uhr; from Excel a time or a fraction of a day."""
    if isinstance(cell, datetime.datetime):
        return cell.time().replace(second=0, microsecond=0)
    if isinstance(cell, datetime.time):
        return cell.replace(second=0, microsecond=0)
    if isinstance(cell, datetime.timedelta):
        return _minutes_to_time(round(cell.total_seconds() / 60))
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        if 0 <= cell < 1:  # Excel stores 09:00 as 0.375 of a day
            return _minutes_to_time(round(cell * 24 * 60))
        if float(cell).is_integer() and 0 <= cell <= 24:
            return _minutes_to_time(int(cell) * 60)
    value = fold(text(cell)).strip()
    if re.fullmatch(r"\d{4}", value):
        value = f"{value[:2]}:{value[2:]}"
    match = TIME_RE.match(value)
    if match:
        hour, minute = int(match["hour"]), int(match["minute"] or 0)
        suffix = (match["suffix"] or "").replace(".", "")
        if suffix in ("am", "pm") and 1 <= hour <= 12:
            hour = hour % 12 + (12 if suffix == "pm" else 0)
        if (hour < 24 and minute < 60) or (hour == 24 and minute == 0):
            return _minutes_to_time(hour * 60 + minute)
    raise CellProblem(
        "invalid_time",
        _("“%(value)s” is not a time of day. Write times as 09:00 or 17:30.")
        % {"value": text(cell)},
    )


def _minutes_to_time(minutes: int) -> datetime.time:
    if minutes >= 24 * 60:
        return datetime.time(23, 59)  # "until midnight" is the last minute of the day
    return datetime.time(minutes // 60, minutes % 60)


def working_hours(cell: Any) -> tuple[datetime.time, datetime.time]:
    """09:00-17:00, 9-17, 09:00–17:30, 9am to 5pm, 9 bis 17 Uhr, 9 tot 17u."""
    value = fold(text(cell))
    parts = [part for part in RANGE_SEPARATOR.split(value) if part]
    if len(parts) != 2:
        parts = value.split()
    if len(parts) == 2:
        try:
            return time_of_day(parts[0]), time_of_day(parts[1])
        except CellProblem:
            pass
    raise CellProblem(
        "invalid_working_hours",
        _("“%(value)s” are not working hours. Write them as 09:00-17:00.") % {"value": text(cell)},
    )


# --- working days -----------------------------------------------------------------------

WEEKDAY_WORDS = {
    1: "1 mo mon monday montag ma maandag",
    2: "2 tu tue tues tuesday di dienstag dinsdag",
    3: "3 we wed wednesday mi mittwoch wo woensdag",
    4: "4 th thu thur thurs thursday do donnerstag donderdag",
    5: "5 fr fri friday freitag vr vrijdag",
    6: "6 sa sat saturday samstag sonnabend za zaterdag",
    7: "7 su sun sunday so sonntag zo zondag",
}
WEEKDAYS = {word: day for day, words in WEEKDAY_WORDS.items() for word in words.split()}
WORKWEEK_WORDS = {"weekdays", "workdays", "werktags", "werktage", "werkdagen", "doordeweeks"}
CONNECTORS = {"and", "und", "en", "&", "+"}


def working_days(cell: Any) -> list[int]:
    """Mo-Fr, Mon–Fri, Ma-Vr, 1-5, Mo,Di,Mi, mon, tue, wed, Montag bis Freitag, ma t/m vr."""
    value = fold(text(cell)).replace(".", "").replace("t/m", "-")
    value = RANGE_SEPARATOR.sub("-", value)
    days: list[int] = []
    try:
        for token in re.split(r"[\s,;/|]+", value):
            if not token or token in CONNECTORS:
                continue
            if token in WORKWEEK_WORDS:
                days.extend(range(1, 6))
            elif "-" in token:
                first, last = (WEEKDAYS[part] for part in token.split("-", 1))
                # A range may wrap over the weekend: "Sun-Thu" is 7, 1, 2, 3, 4.
                span = (last - first) % 7
                days.extend((first - 1 + offset) % 7 + 1 for offset in range(span + 1))
            else:
                days.append(WEEKDAYS[token])
    except (KeyError, ValueError) as exc:
        raise CellProblem(
            "invalid_working_days",
            _("“%(value)s” are not working days. Write them as Mon-Fri or Mon,Tue,Thu.")
            % {"value": text(cell)},
        ) from exc
    if not days:
        raise CellProblem(
            "invalid_working_days",
            _("“%(value)s” are not working days. Write them as Mon-Fri or Mon,Tue,Thu.")
            % {"value": text(cell)},
        )
    return sorted(set(days))


WEEKDAY_ABBREVIATIONS = {1: "Mon", 2: "Tue", 3: "Wed", 4: "Thu", 5: "Fri", 6: "Sat", 7: "Sun"}


def format_working_days(days: Iterable[int]) -> str:
    """[1, 2, 3, 4, 5] -> "Mon-Fri"; [1, 2, 4] -> "Mon,Tue,Thu"; runs of three or more as ranges."""
    ordered = sorted(set(days))
    runs: list[list[int]] = []
    for day in ordered:
        if runs and day == runs[-1][-1] + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    parts = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{WEEKDAY_ABBREVIATIONS[run[0]]}-{WEEKDAY_ABBREVIATIONS[run[-1]]}")
        else:
            parts.extend(WEEKDAY_ABBREVIATIONS[day] for day in run)
    return ",".join(parts)


# --- languages --------------------------------------------------------------------------

# ISO 639-2 codes and names Django does not list, as people write them in a spreadsheet.
EXTRA_LANGUAGE_NAMES = {
    "eng": "en", "deu": "de", "ger": "de", "nld": "nl", "dut": "nl", "por": "pt",
    "spa": "es", "fra": "fr", "fre": "fr", "ita": "it", "pol": "pl", "tur": "tr",
    "rus": "ru", "ukr": "uk", "hin": "hi", "zho": "zh", "chi": "zh", "jpn": "ja",
    "ara": "ar", "chinese": "zh", "chinesisch": "zh", "chinees": "zh", "mandarin": "zh",
    "flemish": "nl", "flamisch": "nl", "vlaams": "nl", "brazilian": "pt",
}  # fmt: skip
LEVEL_WORDS = re.compile(
    r"\([^)]*\)|\b(?:[abc][12]|native|fluent|basic|muttersprache|fliessend|moedertaal|vloeiend)\b"
)


@cache
def _language_names() -> dict[str, str]:
    """Folded language codes and names (English, native, and in our UI languages) -> code."""
    names: dict[str, str] = dict(EXTRA_LANGUAGE_NAMES)
    for code, info in LANG_INFO.items():
        base = code.split("-")[0]
        if len(base) != 2 or "name" not in info:
            continue
        names.setdefault(base, base)
        for name in (info["name"], info["name_local"]):
            names.setdefault(fold(name), base)
    for ui_language, _name in settings.LANGUAGES:
        with translation.override(ui_language):
            for code, name in global_settings.LANGUAGES:
                base = code.split("-")[0]
                if len(base) == 2:
                    names.setdefault(fold(translation.gettext(name)), base)
    return names


def language_code(word: str) -> str | None:
    names = _language_names()
    folded = fold(word).strip()
    folded = re.sub(r"^(.+?)[-_][a-z]{2,4}$", r"\1", folded)  # en-GB, pt_BR, zh-hans
    return names.get(folded)


def languages(cell: Any) -> list[str]:
    """de, en / Deutsch, Englisch / German; English / Nederlands / Duits en Engels."""
    codes: list[str] = []
    for written in re.split(r"[,;|/+&\n]+", text_keeping_lines(cell)):
        part = LEVEL_WORDS.sub(" ", fold(written)).strip()
        if not part:
            continue
        code = language_code(part)
        if code:
            codes.append(code)
            continue
        words = part.split()
        found = [language_code(word) for word in words]
        if not all(found):
            # "Deutsch und Englisch": drop connecting words. Not first, because "en" is
            # both Dutch for "and" and the code for English ("de en nl").
            found = [language_code(word) for word in words if word not in CONNECTORS]
        if not found or not all(found):
            raise CellProblem(
                "invalid_languages",
                _(
                    "“%(value)s” is not a language we recognise. "
                    "Use two-letter codes such as de, en, nl, pt."
                )
                % {"value": written.strip()},
            )
        codes.extend(code for code in found if code)
    return list(dict.fromkeys(codes))


def message_language(cell: Any) -> str:
    """en, de or nl, also written as English / Deutsch / Nederlands / Dutch."""
    code = language_code(text(cell))
    if code in dict(settings.LANGUAGES):
        return code
    raise CellProblem(
        "invalid_message_language",
        _("“%(value)s” is not a message language. Use en, de or nl.") % {"value": text(cell)},
    )


# --- the rest ---------------------------------------------------------------------------


def tags(cell: Any) -> list[str]:
    """Interests separated by commas, semicolons, bars or line breaks."""
    parts = (" ".join(part.split()) for part in re.split(r"[,;|\n]", text_keeping_lines(cell)))
    return [part for part in parts if part]


def text_keeping_lines(cell: Any) -> str:
    return str(cell) if isinstance(cell, str) else text(cell)


def date(cell: Any) -> datetime.date:
    """2026-12-01, 01.12.2026, 1-12-2026, 01/12/2026 (day first), or an Excel date."""
    if isinstance(cell, datetime.datetime):
        return cell.date()
    if isinstance(cell, datetime.date):
        return cell
    if isinstance(cell, int | float) and not isinstance(cell, bool) and 1 <= cell < 2958466:
        return EXCEL_EPOCH + datetime.timedelta(days=int(cell))
    value = text(cell)
    iso = re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T][\d:.]+)?", value)
    day_first = re.fullmatch(r"(\d{1,2})[./-](\d{1,2})[./-](\d{4}|\d{2})", value)
    try:
        if iso:
            return datetime.date(int(iso[1]), int(iso[2]), int(iso[3]))
        if day_first:
            year = int(day_first[3])
            if year < 100:
                year += 2000 if year < 70 else 1900
            return datetime.date(year, int(day_first[2]), int(day_first[1]))
    except ValueError:
        pass
    raise CellProblem(
        "invalid_date",
        _("“%(value)s” is not a date. Write dates as 2026-12-01 or 01.12.2026.") % {"value": value},
    )


STATUS_WORDS = {
    PersonStatus.ACTIVE: "active aktiv actief current employed",
    PersonStatus.PAUSED: "paused pause pausiert gepauzeerd onleave beurlaubt verlof metverlof",
    PersonStatus.LEFT: "left ausgeschieden ausgetreten former ehemalig vertrokken uitdienst",
}


@cache
def _status_words() -> dict[str, str]:
    words: dict[str, str] = {
        word: status for status, spelled in STATUS_WORDS.items() for word in spelled.split()
    }
    for ui_language, _name in settings.LANGUAGES:
        with translation.override(ui_language):
            for status in PersonStatus:
                words.setdefault(re.sub(r"\W", "", fold(str(status.label))), status.value)
    return words


def status(cell: Any) -> str:
    """active, paused or left, in English, German or Dutch."""
    word = re.sub(r"\W", "", fold(text(cell)))
    found = _status_words().get(word)
    if found:
        return found
    raise CellProblem(
        "invalid_status",
        _("“%(value)s” is not a status. Use active, paused or left.") % {"value": text(cell)},
    )


@cache
def _timezones_by_folded_name() -> dict[str, str]:
    """Europe/berlin, "Berlin", "New York", "Sao Paulo" -> the IANA name, where unambiguous."""
    exact: dict[str, str] = {}
    cities: dict[str, set[str]] = {}
    for name in known_timezones():
        exact[fold(name)] = name
        city = fold(name.rsplit("/", 1)[-1].replace("_", " "))
        cities.setdefault(city, set()).add(name)
    for city, names in cities.items():
        if len(names) == 1 and city not in exact:
            exact[city] = next(iter(names))
    return exact


def timezone(cell: Any) -> str:
    """An IANA time zone; case and a city name alone are forgiven, other spellings are kept
    as written so that validation explains what is wrong with them."""
    value = text(cell)
    if value in known_timezones():
        return value
    names = _timezones_by_folded_name()
    return names.get(fold(value)) or names.get(fold(value).replace("_", " ")) or value
