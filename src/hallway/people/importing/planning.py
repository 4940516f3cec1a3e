"""Check every row of a file against the directory and decide what applying it would do.

Nothing here writes. The plan is computed the same way for the preview and, inside the
apply transaction, again for the write, so what was previewed is what gets checked.

Speed: a file has thousands of rows, so everything a row refers to (existing people,
teams, locations, interests, managers) is loaded once into dictionaries. Each changed or
new row is checked by `person_prepare` against those dictionaries; unchanged rows are
not checked at all.
"""

from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from hallway.accounts.models import Organisation
from hallway.accounts.tenancy import scoped
from hallway.people import cell_values
from hallway.people.fields import (
    COLUMNS,
    COLUMNS_BY_KEY,
    FIELDS,
    FIELDS_BY_KEY,
    NAME_PARTS,
    STORED_KEYS,
    PersonData,
)
from hallway.people.importing.columns import resolve_mapping
from hallway.people.importing.reading import FileProblem, Row, read_table
from hallway.people.importing.results import ImportPreview, NewName, Problem, RejectedRow
from hallway.people.models import Location, Person, Tag, Team
from hallway.people.services import Named, PreparedPerson, person_as_data, person_prepare

CHUNK = 500  # emails per query: well under every database's parameter limit
# Set aside while person_prepare checks a row: they are resolved from the plan's dictionaries.
RELATIONS = tuple(f.key for f in FIELDS if f.model_field.many_to_one)
# An empty cell clears optional fields; for the others it keeps what is there (or the default).
CLEARED_WHEN_EMPTY: dict[str, Any] = {f.key: f.kind.cleared for f in FIELDS if f.optional}
# person_prepare reports by PersonData field; problems are shown in the column that fed it.
FIELD_SOURCES = {
    f.key: (*(column.key for column in COLUMNS if f.key in column.fills), *f.reported_in)
    for f in FIELDS
}
FIELD_ERROR_CODES = {f.key: f.import_error_code for f in FIELDS}


@dataclass
class RowPlan:
    number: int
    email: str
    person: Person
    prepared: PreparedPerson | None  # None for unchanged rows, which are not written
    action: str  # "create", "update" or "unchanged"
    team: str | None = None  # names as in the file, "" to clear; None when not in the file
    location: str | None = None
    interests: list[str] | None = None
    manager: str | None = None  # the manager's email


@dataclass
class Plan:
    preview: ImportPreview
    rows: list[RowPlan] = field(default_factory=list)  # the rows without problems
    rejected: list[RejectedRow] = field(default_factory=list)  # the others, by row
    people_by_email: dict[str, Person] = field(default_factory=dict)
    teams: dict[str, Team] = field(default_factory=dict)  # by casefolded name
    locations: dict[str, Location] = field(default_factory=dict)
    tags: dict[str, Tag] = field(default_factory=dict)


def plan_import(
    *,
    organisation: Organisation,
    filename: str,
    content: bytes,
    mapping: dict[str, str] | None = None,
) -> Plan:
    preview = ImportPreview()
    plan = Plan(preview=preview)
    if len(content) > settings.HALLWAY_IMPORT_MAX_BYTES:
        preview.problems.append(Problem(None, None, None, "too_large", _(
            "The file is larger than %(max)s MB. Please split it into smaller files."
        ) % {"max": settings.HALLWAY_IMPORT_MAX_BYTES // (1024 * 1024)}))  # fmt: skip
        return plan
    try:
        table = read_table(
            content=content, max_rows=settings.HALLWAY_IMPORT_MAX_ROWS, filename=filename
        )
    except FileProblem as problem:
        preview.problems.append(Problem(None, None, None, problem.code, problem.message))
        return plan
    preview.columns = table.columns
    preview.mapping, preview.problems = resolve_mapping(table.columns, mapping)
    filled = table.rows
    preview.examples = _examples(table.columns, filled)
    preview.rows = len(filled)
    preview.skipped = table.blank_rows
    if preview.problems:
        return plan  # rows mean nothing until the columns are right
    _RowChecker(organisation, plan).check(filled)
    return plan


def _by_casefolded_name(model: type[Named], organisation: Organisation) -> dict[str, Named]:
    return {item.name.casefold(): item for item in scoped(model, organisation)}


class _RowChecker:
    def __init__(self, organisation: Organisation, plan: Plan) -> None:
        self.organisation = organisation
        self.plan = plan
        self.preview = plan.preview
        self.sources = {key: column for column, key in self.preview.mapping.items() if key}
        self.indexes = {
            key: self.preview.columns.index(column) for key, column in self.sources.items()
        }
        plan.teams.update(_by_casefolded_name(Team, organisation))
        plan.locations.update(_by_casefolded_name(Location, organisation))
        if "interests" in self.sources:
            plan.tags.update(_by_casefolded_name(Tag, organisation))

    def check(self, rows: list[Row]) -> None:
        parsed = [(row, *self._parse(row)) for row in rows]
        emails = [data["email"] for _row, data, _problems in parsed if data.get("email")]
        existing = _people_by_email(self.organisation, emails)
        first_row: dict[str, int] = {}
        for row, data, problems in parsed:
            email = data.get("email", "")
            person = existing.get(email)
            if email in first_row:
                problems.append(self._problem(row, "email", "duplicate_email", _(
                    "The email address %(email)s also appears in row %(row)s; "
                    "each person may appear only once."
                ) % {"email": email, "row": first_row[email]}))  # fmt: skip
                person = None  # checked as a newcomer so the first row's person stays as is
            elif email:
                first_row[email] = row.number
            row_plan = self._plan_row(row, data, person, problems)
            self.preview.problems.extend(problems)
            if row_plan and not problems:
                self.plan.rows.append(row_plan)
        self.plan.people_by_email.update(existing)
        self._check_managers(parsed, first_row)
        self.preview.problems.sort(key=self._sort_key)
        self._set_aside_rows_with_problems(rows, first_row)
        if not self.preview.problems:
            actions = [row_plan.action for row_plan in self.plan.rows]
            self.preview.would_create = actions.count("create")
            self.preview.would_update = actions.count("update")
            self.preview.unchanged = actions.count("unchanged")
        self.preview.new_teams = self._new_names("team", self.plan.teams)
        self.preview.new_locations = self._new_names("location", self.plan.locations)

    def _set_aside_rows_with_problems(self, rows: list[Row], first_row: dict[str, int]) -> None:
        """Keep in `plan.rows` only what an import skipping bad rows would write.

        A row whose manager is neither in the organisation nor in a kept row is left out
        too (its manager would not exist); that is no problem of the file itself, so it is
        said only in the list of rejected rows.
        """
        problems: dict[int, list[Problem]] = {}
        for problem in self.preview.problems:
            if problem.row is not None:
                problems.setdefault(problem.row, []).append(problem)
        kept = [row_plan for row_plan in self.plan.rows if row_plan.number not in problems]
        kept_emails = {row_plan.email for row_plan in kept}
        known = self.plan.people_by_email  # people in the organisation already
        while True:
            orphans = [
                row_plan
                for row_plan in kept
                if row_plan.manager
                and row_plan.manager not in known
                and row_plan.manager not in kept_emails
            ]
            if not orphans:
                break
            for row_plan in orphans:
                assert row_plan.manager
                problems[row_plan.number] = [Problem(
                    row_plan.number, self.sources.get("manager"), "manager", "manager_left_out",
                    _(
                        "The manager %(email)s is in row %(row)s, which is left out because "
                        "of its problems."
                    ) % {"email": row_plan.manager, "row": first_row.get(row_plan.manager, "?")},
                )]  # fmt: skip
                kept_emails.discard(row_plan.email)
            kept = [row_plan for row_plan in kept if row_plan.number not in problems]
        self.plan.rows = kept
        self.plan.rejected = [
            RejectedRow(row.number, [_cell_text(cell) for cell in row.cells], problems[row.number])
            for row in rows
            if row.number in problems
        ]
        self.preview.rows_with_problems = len(self.plan.rejected)

    def _new_names(self, key: str, known: dict[str, Any]) -> list[NewName]:
        """The teams (or locations) the kept rows name that do not exist, with their people."""
        found: dict[str, list[str]] = {}  # casefolded -> [first spelling, ...one per person]
        for row_plan in self.plan.rows:
            name = getattr(row_plan, key)
            if row_plan.action != "unchanged" and name and name.casefold() not in known:
                found.setdefault(name.casefold(), []).append(name)
        return sorted(
            (NewName(names[0], len(names)) for names in found.values()),
            key=lambda new: new.name.casefold(),
        )

    def _parse(self, row: Row) -> tuple[dict[str, Any], list[Problem]]:
        """The row's cells as field values; each unreadable cell is a problem."""
        data: dict[str, Any] = {}
        problems: list[Problem] = []
        for key, index in self.indexes.items():
            cell = row.cells[index]
            if cell is None or (isinstance(cell, str) and not cell.strip()):
                if key in CLEARED_WHEN_EMPTY:
                    data[key] = CLEARED_WHEN_EMPTY[key]
                continue
            try:
                data[key] = COLUMNS_BY_KEY[key].parse(cell)
            except cell_values.CellProblem as problem:
                problems.append(self._problem(row, key, problem.code, problem.message))
        if row.extra_values:
            problems.append(Problem(row.number, None, None, "too_many_values", _(
                "This row has more values than the header has columns. A value probably "
                "contains the separator; put such values in quotes."
            )))  # fmt: skip
        if "name" not in data and any(part in data for part in NAME_PARTS):
            data["name"] = " ".join(data[part] for part in NAME_PARTS if data.get(part))
        for column in COLUMNS:  # one cell for several fields (working hours): a tuple
            if len(column.fills) > 1 and column.key in data:
                data.update(zip(column.fills, data.pop(column.key), strict=True))
        failed = {problem.field for problem in problems}
        if not data.get("name") and not failed & {"name", *NAME_PARTS}:
            problems.append(self._problem(row, "name", "required", _("The name is missing.")))
        if not data.get("email") and "email" not in failed:
            problems.append(self._problem(row, "email", "required", _(
                "The email address is missing."
            )))  # fmt: skip
        problems.extend(self._name_length_problems(row, data))
        return data, problems

    def _name_length_problems(self, row: Row, data: dict[str, Any]) -> list[Problem]:
        """Teams, locations and interests are created by name; the name has to fit."""
        problems = []
        for person_field in FIELDS:
            model, key = person_field.kind.named_model, person_field.key
            if model is None:
                continue
            limit = model._meta.get_field("name").max_length or 0
            names = data.get(key) or []
            for name in [names] if isinstance(names, str) else names:
                if len(name) > limit:
                    problems.append(self._problem(row, key, "too_long", _(
                        "“%(value)s” is too long; names can have at most %(max)s characters."
                    ) % {"value": name, "max": limit}))  # fmt: skip
        return problems

    def _plan_row(
        self, row: Row, data: dict[str, Any], person: Person | None, problems: list[Problem]
    ) -> RowPlan | None:
        row_plan = RowPlan(
            number=row.number,
            email=data.get("email", ""),
            person=person or Person(organisation=self.organisation),
            prepared=None,
            action="create" if person is None else "update",
            team=data.get("team"),
            location=data.get("location"),
            interests=data.get("interests"),
            manager=data.get("manager"),
        )
        person_data: PersonData = {key: value for key, value in data.items() if key in STORED_KEYS}
        before = None
        if person is not None:
            before = person_as_data(person)
            if not _differs(before, person_data, row_plan):
                row_plan.action = "unchanged"
                return row_plan  # what is stored was valid when stored; nothing to check
        elif "timezone" not in person_data:
            location = self.plan.locations.get((row_plan.location or "").casefold())
            person_data["timezone"] = location.timezone if location else self.organisation.timezone
        # The relations are resolved from our dictionaries below; were they set now,
        # full_clean would query each of them again.
        relations = {name: getattr(row_plan.person, name) for name in RELATIONS}
        for name in RELATIONS:
            setattr(row_plan.person, name, None)
        try:
            row_plan.prepared = person_prepare(
                organisation=self.organisation,
                data=person_data,
                person=row_plan.person,
                # Rows are matched to people by email, so a new row's email is free unless
                # it belongs to someone found for another row: those are all we know of.
                known_emails=self.plan.people_by_email,
            )
        except ValidationError as exc:
            self._add_prepare_problems(row, exc, problems)
            return None
        finally:
            for name, value in relations.items():
                setattr(row_plan.person, name, value)
        if before is not None and not _differs(before, _as_data(row_plan.person), row_plan):
            row_plan.action = "unchanged"  # the differences were only in spelling
        return row_plan

    def _add_prepare_problems(
        self, row: Row, exc: ValidationError, problems: list[Problem]
    ) -> None:
        reported = {name for problem in problems for name in _person_fields(problem.field)}
        for name, messages in exc.message_dict.items():
            if name in reported:
                continue  # already explained, in the user's words, by the parsing above
            key = next((k for k in FIELD_SOURCES.get(name, (name,)) if k in self.sources), name)
            for message in messages:
                code = FIELD_ERROR_CODES.get(name, "invalid")
                problems.append(self._problem(row, key, code, message))

    def _check_managers(self, parsed: list[Any], first_row: dict[str, int]) -> None:
        """Managers may be in the organisation already or anywhere in the same file."""
        if "manager" not in self.sources:
            return
        people = self.plan.people_by_email
        wanted = [
            data["manager"]
            for _row, data, _problems in parsed
            if data.get("manager") and data["manager"] not in people
        ]
        people.update(_people_by_email(self.organisation, wanted))
        for row, data, _problems in parsed:
            manager = data.get("manager")
            if not manager:
                continue
            if manager == data.get("email"):
                self.preview.problems.append(self._problem(row, "manager", "invalid_manager", _(
                    "A person cannot be their own manager."
                )))  # fmt: skip
            elif manager not in first_row and manager not in people:
                self.preview.problems.append(self._problem(row, "manager", "unknown_manager", _(
                    "No person with the email %(email)s is in this organisation or in this file."
                ) % {"email": manager}))  # fmt: skip

    def _problem(self, row: Row, key: str, code: str, message: str) -> Problem:
        # A name made of first and last name columns is shown in the first of them.
        column = self.sources.get(key) or next(
            (self.sources[k] for k in FIELD_SOURCES.get(key, ()) if k in self.sources), None
        )
        return Problem(row.number, column, key, code, str(message))

    def _sort_key(self, problem: Problem) -> tuple[int, int]:
        columns = self.preview.columns
        column = columns.index(problem.column) if problem.column in columns else len(columns)
        return problem.row or 0, column


def _examples(columns: list[str], rows: list[Row], count: int = 3) -> dict[str, list[str]]:
    """The first few distinct values of each column, to help people map it."""
    found: dict[str, list[str]] = {column: [] for column in columns}
    for row in rows[:200]:
        for column, cell in zip(columns, row.cells, strict=True):
            value = cell_values.text(cell) if cell is not None else ""
            if value and len(found[column]) < count and value not in found[column]:
                found[column].append(value[:60])
    return found


def _cell_text(cell: Any) -> str:
    return "" if cell is None else cell_values.text_keeping_lines(cell)


def _person_fields(key: str | None) -> set[str]:
    column = COLUMNS_BY_KEY.get(key or "")
    if column is not None:
        return set(column.fills)
    return {key} if key else set()


def _people_by_email(organisation: Organisation, emails: list[str]) -> dict[str, Person]:
    """Existing people by lower-case email, fetched in a few queries rather than one a row."""
    found: dict[str, Person] = {}
    unique = sorted(set(emails))
    people = (
        scoped(Person, organisation)
        .select_related("team", "location", "manager")
        .prefetch_related("interests")
    )
    for start in range(0, len(unique), CHUNK):
        # Emails are stored lower-case (Person.save), so this lookup can use the index.
        for person in people.filter(email__in=unique[start : start + CHUNK]):
            found[person.email] = person
    return found


def _as_data(person: Person) -> dict[str, Any]:
    return {name: getattr(person, name) for name in STORED_KEYS}


def _differs(before: dict[str, Any], data: Any, row_plan: RowPlan) -> bool:
    """Whether `data` (plain fields) and the row's relations change the person in `before`."""
    if any(not _same(name, before[name], value) for name, value in data.items()):
        return True
    for name in ("team", "location"):
        new = getattr(row_plan, name)
        if new is not None and new.casefold() != (before[name] or "").casefold():
            return True
    if row_plan.interests is not None and {tag.casefold() for tag in row_plan.interests} != {
        tag.casefold() for tag in before["interests"]
    }:
        return True
    return row_plan.manager is not None and (row_plan.manager or None) != before["manager"]


def _same(name: str, old: Any, new: Any) -> bool:
    return FIELDS_BY_KEY[name].kind.same(old, new)
