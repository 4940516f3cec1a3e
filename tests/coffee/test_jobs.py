"""The coffee scheduler job: plans and announces on the cadence, reminds, closes; twice is once."""

import datetime

import pytest

from hallway.coffee.jobs import coffee_rounds_run
from hallway.coffee.models import Cadence, Pairing, PairingMember, Round, RoundStatus
from hallway.coffee.round_dates import round_start
from hallway.coffee.tasks import coffee_rounds
from hallway.core.scheduler import installed_registry
from hallway.messaging.models import OutboxMessage

# Tuesday 3 March 2026 is a cadence day (weekday 2, 09:00 Berlin = 08:00 UTC).
DAY = datetime.date(2026, 3, 3)
START = datetime.datetime(2026, 3, 3, 8, 0, tzinfo=datetime.UTC)


@pytest.fixture
def weekly(program, members):
    program.cadence = Cadence.WEEKLY
    program.weekday = 2
    program.hour = 9
    program.first_round_on = DAY
    program.automatic = True
    program.save()
    return program


def intro_count():
    return OutboxMessage.objects.filter(message_type="coffee_intro").count()


def test_the_job_is_registered_every_15_minutes():
    job = next(j for j in installed_registry().jobs() if j.name == "coffee.rounds")
    assert job.task is coffee_rounds
    assert job.schedule.period == datetime.timedelta(minutes=15)


def test_nothing_happens_before_the_round_starts(weekly):
    assert round_start(weekly, DAY) == START
    report = coffee_rounds_run(now=START - datetime.timedelta(minutes=1))
    assert report.planned == []
    assert not Round.objects.exists()


def test_an_automatic_program_is_planned_and_announced_once(weekly):
    first = coffee_rounds_run(now=START)
    round = Round.objects.get()
    assert first.planned == [round.pk]
    assert first.announced == [round.pk]
    assert round.status == RoundStatus.ANNOUNCED
    assert round.scheduled_for == DAY
    assert intro_count() == 4  # two pairs
    again = coffee_rounds_run(now=START)
    later = coffee_rounds_run(now=START + datetime.timedelta(minutes=15))
    assert again.planned == again.announced == later.planned == later.announced == []
    assert Round.objects.count() == 1
    assert intro_count() == 4


def test_a_reviewed_program_is_planned_ahead_and_waits_for_the_organiser(weekly):
    weekly.automatic = False
    weekly.save()
    coffee_rounds_run(now=START - datetime.timedelta(days=2))
    round = Round.objects.get()
    assert round.status == RoundStatus.PLANNED
    coffee_rounds_run(now=START + datetime.timedelta(hours=1))
    round.refresh_from_db()
    assert round.status == RoundStatus.PLANNED
    assert not OutboxMessage.objects.exists()


def test_reminders_half_way_then_closing_at_the_end(weekly):
    coffee_rounds_run(now=START)
    round = Round.objects.get()
    middle = round.starts_at + (round.ends_at - round.starts_at) / 2
    assert coffee_rounds_run(now=middle - datetime.timedelta(minutes=15)).reminders == 0
    assert coffee_rounds_run(now=middle).reminders == 4
    assert coffee_rounds_run(now=middle + datetime.timedelta(minutes=15)).reminders == 0
    assert Pairing.objects.filter(reminded_at=middle).count() == 2
    report = coffee_rounds_run(now=round.ends_at)
    round.refresh_from_db()
    assert report.closed == [round.pk]
    assert round.status == RoundStatus.CLOSED
    # The next week's round starts when this one ends: planned and announced in the same run.
    assert Round.objects.filter(status=RoundStatus.ANNOUNCED).count() == 1
    assert PairingMember.objects.filter(pairing__round__status=RoundStatus.CLOSED).count() == 4


def test_an_archived_program_is_left_alone(weekly):
    weekly.archived_at = START
    weekly.save()
    coffee_rounds_run(now=START)
    assert not Round.objects.exists()


def test_one_broken_program_does_not_stop_the_others(weekly, monkeypatch, acme):
    from hallway.coffee import jobs
    from tests.factories import make_program

    other = make_program(
        acme, name="Leaders", slug="leaders", first_round_on=DAY, weekday=2, cadence="weekly"
    )
    real = jobs.round_plan

    def flaky(*, program, now, dry_run=False):
        if program.pk == other.pk:
            raise RuntimeError("boom")
        return real(program=program, now=now)

    monkeypatch.setattr(jobs, "round_plan", flaky)
    report = coffee_rounds_run(now=START)
    assert report.failed == ["leaders"]
    assert Round.objects.filter(program=weekly).count() == 1


def test_a_round_that_cannot_be_closed_does_not_stop_the_rest(weekly, monkeypatch):
    from hallway.coffee import jobs

    coffee_rounds_run(now=START)
    round = Round.objects.get()

    def broken(*, round, now):
        raise RuntimeError("boom")

    monkeypatch.setattr(jobs, "round_close", broken)
    report = coffee_rounds_run(now=round.ends_at)
    assert report.failed == [f"round {round.pk}"]
    assert report.closed == []
    # The next round is still planned and announced in the same run.
    assert Round.objects.filter(status=RoundStatus.ANNOUNCED).count() == 2


def test_the_task_runs_the_job(weekly, time_machine):
    time_machine.move_to(START)
    result = coffee_rounds.call()
    assert len(result["announced"]) == 1
