"""Where a project's kickoff stands: who is invited, who has told about themselves, and
whose hours the scheduled time misses."""

from dataclasses import dataclass

from hallway.projects.models import Project, RosterMember
from hallway.projects.selectors.roster import roster_of
from hallway.projects.services.kickoff import PaysThePrice, who_pays


@dataclass(frozen=True)
class KickoffState:
    members: list[RosterMember]
    answered: list[RosterMember]
    waiting: list[RosterMember]
    scheduled_pays: list[PaysThePrice]


def kickoff_state(*, project: Project) -> KickoffState:
    members = roster_of(project)
    scheduled = project.kickoff_at is not None and project.kickoff_sequence > 0
    return KickoffState(
        members=members,
        answered=[m for m in members if m.about_answered_at is not None],
        waiting=[m for m in members if m.about_answered_at is None],
        scheduled_pays=(
            who_pays(
                project=project,
                members=members,
                start=project.kickoff_at,
                minutes=project.kickoff_minutes,
            )
            if scheduled and project.kickoff_at is not None
            else []
        ),
    )
