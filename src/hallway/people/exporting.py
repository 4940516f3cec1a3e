"""Export the directory as CSV that Excel opens directly and the importer reads back unchanged.

The columns are those of `people.fields` that are exported. Headings are their labels (in
the current language, which the importer recognises in every language), values are written
in the importer's plainest spelling: ISO dates, 09:00-17:00, Mon-Fri, language codes.
"""

import csv
import io

from django.db.models import QuerySet

from hallway.accounts.models import Organisation
from hallway.accounts.tenancy import scoped
from hallway.people.fields import EXPORTED_COLUMNS
from hallway.people.models import Person
from hallway.people.services import person_as_data

DELIMITERS = {"comma": ",", "semicolon": ";", "tab": "\t"}
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
    writer.writerow([str(column.label) for column in EXPORTED_COLUMNS])
    for person in people.order_by("name", "id"):
        row = person_export_row(person)
        writer.writerow([spreadsheet_safe(row[column.key]) for column in EXPORTED_COLUMNS])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def people_template_csv(*, delimiter: str = ",") -> bytes:
    """The headings and one example row, for people who start a file from scratch."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([str(column.label) for column in EXPORTED_COLUMNS])
    writer.writerow([column.example for column in EXPORTED_COLUMNS])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def person_export_row(person: Person) -> dict[str, str]:
    """The person's cells by column key."""
    data = person_as_data(person)
    return {column.key: column.cell(data) for column in EXPORTED_COLUMNS if column.cell}


def spreadsheet_safe(value: str) -> str:
    """The cell as text a spreadsheet shows instead of running it as a formula."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value
