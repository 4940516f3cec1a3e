"""Export the directory as CSV that Excel opens directly and the importer reads back unchanged.

The columns are those of `people.fields` that are exported. Headings are their labels (in
the current language, which the importer recognises in every language), values are written
in the importer's plainest spelling: ISO dates, 09:00-17:00, Mon-Fri, language codes.
"""

from collections.abc import Iterator

from django.db.models import QuerySet

from hallway.accounts.models import Organisation
from hallway.accounts.tenancy import scoped
from hallway.core.csv_files import csv_bytes
from hallway.people.fields import EXPORTED_COLUMNS
from hallway.people.models import Person
from hallway.people.services import person_as_data

DELIMITERS = {"comma": ",", "semicolon": ";", "tab": "\t"}


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

    def rows() -> Iterator[list[str]]:
        yield [str(column.label) for column in EXPORTED_COLUMNS]
        for person in people.order_by("name", "id"):
            row = person_export_row(person)
            yield [row[column.key] for column in EXPORTED_COLUMNS]

    return csv_bytes(rows(), delimiter=delimiter)


def people_template_csv(*, delimiter: str = ",") -> bytes:
    """The headings and one example row, for people who start a file from scratch."""
    return csv_bytes(
        [
            [str(column.label) for column in EXPORTED_COLUMNS],
            [column.example for column in EXPORTED_COLUMNS],
        ],
        delimiter=delimiter,
    )


def person_export_row(person: Person) -> dict[str, str]:
    """The person's cells by column key."""
    data = person_as_data(person)
    return {column.key: column.cell(data) for column in EXPORTED_COLUMNS if column.cell}
