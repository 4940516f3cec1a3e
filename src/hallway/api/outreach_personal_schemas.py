"""Schemas of /api/v1/approvals and /api/v1/outreach-tasks."""

import datetime
from typing import Any

from ninja import Field, Schema
from pydantic import ConfigDict, field_validator
from pydantic_core import PydanticCustomError

from hallway.api.schemas import omittable
from hallway.outreach.services.personal import BODY_MAX, SUBJECT_MAX


class PersonalMessageOut(Schema):
    id: int
    status: str = Field(
        ...,
        description="pending, scheduled, queued, sent, failed (not delivered), discarded, "
        "cancelled.",
    )
    contact_id: int
    contact_name: str
    company_name: str | None
    owner_email: str | None
    source: str = Field(..., description="sequence, quiet, freeze, stage, check_in, campaign, …")
    origin: str = Field(..., description="Where it came from, in words (a sequence's name…).")
    language: str
    subject: str
    body: str
    marketing: bool
    created_at: datetime.datetime
    not_before: datetime.datetime
    decided_at: datetime.datetime | None
    problem: str = Field(..., description="Why it was not sent (unsubscribed, no_consent, …).")

    @staticmethod
    def resolve_contact_name(obj: Any) -> str:
        return str(obj.contact.name)

    @staticmethod
    def resolve_company_name(obj: Any) -> str | None:
        return obj.contact.company.name if obj.contact.company_id else None

    @staticmethod
    def resolve_owner_email(obj: Any) -> str | None:
        return obj.owner.email if obj.owner_id else None

    @staticmethod
    def resolve_origin(obj: Any) -> str:
        return str(getattr(obj, "origin", "") or obj.get_source_display())


class ApprovalOut(PersonalMessageOut):
    would_go_at: datetime.datetime = Field(
        ..., description="When it would go if approved now: inside the contact's hours (UTC)."
    )
    warning: str = Field(
        ...,
        description="Empty, or why it will not be sent even if approved: unsubscribed, "
        "no_address, no_consent.",
    )


class ApprovalPage(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[ApprovalOut]


class ApproveIn(Schema):
    """The owner's edits; a field left out keeps the drafted words."""

    model_config = ConfigDict(extra="forbid")

    subject: str = omittable(min_length=1, max_length=SUBJECT_MAX)
    body: str = omittable(min_length=1, max_length=BODY_MAX)

    @field_validator("*", mode="before")
    @classmethod
    def _not_null(cls, value: Any) -> Any:
        if value is None:
            raise PydanticCustomError("null_not_allowed", "This field cannot be null.")
        return value


class OwnerTaskOut(Schema):
    id: int
    kind: str = Field(..., description="call, note, invite, follow_up, feedback, news, other.")
    title: str
    detail: str
    source: str
    due_on: datetime.date
    contact_id: int | None
    contact_name: str | None
    company_id: int | None
    company_name: str | None
    created_at: datetime.datetime
    done_at: datetime.datetime | None

    @staticmethod
    def resolve_contact_name(obj: Any) -> str | None:
        return obj.contact.name if obj.contact_id else None

    @staticmethod
    def resolve_company_name(obj: Any) -> str | None:
        return obj.company.name if obj.company_id else None


class OwnerTaskPage(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[OwnerTaskOut]
