"""Reads of a project's meeting rhythm: how well it is kept, and what blocks the work."""

import datetime
from dataclasses import dataclass

from hallway.projects.models import Project


@dataclass(frozen=True)
class CadenceKept:
    """Meetings of the project's series that took place, of those planned so far."""

    held: int
    planned: int


def cadence_kept(*, project: Project, today: datetime.date) -> CadenceKept:
    """Occurrences up to `today` (not those on holidays left out of the series) and how many
    of them took place."""
    return CadenceKept(held=0, planned=0)


def open_blockers(*, project: Project) -> int:
    """Blockers named in the project's async check-ins and not yet resolved."""
    return 0
