"""Every ritual whose time has come, for one organisation: what `hallway ritual run-due` and
the worker's periodic job run. Each part is safe to repeat (see its service)."""

import datetime
from dataclasses import asdict, dataclass, field

from hallway.accounts.models import Organisation
from hallway.rituals.services.standups_run import StandupsReport, standups_run_due


@dataclass
class RitualsReport:
    """What one run did, per part."""

    standups: StandupsReport = field(default_factory=StandupsReport)

    def as_dict(self) -> dict[str, dict[str, int]]:
        return {"standups": asdict(self.standups)}


def rituals_run_due(*, organisation: Organisation, now: datetime.datetime) -> RitualsReport:
    """Ask, remind and send digests (stand-ups) for `organisation` at `now`."""
    report = RitualsReport()
    report.standups = standups_run_due(organisation=organisation, now=now)
    return report
