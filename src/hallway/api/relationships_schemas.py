"""Client book JSON: companies, contacts, touches and orders.

Owners are given by email (members of the organisation), tags by name, companies and
contacts by id. The input schemas check shapes and types; the rules (a known time zone,
owners who are members, working hours that end after they start) live in
`hallway.relationships.services`, so the API, the forms and imports agree. Notes and
personal details are not part of the API: private ones are their author's alone.
"""

import datetime
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal, TypeAlias

from django.conf import settings
from ninja import Field, Schema
from pydantic import BeforeValidator, ConfigDict, StrictInt, field_validator
from pydantic_core import PydanticCustomError

from hallway.api.schemas import BodyId, omittable
from hallway.people.field_kinds import IsoDate, IsoWeekday, LocalTime
from hallway.relationships.models import (
    Company,
    CompanyKind,
    Contact,
    ContactKind,
    LegalBasis,
    OrderStatus,
    Touch,
    TouchKind,
)

if TYPE_CHECKING:
    # Made from the models' choices at run time, where pydantic checks them; for the type
    # checker they are text.
    CompanyKindValue: TypeAlias = str
    ContactKindValue: TypeAlias = str
    TouchKindValue: TypeAlias = str
    OrderStatusValue: TypeAlias = str
    LegalBasisValue: TypeAlias = str
    LanguageValue: TypeAlias = str
else:
    CompanyKindValue = Literal[tuple(CompanyKind.values)]
    ContactKindValue = Literal[tuple(ContactKind.values)]
    TouchKindValue = Literal[tuple(TouchKind.values)]
    OrderStatusValue = Literal[tuple(OrderStatus.values)]
    LegalBasisValue = Literal[tuple(LegalBasis.values)]
    LanguageValue = Literal[("", *(code for code, _name in settings.LANGUAGES))]

MAX_LIST = 100
EXAMPLE_OWNER = "admin@demo.hallway.test"


def _moment(value: Any) -> Any:
    """ISO 8601 text with an offset, as UTC: a time without a zone is ambiguous."""
    if not isinstance(value, str):
        raise PydanticCustomError("datetime_parsing", "A date and time in ISO 8601.")
    try:
        parsed = datetime.datetime.fromisoformat(value.replace("z", "Z"))
    except ValueError:
        raise PydanticCustomError("datetime_parsing", "A date and time in ISO 8601.") from None
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise PydanticCustomError(
            "datetime_without_offset",
            "A date and time with its offset, e.g. 2026-12-07T10:30:00+01:00.",
        )
    try:
        return parsed.astimezone(datetime.UTC)
    except OverflowError:  # year 1 or 9999 moved across midnight by the offset
        raise PydanticCustomError("datetime_parsing", "A date and time in ISO 8601.") from None


Moment = Annotated[datetime.datetime, BeforeValidator(_moment)]
Emails = list[Annotated[str, Field(max_length=254)]]


class _In(Schema):
    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="before")
    @classmethod
    def _not_null(cls, value: Any, info: Any) -> Any:
        # Null means "none" only where the field says so (company_id, times, cadence).
        if value is None and info.field_name not in cls.NULLABLE:
            raise PydanticCustomError("null_not_allowed", "This field cannot be null.")
        return value

    NULLABLE: ClassVar[frozenset[str]] = frozenset()

    def fields_sent(self) -> dict[str, Any]:
        return self.model_dump(exclude_unset=True)


class _WorkingWeekIn(_In):
    language: LanguageValue = omittable(description="en, de or nl; empty: the company's.")
    timezone: str = omittable(max_length=64, examples=["Europe/Berlin"])
    work_start: LocalTime | None = Field(None, examples=["09:00"])
    work_end: LocalTime | None = Field(None, examples=["17:00"])
    working_days: list[IsoWeekday] | None = Field(
        None, max_length=7, description="ISO weekdays, 1 = Monday … 7 = Sunday."
    )
    holiday_region: str = omittable(max_length=16, examples=["DE-NW"])

    NULLABLE = frozenset({"work_start", "work_end", "working_days"})


class CompanyPatch(_WorkingWeekIn):
    """Only the fields sent change; a list sent replaces the whole list."""

    name: str = omittable(min_length=1, max_length=200)
    kind: CompanyKindValue = omittable()
    industry: str = omittable(max_length=120)
    website: str = omittable(max_length=300, examples=["https://example.com"])
    owner_emails: Emails = omittable(
        max_length=MAX_LIST, examples=[[EXAMPLE_OWNER]], description="Members' email addresses."
    )


class CompanyCreate(CompanyPatch):
    name: str = Field(..., min_length=1, max_length=200, examples=["Kessler Logistik GmbH"])
    kind: CompanyKindValue = Field(..., examples=["client"])


class _WorkingWeekOut(Schema):
    language: str
    timezone: str
    work_start: str | None = Field(..., description="HH:MM in the own time zone.")
    work_end: str | None = Field(..., description="HH:MM in the own time zone.")
    working_days: list[int] | None
    holiday_region: str

    @staticmethod
    def resolve_work_start(obj: Company | Contact) -> str | None:
        return obj.work_start.strftime("%H:%M") if obj.work_start else None

    @staticmethod
    def resolve_work_end(obj: Company | Contact) -> str | None:
        return obj.work_end.strftime("%H:%M") if obj.work_end else None


class CompanyOut(_WorkingWeekOut):
    id: int
    name: str
    kind: str
    industry: str
    website: str
    owner_emails: list[str]
    last_touch_at: datetime.datetime | None
    last_order_on: datetime.date | None
    usual_gap_days: float | None = Field(..., description="The company's own rhythm.")
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_owner_emails(obj: Company) -> list[str]:
        return sorted(user.email for user in obj.owners.all())


class CompanyPage(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[CompanyOut]


class CompanyFilters(Schema):
    q: str = Field("", max_length=200, description="Search in name, industry and website.")
    kind: CompanyKindValue | None = None


class ContactPatch(_WorkingWeekIn):
    """Only the fields sent change; a list sent replaces the whole list."""

    name: str = omittable(min_length=1, max_length=200)
    email: str = omittable(max_length=254, description="Empty for a contact without one.")
    other_emails: Emails = omittable(max_length=MAX_LIST)
    phone: str = omittable(max_length=40)
    kind: ContactKindValue = omittable()
    company_id: BodyId | None = Field(None, description="Null: no company.")
    job_title: str = omittable(max_length=120)
    tags: list[Annotated[str, Field(max_length=60)]] = omittable(
        max_length=MAX_LIST, examples=[["Fintech"]]
    )
    owner_emails: Emails = omittable(
        max_length=MAX_LIST, examples=[[EXAMPLE_OWNER]], description="Members' email addresses."
    )
    legal_basis: LegalBasisValue = omittable(description="GDPR Art. 6(1); empty: not recorded.")
    consent_on: IsoDate | None = None
    source: str = omittable(max_length=120, examples=["Conference 2026"])
    profile_url: str = omittable(max_length=300, description="A LinkedIn or other profile.")
    cadence_days: StrictInt | None = Field(
        None, ge=1, le=3660, description="Keep in touch every this many days; null: no cadence."
    )

    NULLABLE = _WorkingWeekIn.NULLABLE | {"company_id", "consent_on", "cadence_days"}


class ContactCreate(ContactPatch):
    name: str = Field(..., min_length=1, max_length=200, examples=["Jana Kessler"])
    email: str = Field(..., max_length=254, examples=["jana.kessler@example.com"])
    kind: ContactKindValue = Field(..., examples=["client"])


class ContactOut(_WorkingWeekOut):
    id: int
    name: str
    email: str
    other_emails: list[str]
    phone: str
    kind: str
    company_id: int | None
    job_title: str
    tags: list[str]
    owner_emails: list[str]
    legal_basis: str
    consent_on: datetime.date | None
    source: str
    profile_url: str
    cadence_days: int | None
    last_touch_at: datetime.datetime | None
    created_at: datetime.datetime
    updated_at: datetime.datetime

    @staticmethod
    def resolve_other_emails(obj: Contact) -> list[str]:
        return sorted(other.email for other in obj.other_emails.all())

    @staticmethod
    def resolve_tags(obj: Contact) -> list[str]:
        return sorted((tag.name for tag in obj.tags.all()), key=str.lower)

    @staticmethod
    def resolve_owner_emails(obj: Contact) -> list[str]:
        return sorted(user.email for user in obj.owners.all())


class ContactPage(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[ContactOut]


class ContactFilters(Schema):
    q: str = Field("", max_length=200, description="Search in name, email and job title.")
    kind: ContactKindValue | None = None
    company_id: int | None = Field(None, ge=1, le=2**63 - 1)
    email: str = Field("", max_length=254, description="Any of the contact's addresses.")


class TouchCreate(_In):
    """With contacts, a company, or both (a touch is with someone)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"anyOf": [{"required": ["contact_ids"]}, {"required": ["company_id"]}]},
    )

    kind: TouchKindValue = Field(..., examples=["call"])
    at: Moment = Field(
        ...,
        description="ISO 8601 with an offset; a time without one is refused.",
        examples=["2026-12-04T15:30:00+01:00"],
    )
    contact_ids: list[BodyId] = omittable(min_length=1, max_length=MAX_LIST, examples=[[1]])
    company_id: BodyId = omittable()
    summary: str = omittable(max_length=5000, examples=["Asked about the Q1 plans."])
    by_email: str = omittable(
        max_length=254,
        examples=[EXAMPLE_OWNER],
        description="The member who had it; default: the token's user.",
    )


class TouchOut(Schema):
    id: int
    kind: str
    at: datetime.datetime
    contact_ids: list[int]
    company_id: int | None
    summary: str
    by_email: str | None
    source: str
    created_at: datetime.datetime

    @staticmethod
    def resolve_contact_ids(obj: Touch) -> list[int]:
        return sorted(contact.pk for contact in obj.contacts.all())

    @staticmethod
    def resolve_by_email(obj: Touch) -> str | None:
        return obj.by.email if obj.by else None


class TouchPage(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[TouchOut]


class TouchFilters(Schema):
    contact_id: int | None = Field(None, ge=1, le=2**63 - 1)
    company_id: int | None = Field(None, ge=1, le=2**63 - 1)


class OrderCreate(_In):
    company_id: BodyId
    title: str = Field(..., min_length=1, max_length=200, examples=["Senior Java developer"])
    at: IsoDate = Field(..., examples=["2026-12-01"])
    status: OrderStatusValue = omittable()
    contact_id: BodyId | None = Field(None, description="Who asked for it.")

    NULLABLE = frozenset({"contact_id"})


class OrderOut(Schema):
    id: int
    company_id: int
    title: str
    at: datetime.date
    status: str
    contact_id: int | None
    created_at: datetime.datetime


class OrderPage(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[OrderOut]


class OrderFilters(Schema):
    company_id: int | None = Field(None, ge=1, le=2**63 - 1)
    status: OrderStatusValue | None = None
