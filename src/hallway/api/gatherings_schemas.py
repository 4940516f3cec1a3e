"""Gatherings JSON: gatherings with their hosts (email addresses) and answer counts, guests,
invitations, suggested times and breakout rounds (guests named by email address).

The input schemas check shapes and types; the rules (a start in the future, hosts who are
members, a length of 15 minutes to 8 hours) live in `hallway.gatherings.services`, so the
API and the command line agree.
"""

import datetime
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal, TypeAlias

from django.conf import settings
from django.utils import timezone
from ninja import Field, Schema
from pydantic import ConfigDict, StrictBool, StrictInt, field_validator
from pydantic_core import PydanticCustomError

from hallway.api.relationships_schemas import Moment
from hallway.api.schemas import omittable
from hallway.gatherings.models import MAX_CAPACITY, GatheringKind, SeriesCadence
from hallway.gatherings.selectors.series import series_next_start
from hallway.gatherings.services.breakouts import MAX_ROUNDS, MAX_SIZE, MIN_SIZE

if TYPE_CHECKING:
    # Made from the models' choices at run time, where pydantic checks them; for the type
    # checker they are text.
    KindValue: TypeAlias = str
    LanguageValue: TypeAlias = str
    CadenceValue: TypeAlias = str
else:
    KindValue = Literal[tuple(GatheringKind.values)]
    CadenceValue = Literal[tuple(SeriesCadence.values)]
    LanguageValue = Literal[("", *(code for code, _name in settings.LANGUAGES))]

MAX_EMAILS = 200
EXAMPLE_HOST = "admin@demo.hallway.test"
Email = Annotated[str, Field(max_length=254)]


class _In(Schema):
    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="before")
    @classmethod
    def _not_null(cls, value: Any, info: Any) -> Any:
        if value is None and info.field_name not in cls.NULLABLE:
            raise PydanticCustomError("null_not_allowed", "This field cannot be null.")
        return value

    NULLABLE: ClassVar[frozenset[str]] = frozenset()

    def fields_sent(self) -> dict[str, Any]:
        return self.model_dump(exclude_unset=True)


STARTS_AT = Field(
    ...,
    description="ISO 8601 with an offset, in the future; a time without one is refused.",
    examples=["2026-12-17T17:00:00+01:00"],
)
MINUTES_DESCRIPTION = "The length, 15 minutes to 8 hours."


class GatheringCreate(_In):
    title: str = Field(..., min_length=1, max_length=200, examples=["After the cancelled DMEXCO"])
    starts_at: Moment = STARTS_AT
    minutes: StrictInt = Field(..., ge=15, le=480, description=MINUTES_DESCRIPTION, examples=[90])
    capacity: StrictInt = omittable(
        ge=2,
        le=MAX_CAPACITY,
        description="Seats for guests (hosts and the senior guest take none); default 10.",
    )
    kind: KindValue = omittable(description="Default: cocktail.")
    topic: str = omittable(max_length=300, examples=["Remote onboarding"])
    invitation_text: str = omittable(max_length=4000)
    language: LanguageValue = omittable(
        description="en, de or nl; empty or left out: the organisation's."
    )
    host_emails: list[Email] = omittable(
        min_length=1,
        max_length=20,
        examples=[[EXAMPLE_HOST]],
        description="Members' email addresses; default: the token's user.",
    )


class GatheringPatch(_In):
    """A new time or length: every guest with a seat gets the update (SEQUENCE + 1); a body
    without either changes nothing and sends nothing."""

    starts_at: Moment = omittable(
        description="ISO 8601 with an offset, in the future; left out: the same start.",
        examples=["2026-12-18T17:00:00+01:00"],
    )
    minutes: StrictInt = omittable(ge=15, le=480, description=MINUTES_DESCRIPTION)


class GuestCounts(Schema):
    invited: int = Field(..., description="Invited, no answer yet.")
    yes: int = Field(..., description="Coming (hosts included).")
    maybe: int
    no: int
    waitlisted: int


class GatheringOut(Schema):
    id: int
    title: str
    kind: str
    topic: str
    starts_at: datetime.datetime
    minutes: int
    capacity: int
    language: str
    video_url: str
    status: str = Field(..., description="scheduled or cancelled.")
    hosts: list[str] = Field(..., description="The hosts' email addresses.")
    counts: GuestCounts = Field(..., description="Guests by answer, hosts included.")

    @staticmethod
    def resolve_hosts(obj: Any) -> list[str]:
        return sorted(user.email for user in obj.hosts.all())

    @staticmethod
    def resolve_counts(obj: Any) -> dict[str, int]:
        return {name: getattr(obj, f"count_{name}") for name in GuestCounts.model_fields}


class GatheringPage(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[GatheringOut]


class GatheringFilters(Schema):
    upcoming: bool | None = Field(
        None,
        description="true: not started yet, soonest first; false: started already, latest "
        "first; left out: all, latest first.",
    )


class GuestOut(Schema):
    id: int
    name: str
    email: str
    role: str = Field(..., description="host, guest or senior (the senior guest or speaker).")
    status: str = Field(..., description="invited, waitlisted, yes, maybe or no.")
    waitlist_position: int | None
    topics: str
    language: str
    timezone: str
    person_id: int | None = Field(..., description="A colleague from the directory.")
    contact_id: int | None = Field(..., description="A contact from the client book.")


class GuestList(Schema):
    results: list[GuestOut]


class InviteIn(_In):
    emails: list[Email] = Field(
        ...,
        min_length=1,
        max_length=MAX_EMAILS,
        examples=[["jana.kessler@example.com"]],
        description="Colleagues by their directory address, else contacts; an address "
        "nobody has becomes a new attendee contact.",
    )
    senior_guest_email: Email = omittable(
        description="The senior guest or speaker: takes no seat, roams the breakout rooms."
    )
    senior_guest_text: str = omittable(
        max_length=4000,
        description="What the senior guest reads instead of the invitation text.",
        examples=["Would you say a few words at the start and meet everyone in the rooms?"],
    )


class InviteOut(Schema):
    invited: int
    waitlisted: int
    created_contacts: int


class SuggestionOut(Schema):
    start: datetime.datetime
    inside_hours: int = Field(..., description="Guests with the time inside their hours.")
    outside_hours: list[str] = Field(..., description="Email addresses of the others.")


class SuggestionList(Schema):
    suggestions: list[SuggestionOut]


class BreakoutsIn(_In):
    rounds: StrictInt = Field(..., ge=1, le=MAX_ROUNDS, examples=[3])
    size: StrictInt = Field(..., ge=MIN_SIZE, le=MAX_SIZE, examples=[3])


class PlanOut(Schema):
    rounds: list[list[list[str]]] = Field(
        ..., description="Each round's rooms, each room its guests' email addresses."
    )
    repeat_free: bool = Field(..., description="Nobody meets the same person twice.")


class RoomOut(Schema):
    number: int
    members: list[str] = Field(..., description="Email addresses.")
    video_url: str
    prompt: str


class StoredPlanOut(Schema):
    rounds: list[list[RoomOut]] = Field(..., description="Each round's rooms, by number.")


class SeriesCreate(_In):
    """A recurring gathering for exactly one audience: `team_id`, `department` or
    `location_id` (the service refuses none or several, naming `team`)."""

    title: str = Field(..., min_length=1, max_length=200, examples=["Friday drinks"])
    cadence: CadenceValue = Field(
        ..., description="An RFC 5545 rule from the list.", examples=["FREQ=WEEKLY;BYDAY=FR"]
    )
    team_id: StrictInt = omittable(ge=1, description="A team of the directory.")
    department: str = omittable(min_length=1, max_length=120, examples=["Sales"])
    location_id: StrictInt = omittable(ge=1, description="A location of the directory.")
    host_emails: list[Email] = omittable(
        min_length=1,
        max_length=20,
        examples=[[EXAMPLE_HOST]],
        description="Members' email addresses; default: the token's user.",
    )
    first_on: datetime.date = Field(
        ..., description="The first day the cadence counts from.", examples=["2026-12-11"]
    )
    hour: StrictInt = Field(..., ge=0, le=23, description="Local start hour.", examples=[17])
    minutes: StrictInt = Field(..., ge=15, le=480, description=MINUTES_DESCRIPTION, examples=[60])
    capacity: StrictInt = omittable(
        ge=2, le=MAX_CAPACITY, description=f"Seats for guests; default {MAX_CAPACITY}."
    )
    language: LanguageValue = omittable(
        description="en, de or nl; empty or left out: the organisation's."
    )
    kind: KindValue = omittable(description="Default: happy_hour.")


class SeriesPatch(_In):
    active: StrictBool = omittable(
        description="false pauses the series (planned gatherings stay), true resumes it."
    )


class SeriesOut(Schema):
    id: int
    title: str
    kind: str
    cadence: str
    team_id: int | None
    department: str
    location_id: int | None
    first_on: datetime.date
    hour: int
    minutes: int
    capacity: int
    language: str
    active: bool
    hosts: list[str] = Field(..., description="The hosts' email addresses.")
    next_on: datetime.date | None = Field(
        ...,
        description="The local date of the next occurrence after now (holidays not left "
        "out); null when paused.",
    )

    @staticmethod
    def resolve_hosts(obj: Any) -> list[str]:
        return sorted(user.email for user in obj.hosts.all())

    @staticmethod
    def resolve_next_on(obj: Any) -> datetime.date | None:
        start = series_next_start(series=obj, now=timezone.now()) if obj.active else None
        return start.date() if start else None


class SeriesPage(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[SeriesOut]
