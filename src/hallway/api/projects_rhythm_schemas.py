"""Client project JSON for the rhythm: the health, the kickoff, the card and the meeting
series, in exactly the shapes `hallway project health|kickoff|series --json` print
(`hallway.projects.exporting_rhythm`). The input schemas check shapes and types; the rules
(a kickoff in the future, a rule that occurs, people on the roster) live in
`hallway.projects.services`.
"""

import datetime
from typing import TYPE_CHECKING, Literal, TypeAlias

from ninja import Field, Schema
from pydantic import StrictBool, StrictInt

from hallway.api.projects_schemas import ProjectLanguage, _ProjectsIn
from hallway.api.relationships_schemas import Moment
from hallway.api.schemas import BodyId, omittable
from hallway.people.field_kinds import IsoDate, LocalTime
from hallway.projects.models import SeriesCircle, SeriesKind
from hallway.projects.services.kickoff import MINUTES_MAX, MINUTES_MIN
from hallway.projects.services.series import MINUTES, NAME_MAX, WEEKDAYS

if TYPE_CHECKING:
    SeriesKindValue: TypeAlias = str
    SeriesCircleValue: TypeAlias = str
    WeekdayValue: TypeAlias = str
else:
    SeriesKindValue = Literal[tuple(SeriesKind.values)]
    SeriesCircleValue = Literal[tuple(SeriesCircle.values)]
    WeekdayValue = Literal[WEEKDAYS]

# `hallway.projects.services.series.PRESETS`.
PresetValue = Literal["workdays", "weekly", "biweekly", "monthly"]
Nth = Literal[1, 2, 3, 4, -1]

# --- health ---------------------------------------------------------------------------------


class ProjectHealthCoverageOut(Schema):
    covered: int = Field(..., description="Required 1:1s that took place.")
    required: int
    planned: int
    overdue: int = Field(..., description="Required pairs still missing after their weeks.")
    low: bool = Field(..., description="Fewer than half took place or are planned.")


class ProjectHealthCadenceOut(Schema):
    held: int = Field(..., description="Meetings of the series that took place so far.")
    planned: int = Field(..., description="Meetings so far, holidays left out.")
    percent: int | None = Field(..., description="Null before the first meeting.")
    low: bool = Field(..., description="Fewer than 80 % took place.")


class ProjectHealthSponsorOut(Schema):
    days_since_touch: int | None = Field(..., description="Null: never in touch.")
    quiet: bool = Field(..., description="No touch for more than 30 days.")


class ProjectHealthOut(Schema):
    coverage: ProjectHealthCoverageOut
    cadence: ProjectHealthCadenceOut
    sponsor: ProjectHealthSponsorOut | None = Field(..., description="Null: no sponsor yet.")
    open_blockers: int = Field(..., description="Named in the async check-ins, not resolved.")
    attention_score: int = Field(
        ...,
        description="3 per overdue 1:1, 2 each for low coverage, a quiet sponsor and a "
        "low cadence, 1 per open blocker: the higher, the more the project needs a look.",
    )


# --- kickoff --------------------------------------------------------------------------------


class ProjectKickoffPaysOut(Schema):
    member_id: int
    name: str
    timezone: str
    local_start: str = Field(..., description="ISO 8601 in the member's own zone.")
    minutes: int = Field(..., description="How far outside their working hours.")
    early: bool = Field(..., description="Before their day starts (else after it ends).")
    day_off: bool = Field(..., description="Not one of their working days at all.")


class ProjectKickoffOptionOut(Schema):
    start: str = Field(..., description="ISO 8601, UTC.")
    end: str
    suits_everyone: bool
    pays: list[ProjectKickoffPaysOut] = Field(
        ..., description="Who is outside their hours, the furthest first."
    )


class ProjectKickoffStateOut(Schema):
    kickoff_at: str | None = Field(..., description="ISO 8601, UTC; null: not scheduled yet.")
    minutes: int
    agenda: str = Field(..., description="Empty: the usual one, in each member's language.")
    sequence: int = Field(..., description="How often the invitation was sent.")
    pays: list[ProjectKickoffPaysOut] = Field(..., description="Who pays for the scheduled time.")


class ProjectKickoffOut(ProjectKickoffStateOut):
    proposal: list[ProjectKickoffOptionOut] = Field(
        ..., description="The best times of the next 14 days, the best first (at most 5)."
    )
    answered: list[int] = Field(
        ..., description="Roster member ids of those who told about themselves."
    )


class ProjectKickoffParams(Schema):
    minutes: int | None = Field(
        None, ge=MINUTES_MIN, le=MINUTES_MAX, description="Default: the project's kickoff length."
    )


class ProjectKickoffIn(_ProjectsIn):
    start: Moment = Field(
        ...,
        description="ISO 8601 with an offset, in the future; a time without one is refused.",
        examples=["2026-12-17T16:00:00+01:00"],
    )
    minutes: StrictInt = omittable(
        ge=MINUTES_MIN, le=MINUTES_MAX, description="Default: the project's kickoff length."
    )
    agenda: str = omittable(
        max_length=4000, description="One item a line; empty: the usual one in each language."
    )


# --- card -----------------------------------------------------------------------------------


class ProjectCardPersonOut(Schema):
    name: str
    side: str = Field(..., description="Whose side: our organisation, the client, Partners.")
    role: str
    key: bool = Field(..., description="A key counterpart.")
    zone: str = Field(..., description="Their time zone.")
    ask_me_about: str


class ProjectCardOut(Schema):
    url: str | None = Field(
        ...,
        description="The signed link for the client; null unless the token's user is an "
        "organiser (as on the card's page).",
    )
    people: list[ProjectCardPersonOut] = Field(..., description="Who is who; never an email.")


class ProjectCardLinkOut(Schema):
    url: str = Field(..., description="The new link; those shared before no longer work.")


# --- series ---------------------------------------------------------------------------------


class ProjectSeriesSkippedOut(Schema):
    on: datetime.date
    why: str = Field(..., description="The holidays and where they are kept.")


class ProjectSeriesOut(Schema):
    id: int
    name: str
    kind: str
    circle: str
    sub_project: str
    member_ids: list[int] = Field(..., description="Roster member ids invited, as of now.")
    rule: str = Field(..., description="The RRULE, on the series' wall clock.")
    cadence: str = Field(..., description="The rule in words.")
    starts_on: datetime.date
    at: str = Field(..., description="HH:MM in the series' zone.")
    minutes: int
    timezone: str = Field(..., description="Empty: the project's (else the organisation's).")
    language: str = Field(..., description="Empty: the project's.")
    agenda: str
    video_url: str
    with_checkins: bool
    ended_on: datetime.date | None
    next_start: str | None = Field(..., description="ISO 8601; null when it has ended.")
    skipped: list[ProjectSeriesSkippedOut] = Field(
        ..., description="Days left out for a holiday, from today on for a year."
    )


class ProjectSeriesPage(Schema):
    count: int
    next: str | None
    previous: str | None
    results: list[ProjectSeriesOut]


class ProjectSeriesPatch(_ProjectsIn):
    """Only the fields sent change; everyone in the circle gets the series again."""

    name: str = omittable(min_length=1, max_length=NAME_MAX)
    kind: SeriesKindValue = omittable()
    preset: PresetValue = omittable(
        description="How often; with weekday and nth. Default: the kind's usual cadence."
    )
    weekday: WeekdayValue = omittable(description="Default: the first day's.")
    nth: Nth = omittable(description="For monthly: which one in the month (-1: the last).")
    rule: str = omittable(
        max_length=300,
        examples=["FREQ=WEEKLY;BYDAY=MO,TH"],
        description="A rule of one's own; when given, preset, weekday and nth are ignored.",
    )
    starts_on: IsoDate = omittable(examples=["2026-12-10"])
    at: LocalTime = omittable(examples=["16:00"], description="In the series' zone.")
    minutes: StrictInt = omittable(ge=MINUTES[0], le=MINUTES[1])
    circle: SeriesCircleValue = omittable(description="Default: roster (everyone).")
    sub_project: str = omittable(max_length=80)
    member_ids: list[BodyId] = omittable(
        max_length=200, description="Roster member ids, for chosen people and check-ins."
    )
    timezone: str = omittable(max_length=64, examples=["Europe/Berlin"])
    language: ProjectLanguage = omittable()
    agenda: str = omittable(max_length=4000)
    video_url: str = omittable(max_length=500, description="Default: a room of its own.")
    with_checkins: StrictBool = omittable(description="Async check-ins in between, our side.")


class ProjectSeriesCreate(ProjectSeriesPatch):
    name: str = Field(..., min_length=1, max_length=NAME_MAX, examples=["Weekly with the client"])
    kind: SeriesKindValue = Field(..., examples=["weekly"])
    starts_on: IsoDate = Field(..., examples=["2026-12-10"])
    at: LocalTime = Field(..., examples=["16:00"], description="In the series' zone.")


class ProjectSeriesEndIn(_ProjectsIn):
    on: IsoDate = omittable(description="The last day with a meeting; default: today.")


class ProjectMeetingHeldIn(_ProjectsIn):
    on: IsoDate = Field(..., description="A day of the series, today or before.")
    held: StrictBool


class ProjectMeetingHeldOut(Schema):
    series_id: int
    on: datetime.date
    held: bool


class ProjectCheckinNoteIn(_ProjectsIn):
    on: IsoDate = Field(..., description="The check-in's day, today or before.")
    text: str = Field(..., min_length=1, max_length=20000)


class ProjectCheckinNoteOut(Schema):
    note_id: int = Field(..., description="The note, private to the token's user.")
    touch_id: int | None = Field(..., description="The touch with the client's people invited.")
