"""A project's health at a glance, and the projects in the order they need attention.

The attention score adds up what a project lead should look at, so the list puts the
project most in need first:

- 3 for every overdue 1:1 (a required pair still missing or declined after its weeks),
- 2 when fewer than half of the required 1:1s took place or are planned,
- 2 when the sponsor has not been in touch for more than 30 days (or never was),
- 2 when fewer than 80 % of the rhythm's meetings so far took place,
- 1 for every open blocker.

Done projects come last whatever their score; ties go by name.
"""

import datetime
import zoneinfo
from dataclasses import dataclass

from hallway.accounts.models import Organisation
from hallway.projects.models import Project, ProjectStatus
from hallway.projects.selectors.coverage import PLANNED, project_coverage
from hallway.projects.selectors.roster import projects_of
from hallway.projects.selectors.series import CadenceKept, cadence_kept, open_blockers

OVERDUE_POINTS = 3
LOW_COVERAGE_POINTS = 2
LOW_COVERAGE = 0.5
QUIET_SPONSOR_POINTS = 2
QUIET_SPONSOR_DAYS = 30
LOW_CADENCE_POINTS = 2
LOW_CADENCE = 0.8
BLOCKER_POINTS = 1


@dataclass(frozen=True)
class ProjectHealth:
    project: Project
    covered: int
    planned: int
    required: int
    overdue: int
    cadence: CadenceKept
    # Days since the last touch with the sponsor; None without a sponsor or a touch.
    sponsor_days: int | None
    blockers: int

    @property
    def has_sponsor(self) -> bool:
        return self.project.sponsor_id is not None

    @property
    def low_coverage(self) -> bool:
        return self.required > 0 and self.covered + self.planned < LOW_COVERAGE * self.required

    @property
    def sponsor_quiet(self) -> bool:
        return self.has_sponsor and (
            self.sponsor_days is None or self.sponsor_days > QUIET_SPONSOR_DAYS
        )

    @property
    def cadence_percent(self) -> int | None:
        if not self.cadence.planned:
            return None
        return round(100 * self.cadence.held / self.cadence.planned)

    @property
    def low_cadence(self) -> bool:
        return self.cadence.planned > 0 and self.cadence.held < LOW_CADENCE * self.cadence.planned

    @property
    def score(self) -> int:
        return (
            OVERDUE_POINTS * self.overdue
            + (LOW_COVERAGE_POINTS if self.low_coverage else 0)
            + (QUIET_SPONSOR_POINTS if self.sponsor_quiet else 0)
            + (LOW_CADENCE_POINTS if self.low_cadence else 0)
            + BLOCKER_POINTS * self.blockers
        )

    @property
    def done(self) -> bool:
        return self.project.status == ProjectStatus.DONE


def _sponsor_days(project: Project, today: datetime.date) -> int | None:
    sponsor = project.sponsor
    contact = sponsor.contact if sponsor is not None else None
    if contact is None or contact.last_touch_at is None:
        return None
    zone = zoneinfo.ZoneInfo(project.organisation.timezone)
    return max((today - contact.last_touch_at.astimezone(zone).date()).days, 0)


def project_health(project: Project, today: datetime.date) -> ProjectHealth:
    coverage = project_coverage(project=project)
    return ProjectHealth(
        project=project,
        covered=coverage.covered,
        planned=sum(1 for pair in coverage.pairs if pair.status == PLANNED),
        required=coverage.required,
        overdue=sum(1 for pair in coverage.pairs if pair.overdue(today)),
        cadence=cadence_kept(project=project, today=today),
        sponsor_days=_sponsor_days(project, today),
        blockers=open_blockers(project=project),
    )


def projects_by_attention(organisation: Organisation, today: datetime.date) -> list[ProjectHealth]:
    """The organisation's projects, most in need of attention first (see the module
    docstring), done ones last."""
    healths = [
        project_health(project, today)
        for project in projects_of(organisation).select_related("organisation", "sponsor__contact")
    ]
    healths.sort(key=lambda h: (h.done, -h.score, h.project.name.casefold(), h.project.pk))
    return healths
