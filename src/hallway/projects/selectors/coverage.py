"""1:1 coverage: which of ours has met which key counterpart on the other side.

A pair is *required* when one of the two is a key counterpart: every member should meet
each key counterpart across the table, within the project's `coverage_weeks` of the later
of the two joining. Its status comes from the project's 1:1s: met (any that took place),
else planned (one in the calendar), else declined (the last answer was no), else missing
(never planned, or it did not happen and waits to be planned again). A 1:1 nobody answered
for two weeks after it counts as not held (`services.due`), so its pair is missing again.
"""

import datetime
from dataclasses import dataclass

from hallway.accounts.tenancy import scoped
from hallway.projects.models import OneOnOne, OneOnOneStatus, Project, RosterMember
from hallway.projects.selectors.roster import roster_of, sides

MET = "met"
PLANNED = "planned"
MISSING = "missing"
DECLINED = "declined"


@dataclass(frozen=True)
class Pair:
    ours: RosterMember
    theirs: RosterMember
    status: str
    at: datetime.datetime | None
    due: datetime.date
    one_on_one: OneOnOne | None

    def overdue(self, today: datetime.date) -> bool:
        return self.status in (MISSING, DECLINED) and self.due < today


@dataclass(frozen=True)
class Coverage:
    ours: list[RosterMember]
    theirs: list[RosterMember]
    pairs: list[Pair]

    @property
    def required(self) -> int:
        return len(self.pairs)

    @property
    def covered(self) -> int:
        return sum(1 for p in self.pairs if p.status == MET)

    @property
    def missing(self) -> list[Pair]:
        return [p for p in self.pairs if p.status == MISSING]

    def cell(self, ours: RosterMember, theirs: RosterMember) -> Pair | None:
        return self._cells().get((ours.pk, theirs.pk))

    def _cells(self) -> dict[tuple[int, int], Pair]:
        cells = self.__dict__.get("_cell_map")
        if cells is None:
            cells = {(p.ours.pk, p.theirs.pk): p for p in self.pairs}
            object.__setattr__(self, "_cell_map", cells)
        return cells

    def rows(self) -> list[tuple[RosterMember, list[Pair | None]]]:
        """The matrix: ours down, theirs across; None where no 1:1 is required."""
        return [(o, [self.cell(o, t) for t in self.theirs]) for o in self.ours]


def required(ours: RosterMember, theirs: RosterMember) -> bool:
    return ours.key_counterpart or theirs.key_counterpart


def _status(meetings: list[OneOnOne]) -> tuple[str, datetime.datetime | None, OneOnOne | None]:
    for status, code in (
        (OneOnOneStatus.MET, MET),
        (OneOnOneStatus.PLANNED, PLANNED),
    ):
        found = [m for m in meetings if m.status == status]
        if found:
            last = found[-1]
            return code, last.start or last.answered_at, last
    answered = [
        m for m in meetings if m.status in (OneOnOneStatus.DECLINED, OneOnOneStatus.NOT_YET)
    ]
    if answered and answered[-1].status == OneOnOneStatus.DECLINED:
        return DECLINED, answered[-1].answered_at, answered[-1]
    return MISSING, None, None


def project_coverage(*, project: Project, members: list[RosterMember] | None = None) -> Coverage:
    members = roster_of(project) if members is None else members
    ours, theirs = sides(members)
    meetings: dict[tuple[int, int], list[OneOnOne]] = {}
    for meeting in (
        scoped(OneOnOne, project.organisation).filter(project=project).order_by("created_at", "id")
    ):
        meetings.setdefault((meeting.ours_id, meeting.theirs_id), []).append(meeting)
    weeks = datetime.timedelta(weeks=project.coverage_weeks)
    pairs = []
    for o in ours:
        for t in theirs:
            if not required(o, t):
                continue
            status, at, latest = _status(meetings.get((o.pk, t.pk), []))
            due = max(o.joined_on, t.joined_on, project.starts_on) + weeks
            pairs.append(Pair(o, t, status, at, due, latest))
    return Coverage(ours=ours, theirs=theirs, pairs=pairs)
