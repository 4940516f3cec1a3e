"""Coffee JSON: programs (audience by team, location and tag names, people by email),
rounds with their groups and reasons (codes and text), pairings and feedback."""

import datetime
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

from ninja import Field, Schema
from pydantic import ConfigDict, StrictBool, StrictInt, field_validator
from pydantic_core import PydanticCustomError

from hallway.api.schemas import BodyId, omittable
from hallway.coffee.models import (
    Cadence,
    JoinMode,
    LeftOut,
    Outcome,
    Pairing,
    PairingMember,
    Program,
    RoundStatus,
    StarterTheme,
    TeamPreference,
)
from hallway.coffee.reasons import left_out_reason_text, pair_reason_text, pair_reasons_text
from hallway.coffee.services.programs import MAX_OVERLAP_MINUTES, MAX_REPEAT_DAYS
from hallway.people.field_kinds import IsoDate

if TYPE_CHECKING:
    # The choices are made from the models' at run time, where pydantic checks them; for
    # the type checker they are text.
    CadenceValue: TypeAlias = str
    JoinModeValue: TypeAlias = str
    PreferenceValue: TypeAlias = str
    ThemeValue: TypeAlias = str
    StatusValue: TypeAlias = str
    OutcomeValue: TypeAlias = str
else:
    CadenceValue = Literal[tuple(Cadence.values)]
    JoinModeValue = Literal[tuple(JoinMode.values)]
    PreferenceValue = Literal[tuple(TeamPreference.values)]
    ThemeValue = Literal[tuple(StarterTheme.values)]
    StatusValue = Literal[tuple(RoundStatus.values)]
    OutcomeValue = Literal[tuple(Outcome.values)]
GroupSize: TypeAlias = Literal[2, 3]


def _names(objects: Any) -> list[str]:
    return sorted((obj.name for obj in objects.all()), key=str.lower)


class ProgramOut(Schema):
    id: int
    name: str
    slug: str
    description: str
    audience_teams: list[str] = Field(..., description="Team names; none chosen = everybody.")
    audience_locations: list[str]
    audience_tags: list[str] = Field(..., description="Interest (tag) names.")
    include_people: list[str] = Field(..., description="Email addresses.")
    exclude_people: list[str] = Field(..., description="Email addresses.")
    join_mode: JoinModeValue
    cadence: CadenceValue
    weekday: int = Field(..., description="ISO weekday, 1 = Monday … 7 = Sunday.")
    hour: int = Field(..., description="Hour of the intros in the organisation's time zone.")
    first_round_on: datetime.date
    automatic: bool
    group_size: int
    team_preference: PreferenceValue
    location_preference: PreferenceValue
    require_shared_language: bool
    min_overlap_minutes: int
    avoid_repeat_days: int
    meeting_minutes: int
    starter_theme: ThemeValue
    channels: list[str] = Field(
        ..., description="Names of the organisation's channels the intros go through."
    )
    created_at: datetime.datetime
    archived_at: datetime.datetime | None

    @staticmethod
    def resolve_audience_teams(obj: Program) -> list[str]:
        return _names(obj.audience_teams)

    @staticmethod
    def resolve_audience_locations(obj: Program) -> list[str]:
        return _names(obj.audience_locations)

    @staticmethod
    def resolve_audience_tags(obj: Program) -> list[str]:
        return _names(obj.audience_tags)

    @staticmethod
    def resolve_include_people(obj: Program) -> list[str]:
        return sorted(person.email for person in obj.include_people.all())

    @staticmethod
    def resolve_exclude_people(obj: Program) -> list[str]:
        return sorted(person.email for person in obj.exclude_people.all())

    @staticmethod
    def resolve_channels(obj: Program) -> list[str]:
        return _names(obj.channels)

    @staticmethod
    def resolve_starter_theme(obj: Program) -> str:
        return obj.starter_theme or StarterTheme.MIXED


class ProgramPage(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[ProgramOut]


NOT_NULL = (
    "name", "slug", "description", "audience_teams", "audience_locations", "audience_tags",
    "include_people", "exclude_people", "join_mode", "cadence", "weekday", "hour",
    "first_round_on", "automatic", "group_size", "team_preference", "location_preference",
    "require_shared_language", "min_overlap_minutes", "avoid_repeat_days", "meeting_minutes",
    "starter_theme", "channels",
)  # fmt: skip


class ProgramPatch(Schema):
    """Only the fields sent change; a list sent replaces the whole list."""

    model_config = ConfigDict(extra="forbid")

    name: str = omittable(min_length=1, max_length=120)
    slug: str = omittable(max_length=60, description="Empty: made from the name.")
    description: str = omittable()
    audience_teams: list[str] = omittable(
        examples=[["Platform", "Sales DACH"]], description="Team names; none = everybody."
    )
    audience_locations: list[str] = omittable(examples=[["Berlin"]])
    audience_tags: list[str] = omittable(description="Interest (tag) names.")
    include_people: list[str] = omittable(
        examples=[["member@demo.hallway.test"]], description="Email addresses."
    )
    exclude_people: list[str] = omittable(description="Email addresses.")
    join_mode: JoinModeValue = omittable()
    cadence: CadenceValue = omittable()
    weekday: StrictInt = omittable(ge=1, le=7, description="ISO weekday, 1 = Monday … 7 = Sunday.")
    hour: StrictInt = omittable(ge=0, le=23, description="In the organisation's time zone.")
    first_round_on: IsoDate = omittable()
    automatic: StrictBool = omittable()
    group_size: GroupSize = omittable()
    team_preference: PreferenceValue = omittable()
    location_preference: PreferenceValue = omittable()
    require_shared_language: StrictBool = omittable()
    min_overlap_minutes: StrictInt = omittable(ge=0, le=MAX_OVERLAP_MINUTES)
    avoid_repeat_days: StrictInt = omittable(ge=0, le=MAX_REPEAT_DAYS)
    meeting_minutes: StrictInt = omittable(ge=10, le=120)
    starter_theme: ThemeValue = omittable()
    channels: list[str] = omittable(
        examples=[["Email"]],
        description="Names of the organisation's channels (default: its email channel).",
    )

    @field_validator(*NOT_NULL, mode="before")
    @classmethod
    def _not_null(cls, value: Any) -> Any:
        if value is None:
            raise PydanticCustomError("null_not_allowed", "This field cannot be null.")
        return value

    def fields_sent(self) -> dict[str, Any]:
        return self.model_dump(exclude_unset=True)


class ProgramCreate(ProgramPatch):
    name: str = Field(..., min_length=1, max_length=120, examples=["Coffee across Fernweh"])


class ReasonOut(Schema):
    code: str = Field(..., description="Stable code, e.g. overlap_minutes:120.")
    text: str = Field(..., description="In the request's language, e.g. “2 h weekly overlap”.")


class MemberOut(Schema):
    person_id: int
    name: str
    email: str
    team: str | None
    location: str | None
    outcome: str = Field(..., description="met, not_yet, missed, or empty before an answer.")
    rating: int | None
    answered_at: datetime.datetime | None

    @staticmethod
    def resolve_name(obj: PairingMember) -> str:
        return obj.person.name

    @staticmethod
    def resolve_email(obj: PairingMember) -> str:
        return obj.person.email

    @staticmethod
    def resolve_team(obj: PairingMember) -> str | None:
        return obj.person.team.name if obj.person.team else None

    @staticmethod
    def resolve_location(obj: PairingMember) -> str | None:
        return obj.person.location.name if obj.person.location else None


class PairingOut(Schema):
    id: int
    round_id: int | None
    members: list[MemberOut]
    reasons: list[ReasonOut]
    reasons_text: str = Field(..., description="All reasons as the plan preview shows them.")
    score: float
    locked: bool
    due_on: datetime.date
    slot_start: datetime.datetime | None = Field(..., description="Suggested start, UTC.")
    slot_end: datetime.datetime | None
    video_url: str
    introduced_at: datetime.datetime | None

    @staticmethod
    def resolve_members(obj: Pairing) -> list[Any]:
        return list(obj.members.all())

    @staticmethod
    def resolve_reasons(obj: Pairing) -> list[dict[str, str]]:
        return [{"code": code, "text": pair_reason_text(code)} for code in obj.reasons]

    @staticmethod
    def resolve_reasons_text(obj: Pairing) -> str:
        return pair_reasons_text(obj.reasons)


class PairingPage(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[PairingOut]


class LeftOutOut(Schema):
    person_id: int
    name: str
    reason: str = Field(..., description="Reason code, e.g. odd_one_out.")
    reason_text: str

    @staticmethod
    def resolve_name(obj: LeftOut) -> str:
        return obj.person.name

    @staticmethod
    def resolve_reason_text(obj: LeftOut) -> str:
        return left_out_reason_text(obj.reason)


class RoundOut(Schema):
    id: int
    program_id: int
    number: int
    scheduled_for: datetime.date
    moved_from: datetime.date | None = Field(..., description="Set when a holiday moved it.")
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    status: StatusValue
    participant_count: int
    objective: float
    planned_at: datetime.datetime | None
    announced_at: datetime.datetime | None
    closed_at: datetime.datetime | None


class RoundPage(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[RoundOut]


class RoundPreviewOut(RoundOut):
    groups: list[PairingOut]
    left_out: list[LeftOutOut]


class FeedbackIn(Schema):
    model_config = ConfigDict(extra="forbid")

    outcome: OutcomeValue
    rating: StrictInt | None = Field(None, ge=1, le=5)
    comment: str = Field("", max_length=2000)
    person_id: BodyId | None = Field(
        None, description="Organisers only: answer for this member. Default: yourself."
    )
