"""Contractor care JSON: placements, their check-ins, and a client's anonymous feedback.

The contractor and the client are given by id, the owner by a member's email. A
check-in's answer (score, comment, "would like a call") is named: it is shown to the
placement's owner and to organisers only (null for everyone else). The feedback report
has the shape of `hallway placement feedback --json`.
"""

import datetime
from typing import Any, ClassVar

from ninja import Field, Schema
from pydantic import ConfigDict, field_validator
from pydantic_core import PydanticCustomError

from hallway.api.schemas import BodyId, omittable
from hallway.outreach.models import CheckIn, Placement
from hallway.people.field_kinds import IsoDate

EXAMPLE_OWNER = "organiser@demo.hallway.test"


class _CareIn(Schema):
    model_config = ConfigDict(extra="forbid")
    NULLABLE: ClassVar[frozenset[str]] = frozenset()

    @field_validator("*", mode="before")
    @classmethod
    def _not_null(cls, value: Any, info: Any) -> Any:
        if value is None and info.field_name not in cls.NULLABLE:
            raise PydanticCustomError("null_not_allowed", "This field cannot be null.")
        return value

    def fields_sent(self) -> dict[str, Any]:
        return self.model_dump(exclude_unset=True)


class PlacementPersonOut(Schema):
    id: int
    name: str
    email: str


class PlacementClientOut(Schema):
    id: int
    name: str


class PlacementOut(Schema):
    id: int
    contractor: PlacementPersonOut
    client: PlacementClientOut
    owner: PlacementPersonOut | None
    order_id: int | None
    starts_on: datetime.date
    ends_on: datetime.date | None
    status: str = Field(..., description="active, ended or cancelled.")
    external_id: str = Field(..., description="The id in the ATS that sent it, if any.")
    next_check_in: datetime.date | None = Field(
        ..., description="When the next check-in not asked yet is due."
    )

    @staticmethod
    def resolve_contractor(obj: Placement) -> dict[str, Any]:
        contact = obj.contractor
        return {"id": contact.pk, "name": contact.name, "email": contact.email}

    @staticmethod
    def resolve_client(obj: Placement) -> dict[str, Any]:
        return {"id": obj.company.pk, "name": obj.company.name}

    @staticmethod
    def resolve_owner(obj: Placement) -> dict[str, Any] | None:
        owner = obj.owner
        if owner is None:
            return None
        return {"id": owner.pk, "name": owner.get_full_name() or owner.email, "email": owner.email}

    @staticmethod
    def resolve_next_check_in(obj: Placement) -> datetime.date | None:
        found: datetime.date | None = getattr(obj, "next_check_in", None)
        if found is not None:
            return found
        first = obj.check_ins.filter(sent_at=None).order_by("due_on").first()
        return first.due_on if first else None


class PlacementPage(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[PlacementOut]


class PlacementFilters(Schema):
    status: str | None = Field(None, pattern="^(active|ended|cancelled)$")


class PlacementCreate(_CareIn):
    contractor_id: BodyId = Field(..., description="The contractor's contact id.")
    client_id: BodyId = Field(..., description="The client company's id.")
    starts_on: IsoDate = Field(..., examples=["2026-10-01"])
    ends_on: IsoDate | None = Field(None, examples=["2027-03-31"])
    owner_email: str = omittable(
        max_length=254,
        examples=[EXAMPLE_OWNER],
        description="A member's email; the token's user when left out.",
    )
    order_id: BodyId = omittable(description="The job (order) it fills.")
    external_id: str = omittable(max_length=300, description="The ATS's id: sent again, no copy.")
    NULLABLE: ClassVar[frozenset[str]] = frozenset({"ends_on"})


class PlacementPatch(_CareIn):
    """Only the fields sent change; `ends_on: null` makes it open-ended. New dates move the
    check-ins not asked yet."""

    client_id: BodyId = omittable(description="The client company's id.")
    starts_on: IsoDate = omittable(examples=["2026-10-01"])
    ends_on: IsoDate | None = Field(None, examples=["2027-03-31"])
    owner_email: str = omittable(max_length=254, examples=[EXAMPLE_OWNER])
    NULLABLE: ClassVar[frozenset[str]] = frozenset({"ends_on"})


class PlacementEndIn(_CareIn):
    ended_on: IsoDate = Field(..., examples=["2027-02-28"], description="The last day.")


class PlacementCheckInOut(Schema):
    id: int
    kind: str = Field(..., description="day_30, day_45, day_60, halfway or before_end.")
    due_on: datetime.date
    sent_at: datetime.datetime | None
    answered_at: datetime.datetime | None
    score: int | None = Field(..., description="1–5; the owner and organisers only.")
    comment: str | None = Field(..., description="The owner and organisers only.")
    wants_call: bool | None = Field(..., description="The owner and organisers only.")

    @staticmethod
    def resolve_score(obj: CheckIn) -> int | None:
        return obj.score if getattr(obj, "named_visible", False) else None

    @staticmethod
    def resolve_comment(obj: CheckIn) -> str | None:
        return obj.comment if getattr(obj, "named_visible", False) else None

    @staticmethod
    def resolve_wants_call(obj: CheckIn) -> bool | None:
        return obj.wants_call if getattr(obj, "named_visible", False) else None


class CheckInPage(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[PlacementCheckInOut]


class FeedbackQuarterOut(Schema):
    quarter: str = Field(..., examples=["2026-Q3"])
    answered: int = Field(..., description="How many contractors rated the client.")
    shown: bool
    average: float | None = Field(None, description="Only when shown.")
    distribution: dict[str, int] | None = Field(
        None, description="How many gave each score 1–5; only when shown."
    )
    reason: str | None = Field(
        None, description="Why hidden: fewer_than_k, protects_smaller or in_progress."
    )


class FeedbackOut(Schema):
    k: int = Field(..., description="A quarter is shown only with at least k ratings.")
    quarters: list[FeedbackQuarterOut]
