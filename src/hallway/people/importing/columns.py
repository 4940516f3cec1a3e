"""Which column of the file feeds which directory field: detection and explicit mappings.

Headings are compared case-, accent-, space- and punctuation-insensitively, so
"E-Mail-Adresse", "e-mailadres" and "Email address" are all the email column.
"""

import re
from functools import cache

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from hallway.people import cell_values
from hallway.people.fields import (
    COLUMNS,
    COLUMNS_BY_KEY,
    EXPORTED_COLUMNS,
    NAME_PARTS,
    Column,
)
from hallway.people.importing.results import Problem

# What a column can be mapped to: the columns of `people.fields`, each with its key.
FIELDS: tuple[Column, ...] = COLUMNS
FIELDS_BY_KEY = COLUMNS_BY_KEY
EXPORTED_FIELDS = EXPORTED_COLUMNS


def normalise(heading: str) -> str:
    return re.sub(r"[^a-z0-9]", "", cell_values.fold(heading))


@cache
def _synonyms() -> dict[str, str]:
    """Normalised heading -> field key. Our own spellings first, then every translation of
    the export headings, so that an export in any UI language imports again."""
    found: dict[str, str] = {}
    for field in FIELDS:
        for word in (field.key, *field.headings.words()):
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
