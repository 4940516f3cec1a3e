"""Every ritual whose time has come, for one organisation: what `hallway ritual run-due` and
the worker's periodic job run. Each part is safe to repeat (see its service)."""

import datetime
from dataclasses import asdict, dataclass, field

from hallway.accounts.models import Organisation
from hallway.rituals.services.pulse_rounds import PulsesReport, pulse_run_due
from hallway.rituals.services.standups_run import StandupsReport, standups_run_due


@dataclass
class RitualsReport:
    """What one run did, per part."""

    standups: StandupsReport = field(default_factory=StandupsReport)
    pulses: PulsesReport = field(default_factory=PulsesReport)

    def as_dict(self) -> dict[str, dict[str, int]]:
        return {"standups": asdict(self.standups), "pulses": asdict(self.pulses)}

    @property
    def queued(self) -> int:
        """How many messages the run put in the outbox."""
        s, p = self.standups, self.pulses
        return s.asked + s.reminded + s.digests + s.video_invitations + p.asked + p.reminded


def rituals_run_due(*, organisation: Organisation, now: datetime.datetime) -> RitualsReport:
    """Ask, remind and send digests (stand-ups), and open, ask, remind and close rounds
    (pulses) for `organisation` at `now`."""
    return RitualsReport(
        standups=standups_run_due(organisation=organisation, now=now),
        pulses=pulse_run_due(organisation=organisation, now=now),
    )
