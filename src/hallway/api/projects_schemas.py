"""Client project JSON: projects, their rosters across both sides, the 1:1 coverage and the
planning of the missing 1:1s.

The client company is given by id, the lead by a member's email, roster members by person
or contact id or by email. The coverage and the plan have exactly the shapes of
`hallway project coverage|plan-one-on-ones --json` (`hallway.projects.exporting`). The input
schemas check shapes and types; the rules (a unique name, an end after the start, someone
not yet on the roster) live in `hallway.projects.services`.
"""

import datetime
from typing import TYPE_CHECKING, Any, ClassVar, Literal, TypeAlias

from django.conf import settings
from ninja import Field, Schema
from pydantic import ConfigDict, StrictBool, field_validator
from pydantic_core import PydanticCustomError

from hallway.api.schemas import MAX_ID, BodyId, omittable
from hallway.people.field_kinds import IsoDate
from hallway.projects.models import Project, ProjectStatus, RosterMember, Side
from hallway.projects.selectors.coverage import project_coverage

if TYPE_CHECKING:
    ProjectStatusValue: TypeAlias = str
    SideValue: TypeAlias = str
    ProjectLanguage: TypeAlias = str
else:
    ProjectStatusValue = Literal[tuple(ProjectStatus.values)]
    SideValue = Literal[tuple(Side.values)]
    ProjectLanguage = Literal[("", *(code for code, _name in settings.LANGUAGES))]

PairStatus = Literal["met", "planned", "missing", "declined"]
Answer = Literal["met", "not_yet", "declined"]
EXAMPLE_LEAD = "organiser@demo.hallway.test"
# On no roster of the demo: the example adds him to either demo project.
EXAMPLE_CONTACT = "chris.young@oakridge-consulting.example"


class _ProjectsIn(Schema):
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


# --- projects -------------------------------------------------------------------------------


class ProjectClientOut(Schema):
    id: int
    name: str


class ProjectLeadOut(Schema):
    id: int
    email: str
    name: str


class ProjectCoverageSummaryOut(Schema):
    covered: int = Field(..., description="Required 1:1s that took place.")
    required: int = Field(..., description="Pairs of ours and theirs where one is key.")


class ProjectOut(Schema):
    id: int
    name: str
    client: ProjectClientOut | None = Field(
        ..., description="The client company (null once the company is gone)."
    )
    goal: str
    starts_on: datetime.date
    ends_on: datetime.date | None
    status: str
    lead: ProjectLeadOut | None
    language: str = Field(..., description="The meetings' language; empty: the organisation's.")
    timezone: str = Field(..., description="The meetings' zone; empty: the organisation's.")
    coverage_weeks: int = Field(..., description="New members meet each key counterpart within.")
    one_on_ones_per_week: int
    one_on_one_minutes: int
    sponsor_id: int | None = Field(..., description="The sponsor's roster member id.")
    coverage: ProjectCoverageSummaryOut

    @staticmethod
    def resolve_client(obj: Project) -> dict[str, Any] | None:
        return {"id": obj.company.pk, "name": obj.company.name} if obj.company else None

    @staticmethod
    def resolve_lead(obj: Project) -> dict[str, Any] | None:
        lead = obj.lead
        if lead is None:
            return None
        return {"id": lead.pk, "email": lead.email, "name": lead.get_full_name() or lead.email}

    @staticmethod
    def resolve_coverage(obj: Project) -> dict[str, int]:
        coverage = project_coverage(project=obj)
        return {"covered": coverage.covered, "required": coverage.required}


class ProjectPage(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[ProjectOut]


class ProjectFilters(Schema):
    status: ProjectStatusValue | None = None
    client_id: int | None = Field(None, ge=1, le=MAX_ID, description="The client company's id.")


class ProjectPatch(_ProjectsIn):
    """Only the fields sent change; `ends_on: null` clears the end."""

    name: str = omittable(min_length=1, max_length=200)
    client_id: BodyId = omittable(description="The client company's id.")
    goal: str = omittable(max_length=2000)
    starts_on: IsoDate = omittable(examples=["2026-12-01"])
    ends_on: IsoDate | None = Field(None, examples=["2027-03-31"])
    status: ProjectStatusValue = omittable()
    lead_email: str = omittable(
        max_length=254, examples=[EXAMPLE_LEAD], description="A member's email address."
    )
    language: ProjectLanguage = omittable(description="en, de or nl; empty: the organisation's.")
    timezone: str = omittable(max_length=64, examples=["Europe/Berlin"])
    coverage_weeks: int = omittable(ge=1, le=26)
    one_on_ones_per_week: int = omittable(ge=1, le=10)
    one_on_one_minutes: int = omittable(ge=15, le=90)

    NULLABLE = frozenset({"ends_on"})


class ProjectCreate(ProjectPatch):
    name: str = Field(..., min_length=1, max_length=200, examples=["Checkout relaunch"])
    client_id: BodyId = Field(..., description="The client company's id.")
    starts_on: IsoDate = Field(..., examples=["2026-12-01"])
    goal: str = Field(
        "", max_length=2000, examples=["Launch the US shop by 1 March with one checkout."]
    )


# --- roster ---------------------------------------------------------------------------------


class ProjectRosterMemberOut(Schema):
    id: int
    side: str
    person_id: int | None = Field(..., description="Ours: the person in the directory.")
    contact_id: int | None = Field(..., description="The client's and partners': the contact.")
    name: str
    email: str
    role: str
    responsibilities: str
    key_counterpart: bool
    sub_project: str
    joined_on: datetime.date

    @staticmethod
    def resolve_name(obj: RosterMember) -> str:
        return obj.name

    @staticmethod
    def resolve_email(obj: RosterMember) -> str:
        return obj.email


class ProjectRosterPage(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[ProjectRosterMemberOut]


class ProjectRosterMemberPatch(_ProjectsIn):
    """Only the fields sent change."""

    role: str = omittable(max_length=120)
    responsibilities: str = omittable(max_length=1000)
    key_counterpart: StrictBool = omittable()
    sub_project: str = omittable(max_length=80)


class ProjectRosterMemberCreate(ProjectRosterMemberPatch):
    side: SideValue = Field(..., examples=["client"])
    person_id: BodyId | None = Field(None, description="Ours: a person's id (or give `email`).")
    contact_id: BodyId | None = Field(
        None, description="The client's and partners': a contact's id (or give `email`)."
    )
    email: str = omittable(
        max_length=254,
        examples=[EXAMPLE_CONTACT],
        description="Ours: a person's email; theirs: a contact's (any of their addresses).",
    )
    joined_on: IsoDate | None = Field(
        None, description="Default: today. Their 1:1s are due within the project's weeks of it."
    )

    NULLABLE = frozenset({"person_id", "contact_id", "joined_on"})


# --- coverage and 1:1s ----------------------------------------------------------------------


class ProjectCoveragePairOut(Schema):
    ours: str = Field(..., description="Our member's email.")
    theirs: str = Field(..., description="Their member's email.")
    status: PairStatus
    at: str | None = Field(
        None, description="ISO 8601: when they met, meet, or declined; left out when unknown."
    )


class ProjectCoverageOut(Schema):
    pairs: list[ProjectCoveragePairOut]
    covered: int
    required: int


class OneOnOnePlanIn(_ProjectsIn):
    weeks: int = Field(3, ge=1, le=26, description="Weeks ahead.")
    per_week: int = Field(2, ge=1, le=10, description="1:1s per person and week, at most.")
    dry_run: StrictBool = Field(False, description="Only say what would be planned; send nothing.")


class OneOnOnePlannedOut(Schema):
    ours: str
    theirs: str
    start: str = Field(..., description="ISO 8601, UTC.")


class OneOnOneUnplannableOut(Schema):
    ours: str
    theirs: str
    reason: str = Field(
        ...,
        description="no_common_hours, away (whenever both could meet), capacity (the most "
        "1:1s a week in every week that fits) or no_email.",
    )


class OneOnOnePlanOut(Schema):
    meetings: list[OneOnOnePlannedOut]
    unplannable: list[OneOnOneUnplannableOut]


class OneOnOneAnswerIn(_ProjectsIn):
    answer: Answer


class OneOnOneOut(Schema):
    id: int
    ours: str
    theirs: str
    status: str
    start: datetime.datetime | None
    answered_at: datetime.datetime | None

    @staticmethod
    def resolve_ours(obj: Any) -> str:
        return str(obj.ours.email)

    @staticmethod
    def resolve_theirs(obj: Any) -> str:
        return str(obj.theirs.email)
