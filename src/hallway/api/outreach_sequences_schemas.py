"""Sequence JSON: a sequence with its settings, figures and steps; enrollments.

The input schemas check shapes and types; the rules (a segment of this organisation, a
known stage, texts in at least one language with known variables, a wait of 1 to 365
days) live in `hallway.outreach.services.sequence_rules` and answer 422 naming the field.
"""

import datetime
from typing import TYPE_CHECKING, Any, ClassVar, Literal, TypeAlias

from ninja import Field, Schema
from pydantic import ConfigDict, StrictBool, StrictInt, field_validator
from pydantic_core import PydanticCustomError

from hallway.api.schemas import BodyId, omittable
from hallway.outreach.models import (
    Condition,
    Enrollment,
    Goal,
    OnFalse,
    Sequence,
    SequenceStatus,
    StepKind,
    Trigger,
)
from hallway.outreach.selectors.sequences import exits_of

if TYPE_CHECKING:
    TriggerValue: TypeAlias = str
    GoalValue: TypeAlias = str
    StatusValue: TypeAlias = str
    StepKindValue: TypeAlias = str
    ConditionValue: TypeAlias = str
    OnFalseValue: TypeAlias = str
else:
    TriggerValue = Literal[tuple(Trigger.values)]
    GoalValue = Literal[tuple(Goal.values)]
    StatusValue = Literal[tuple(SequenceStatus.values)]
    StepKindValue = Literal[tuple(StepKind.values)]
    ConditionValue = Literal[("", *Condition.values)]
    OnFalseValue = Literal[tuple(OnFalse.values)]

Language = Literal["en", "de", "nl"]
EXAMPLE_TEXTS = {
    "en": {"subject": "How is the new role, {first_name}?", "body": "Hi {first_name}, …"},
    "de": {"subject": "Wie ist die neue Stelle, {first_name}?", "body": "Hallo {first_name}, …"},
}


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


class StepTextIn(_In):
    subject: str = Field("", max_length=300)
    body: str = Field("", max_length=20000)


class StepIn(_In):
    kind: StepKindValue = Field(..., examples=["message"])
    wait_days: StrictInt = Field(
        0, ge=0, le=365, description="A wait: 1–365 days. A message or task: after the step before."
    )
    texts: dict[Language, StepTextIn] = Field(
        default_factory=dict,
        examples=[EXAMPLE_TEXTS],
        description="A message's subject and body per language (at least one).",
    )
    task_title: str = Field("", max_length=200, description="A task's title.")
    condition: ConditionValue = Field("", description="A condition step's test.")
    condition_config: dict[str, list[str]] = Field(
        default_factory=dict,
        description='{"kinds": [...]}, {"languages": [...]} or {"stages": [...]}.',
    )
    on_false: OnFalseValue = Field("leave", description="When the condition does not hold.")


class StepOut(Schema):
    id: int
    position: int
    kind: str
    wait_days: int
    texts: dict[str, dict[str, str]]
    task_title: str
    condition: str
    condition_config: dict[str, Any]
    on_false: str


class SequenceCountsOut(Schema):
    active: int = Field(..., description="In the sequence now.")
    done: int = Field(..., description="Went through every step.")
    left: int = Field(..., description="Left early (see exits).")
    exits: dict[str, int] = Field(..., description="How many left, by exit reason.")


class SequenceOut(Schema):
    id: int
    name: str
    description: str
    trigger: str
    trigger_config: dict[str, Any]
    goal: str
    goal_config: dict[str, Any]
    status: str
    approval: bool
    marketing: bool
    reentry_days: int | None
    activated_at: datetime.datetime | None
    created_at: datetime.datetime
    counts: SequenceCountsOut
    steps: list[StepOut]

    @staticmethod
    def resolve_counts(obj: Sequence) -> dict[str, Any]:
        return {
            "active": getattr(obj, "active", 0),
            "done": getattr(obj, "done", 0),
            "left": getattr(obj, "left", 0),
            "exits": {row["reason"]: row["count"] for row in exits_of(obj)},
        }

    @staticmethod
    def resolve_steps(obj: Sequence) -> list[Any]:
        return list(obj.steps.order_by("position"))


class SequencePage(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[SequenceOut]


class SequencePatch(_In):
    """Only the fields sent change; `reentry_days: null` means nobody enters twice."""

    name: str = omittable(min_length=1, max_length=120)
    description: str = omittable(max_length=2000)
    trigger: TriggerValue = omittable()
    trigger_config: dict[str, Any] = omittable(
        description='segment: {"segment": id}; new_contact: {"kinds": [...]}; stage_change: '
        '{"stage": "interview"}; date_field: {"field": "placement_ends_on", "offset_days": -14}.'
    )
    goal: GoalValue = omittable()
    goal_config: dict[str, Any] = omittable(description='stage: {"stage": "hired"}.')
    approval: StrictBool = omittable()
    marketing: StrictBool = omittable()
    reentry_days: StrictInt | None = Field(None, ge=1, le=3650)
    status: StatusValue = omittable(description="draft → active ⇄ paused → archived.")

    NULLABLE = frozenset({"reentry_days"})


class SequenceCreate(_In):
    name: str = Field(..., min_length=1, max_length=120, examples=["After the first week"])
    description: str = Field("", max_length=2000)
    trigger: TriggerValue = Field("manual")
    trigger_config: dict[str, Any] = Field(default_factory=dict)
    goal: GoalValue = Field("")
    goal_config: dict[str, Any] = Field(default_factory=dict)
    approval: StrictBool = False
    marketing: StrictBool = False
    reentry_days: StrictInt | None = Field(None, ge=1, le=3650)
    steps: list[StepIn] = Field(default_factory=list, max_length=50)

    NULLABLE = frozenset({"reentry_days"})


class StepsPut(_In):
    steps: list[StepIn] = Field(..., max_length=50, description="Every step, in order.")


class EnrollmentsPost(_In):
    contact_ids: list[BodyId] = Field(..., min_length=1, max_length=500)


class EnrollmentOut(Schema):
    id: int
    sequence_id: int
    contact_id: int
    contact_name: str
    owner_email: str | None
    status: str
    exit_reason: str
    next_position: int | None = Field(..., description="The next step's position while active.")
    due_at: datetime.datetime | None
    reason: str = Field(..., description="What brought them in.")
    entered_at: datetime.datetime
    left_at: datetime.datetime | None

    @staticmethod
    def resolve_contact_name(obj: Enrollment) -> str:
        return obj.contact.name

    @staticmethod
    def resolve_owner_email(obj: Enrollment) -> str | None:
        return obj.owner.email if obj.owner else None

    @staticmethod
    def resolve_next_position(obj: Enrollment) -> int | None:
        return obj.position if obj.status == "active" else None


class EnrollmentPage(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[EnrollmentOut]


class EnrollmentsAdded(Schema):
    entered: list[EnrollmentOut]
    passed_over: list[int] = Field(
        ..., description="Contacts already in it, or who may not enter again yet."
    )
