"""Schemas of /api/v1/standups: stand-ups, their dates with check-ins and digests."""

import datetime
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import ConfigDict, StrictBool, StrictInt

from hallway.api.schemas import MAX_ID
from hallway.people.field_kinds import IsoDate, LocalTime

Id = Annotated[StrictInt, Field(ge=1, le=MAX_ID)]


class StandUpCreate(Schema):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(..., min_length=1, max_length=120, examples=["Platform daily"])
    cadence: Literal["daily", "weekly", "biweekly", "monthly"] = Field(
        "daily",
        description="A preset; `daily` means each person's working days. A `rule` wins.",
    )
    weekday: Literal["MO", "TU", "WE", "TH", "FR", "SA", "SU"] = "MO"
    rule: str | None = Field(
        None, max_length=200, description="An RFC 5545 RRULE without DTSTART, at most daily."
    )
    starts_on: IsoDate = Field(..., examples=["2027-03-01"])
    ask_at: LocalTime = Field(
        datetime.time(9, 0), description="HH:MM, everyone's own local time.", examples=["09:00"]
    )
    circle_kind: Literal["everyone", "team", "department", "location", "people"] = Field(
        "everyone", description="With its `team_id`, `department`, `location_id` or `person_ids`."
    )
    team_id: Id | None = None
    department: str = Field("", max_length=120)
    location_id: Id | None = None
    person_ids: list[Id] = Field(default_factory=list, max_length=1000)
    mode: Literal["async", "video"] = "async"
    reminder_minutes: StrictInt = Field(90, ge=0, le=720)
    cutoff_minutes: StrictInt = Field(180, ge=15, le=720)
    question_yesterday: str = Field("", max_length=200)
    question_today: str = Field("", max_length=200)
    question_blockers: str = Field("", max_length=200)
    ask_mood: StrictBool = True
    ask_small_talk: StrictBool = True
    channel_ids: list[Id] = Field(default_factory=list, max_length=20)
    digest_channel_id: Id | None = None
    digest_address: str = Field("", max_length=120)
    video_minutes: StrictInt = Field(15, ge=5, le=120)


class StandUpOut(Schema):
    id: int
    name: str
    mode: str
    rule: str
    cadence: str
    starts_on: datetime.date
    ask_at: str = Field(..., description="HH:MM, everyone's own local time.", examples=["09:00"])
    circle_kind: str
    circle: str
    reminder_minutes: int
    cutoff_minutes: int
    ask_mood: bool
    ask_small_talk: bool
    channel_ids: list[int]
    digest_channel_id: int | None
    digest_address: str
    video_minutes: int
    video_starts_at: datetime.datetime | None
    active: bool


class StandUpPage(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[StandUpOut]


class CheckInOut(Schema):
    id: int
    person_id: int
    person_name: str
    status: Literal["pending", "answered", "away", "missing"]
    away_reason: str
    away_detail: str
    asked_at: datetime.datetime | None
    answered_at: datetime.datetime | None
    closes_at: datetime.datetime
    yesterday: str
    today: str
    blockers: str
    blocked: bool
    blocker_resolved_at: datetime.datetime | None
    small_talk: str


class DigestOut(Schema):
    number: int
    closes_at: datetime.datetime
    sent_at: datetime.datetime | None


class OccurrenceOut(Schema):
    id: int
    date: datetime.date
    question_of_the_day: str
    mood_average: float | None = Field(
        None, description="The team's average mood, only over three answers or more."
    )
    digests: list[DigestOut]
    checkins: list[CheckInOut]


class OccurrencePage(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[OccurrenceOut]


class ResolveIn(Schema):
    model_config = ConfigDict(extra="forbid")

    resolved: StrictBool = True
