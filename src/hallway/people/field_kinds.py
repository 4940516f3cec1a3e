"""The kinds of value a person's field holds, and what each kind means everywhere it shows.

A kind knows, for every field of that kind: its value in `PersonData` (plain values; teams,
locations and interests by name, the manager by email), the form field that edits it, how a
file cell is read and written, and its type in the API. `people.fields` says which field is
of which kind; nothing here names a particular field.
"""

import datetime
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated, Any, Literal

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from pydantic import AfterValidator, BeforeValidator, Field, StrictInt, WithJsonSchema
from pydantic_core import PydanticCustomError

from hallway.accounts.models import Organisation
from hallway.people import cell_values
from hallway.people.hours import WEEKDAYS
from hallway.people.models import Location, Person, Tag, Team
from hallway.people.selectors import manager_choices

if TYPE_CHECKING:
    from hallway.people.fields import PersonField

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


def model_column(model: type[models.Model], name: str) -> "models.Field[Any, Any]":
    """The field `name` of `model`, which must be a field of its own (no reverse relation)."""
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise TypeError(f"{model.__name__}.{name} is not a field of its own")
    return field


def name_max_length(model: type[Team] | type[Location] | type[Tag]) -> int:
    """How long the name of a team, location or tag may be."""
    return model_column(model, "name").max_length or 0


def split_list(value: str, separators: str = r"[,;]") -> list[str]:
    return [part.strip() for part in re.split(separators, value or "") if part.strip()]


class Kind:
    """A text field: the base every other kind adjusts."""

    # The `PersonData` value that means "none": an empty cell clears an optional field to it.
    cleared: Any = ""
    # Kept as is in the Person column of the same name; the others are relations that
    # `people.services` resolves by name or email.
    stored = True
    # The model whose rows this kind names (created by name when new), if any.
    named_model: type[Team] | type[Location] | type[Tag] | None = None
    # The problem code an import reports when the directory's rules reject the value.
    error_code = "invalid"
    # The value's type in the API; None is allowed on top of it where `nullable`.
    python_type: Any = str
    nullable = False

    # --- PersonData ---------------------------------------------------------------------

    def value(self, person: Person, key: str) -> Any:
        """The field of `person` as a `PersonData` value."""
        return getattr(person, key)

    def same(self, old: Any, new: Any) -> bool:
        return bool(old == new)

    def max_length(self, field: "PersonField") -> int | None:
        """The longest value a form or the API takes (None: no limit of its own)."""
        longest: int | None = field.model_field.max_length
        return longest

    # --- the person form ----------------------------------------------------------------

    def form_field(self, field: "PersonField") -> forms.Field:
        return forms.CharField(
            label=field.label,
            max_length=self.max_length(field),
            required=field.required_in_form,
            help_text=field.help,
        )

    def form_value(self, value: Any) -> Any:
        """A `PersonData` value as the form field's initial value."""
        return value

    def form_initial(self, person: Person, key: str) -> Any:
        return self.form_value(self.value(person, key))

    def from_form(self, cleaned: Any) -> Any:
        """The form field's cleaned value as a `PersonData` value."""
        return cleaned

    def form_bind(
        self, form_field: forms.Field, *, organisation: Organisation, person: Person | None
    ) -> None:
        """Fit the form field to the organisation (the choices it offers)."""

    # --- people files -------------------------------------------------------------------

    def parse(self, cell: Any) -> Any:
        """A non-empty cell as a `PersonData` value, or raise `cell_values.CellProblem`."""
        return cell_values.text(cell)

    def cell(self, value: Any) -> str:
        """A `PersonData` value as an export cell, spelled so that `parse` reads it back."""
        return "" if value is None else str(value)

    # --- the API --------------------------------------------------------------------------

    def api_constraints(self, field: "PersonField") -> dict[str, Any]:
        """Keyword arguments for the input schema's `Field(...)`."""
        longest = self.max_length(field)
        return {"max_length": longest} if longest else {}

    def api_type(self, field: "PersonField") -> Any:
        """The type the API takes."""
        return self.python_type

    def api_out_type(self, field: "PersonField") -> Any:
        """The type the API answers with."""
        return self.api_type(field)

    def api_value(self, value: Any) -> Any:
        """A `PersonData` value as the API shows it."""
        return value


class Text(Kind):
    """Plain text, as long as the model allows."""


class Email(Kind):
    error_code = "invalid_email"

    def form_field(self, field: "PersonField") -> forms.Field:
        return forms.EmailField(
            label=field.label, required=field.required_in_form, help_text=field.help
        )

    def parse(self, cell: Any) -> Any:
        return cell_values.email(cell)


class TimeZone(Kind):
    error_code = "invalid_timezone"

    def form_field(self, field: "PersonField") -> forms.Field:
        return forms.CharField(
            label=field.label,
            max_length=self.max_length(field),
            required=field.required_in_form,
            widget=forms.TextInput(attrs={"list": "timezone-options", "autocomplete": "off"}),
            help_text=field.help,
        )

    def parse(self, cell: Any) -> Any:
        return cell_values.timezone(cell)


class Choice(Kind):
    """One of the model field's choices, read from a cell by `reader`."""

    def __init__(self, reader: Callable[[Any], str], *, error_code: str = "invalid") -> None:
        self.reader = reader
        self.error_code = error_code

    @staticmethod
    def choices(field: "PersonField") -> list[tuple[Any, Any]]:
        choices = field.model_field.choices
        if choices is None:
            raise TypeError(f"{field.key}: a choice needs a model field with choices")
        return list(choices)

    def form_field(self, field: "PersonField") -> forms.Field:
        return forms.ChoiceField(
            label=field.label,
            choices=self.choices(field),
            required=field.required_in_form,
            help_text=field.help,
        )

    def parse(self, cell: Any) -> Any:
        return self.reader(cell)

    def api_constraints(self, field: "PersonField") -> dict[str, Any]:
        return {}

    def api_type(self, field: "PersonField") -> Any:
        return Literal[tuple(value for value, _label in self.choices(field))]


class Time(Kind):
    """A time of day: HH:MM in forms, files and the API's answers."""

    python_type = datetime.time

    def form_field(self, field: "PersonField") -> forms.Field:
        return forms.TimeField(
            label=field.label,
            required=field.required_in_form,
            widget=TIME_INPUT,
            help_text=field.help,
        )

    def parse(self, cell: Any) -> Any:
        return cell_values.time_of_day(cell)

    def cell(self, value: Any) -> str:
        return f"{value:%H:%M}"

    def api_type(self, field: "PersonField") -> Any:
        return LocalTime

    def api_out_type(self, field: "PersonField") -> Any:
        return str

    def api_value(self, value: Any) -> Any:
        return value.strftime("%H:%M")


TIME_OF_DAY = r"([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9](\.[0-9]{1,6})?)?"
_OFFSET = r"(Z|z|[+-][0-9]{2}(:?[0-9]{2})?)"
ISO_DATE = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"


def _time_text(value: Any) -> Any:
    """Only HH:MM[:SS[.ffffff]] text; an offset is let through to be refused by name."""
    if isinstance(value, str) and re.fullmatch(f"{TIME_OF_DAY}{_OFFSET}?", value):
        return value
    raise PydanticCustomError("time_parsing", "A time of day as HH:MM, e.g. 09:00.")


def _date_text(value: Any) -> Any:
    """Only YYYY-MM-DD text: no timestamps, no date-times."""
    if isinstance(value, str) and re.fullmatch(ISO_DATE, value):
        return value
    raise PydanticCustomError("date_parsing", "A date as YYYY-MM-DD.")


def _local_time(value: datetime.time) -> datetime.time:
    """Working hours are wall-clock times in the person's own zone: an offset has no place."""
    if value.tzinfo is not None:
        raise PydanticCustomError(
            "time_with_offset",
            "A time of day without an offset, e.g. 09:00: the person's time zone applies.",
        )
    return value


# What the API takes: the JSON text the schema documents, nothing pydantic would also coerce.
LocalTime = Annotated[
    datetime.time,
    BeforeValidator(_time_text),
    AfterValidator(_local_time),
    WithJsonSchema({"type": "string", "pattern": f"^{TIME_OF_DAY}$"}),
]
IsoDate = Annotated[datetime.date, BeforeValidator(_date_text)]
IsoWeekday = Annotated[StrictInt, Field(ge=1, le=7)]


class Date(Kind):
    cleared = None
    python_type = datetime.date
    nullable = True

    def form_field(self, field: "PersonField") -> forms.Field:
        return forms.DateField(
            label=field.label,
            required=field.required_in_form,
            widget=DATE_INPUT,
            help_text=field.help,
        )

    def parse(self, cell: Any) -> Any:
        return cell_values.date(cell)

    def cell(self, value: Any) -> str:
        return value.isoformat() if value else ""

    def api_type(self, field: "PersonField") -> Any:
        return IsoDate

    def api_out_type(self, field: "PersonField") -> Any:
        return self.python_type


class Weekdays(Kind):
    """ISO weekdays, 1 = Monday … 7 = Sunday: ticked in forms, "Mon-Fri" in files."""

    error_code = "invalid_working_days"
    python_type = list[int]

    def same(self, old: Any, new: Any) -> bool:
        return sorted(old or []) == sorted(new or [])  # a set, whatever order it was stored in

    def form_field(self, field: "PersonField") -> forms.Field:
        return forms.TypedMultipleChoiceField(
            label=field.label,
            coerce=int,
            choices=list(WEEKDAYS.items()),
            required=field.required_in_form,
            widget=forms.CheckboxSelectMultiple,
            error_messages={"required": _("Choose at least one working day.")},
            help_text=field.help,
        )

    def from_form(self, cleaned: Any) -> Any:
        return sorted(cleaned)

    def parse(self, cell: Any) -> Any:
        return cell_values.working_days(cell)

    def cell(self, value: Any) -> str:
        return cell_values.format_working_days(value)

    def api_type(self, field: "PersonField") -> Any:
        return list[IsoWeekday]

    def api_out_type(self, field: "PersonField") -> Any:
        return self.python_type


class LanguageCodes(Kind):
    """ISO 639-1 codes; a form and a file take names such as "Deutsch" or "Dutch" as well."""

    cleared: Any = []
    error_code = "invalid_languages"
    python_type = list[str]

    def form_value(self, value: Any) -> Any:
        return ", ".join(value or [])

    def from_form(self, cleaned: Any) -> Any:
        return [code.lower() for code in split_list(cleaned, r"[,;\s]+")]

    def parse(self, cell: Any) -> Any:
        return cell_values.languages(cell)

    def cell(self, value: Any) -> str:
        return ", ".join(value)


class Mapping(Kind):
    """Names to values, e.g. chat ids per chat service; set through the API only."""

    cleared: Any = {}
    python_type = dict[str, str]


class NamedRow(Kind):
    """A team or location, given by name and created on save when new."""

    stored = False
    nullable = True

    named_model: type[Team] | type[Location]

    def __init__(self, model: type[Team] | type[Location], *, datalist: str) -> None:
        self.named_model = model
        self.datalist = datalist  # the id of the page's list of existing names

    def value(self, person: Person, key: str) -> Any:
        row = getattr(person, key)
        return row.name if row else None

    def form_field(self, field: "PersonField") -> forms.Field:
        return forms.CharField(
            label=field.label,
            max_length=self.max_length(field),
            required=False,
            widget=forms.TextInput(attrs={"list": self.datalist, "autocomplete": "off"}),
            help_text=field.help,
        )

    def form_value(self, value: Any) -> Any:
        return value or ""

    def from_form(self, cleaned: Any) -> Any:
        return cleaned or None

    def max_length(self, field: "PersonField") -> int | None:
        return name_max_length(self.named_model)  # the name is what is given


class ManagerChoiceField(forms.ModelChoiceField[Person]):
    def label_from_instance(self, obj: Person) -> str:
        return f"{obj.name} ({obj.email})"


class Manager(Kind):
    """Another person of the organisation, given by email."""

    stored = False
    nullable = True

    def value(self, person: Person, key: str) -> Any:
        manager = getattr(person, key)
        return manager.email if manager else None

    def form_field(self, field: "PersonField") -> forms.Field:
        return ManagerChoiceField(
            label=field.label,
            queryset=Person.objects.none(),
            required=False,
            empty_label=_("None"),
            help_text=field.help,
        )

    def form_initial(self, person: Person, key: str) -> Any:
        return getattr(person, f"{key}_id")

    def from_form(self, cleaned: Any) -> Any:
        return cleaned.email if cleaned else None

    def form_bind(
        self, form_field: forms.Field, *, organisation: Organisation, person: Person | None
    ) -> None:
        assert isinstance(form_field, forms.ModelChoiceField)
        form_field.queryset = manager_choices(organisation=organisation, exclude=person)

    def parse(self, cell: Any) -> Any:
        return cell_values.email(cell)


class Tags(Kind):
    """Interests by name, created on save when new."""

    cleared: Any = []
    stored = False
    named_model = Tag
    python_type = list[str]

    def value(self, person: Person, key: str) -> Any:
        return sorted(tag.name for tag in getattr(person, key).all())

    def form_value(self, value: Any) -> Any:
        return ", ".join(value or [])

    def from_form(self, cleaned: Any) -> Any:
        return split_list(cleaned)

    def parse(self, cell: Any) -> Any:
        return cell_values.tags(cell)

    def cell(self, value: Any) -> str:
        return ", ".join(sorted(value))

    def api_value(self, value: Any) -> Any:
        return sorted(value, key=str.lower)
