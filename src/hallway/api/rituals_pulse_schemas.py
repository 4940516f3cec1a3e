"""Pulse JSON: pulses (their cadence, circle and anonymity) and results by question.

Answers are not part of the API: they arrive only through each person's signed link.
Results carry figures only for groups of at least k answers (see `engine.disclosure`).
"""

import datetime
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

from ninja import Field, Schema
from pydantic import ConfigDict, StrictBool, StrictInt

from hallway.api.schemas import omittable
from hallway.people.field_kinds import IsoDate, LocalTime
from hallway.rituals.models import Cadence, CircleKind

if TYPE_CHECKING:
    CadenceValue: TypeAlias = str
    CircleValue: TypeAlias = str
else:
    CadenceValue = Literal[tuple(Cadence.values)]
    CircleValue = Literal[tuple(CircleKind.values)]


class PulseOut(Schema):
    id: int
    name: str
    anonymous: bool
    anonymity_locked: bool = Field(
        ..., description="True once an anonymous pulse has answers: it stays anonymous."
    )
    cadence: str
    weekday: int = Field(..., description="1 (Monday) to 5 (Friday).")
    ask_at: str = Field(..., description="HH:MM in each person's own zone.", examples=["10:00"])
    timezone: str
    starts_on: datetime.date
    open_days: int
    questions_per_round: int
    active: bool
    circle_kind: str
    circle_team_id: int | None
    circle_department: str
    circle_location_id: int | None

    @staticmethod
    def resolve_ask_at(obj: Any) -> str:
        return str(obj.ask_at.strftime("%H:%M"))


class PulsePage(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[PulseOut]


class PulseCreate(Schema):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(..., min_length=1, max_length=120)
    anonymous: StrictBool = True
    cadence: CadenceValue = "weekly"
    weekday: StrictInt = Field(2, ge=1, le=5)
    ask_at: LocalTime = Field(
        datetime.time(10, 0), description="HH:MM in each person's own zone.", examples=["10:00"]
    )
    timezone: str = Field("", max_length=64, description="Empty: the organisation's zone.")
    starts_on: IsoDate
    open_days: StrictInt = Field(3, ge=2, le=7)
    questions_per_round: StrictInt = Field(3, ge=1, le=10)
    circle_kind: CircleValue = "everyone"
    circle_team_id: StrictInt | None = None
    circle_department: str = Field("", max_length=120)
    circle_location_id: StrictInt | None = None


class PulsePatch(Schema):
    model_config = ConfigDict(extra="forbid")

    name: str = omittable(min_length=1, max_length=120)
    anonymous: StrictBool = omittable()
    cadence: CadenceValue = omittable()
    weekday: StrictInt = omittable(ge=1, le=5)
    ask_at: LocalTime = omittable()
    open_days: StrictInt = omittable(ge=2, le=7)
    questions_per_round: StrictInt = omittable(ge=1, le=10)
    active: StrictBool = omittable()

    def fields_sent(self) -> dict[str, Any]:
        return self.model_dump(exclude_unset=True)


class ResultsQuery(Schema):
    team: int | None = Field(None, ge=1, description="A team's id: that team's figures only.")
    round: int | None = Field(
        None, ge=1, description="A closed round's id; left out: the latest closed round."
    )


class DistributionOut(Schema):
    value: int
    count: int


class ResultOut(Schema):
    question_id: int
    question: str
    kind: str
    answered: int | None = Field(
        ..., description="How many answered; null when the group is hidden."
    )
    shown: bool
    average: float | None = Field(None, description="Only when shown.")
    distribution: list[DistributionOut] | None = Field(None, description="Only when shown.")
    enps: int | None = Field(None, description="0–10 questions only, when shown.")
    reason: str | None = Field(
        None,
        description="Why hidden: fewer_than_k, or protects_smaller (it would give a smaller group away).",
    )


class PulseRoundOut(Schema):
    id: int
    number: int
    day: datetime.date


class RateOut(Schema):
    asked: int
    answered: int
    away: int = Field(..., description="Away that day: not asked, not counted.")


class ResultsOut(Schema):
    round: PulseRoundOut | None
    k: int
    response_rate: RateOut | None
    results: list[ResultOut]
