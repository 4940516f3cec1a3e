"""Content sharing JSON: segments (saved filters over contacts) and shared articles with
their preview and figures.

The input schemas check shapes and types; the rules (a unique segment name, a web
address, known variables in the introductions, a segment of this organisation) live in
`hallway.outreach.services`.
"""

import datetime
from typing import TYPE_CHECKING, Any, ClassVar, Literal, TypeAlias

from django.conf import settings
from ninja import Field, Schema
from pydantic import ConfigDict, StrictBool, StrictInt, field_validator
from pydantic_core import PydanticCustomError

from hallway.api.schemas import BodyId, omittable
from hallway.outreach.models import Campaign, Segment
from hallway.outreach.selectors.campaigns import SKIP_REASONS, campaign_figures
from hallway.relationships.interface import Contact, ContactKind

if TYPE_CHECKING:
    KindValue: TypeAlias = str
    LanguageValue: TypeAlias = str
else:
    KindValue = Literal[tuple(ContactKind.values)]
    LanguageValue = Literal[tuple(code for code, _name in settings.LANGUAGES)]

Word = str


class _In(Schema):
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


# --- segments -------------------------------------------------------------------------------


class SegmentFilters(_In):
    """All optional, combined with AND; a list matches any of its values."""

    NULLABLE: ClassVar[frozenset[str]] = frozenset({"touched_within_days", "not_touched_for_days"})

    kinds: list[KindValue] = Field([], max_length=10, description="Contact kinds.")
    industries: list[Word] = Field(
        [], max_length=50, description="The company's industry, any case.", examples=[["Retail"]]
    )
    tags: list[Word] = Field([], max_length=50, description="Any of these tags.")
    languages: list[LanguageValue] = Field(
        [], max_length=3, description="The contact's language (else their company's)."
    )
    touched_within_days: StrictInt | None = Field(None, ge=1, le=3650)
    not_touched_for_days: StrictInt | None = Field(
        None, ge=1, le=3650, description="Not touched for N days, or never."
    )
    consent: StrictBool = Field(False, description="Only contacts who consented to marketing.")

    @field_validator("industries", "tags")
    @classmethod
    def _short_words(cls, value: list[str]) -> list[str]:
        if any(len(word) > 120 for word in value):
            raise PydanticCustomError("string_too_long", "Enter at most 120 characters.")
        return value


class SegmentCreate(_In):
    name: str = Field(..., min_length=1, max_length=120, examples=["Retail clients"])
    filters: SegmentFilters = omittable(
        examples=[{"kinds": ["client"], "industries": ["Retail"], "consent": True}],
        description="Left out: every contact.",
    )


class SegmentPatch(_In):
    """Only the fields sent change; `filters` is replaced as a whole."""

    name: str = omittable(min_length=1, max_length=120, examples=["Retail clients in Germany"])
    filters: SegmentFilters = omittable(examples=[{"kinds": ["client"], "languages": ["de"]}])


class SegmentOut(Schema):
    id: int
    name: str
    filters: dict[str, Any]
    contacts: int = Field(..., description="How many contacts match now.")
    created_at: datetime.datetime

    @staticmethod
    def resolve_contacts(obj: Segment) -> int:
        return int(getattr(obj, "contacts_now", 0))


class SegmentPage(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[SegmentOut]


class SegmentContactOut(Schema):
    id: int
    name: str
    email: str
    kind: str
    company: str | None
    language: str = Field(..., description="The contact's own, else their company's.")

    @staticmethod
    def resolve_company(obj: Contact) -> str | None:
        return obj.company.name if obj.company else None

    @staticmethod
    def resolve_language(obj: Contact) -> str:
        return str(obj.effective("language") or "")


class SegmentContactPage(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[SegmentContactOut]


# --- shared articles ------------------------------------------------------------------------


class Intros(_In):
    """A personal introduction per language; variables such as {first_name} are filled in."""

    en: str = omittable(max_length=5000, examples=["Hi {first_name}, this made me think of you."])
    de: str = omittable(max_length=5000)
    nl: str = omittable(max_length=5000)


class CampaignCreate(_In):
    title: str = Field(..., min_length=1, max_length=200, examples=["Hiring in 2027"])
    url: str = Field(
        ..., min_length=1, max_length=500, examples=["https://blog.example.com/hiring-2027"]
    )
    intros: Intros
    segment_id: BodyId
    skip_touched_days: StrictInt = Field(14, ge=0, le=365, description="Skip anyone touched since.")
    skip_sent_days: StrictInt = Field(
        30, ge=0, le=365, description="Skip anyone sent content since."
    )


class CampaignPatch(_In):
    """Only the fields sent change (`intros` as a whole); a sent article cannot change."""

    title: str = omittable(min_length=1, max_length=200, examples=["Hiring in 2027, revised"])
    url: str = omittable(
        min_length=1, max_length=500, examples=["https://blog.example.com/hiring-2027-revised"]
    )
    intros: Intros = omittable()
    segment_id: BodyId = omittable()
    skip_touched_days: StrictInt = omittable(ge=0, le=365, examples=[7])
    skip_sent_days: StrictInt = omittable(ge=0, le=365, examples=[14])


class CampaignSegmentOut(Schema):
    id: int
    name: str


class SkippedByReason(Schema):
    no_address: int
    unsubscribed: int
    no_consent: int
    touched: int
    recent_send: int
    no_owner: int


class CampaignFiguresOut(Schema):
    recipients: int = Field(..., description="Contacts the mail was written to.")
    sent: int = Field(..., description="Their personal message went out.")
    delivered: int = Field(..., description="The outbox sent it.")
    failed: int = Field(..., description="The outbox could not (failed, suppressed, expired).")
    blocked: int = Field(..., description="Stopped before the outbox (unsubscribed, no consent).")
    clicked: int = Field(..., description="Recipients who opened their link.")
    clicks: int
    replies: int = Field(..., description="Recipients who wrote back within 14 days.")
    unsubscribes: int = Field(..., description="Recipients who unsubscribed since.")
    notes_drafted: int = Field(..., description="Key contacts: notes drafted for the owner.")
    notes_sent: int
    skipped: int
    skipped_by_reason: SkippedByReason


class CampaignOut(Schema):
    id: int
    title: str
    url: str
    intros: dict[str, str]
    segment: CampaignSegmentOut
    skip_touched_days: int
    skip_sent_days: int
    status: str = Field(..., description="draft or sent.")
    created_at: datetime.datetime
    sent_at: datetime.datetime | None
    figures: CampaignFiguresOut

    @staticmethod
    def resolve_segment(obj: Campaign) -> dict[str, Any]:
        return {"id": obj.segment.pk, "name": obj.segment.name}

    @staticmethod
    def resolve_figures(obj: Campaign) -> dict[str, Any]:
        return campaign_figures(campaign=obj).as_json()


class CampaignPage(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[CampaignOut]


class PlannedOut(Schema):
    contact_id: int
    name: str
    email: str
    owner: str | None = Field(None, description="Notes: the owner's email.")
    reason: str | None = Field(None, description=f"Skipped: one of {', '.join(SKIP_REASONS)}.")


class PreviewCounts(Schema):
    mail: int
    notes: int
    skipped: int
    skipped_by_reason: SkippedByReason


class CampaignPreviewOut(Schema):
    counts: PreviewCounts
    mail: list[PlannedOut]
    notes: list[PlannedOut]
    skipped: list[PlannedOut]
