"""Which column of the file feeds which directory field: detection and explicit mappings.

Headings are compared case-, accent-, space- and punctuation-insensitively, so
"E-Mail-Adresse", "e-mailadres" and "Email address" are all the email column.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.conf import settings
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hallway.people.importing import values
from hallway.people.importing.results import Problem


@dataclass(frozen=True)
class ImportField:
    key: str
    label: Promise
    synonyms: tuple[str, ...]
    parse: Callable[[Any], Any]
    exported: bool = True  # first/last name and start/end times only come in


def _words(spelled: str) -> tuple[str, ...]:
    return tuple(word.strip() for word in spelled.split("|") if word.strip())


FIELDS: tuple[ImportField, ...] = (
    ImportField("name", gettext_lazy("Name"), _words(
        "name|full name|display name|employee|employee name|person|naam|volledige naam|"
        "weergavenaam|vollständiger name|anzeigename|mitarbeiter|mitarbeiterin|medewerker"
    ), values.text),
    ImportField("first_name", gettext_lazy("First name"), _words(
        "first name|firstname|given name|forename|vorname|rufname|voornaam|roepnaam"
    ), values.text, exported=False),
    ImportField("middle_name", gettext_lazy("Name infix"), _words(
        "middle name|infix|tussenvoegsel|tussenvoegsels|voorvoegsel"
    ), values.text, exported=False),
    ImportField("last_name", gettext_lazy("Last name"), _words(
        "last name|lastname|surname|family name|familienname|nachname|achternaam|familienaam|"
        "geslachtsnaam"
    ), values.text, exported=False),
    ImportField("email", gettext_lazy("Email"), _words(
        "email|e-mail|e mail|mail|email address|e-mail address|work email|business email|"
        "email work|emailadresse|e-mail-adresse|mailadresse|dienstliche e-mail|"
        "geschäftliche e-mail|e-mailadres|emailadres|mailadres|zakelijk e-mailadres"
    ), values.email),
    ImportField("team", gettext_lazy("Team"), _words("team|team name|squad"), values.text),
    ImportField("department", gettext_lazy("Department"), _words(
        "department|dept|division|abteilung|bereich|fachbereich|afdeling|divisie"
    ), values.text),
    ImportField("location", gettext_lazy("Location"), _words(
        "location|office|site|city|work location|standort|büro|buero|arbeitsort|dienstort|"
        "niederlassung|locatie|vestiging|kantoor|werklocatie|werkplek"
    ), values.text),
    ImportField("job_title", gettext_lazy("Job title"), _words(
        "job title|title|role|position|job|function|jobtitel|stellenbezeichnung|funktion|"
        "berufsbezeichnung|rolle|functie|functietitel|functienaam|rol"
    ), values.text),
    ImportField("timezone", gettext_lazy("Time zone"), _words(
        "timezone|time zone|tz|iana time zone|zeitzone|tijdzone"
    ), values.timezone),
    ImportField("working_hours", gettext_lazy("Working hours"), _words(
        "working hours|work hours|hours|office hours|arbeitszeit|arbeitszeiten|"
        "kernarbeitszeit|werktijd|werktijden|werkuren|kantooruren"
    ), values.working_hours),
    ImportField("work_start", gettext_lazy("Working hours start"), _words(
        "work start|start time|starts at|day starts|arbeitsbeginn|dienstbeginn|beginn|"
        "arbeitszeit von|arbeitszeit beginn|begintijd|starttijd|werktijd van|aanvang"
    ), values.time_of_day, exported=False),
    ImportField("work_end", gettext_lazy("Working hours end"), _words(
        "work end|end time|ends at|day ends|arbeitsende|dienstende|feierabend|arbeitszeit bis|"
        "arbeitszeit ende|eindtijd|werktijd tot"
    ), values.time_of_day, exported=False),
    ImportField("working_days", gettext_lazy("Working days"), _words(
        "working days|work days|workdays|days|weekdays|arbeitstage|werktage|wochentage|"
        "werkdagen|dagen"
    ), values.working_days),
    ImportField("languages", gettext_lazy("Languages"), _words(
        "languages|language skills|spoken languages|speaks|sprachen|sprachkenntnisse|talen|"
        "talenkennis|spreekt"
    ), values.languages),
    ImportField("interests", gettext_lazy("Interests"), _words(
        "interests|interest|tags|hobbies|hobby|topics|interessen|interesse|hobbys|themen|"
        "interesses|hobby's|onderwerpen"
    ), values.tags),
    ImportField("manager", gettext_lazy("Manager email"), _words(
        "manager|manager email|manager e-mail|line manager|reports to|supervisor|team lead|"
        "vorgesetzte|vorgesetzter|vorgesetzte(r)|führungskraft|fuehrungskraft|leidinggevende|"
        "e-mail leidinggevende|manager e-mailadres"
    ), values.email),
    ImportField("start_date", gettext_lazy("Start date"), _words(
        "start date|start|hire date|joined|joining date|first day|eintrittsdatum|eintritt|"
        "startdatum|beginndatum|erster arbeitstag|in dienst|in dienst sinds|datum in dienst|"
        "indiensttreding"
    ), values.date),
    ImportField("preferred_language", gettext_lazy("Message language"), _words(
        "language|message language|preferred language|locale|sprache|bevorzugte sprache|"
        "nachrichtensprache|korrespondenzsprache|taal|voorkeurstaal|berichttaal"
    ), values.message_language),
    ImportField("slack_id", gettext_lazy("Slack member ID"), _words(
        "slack id|slack|slack member id|slack user id|slack-kennung|slack-mitglieds-id|"
        "slack-lid-id"
    ), values.text),
    ImportField("status", gettext_lazy("Status"), _words(
        "status|state|employment status|beschäftigungsstatus|dienstverband"
    ), values.status),
    ImportField("paused_until", gettext_lazy("Paused until"), _words(
        "paused until|pause until|back on|returns on|pausiert bis|zurück am|gepauzeerd tot|"
        "terug op"
    ), values.date),
    ImportField("left_on", gettext_lazy("Left on"), _words(
        "left on|leaving date|exit date|end date|austrittsdatum|austritt|ausgeschieden am|"
        "uit dienst|datum uit dienst|uitdienstdatum|einddatum"
    ), values.date),
)  # fmt: skip
FIELDS_BY_KEY = {field.key: field for field in FIELDS}
EXPORTED_FIELDS = tuple(field for field in FIELDS if field.exported)
NAME_PARTS = ("first_name", "middle_name", "last_name")


def normalise(heading: str) -> str:
    return re.sub(r"[^a-z0-9]", "", values.fold(heading))


@cache
def _synonyms() -> dict[str, str]:
    """Normalised heading -> field key. Our own spellings first, then every translation of
    the export headings, so that an export in any UI language imports again."""
    found: dict[str, str] = {}
    for field in FIELDS:
        for word in (field.key, *field.synonyms):
            found.setdefault(normalise(word), field.key)
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            for field in FIELDS:
                found.setdefault(normalise(str(field.label)), field.key)
    return found


def detect_mapping(columns: list[str]) -> dict[str, str]:
    """Source heading -> field key ("" = ignored), the first column of a kind winning."""
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for column in columns:
        key = _synonyms().get(normalise(column), "")
        if key in taken:
            key = ""
        mapping[column] = key
        if key:
            taken.add(key)
    by_key = {key: column for column, key in mapping.items() if key}
    if "first_name" in by_key and "name" in by_key and "last_name" not in by_key:
        # German HR exports say "Name" and "Vorname": next to a first name, "Name" is the surname.
        mapping[by_key["name"]] = "last_name"
    if "working_hours" in by_key:
        for key in ("work_start", "work_end"):
            if key in by_key:
                mapping[by_key[key]] = ""
    return mapping


def resolve_mapping(
    columns: list[str], explicit: dict[str, str] | None
) -> tuple[dict[str, str], list[Problem]]:
    """The mapping to use: detection, overridden by `explicit` where given, and its problems."""
    mapping = detect_mapping(columns)
    problems: list[Problem] = []
    if explicit:
        chosen: dict[str, str] = {}
        normalised_columns = {normalise(column): column for column in columns}
        for source, key in explicit.items():
            key = (key or "").strip()
            column = source if source in mapping else normalised_columns.get(normalise(source))
            if column is None:
                problems.append(Problem(None, source, None, "unknown_column", _(
                    "The mapping names a column “%(column)s” that the file does not have."
                ) % {"column": source}))  # fmt: skip
                continue
            if key and key not in FIELDS_BY_KEY:
                problems.append(Problem(None, column, None, "unknown_field", _(
                    "“%(field)s” is not a field people can be imported into."
                ) % {"field": key}))  # fmt: skip
                continue
            chosen[column] = key
        chosen_keys = {key for key in chosen.values() if key}
        for column, key in mapping.items():
            if column in chosen:
                mapping[column] = chosen[column]
            elif key in chosen_keys:
                mapping[column] = ""  # the explicit choice replaces the detected one
    return mapping, problems + mapping_problems(mapping)


def mapping_problems(mapping: dict[str, str]) -> list[Problem]:
    problems = []
    columns_by_key: dict[str, list[str]] = {}
    for column, key in mapping.items():
        if key:
            columns_by_key.setdefault(key, []).append(column)
    for key, columns in columns_by_key.items():
        if len(columns) > 1:
            problems.append(Problem(None, columns[1], key, "duplicate_mapping", _(
                "The columns “%(first)s” and “%(second)s” are both mapped to %(field)s; "
                "map only one of them."
            ) % {"first": columns[0], "second": columns[1], "field": label(key)}))  # fmt: skip
    if "email" not in columns_by_key:
        problems.append(Problem(None, None, "email", "missing_column", _(
            "No column holds the email address. People are matched by email, so the file "
            "needs an email column."
        )))  # fmt: skip
    if "name" not in columns_by_key and not any(key in columns_by_key for key in NAME_PARTS):
        problems.append(Problem(None, None, "name", "missing_column", _(
            "No column holds the name. Add a name column, or first and last name columns."
        )))  # fmt: skip
    if "working_hours" in columns_by_key and (
        "work_start" in columns_by_key or "work_end" in columns_by_key
    ):
        problems.append(Problem(None, columns_by_key["working_hours"][0], "working_hours",
            "duplicate_mapping", _(
                "Working hours come from one column or from separate start and end columns, "
                "not both."
            )))  # fmt: skip
    return problems


def label(key: str) -> str:
    field = FIELDS_BY_KEY.get(key)
    return str(field.label) if field else key


def field_choices() -> list[tuple[str, str]]:
    """(key, translated label) for every field a column can be mapped to."""
    return [(field.key, str(field.label)) for field in FIELDS]
