"""Everything of outreach that is due in one organisation, in one idempotent run (the
worker every five minutes, `hallway sequences run-due`).

First what the outbox has sent becomes touches (so a sequence sees its own mail, and any
colleague's touch, before its next step); then each part drafts what is due (sequence
steps, quiet-client proposals and fallbacks, freeze follow-ups and reminders, contractor
check-ins); last, due messages are released into the outbox inside each contact's hours.
Every step is decided by conditional updates and unique keys, so a repeated or concurrent
run does nothing twice.
"""

import datetime
from dataclasses import asdict, dataclass

from hallway.accounts.models import Organisation
from hallway.outreach.services.care import care_run_due
from hallway.outreach.services.freezes import freezes_run_due
from hallway.outreach.services.personal import (
    personal_messages_reconcile,
    personal_messages_release,
)
from hallway.outreach.services.quiet import quiet_run_due
from hallway.outreach.services.sequences_run import sequences_run_due


@dataclass
class DueReport:
    settled: int = 0
    sequences: int = 0
    quiet: int = 0
    freezes: int = 0
    check_ins: int = 0
    queued: int = 0
    held: int = 0
    blocked: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


def outreach_run_due(*, organisation: Organisation, now: datetime.datetime) -> DueReport:
    report = DueReport()
    report.settled = personal_messages_reconcile(organisation=organisation, now=now)
    report.sequences = sequences_run_due(organisation=organisation, now=now)
    report.quiet = quiet_run_due(organisation=organisation, now=now)
    report.freezes = freezes_run_due(organisation=organisation, now=now)
    report.check_ins = care_run_due(organisation=organisation, now=now)
    released = personal_messages_release(organisation=organisation, now=now)
    report.queued, report.held, report.blocked = released.queued, released.held, released.blocked
    return report
