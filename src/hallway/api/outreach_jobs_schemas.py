"""Jobs JSON: a job's candidates, a stage change, a hiring freeze. The shapes are those of
`hallway job … --json` (`hallway.outreach.job_exporting`). The input schemas check shapes
and types; the rules (a resume date after today, a contact of this organisation, one
active freeze per job) live in `hallway.outreach.services`."""

import datetime
from typing import TYPE_CHECKING, Any, ClassVar, Literal, TypeAlias

from ninja import Field, Schema
from pydantic import ConfigDict, StrictBool, field_validator
from pydantic_core import PydanticCustomError

from hallway.api.schemas import BodyId, omittable
from hallway.outreach.models import OPEN_STAGES, Stage
from hallway.people.field_kinds import IsoDate

if TYPE_CHECKING:
    StageValue: TypeAlias = str
    OpenStageValue: TypeAlias = str
else:
    StageValue = Literal[tuple(Stage.values)]
    OpenStageValue = Literal[tuple(str(stage) for stage in OPEN_STAGES)]


class _JobsIn(Schema):
    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="before")
    @classmethod
    def _not_null(cls, value: Any, info: Any) -> Any:
        if value is None and info.field_name not in cls.NULLABLE:
            raise PydanticCustomError("null_not_allowed", "This field cannot be null.")
        return value

    NULLABLE: ClassVar[frozenset[str]] = frozenset()


class CandidacyOut(Schema):
    id: int
    order_id: int
    contact_id: int
    name: str
    email: str
    stage: str
    stage_changed_at: datetime.datetime
    recruiter_email: str | None
    last_touch_at: datetime.datetime | None
    external_id: str


class CandidacyPage(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[CandidacyOut]


class CandidacyCreate(_JobsIn):
    contact_id: BodyId
    stage: StageValue = omittable()
    recruiter_email: str = omittable(
        max_length=254, description="A member's email; the token's user when left out."
    )


class CandidacyPatch(_JobsIn):
    stage: StageValue
    notify: StrictBool = omittable(
        description="Tell the candidate, in their language, from their recruiter."
    )


class FreezeCreate(_JobsIn):
    stages: list[OpenStageValue] = Field(
        ..., min_length=1, max_length=4, examples=[["applied", "screening"]]
    )
    resume_on: IsoDate = Field(..., description="After today.", examples=["2027-01-11"])
    message: str = omittable(
        max_length=5000,
        description=(
            "Your own words instead of the built-in text in each candidate's language; "
            "{first_name}, {job}, {owner_name} and the other variables are filled in."
        ),
    )


class FreezeAnnounced(Schema):
    id: int
    notified: int
    follow_up_on: datetime.date


class FreezeOut(Schema):
    id: int
    order_id: int | None
    company_id: int | None
    stages: list[str]
    resume_on: datetime.date
    follow_up_on: datetime.date
    notified: int
    created_at: datetime.datetime
    reminded_at: datetime.datetime | None
    followed_up_at: datetime.datetime | None
    lifted_at: datetime.datetime | None


class FreezePage(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[FreezeOut]


class FreezeFilters(Schema):
    order_id: int | None = Field(None, ge=1, le=2**63 - 1)
    active: bool | None = Field(None, description="Only those whose follow-up is ahead.")
