"""Export the directory as CSV that Excel opens directly and the importer reads back unchanged.

Headings are the importer's own field labels (in the current language, which the
importer recognises in every language), values are written in the importer's
plainest spelling: ISO dates, 09:00-17:00, Mon-Fri, language codes.
"""

import csv
import io
from collections.abc import Iterable

from django.db.models import QuerySet

from hallway.accounts.models import Organisation
from hallway.accounts.tenancy import scoped
from hallway.people.importing.columns import EXPORTED_FIELDS
from hallway.people.models import Person

DELIMITERS = {"comma": ",", "semicolon": ";", "tab": "\t"}
WEEKDAY_ABBREVIATIONS = {1: "Mon", 2: "Tue", 3: "Wed", 4: "Thu", 5: "Fri", 6: "Sat", 7: "Sun"}
# Spreadsheets run a cell starting with these as a formula; a leading apostrophe stops that
# and the importer takes it off again.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def people_export_csv(
    *,
    organisation: Organisation,
    people_queryset: QuerySet[Person] | None = None,
    delimiter: str = ",",
) -> bytes:
    """The people (all of the organisation's by default) as UTF-8 CSV with a BOM for Excel."""
    people = scoped(
        people_queryset if people_queryset is not None else Person.objects.all(), organisation
    )
    people = people.select_related("team", "location", "manager").prefetch_related("interests")
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([str(field.label) for field in EXPORTED_FIELDS])
    for person in people.order_by("name", "id"):
        row = person_export_row(person)
        writer.writerow([_safe(row[field.key]) for field in EXPORTED_FIELDS])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def people_template_csv(*, delimiter: str = ",") -> bytes:
    """The headings and one example row, for people who start a file from scratch."""
    example = {
        "name": "Anna Schmidt",
        "email": "anna.schmidt@example.com",
        "team": "Platform",
        "department": "Engineering",
        "location": "Berlin",
        "job_title": "Backend developer",
        "timezone": "Europe/Berlin",
        "working_hours": "09:00-17:30",
        "working_days": "Mon-Fri",
        "languages": "de, en",
        "interests": "climbing, sourdough",
        "manager": "",
        "start_date": "2026-12-01",
        "preferred_language": "de",
        "slack_id": "",
        "status": "active",
        "paused_until": "",
        "left_on": "",
    }
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([str(field.label) for field in EXPORTED_FIELDS])
    writer.writerow([example[field.key] for field in EXPORTED_FIELDS])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def person_export_row(person: Person) -> dict[str, str]:
    return {
        "name": person.name,
        "email": person.email,
        "team": person.team.name if person.team else "",
        "department": person.department,
        "location": person.location.name if person.location else "",
        "job_title": person.job_title,
        "timezone": person.timezone,
        "working_hours": f"{person.work_start:%H:%M}-{person.work_end:%H:%M}",
        "working_days": format_working_days(person.working_days),
        "languages": ", ".join(person.languages),
        "interests": ", ".join(sorted(tag.name for tag in person.interests.all())),
        "manager": person.manager.email if person.manager else "",
        "start_date": person.start_date.isoformat() if person.start_date else "",
        "preferred_language": person.preferred_language,
        "slack_id": person.slack_id,
        "status": person.status,
        "paused_until": person.paused_until.isoformat() if person.paused_until else "",
        "left_on": person.left_on.isoformat() if person.left_on else "",
    }


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


def _safe(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value
