"""The coffee scheduler job: close finished rounds, remind mid-round, plan and announce.

Idempotent by construction: a round is unique per program and date (`round_plan` returns
the existing one), every status change is a conditional update, and every message has an
idempotency key. So the job can run any number of times, in any number of workers.
"""

import contextlib
import datetime
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field

from hallway.coffee.models import Program, Round, RoundStatus
from hallway.coffee.round_dates import next_round_date, round_start
from hallway.coffee.services.announcing import round_announce, round_close, round_remind
from hallway.coffee.services.planning import round_plan
from hallway.core.timezones import organisation_today

logger = logging.getLogger("hallway.coffee")

# Programs an organiser reviews are planned this long before the round starts, so the plan
# is waiting for them; automatic programs are planned and announced when the round starts.
REVIEW_AHEAD = datetime.timedelta(days=2)


@dataclass
class JobReport:
    planned: list[int] = field(default_factory=list)
    announced: list[int] = field(default_factory=list)
    reminders: int = 0
    closed: list[int] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


@contextlib.contextmanager
def _isolated(report: JobReport, round: Round, what: str) -> Iterator[None]:
    """One round's problem (a message that cannot be queued, bad data) must not stop the
    other rounds or the planning; it is logged and reported, and the next run tries again."""
    try:
        yield
    except Exception:
        logger.exception("coffee: round %s could not be %s", round.pk, what)
        report.failed.append(f"round {round.pk}")


def _close_finished(now: datetime.datetime, report: JobReport) -> None:
    for round in Round.objects.filter(status=RoundStatus.ANNOUNCED, ends_at__lte=now):
        with _isolated(report, round, "closed"):
            round_close(round=round, now=now)
            report.closed.append(round.pk)


def _remind_midway(now: datetime.datetime, report: JobReport) -> None:
    # Half-way: starts_at + (ends_at - starts_at) / 2 <= now, i.e. starts_at + ends_at <= 2 now.
    due = Round.objects.filter(
        status=RoundStatus.ANNOUNCED, reminded_at__isnull=True, ends_at__gt=now
    ).select_related("program")
    for round in due:
        if round.starts_at + (round.ends_at - round.starts_at) / 2 <= now:
            with _isolated(report, round, "reminded"):
                report.reminders += round_remind(round=round, now=now)


def _plan_due(now: datetime.datetime, report: JobReport) -> None:
    programs = Program.objects.filter(archived_at__isnull=True).select_related("organisation")
    for program in programs:
        try:
            today = organisation_today(program.organisation, now)
            day = next_round_date(program=program, today=today)
            starts = round_start(program, day)
            ahead = datetime.timedelta(0) if program.automatic else REVIEW_AHEAD
            if now < starts - ahead:
                continue
            planned = round_plan(program=program, now=now)
            round = planned.round
            if round is None:
                continue
            if round.planned_at == now:
                report.planned.append(round.pk)
            if program.automatic and round.status == RoundStatus.PLANNED and now >= starts:
                round_announce(round=round, now=now)
                report.announced.append(round.pk)
        except Exception:
            # One program's problem (bad data, a full disk for its round) must not stop the
            # others; the next run tries it again.
            logger.exception("coffee: program %s could not be planned", program.pk)
            report.failed.append(program.slug)


def coffee_rounds_run(*, now: datetime.datetime) -> JobReport:
    """Everything due at `now`, in order: close, remind, then plan and announce."""
    report = JobReport()
    _close_finished(now, report)
    _remind_midway(now, report)
    _plan_due(now, report)
    return report
