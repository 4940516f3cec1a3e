"""The engine's vocabulary: plain, frozen dataclasses with no behaviour beyond validation.

Adapters (the web layer, the CLI) map their data onto these; the engine returns a `Plan`
whose reasons are codes, never translated text.
"""

import datetime
from dataclasses import dataclass, field
from typing import Literal

PairKey = frozenset[str]


def pair_key(a: str, b: str) -> PairKey:
    """The order-free key of two people."""
    return frozenset((a, b))


@dataclass(frozen=True)
class Participant:
    """Someone who can be paired this round."""

    id: str
    team: str = ""
    department: str = ""
    location: str = ""
    timezone: str = "UTC"
    work_start: datetime.time = datetime.time(9, 0)
    work_end: datetime.time = datetime.time(17, 0)
    working_days: frozenset[int] = frozenset({1, 2, 3, 4, 5})  # ISO weekdays
    languages: frozenset[str] = frozenset()
    interests: frozenset[str] = frozenset()
    manager: str | None = None
    start_date: datetime.date | None = None


@dataclass(frozen=True)
class PastMeeting:
    """An earlier pairing: `met` is False when it was planned but did not happen."""

    people: frozenset[str]
    date: datetime.date
    met: bool = True


@dataclass(frozen=True)
class Preferences:
    """Weights of what makes a pair good. A negative weight prefers the opposite ("same team")."""

    different_team: float = 1.0
    different_department: float = 0.5
    different_location: float = 0.5
    shared_interest: float = 0.3
    # Bonus for a pair whose weekly working-hours overlap reaches the cap (scoring.py);
    # 0 skips computing overlaps unless `Rules.min_overlap_minutes` needs them.
    overlap: float = 0.5


@dataclass(frozen=True)
class Rules:
    """A program's pairing rules."""

    group_size: Literal[2, 3] = 2
    avoid_repeat_days: int = 90
    prefer: Preferences = field(default_factory=Preferences)
    require_shared_language: bool = False
    min_overlap_minutes: int = 0
    forbid: frozenset[PairKey] = frozenset()
    force: frozenset[PairKey] = frozenset()
    odd: Literal["trio", "sit_out"] = "trio"
    never_with_manager: bool = True
    onboarding_weeks: int = 6
    meeting_minutes: int = 30


@dataclass(frozen=True)
class Slot:
    """A meeting time, in UTC and as each member's local wall-clock time."""

    start: datetime.datetime  # aware, UTC
    end: datetime.datetime  # aware, UTC
    local: tuple[tuple[str, datetime.datetime, datetime.datetime], ...] = ()


@dataclass(frozen=True)
class RankedSlot:
    """A meeting time that may not suit everyone: who has it inside their working hours.

    `inside` and `outside` hold participant ids, in the order the members were given.
    """

    start: datetime.datetime  # aware, UTC
    end: datetime.datetime  # aware, UTC
    inside: tuple[str, ...]
    outside: tuple[str, ...]


@dataclass(frozen=True)
class Group:
    """Two (or three) people who meet, with the score and reason codes behind the choice."""

    members: tuple[str, ...]
    score: float
    reasons: tuple[str, ...] = ()
    slots: tuple[Slot, ...] = ()


@dataclass(frozen=True)
class Unmatched:
    """Someone left out this round, and why (a reason code)."""

    id: str
    reason: str


@dataclass(frozen=True)
class Plan:
    groups: tuple[Group, ...]
    unmatched: tuple[Unmatched, ...]
    objective: float
