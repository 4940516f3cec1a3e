"""Person JSON: plain values, with teams, locations and interests by name and the manager by email.

The input schemas only check shapes and types; the rules (known time zone, working
hours that end after they start, existing manager, unique email) live in
`hallway.people.services`, so the API, the forms and imports agree.
"""

import datetime
from typing import Any, Literal

from django.conf import settings
from ninja import Field, Schema
from pydantic import ConfigDict, field_validator
from pydantic_core import PydanticCustomError

from hallway.people.models import Person, PersonStatus

MessageLanguage = Literal[tuple(code for code, _name in settings.LANGUAGES)]  # type: ignore[valid-type]
Status = Literal[tuple(PersonStatus.values)]  # type: ignore[valid-type]


class PersonOut(Schema):
    id: int
    name: str
    email: str
    team: str | None
    department: str
    location: str | None
    job_title: str
    timezone: str = Field(..., description="IANA time zone, e.g. Europe/Berlin.")
    work_start: str = Field(..., description="Start of working hours, HH:MM in `timezone`.")
    work_end: str = Field(..., description="End of working hours, HH:MM in `timezone`.")
    working_days: list[int] = Field(..., description="ISO weekdays, 1 = Monday … 7 = Sunday.")
    languages: list[str] = Field(..., description="ISO 639-1 codes of languages spoken.")
    interests: list[str]
    manager: str | None = Field(..., description="The manager's email address.")
    start_date: datetime.date | None
    preferred_language: MessageLanguage = Field(..., description="Language of messages sent.")
    slack_id: str
    chat_ids: dict[str, str]
    status: Status
    paused_until: datetime.date | None
    left_on: datetime.date | None
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_team(obj: Person) -> str | None:
        return obj.team.name if obj.team else None

    @staticmethod
    def resolve_location(obj: Person) -> str | None:
        return obj.location.name if obj.location else None

    @staticmethod
    def resolve_manager(obj: Person) -> str | None:
        return obj.manager.email if obj.manager else None

    @staticmethod
    def resolve_interests(obj: Person) -> list[str]:
        return sorted((tag.name for tag in obj.interests.all()), key=str.lower)

    @staticmethod
    def resolve_work_start(obj: Person) -> str:
        return obj.work_start.strftime("%H:%M")

    @staticmethod
    def resolve_work_end(obj: Person) -> str:
        return obj.work_end.strftime("%H:%M")


# Fields that exist on every person: null would not mean "none", so it is refused.
NOT_NULL = (
    "name", "email", "department", "job_title", "timezone", "work_start", "work_end",
    "working_days", "languages", "interests", "preferred_language", "slack_id", "chat_ids",
    "status",
)  # fmt: skip


class PersonPatch(Schema):
    """Only the fields sent are changed; null clears team, location, manager and dates."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(None, min_length=1, max_length=200)
    email: str | None = Field(None, min_length=1, max_length=254)
    team: str | None = Field(None, max_length=120, description="Team name; created if new.")
    department: str | None = Field(None, max_length=120)
    location: str | None = Field(None, max_length=120, description="Location name; created if new.")
    job_title: str | None = Field(None, max_length=120)
    timezone: str | None = Field(None, max_length=64, examples=["Europe/Berlin"])
    work_start: datetime.time | None = Field(None, examples=["09:00"])
    work_end: datetime.time | None = Field(None, examples=["17:30"])
    working_days: list[int] | None = Field(None, examples=[[1, 2, 3, 4, 5]])
    languages: list[str] | None = Field(None, examples=[["de", "en"]])
    interests: list[str] | None = Field(None, description="Tag names; created if new.")
    manager: str | None = Field(None, description="Email of a person in the organisation.")
    start_date: datetime.date | None = None
    preferred_language: MessageLanguage | None = None
    slack_id: str | None = Field(None, max_length=32)
    chat_ids: dict[str, str] | None = Field(None, examples=[{"teams": "29:1a2b"}])
    status: Status | None = None
    paused_until: datetime.date | None = None
    left_on: datetime.date | None = None

    @field_validator(*NOT_NULL)
    @classmethod
    def _not_null(cls, value: Any) -> Any:
        if value is None:
            raise PydanticCustomError("null_not_allowed", "This field cannot be null.")
        return value

    def as_person_data(self) -> dict[str, Any]:
        """The fields the client sent, as `hallway.people.services.PersonData`."""
        return self.model_dump(exclude_unset=True)


class PersonCreate(PersonPatch):
    name: str = Field(..., min_length=1, max_length=200)  # type: ignore[assignment]
    email: str = Field(..., min_length=1, max_length=254)  # type: ignore[assignment]


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
