"""Quiet-client proposals as JSON: a client gone quiet, whom to reach, and until when a
person can answer before the automated mail."""

import datetime

from ninja import Field, Schema
from pydantic import AwareDatetime, ConfigDict

from hallway.outreach.models import QuietProposal


class QuietCompanyOut(Schema):
    id: int
    name: str


class QuietContactOut(Schema):
    id: int
    name: str
    email: str


class QuietOwnerOut(Schema):
    id: int
    email: str
    name: str


class QuietProposalOut(Schema):
    id: int
    company: QuietCompanyOut
    contact: QuietContactOut | None = Field(..., description="Whom to reach (null: nobody yet).")
    owner: QuietOwnerOut
    quiet_on: datetime.date = Field(..., description="The day the client went quiet.")
    status: str = Field(
        ..., description="open, called, invited, noted, fallback, resolved or dismissed."
    )
    proposed_at: datetime.datetime
    fallback_on: datetime.date = Field(
        ..., description="The automated mail goes on this day if nobody answers."
    )
    acted_at: datetime.datetime | None

    @staticmethod
    def resolve_owner(proposal: QuietProposal) -> dict[str, object]:
        owner = proposal.owner
        return {"id": owner.pk, "email": owner.email, "name": owner.get_full_name()}


class QuietProposalPage(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[QuietProposalOut]


class QuietProposalFilters(Schema):
    everyone: bool = Field(
        False, description="Organisers: everyone's open proposals (default: the token's user's)."
    )


class _In(Schema):
    model_config = ConfigDict(extra="forbid")


class QuietCallIn(_In):
    start: AwareDatetime | None = Field(
        None,
        description="One of the offered times (a 422 lists them); omitted: the first of them.",
    )


class QuietNoteIn(_In):
    subject: str = Field(..., min_length=1, max_length=300)
    body: str = Field(..., min_length=1, max_length=20000)


class QuietDismissIn(_In):
    reason: str = Field("", max_length=500, description="Why (optional).")


class QuietCallOut(Schema):
    proposal: QuietProposalOut
    call_start: datetime.datetime
    call_end: datetime.datetime


class QuietNoteOut(Schema):
    proposal: QuietProposalOut
    message_id: int
    message_status: str
