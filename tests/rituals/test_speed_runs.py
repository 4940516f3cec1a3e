"""run-due asks a whole zone group at once (one insert of check-ins or invites, one enqueue)
with a fixed number of queries, and keeps the one-by-one guarantees when it cannot: a
concurrent run that asked someone a moment ago, or one person's message that cannot be
queued."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from hallway.messaging.models import OutboxMessage
from hallway.rituals.models import CheckIn, CheckInStatus, PulseInvite, PulseRound
from hallway.rituals.services import pulse_rounds, standups_run
from hallway.rituals.services.pulse_rounds import pulse_run_due
from hallway.rituals.services.standups_run import standups_run_due
from tests.factories import make_person, make_team
from tests.rituals.standup_helpers import MONDAY, at, make_standup
from tests.rituals.test_pulse_rounds import DAY, make_pulse


def _asks(organisation, template="rituals_standup_ask"):
    return OutboxMessage.objects.filter(organisation=organisation, template=template)


def _team_of(organisation, count, name="Platform"):
    team = make_team(organisation, name)
    people = [make_person(organisation, f"Person {name} {n:02}", team=team) for n in range(count)]
    return team, people


def _standup_queries(organisation, count):
    team, _people = _team_of(organisation, count, name=f"Team {count}")
    make_standup(organisation, team=team, name=f"Daily {count}")
    with CaptureQueriesContext(connection) as queries:
        report = standups_run_due(organisation=organisation, now=at(MONDAY, 8, 0))
    assert report.asked == count
    return len(queries)


def test_asking_a_stand_up_takes_as_many_queries_for_twenty_people_as_for_three(acme, globex):
    assert _standup_queries(globex, 20) == _standup_queries(acme, 3)


def test_a_concurrent_run_that_asked_someone_leaves_them_to_it(acme, monkeypatch):
    team, people = _team_of(acme, 4)
    standup = make_standup(acme, team=team)
    raced = people[2]
    original = standups_run._digest_for

    def concurrent_run_first(occurrence, ask, cutoff, digests=None):
        digest = original(occurrence, ask, cutoff, digests)
        if not CheckIn.objects.filter(person=raced).exists():  # the other run's check-in
            CheckIn.objects.create(
                organisation=acme,
                occurrence=occurrence,
                digest=digest,
                person=raced,
                ask_at=ask,
                closes_at=digest.closes_at,
                asked_at=ask,
            )
        return digest

    monkeypatch.setattr(standups_run, "_digest_for", concurrent_run_first)
    report = standups_run_due(organisation=acme, now=at(MONDAY, 8, 0))

    assert report.asked == 3
    for person in people:
        assert CheckIn.objects.filter(occurrence__standup=standup, person=person).count() == 1
    assert sorted(_asks(acme).values_list("person__name", flat=True)) == sorted(
        p.name for p in people if p != raced
    )
    assert CheckIn.objects.exclude(person=raced).filter(asked_at=at(MONDAY, 8, 0)).count() == 3


def test_one_message_that_cannot_be_queued_does_not_stop_the_others(acme):
    team, people = _team_of(acme, 3)
    unreadable = make_person(acme, "Zoe Klingon", team=team, preferred_language="tlh")
    make_standup(acme, team=team)

    report = standups_run_due(organisation=acme, now=at(MONDAY, 8, 0))

    assert report.asked == 3
    assert sorted(_asks(acme).values_list("person__name", flat=True)) == [p.name for p in people]
    row = CheckIn.objects.get(person=unreadable)
    assert row.status == CheckInStatus.PENDING
    assert row.asked_at is None


def _pulse_queries(organisation, count):
    _team_of(organisation, count, name=f"Team {count}")
    make_pulse(organisation)
    pulse_run_due(organisation=organisation, now=at(DAY, 8, 0))  # the round opens
    with CaptureQueriesContext(connection) as queries:
        report = pulse_run_due(organisation=organisation, now=at(DAY, 9, 0))
    assert report.asked == count
    return len(queries)


def test_asking_a_pulse_takes_as_many_queries_for_twenty_people_as_for_three(acme, globex):
    assert _pulse_queries(globex, 20) == _pulse_queries(acme, 3)


def test_a_concurrent_pulse_run_that_asked_someone_leaves_them_to_it(acme, monkeypatch):
    _team, people = _team_of(acme, 4)
    make_pulse(acme)
    pulse_run_due(organisation=acme, now=at(DAY, 8, 0))
    round = PulseRound.objects.get()
    raced = people[1]
    calendar = pulse_rounds.AbsenceCalendar

    class ConcurrentRunFirst(calendar):  # type: ignore[misc,valid-type]
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            PulseInvite.objects.get_or_create(organisation=acme, round=round, person=raced)

    monkeypatch.setattr(pulse_rounds, "AbsenceCalendar", ConcurrentRunFirst)
    report = pulse_run_due(organisation=acme, now=at(DAY, 9, 0))

    assert report.asked == 3
    assert PulseInvite.objects.filter(round=round).count() == 4
    names = sorted(_asks(acme, "pulse_ask").values_list("person__name", flat=True))
    assert names == sorted(p.name for p in people if p != raced)


def test_an_idle_pulse_run_reads_no_ones_whole_row(acme):
    """Nobody left to ask and no reminder due yet: ids and zones only."""
    _team_of(acme, 5)
    make_pulse(acme)
    pulse_run_due(organisation=acme, now=at(DAY, 9, 0))
    with CaptureQueriesContext(connection) as queries:
        report = pulse_run_due(organisation=acme, now=at(DAY, 9, 0) + datetime.timedelta(minutes=5))
    assert report.asked == 0
    assert not any('"people_person"."email"' in q["sql"] for q in queries.captured_queries)


def _reminder_queries(organisation, count):
    team, _people = _team_of(organisation, count, name=f"Team {count}")
    make_standup(organisation, team=team, name=f"Daily {count}")
    standups_run_due(organisation=organisation, now=at(MONDAY, 8, 0))
    with CaptureQueriesContext(connection) as queries:
        report = standups_run_due(organisation=organisation, now=at(MONDAY, 9, 30))
    assert report.reminded == count
    return len(queries)


def test_reminding_takes_as_many_queries_for_twenty_people_as_for_three(acme, globex):
    assert _reminder_queries(globex, 20) == _reminder_queries(acme, 3)
    assert _asks(acme, "rituals_standup_reminder").count() == 3
