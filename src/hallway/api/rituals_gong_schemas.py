"""The gong's JSON: celebrations (people named by id and name), kudos, and the webhook's
answer. Rules (a title, people of this organisation, the quota) live in the services."""

from typing import TYPE_CHECKING, Any, Literal, TypeAlias

from ninja import Field, Schema
from pydantic import ConfigDict, StrictBool

from hallway.api.schemas import BodyId
from hallway.rituals.models import Celebration, CelebrationKind

if TYPE_CHECKING:
    KindValue: TypeAlias = str
else:
    KindValue = Literal[tuple(CelebrationKind.values)]


class PersonRef(Schema):
    id: int
    name: str


class CelebrationOut(Schema):
    id: int
    kind: str
    title: str
    text: str
    people: list[PersonRef]
    team_id: int | None
    posted_by_id: int | None
    source: str
    source_ref: str
    details: dict[str, str]
    posted_at: str = Field(..., description="ISO 8601, UTC.")
    cheers: int = Field(..., description="Cheers on the wall (one per person).")
    slack_reactions: int = Field(..., description="Reactions to the gong's message in Slack.")

    @staticmethod
    def resolve_people(obj: Celebration) -> list[dict[str, Any]]:
        return [{"id": person.pk, "name": person.name} for person in obj.people.all()]

    @staticmethod
    def resolve_posted_at(obj: Celebration) -> str:
        return obj.posted_at.isoformat()

    @staticmethod
    def resolve_cheers(obj: Celebration) -> int:
        return int(getattr(obj, "cheers", 0))

    @staticmethod
    def resolve_slack_reactions(obj: Celebration) -> int:
        return int(getattr(obj, "slack_cheers", 0))


class CelebrationPage(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[CelebrationOut]


class CelebrationFilters(Schema):
    month: str | None = Field(
        None,
        pattern=r"^(19|20)\d\d-(0[1-9]|1[0-2])$",
        description="YYYY-MM (the organisation's zone).",
    )
    kind: KindValue | None = None
    team_id: int | None = Field(None, ge=1)


class CelebrationIn(Schema):
    model_config = ConfigDict(extra="forbid")

    kind: KindValue
    title: str = Field(..., min_length=1, max_length=200, examples=["Kessler Logistik signed"])
    text: str = Field("", max_length=2000)
    person_ids: list[BodyId] = Field(default_factory=list, max_length=50)
    team_id: BodyId | None = None
    external_id: str = Field(
        "",
        max_length=160,
        description="Your id for this win: the same id again answers the first celebration "
        "and posts nothing.",
    )


class KudosIn(Schema):
    model_config = ConfigDict(extra="forbid")

    to_person_id: BodyId
    message: str = Field(..., min_length=1, max_length=280)
    on_wall: StrictBool = Field(True, description="Also a kudos celebration on the wall.")


class KudosOut(Schema):
    id: int
    from_person_id: int
    to_person_id: int
    message: str
    month: str
    celebration_id: int | None
    left_this_month: int


class WebhookAccepted(Schema):
    status: Literal["accepted", "duplicate"]
    # The win posted; none for a capability's event ("candidate.stage_changed"), whose
    # `event` and `detail` say what it did.
    celebration_id: int | None = None
    event: str | None = None
    detail: str | None = None
