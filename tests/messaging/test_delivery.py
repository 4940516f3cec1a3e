import datetime
import random

import pytest
import time_machine

from hallway.core.liveness import heartbeat_beat
from hallway.messaging.channels.base import TransportError
from hallway.messaging.delivery import (
    BACKOFF_BASE,
    BACKOFF_CAP,
    LEASE,
    MAX_ATTEMPTS,
    Deliverer,
    backoff_delay,
    outbox_claim,
)
from hallway.messaging.models import (
    AddressHealth,
    AttemptResult,
    HealthStatus,
    MessagingSettings,
    OutboxMessage,
    Status,
)
from hallway.messaging.services import suppression_add
from tests.messaging.conftest import WEDNESDAY_NOON, FakeTransport


def deliver(transport, *, now=WEDNESDAY_NOON, worker="w1"):
    with time_machine.travel(now, tick=False):
        return Deliverer(worker=worker, transports=lambda message: transport).run()


def test_due_messages_are_sent_once_and_recorded(enqueue, fake_transport):
    with time_machine.travel(WEDNESDAY_NOON, tick=False):
        first, second = enqueue("a"), enqueue("b")
    report = deliver(fake_transport)
    assert report.sent == 2
    assert fake_transport.sent == [first.pk, second.pk]
    assert fake_transport.opened == 1  # one connection for the whole run
    for message in (first, second):
        message.refresh_from_db()
        assert (message.status, message.attempt_count, message.claimed_by) == (Status.SENT, 1, "")
        assert message.external_id == f"fake-{message.pk}"
        (attempt,) = message.attempts.all()
        assert (attempt.result, attempt.number, attempt.worker) == (AttemptResult.SENT, 1, "w1")
    assert deliver(fake_transport).sent == 0  # nothing twice


def test_not_before_holds_a_message_back(enqueue, fake_transport):
    message = enqueue("later", not_before=WEDNESDAY_NOON + datetime.timedelta(hours=1))
    assert deliver(fake_transport).sent == 0
    assert deliver(fake_transport, now=WEDNESDAY_NOON + datetime.timedelta(hours=1)).sent == 1
    message.refresh_from_db()
    assert message.status == Status.SENT


def test_transient_errors_back_off_then_give_up(enqueue):
    with time_machine.travel(WEDNESDAY_NOON, tick=False):
        message = enqueue()
    transport = FakeTransport([TransportError("421 busy", permanent=False)] * MAX_ATTEMPTS)
    now = WEDNESDAY_NOON
    for attempt in range(1, MAX_ATTEMPTS):
        assert deliver(transport, now=now).retried == 1
        message.refresh_from_db()
        assert message.status == Status.QUEUED
        wait = message.due_at - now
        step = min(BACKOFF_BASE * 2 ** (attempt - 1), BACKOFF_CAP)
        assert step / 2 <= wait <= step, attempt
        assert deliver(transport, now=message.due_at - datetime.timedelta(seconds=1)).handled == 0
        now = message.due_at
    assert deliver(transport, now=now).failed == 1
    message.refresh_from_db()
    assert (message.status, message.attempt_count) == (Status.FAILED, MAX_ATTEMPTS)
    assert message.last_error == "421 busy"
    assert [a.result for a in message.attempts.all()] == [AttemptResult.RETRY] * (
        MAX_ATTEMPTS - 1
    ) + [AttemptResult.FAILED]


def test_backoff_doubles_with_jitter_and_a_cap():
    rng = random.Random(7)
    delays = [backoff_delay(n, rng=rng) for n in range(1, 20)]
    assert BACKOFF_BASE / 2 <= delays[0] <= BACKOFF_BASE
    assert max(delays) <= BACKOFF_CAP
    assert len({round(d.total_seconds()) for d in delays[-5:]}) > 1  # jittered at the cap


def test_a_permanent_error_stops_and_marks_the_address_failing(enqueue, acme):
    with time_machine.travel(WEDNESDAY_NOON, tick=False):
        message = enqueue()
    transport = FakeTransport([TransportError("550 no such user", permanent=True)])
    assert deliver(transport).failed == 1
    message.refresh_from_db()
    assert (message.status, message.attempt_count) == (Status.FAILED, 1)
    health = AddressHealth.objects.get(organisation=acme, address="someone@example.com")
    assert (health.status, health.failures, health.last_error) == (
        HealthStatus.FAILING,
        1,
        "550 no such user",
    )


def test_a_channel_error_marks_the_channel_and_a_success_heals_it(enqueue, acme):
    with time_machine.travel(WEDNESDAY_NOON, tick=False):
        enqueue("a")
        enqueue("b")
    transport = FakeTransport([TransportError("invalid_auth", permanent=True, scope="channel")])
    report = deliver(transport)
    assert (report.failed, report.sent) == (1, 1)
    health = AddressHealth.objects.get(organisation=acme, channel="email", address="")
    # The second message went through after the first failed: the channel works again.
    assert health.status == HealthStatus.OK


def test_suppressed_addresses_get_nothing_but_transactional_mail(enqueue, carol, acme):
    suppression_add(organisation=acme, channel="email", address="CAROL@acme.test")
    with time_machine.travel(WEDNESDAY_NOON, tick=False):
        meeting = enqueue("m", person=carol, message_type="meeting", context={})
        test = enqueue("t", person=carol)
    transport = FakeTransport()
    report = deliver(transport)
    assert (report.suppressed, report.sent) == (1, 1)
    assert transport.sent == [test.pk]
    meeting.refresh_from_db()
    assert (meeting.status, meeting.attempts.count()) == (Status.SUPPRESSED, 0)


# Sending windows -------------------------------------------------------------------------

# 05:00 UTC on a Wednesday in March: 06:00 in Berlin, 02:00 in São Paulo.
EARLY = datetime.datetime(2026, 3, 18, 5, 0, tzinfo=datetime.UTC)


def test_people_get_messages_inside_their_own_working_hours(enqueue, carol, bruno):
    with time_machine.travel(EARLY, tick=False):
        to_carol = enqueue("c", person=carol, message_type="meeting", context={})
        to_bruno = enqueue("b", person=bruno, message_type="meeting", context={})
    transport = FakeTransport()
    assert deliver(transport, now=EARLY).deferred == 2
    to_carol.refresh_from_db()
    to_bruno.refresh_from_db()
    assert to_carol.due_at == datetime.datetime(2026, 3, 18, 8, 0, tzinfo=datetime.UTC)  # 09:00 CET
    assert to_bruno.due_at == datetime.datetime(
        2026, 3, 18, 12, 0, tzinfo=datetime.UTC
    )  # 09:00 BRT
    assert (to_carol.status, to_carol.attempt_count, to_carol.claimed_by) == (Status.QUEUED, 0, "")
    assert deliver(transport, now=to_carol.due_at).sent == 1
    assert deliver(transport, now=to_bruno.due_at).sent == 1
    assert transport.sent == [to_carol.pk, to_bruno.pk]


def test_working_hours_follow_daylight_saving_time(enqueue, carol):
    # Berlin switches to CEST on 29 March 2026: 09:00 local is then 07:00 UTC.
    monday_early = datetime.datetime(2026, 3, 30, 4, 0, tzinfo=datetime.UTC)
    with time_machine.travel(monday_early, tick=False):
        message = enqueue("dst", person=carol, message_type="meeting", context={})
    deliver(FakeTransport(), now=monday_early)
    message.refresh_from_db()
    assert message.due_at == datetime.datetime(2026, 3, 30, 7, 0, tzinfo=datetime.UTC)


def test_weekends_wait_for_monday(enqueue, carol):
    saturday = datetime.datetime(2026, 3, 21, 12, 0, tzinfo=datetime.UTC)
    with time_machine.travel(saturday, tick=False):
        message = enqueue("w", person=carol, message_type="meeting", context={})
    deliver(FakeTransport(), now=saturday)
    message.refresh_from_db()
    assert message.due_at == datetime.datetime(2026, 3, 23, 8, 0, tzinfo=datetime.UTC)


def test_nobody_is_pinged_while_out_of_office_or_on_their_locations_holiday(
    enqueue, acme, carol, bruno
):
    from hallway.absences.models import Holiday, OutOfOffice

    # Carol (Berlin) is out Wednesday to Friday; Berlin has its own holiday on Monday.
    OutOfOffice.objects.create(
        organisation=acme,
        person=carol,
        first_day=datetime.date(2026, 3, 18),
        last_day=datetime.date(2026, 3, 20),
    )
    Holiday.objects.create(
        organisation=acme, location=carol.location, date=datetime.date(2026, 3, 23), name="Ours"
    )
    with time_machine.travel(WEDNESDAY_NOON, tick=False):
        to_carol = enqueue("c", person=carol, message_type="meeting", context={})
        to_bruno = enqueue("b", person=bruno, message_type="meeting", context={})
        password = enqueue("p", person=carol)  # transactional: goes at once
    transport = FakeTransport()
    report = deliver(transport, now=WEDNESDAY_NOON)
    assert (report.sent, report.deferred) == (2, 1)
    assert set(transport.sent) == {to_bruno.pk, password.pk}
    to_carol.refresh_from_db()
    # Back on Tuesday, 24 March (the weekend and Berlin's Monday holiday in between):
    # midnight in Berlin, then the sending window moves it to 09:00.
    assert to_carol.due_at == datetime.datetime(2026, 3, 23, 23, 0, tzinfo=datetime.UTC)
    assert (
        deliver(transport, now=datetime.datetime(2026, 3, 23, 9, 0, tzinfo=datetime.UTC)).sent == 0
    )
    deliver(transport, now=to_carol.due_at)
    to_carol.refresh_from_db()
    assert to_carol.due_at == datetime.datetime(2026, 3, 24, 8, 0, tzinfo=datetime.UTC)
    assert deliver(transport, now=to_carol.due_at).sent == 1


def test_away_holds_follow_the_windows_switch(enqueue, acme, carol, settings):
    from hallway.absences.models import OutOfOffice

    settings.HALLWAY_SENDING_WINDOWS = False  # at any time, holidays included
    OutOfOffice.objects.create(
        organisation=acme,
        person=carol,
        first_day=datetime.date(2026, 3, 18),
        last_day=datetime.date(2026, 3, 20),
    )
    with time_machine.travel(WEDNESDAY_NOON, tick=False):
        enqueue("c", person=carol, message_type="meeting", context={})
    assert deliver(FakeTransport(), now=WEDNESDAY_NOON).sent == 1


def test_quiet_hours_hold_messages_to_addresses_without_working_hours(enqueue, acme):
    MessagingSettings.objects.create(
        organisation=acme, quiet_start=datetime.time(20, 0), quiet_end=datetime.time(8, 0)
    )
    late = datetime.datetime(2026, 3, 18, 21, 30, tzinfo=datetime.UTC)  # 22:30 in Berlin
    from hallway.messaging.services import Recipient

    recipient = Recipient(address="client@example.com", timezone="Europe/Berlin")
    with time_machine.travel(late, tick=False):
        message = enqueue("q", recipient=recipient, message_type="meeting", context={})
    deliver(FakeTransport(), now=late)
    message.refresh_from_db()
    assert message.due_at == datetime.datetime(2026, 3, 19, 7, 0, tzinfo=datetime.UTC)


def test_windows_can_be_switched_off_per_organisation(enqueue, carol, acme):
    MessagingSettings.objects.create(organisation=acme, sending_windows=False)
    with time_machine.travel(EARLY, tick=False):
        enqueue("c", person=carol, message_type="meeting", context={})
    assert deliver(FakeTransport(), now=EARLY).sent == 1


def test_windows_can_be_switched_off_for_the_installation(enqueue, carol, settings):
    settings.HALLWAY_SENDING_WINDOWS = False
    with time_machine.travel(EARLY, tick=False):
        enqueue("c", person=carol, message_type="meeting", context={})
    assert deliver(FakeTransport(), now=EARLY).sent == 1


def test_transactional_messages_ignore_windows(enqueue, carol):
    with time_machine.travel(EARLY, tick=False):
        enqueue("t", person=carol)
    assert deliver(FakeTransport(), now=EARLY).sent == 1


# Expiry ----------------------------------------------------------------------------------

HOUR = datetime.timedelta(hours=1)


def test_a_message_past_its_expiry_is_not_sent_and_says_why(enqueue):
    with time_machine.travel(WEDNESDAY_NOON, tick=False):
        late = enqueue("late", expires_at=WEDNESDAY_NOON + HOUR)
        in_time = enqueue("in-time", expires_at=WEDNESDAY_NOON + 3 * HOUR)
    transport = FakeTransport()
    # No worker ran for two hours (a crash, a deploy).
    report = deliver(transport, now=WEDNESDAY_NOON + 2 * HOUR)
    assert (report.sent, report.expired, report.handled) == (1, 1, 2)
    assert transport.sent == [in_time.pk]
    late.refresh_from_db()
    assert (late.status, late.attempt_count, late.claimed_by) == (Status.EXPIRED, 0, "")
    assert late.last_error == "expired at 2026-03-18 13:00 UTC before it could be sent"
    assert late.attempts.count() == 0
    assert deliver(transport, now=WEDNESDAY_NOON + 3 * HOUR).handled == 0  # stays expired


def test_a_message_sent_just_before_its_expiry_goes_out(enqueue):
    with time_machine.travel(WEDNESDAY_NOON, tick=False):
        message = enqueue("k", expires_at=WEDNESDAY_NOON + HOUR)
    report = deliver(FakeTransport(), now=WEDNESDAY_NOON + HOUR - datetime.timedelta(seconds=1))
    assert report.sent == 1
    message.refresh_from_db()
    assert message.status == Status.SENT


def test_a_window_that_opens_after_the_expiry_expires_the_message_at_once(enqueue, carol):
    # 06:00 in Berlin; Carol's working day starts at 09:00 (08:00 UTC).
    with time_machine.travel(EARLY, tick=False):
        too_late = enqueue(
            "r1", person=carol, message_type="meeting", context={}, expires_at=EARLY + 2 * HOUR
        )
        waits = enqueue(
            "r2", person=carol, message_type="meeting", context={}, expires_at=EARLY + 4 * HOUR
        )
    report = deliver(FakeTransport(), now=EARLY)
    assert (report.expired, report.deferred) == (1, 1)
    too_late.refresh_from_db()
    assert too_late.status == Status.EXPIRED
    assert too_late.last_error == (
        "expired unsent: the recipient can be reached from 2026-03-18 08:00 UTC (their sending "
        "window or an absence), after it expires at 2026-03-18 07:00 UTC"
    )
    waits.refresh_from_db()
    assert (waits.status, waits.due_at) == (Status.QUEUED, EARLY + 3 * HOUR)
    assert deliver(FakeTransport(), now=waits.due_at).sent == 1


def test_someone_away_until_after_the_expiry_gets_nothing(enqueue, acme, carol):
    from hallway.absences.models import OutOfOffice

    OutOfOffice.objects.create(
        organisation=acme,
        person=carol,
        first_day=datetime.date(2026, 3, 18),
        last_day=datetime.date(2026, 3, 18),
    )
    with time_machine.travel(WEDNESDAY_NOON, tick=False):
        message = enqueue(
            "r", person=carol, message_type="meeting", context={}, expires_at=WEDNESDAY_NOON + HOUR
        )
    assert deliver(FakeTransport(), now=WEDNESDAY_NOON).expired == 1
    message.refresh_from_db()
    assert message.status == Status.EXPIRED


def test_expiry_stops_even_transactional_mail(enqueue):
    with time_machine.travel(EARLY, tick=False):
        message = enqueue("t", expires_at=EARLY + HOUR)  # "test" is transactional
    assert deliver(FakeTransport(), now=EARLY + HOUR).expired == 1
    message.refresh_from_db()
    assert message.status == Status.EXPIRED


def test_a_retry_that_would_come_too_late_is_not_waited_for(enqueue, acme):
    with time_machine.travel(WEDNESDAY_NOON, tick=False):
        message = enqueue("k", expires_at=WEDNESDAY_NOON + datetime.timedelta(seconds=20))
    transport = FakeTransport([TransportError("421 busy", permanent=False, scope="channel")])
    report = deliver(transport)
    assert (report.expired, report.retried, report.failed) == (1, 0, 0)
    message.refresh_from_db()
    assert (message.status, message.attempt_count) == (Status.EXPIRED, 1)
    assert message.last_error == "421 busy (no retry: it expires at 2026-03-18 12:00 UTC)"
    (attempt,) = message.attempts.all()
    assert attempt.result == AttemptResult.FAILED
    # A busy server is no reason to mark the channel failing.
    assert not AddressHealth.objects.filter(organisation=acme, status=HealthStatus.FAILING)


# Claims ----------------------------------------------------------------------------------


def test_a_claimed_message_is_not_claimed_again_while_the_lease_holds(enqueue):
    with time_machine.travel(WEDNESDAY_NOON, tick=False):
        message = enqueue()
    assert [m.pk for m in outbox_claim(worker="w1", now=WEDNESDAY_NOON)] == [message.pk]
    assert outbox_claim(worker="w2", now=WEDNESDAY_NOON) == []
    after_lease = WEDNESDAY_NOON + LEASE + datetime.timedelta(seconds=1)
    (again,) = outbox_claim(worker="w2", now=after_lease)
    assert again.claimed_by == "w2"


def test_a_restarted_worker_gives_its_claims_back_at_once(enqueue):
    with time_machine.travel(WEDNESDAY_NOON, tick=False):
        message = enqueue()
    heartbeat_beat(worker_id="w1", now=WEDNESDAY_NOON, started_at=WEDNESDAY_NOON)
    outbox_claim(worker="w1", now=WEDNESDAY_NOON)
    a_bit_later = WEDNESDAY_NOON + datetime.timedelta(seconds=5)
    assert outbox_claim(worker="w2", now=a_bit_later) == []  # w1 is alive
    # w1 is killed and started again under the same id.
    heartbeat_beat(worker_id="w1", now=a_bit_later, started_at=a_bit_later)
    (again,) = outbox_claim(worker="w1", now=a_bit_later)
    assert again.pk == message.pk


def test_a_worker_whose_heartbeat_went_stale_loses_its_claims(enqueue):
    with time_machine.travel(WEDNESDAY_NOON, tick=False):
        enqueue()
    heartbeat_beat(worker_id="w1", now=WEDNESDAY_NOON, started_at=WEDNESDAY_NOON)
    outbox_claim(worker="w1", now=WEDNESDAY_NOON)
    # Killed right after its last beat: still taken for alive 19 s later, for dead after 21 s,
    # so another worker (looking every second) delivers the message within 30 s of the kill.
    assert outbox_claim(worker="w2", now=WEDNESDAY_NOON + datetime.timedelta(seconds=19)) == []
    assert len(outbox_claim(worker="w2", now=WEDNESDAY_NOON + datetime.timedelta(seconds=21))) == 1


def test_a_stopping_worker_gives_back_what_it_did_not_try(enqueue):
    with time_machine.travel(WEDNESDAY_NOON, tick=False):
        messages = [enqueue(f"k{n}") for n in range(5)]
    transport = FakeTransport()
    calls = iter(range(100))
    with time_machine.travel(WEDNESDAY_NOON, tick=False):
        report = Deliverer(worker="w1", transports=lambda message: transport).run(
            stop=lambda: next(calls) >= 3
        )
    assert report.more_due
    assert 0 < report.sent < 5
    statuses = {m.pk: m.status for m in OutboxMessage.objects.all()}
    assert sorted(statuses.values()).count(Status.SENT) == report.sent
    assert all(status in (Status.SENT, Status.QUEUED) for status in statuses.values())
    assert not OutboxMessage.objects.filter(status=Status.QUEUED).exclude(claimed_by="").exists()
    assert len(messages) == 5


@pytest.mark.postgres_only
def test_concurrent_claims_on_postgresql_never_share_a_row(transactional_db, enqueue):
    import threading

    from django.db import connection

    for n in range(200):
        enqueue(f"k{n}", not_before=WEDNESDAY_NOON)
    claimed: dict[str, list[int]] = {}
    barrier = threading.Barrier(4)

    def claim(worker: str) -> None:
        mine: list[int] = []
        barrier.wait()
        try:
            while batch := outbox_claim(worker=worker, now=WEDNESDAY_NOON, limit=7):
                mine += [m.pk for m in batch]
        finally:
            connection.close()
        claimed[worker] = mine

    threads = [threading.Thread(target=claim, args=(f"w{n}",)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    everything = [pk for mine in claimed.values() for pk in mine]
    assert len(everything) == len(set(everything)) == 200
    assert sum(1 for mine in claimed.values() if mine) > 1
