"""Person JSON: plain values, with teams, locations and interests by name and the manager by email.

The schemas are made from the fields of `hallway.people.fields`. The input schemas only
check shapes and types; the rules (known time zone, working hours that end after they
start, existing manager, unique email) live in `hallway.people.services`, so the API, the
forms and imports agree.
"""

import datetime
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

from django.conf import settings
from ninja import Field, Schema
from pydantic import ConfigDict, create_model, field_validator
from pydantic_core import PydanticCustomError

from hallway.api.schemas import omittable
from hallway.people.fields import FIELDS, PersonField
from hallway.people.models import Person, PersonStatus

if TYPE_CHECKING:
    # Made from the settings and the model at run time, where pydantic checks them; for
    # the type checker they are text.
    MessageLanguage: TypeAlias = str
    Status: TypeAlias = str
else:
    MessageLanguage = Literal[tuple(code for code, _name in settings.LANGUAGES)]
    Status = Literal[tuple(PersonStatus.values)]


def _input_definitions(*, creating: bool) -> dict[str, Any]:
    """Every field of a person, optional: only the fields sent are changed."""
    definitions: dict[str, Any] = {}
    for field in FIELDS:
        constraints = field.kind.api_constraints(field)
        if field.required:
            constraints["min_length"] = 1
        doc = field.api
        description = doc.input_description or doc.description
        if description:
            constraints["description"] = description
        if doc.examples:
            constraints["examples"] = list(doc.examples)
        value_type = field.kind.api_type(field)
        if creating and field.required:
            definitions[field.key] = (value_type, Field(..., **constraints))
        elif field.kind.nullable:
            definitions[field.key] = (value_type | None, Field(None, **constraints))
        else:
            definitions[field.key] = (value_type, omittable(**constraints))
    return definitions


def _resolver(field: PersonField) -> Any:
    def resolve(person: Person) -> Any:
        return field.kind.api_value(field.kind.value(person, field.key))

    return staticmethod(resolve)


def _output_fields() -> type[Schema]:
    """A schema with every field of a person, each read from a Person by its kind."""
    annotations: dict[str, Any] = {"id": int}
    namespace: dict[str, Any] = {"__module__": __name__}
    for field in FIELDS:
        value_type = field.kind.api_out_type(field)
        annotations[field.key] = value_type | None if field.kind.nullable else value_type
        description = field.api.description
        namespace[field.key] = Field(..., description=description) if description else ...
        namespace[f"resolve_{field.key}"] = _resolver(field)  # a django-ninja resolver
    annotations["created_at"] = datetime.datetime
    annotations["updated_at"] = datetime.datetime
    # Schema's metaclass (which `type` hands the class to) collects the resolvers; the
    # fields keep this order.
    made = type("PersonFields", (Schema,), {"__annotations__": annotations, **namespace})
    assert issubclass(made, Schema)
    return made


# Fields that exist on every person: null would not mean "none", so it is refused.
NOT_NULL = tuple(field.key for field in FIELDS if not field.kind.nullable)


class _PersonIn(Schema):
    model_config = ConfigDict(extra="forbid")

    @field_validator(*NOT_NULL, mode="before", check_fields=False)  # fields of the subclasses
    @classmethod
    def _not_null(cls, value: Any) -> Any:
        if value is None:
            raise PydanticCustomError("null_not_allowed", "This field cannot be null.")
        return value

    def as_person_data(self) -> dict[str, Any]:
        """The fields the client sent, as `hallway.people.fields.PersonData`."""
        return self.model_dump(exclude_unset=True)


if TYPE_CHECKING:
    # The classes made from the fields, as the type checker sees them: their bases (the
    # fields themselves exist at run time only).
    _PersonFields: TypeAlias = Schema
    _PersonChanges: TypeAlias = _PersonIn
    _NewPerson: TypeAlias = _PersonIn
else:
    _PersonFields = _output_fields()
    _PersonChanges = create_model(
        "PersonChanges", __base__=_PersonIn, **_input_definitions(creating=False)
    )
    _NewPerson = create_model("NewPerson", __base__=_PersonIn, **_input_definitions(creating=True))


class PersonOut(_PersonFields):
    pass


class PersonPatch(_PersonChanges):
    """Only the fields sent are changed; null clears team, location, manager and dates."""


class PersonCreate(_NewPerson):
    pass


class PeopleFilters(Schema):
    q: str = Field("", description="Search in name, email, job title and department.")
    email: str = Field("", description="Exact email address (case-insensitive).")
    team: str = Field("", description="Team name (case-insensitive).")
    location: str = Field("", description="Location name (case-insensitive).")
    tag: str = Field("", description="Interest / tag name (case-insensitive).")
    status: Status | None = None
    preferred_language: MessageLanguage | None = Field(
        None, description="Language of messages (en, de or nl)."
    )
    language: MessageLanguage | None = Field(None, description="Alias of preferred_language.")


class PersonPage(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[PersonOut]
