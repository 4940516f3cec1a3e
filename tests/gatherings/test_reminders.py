"""Reminders 24 hours and one hour before a gathering (the `gatherings.reminders` job):
who gets one, in which language and zone, which links, and what expiry stops."""

import datetime
import re

import pytest
import time_machine

from hallway.absences.models import OutOfOffice
from hallway.core.scheduler import Every, registry
from hallway.gatherings.messages import GATHERING_REMINDER
from hallway.gatherings.models import Guest, GuestStatus
from hallway.gatherings.services.gatherings import (
    gathering_cancel,
    gathering_create,
    gathering_reschedule,
)
from hallway.gatherings.services.guests import guest_answer, guests_invite, invitees_by_email
from hallway.gatherings.services.reminders import reminders_send_due
from hallway.gatherings.tasks import gatherings_reminders
from hallway.messaging.delivery import Deliverer
from hallway.messaging.models import OutboxMessage, Status
from tests.factories import make_contact, make_person

HOUR = datetime.timedelta(hours=1)
DAY = datetime.timedelta(days=1)
# Invitations go out on Monday morning for Wednesday 17:00 in Berlin (13:00 in São Paulo).
INVITED = datetime.datetime(2026, 12, 7, 9, 0, tzinfo=datetime.UTC)
START = datetime.datetime(2026, 12, 9, 16, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _no_windows(settings):
    """Sending windows are switched on only where a test is about them."""
    settings.HALLWAY_SENDING_WINDOWS = False


def at(moment):
    return time_machine.travel(moment, tick=False)


def reminders():
    return OutboxMessage.objects.filter(message_type=GATHERING_REMINDER)


def reminded(lead="24h"):
    return sorted(
        message.address
        for message in reminders().filter(idempotency_key__endswith=f":reminder-{lead}")
    )


def deliver():
    return Deliverer(worker="test").run()


def text_of(mail):
    return mail.get_body(preferencelist=("plain",)).get_content()


@pytest.fixture
def party(acme, alice):
    """Alice hosts; Carla (a colleague in Rome) comes; Bruna (a client in São Paulo who
    reads German) has not answered; Mia said maybe; Nora said no; Xena waits in line."""
    make_person(acme, "Alice Adams", email=alice.email, user=alice, timezone="Europe/Berlin")
    make_person(acme, "Carla Conti", email="carla@acme.test", timezone="Europe/Rome")
    make_contact(
        acme,
        "Bruna Costa",
        email="bruna@client.example",
        language="de",
        timezone="America/Sao_Paulo",
    )
    with at(INVITED):
        gathering = gathering_create(
            organisation=acme,
            title="Winter drinks",
            hosts=[alice],
            starts_at=START,
            minutes=90,
            capacity=4,
            topic="Remote onboarding",
            by=alice,
        )
        emails = [
            "carla@acme.test",
            "bruna@client.example",
            "mia@elsewhere.example",
            "nora@elsewhere.example",
            "xena@elsewhere.example",
        ]
        invitees, created = invitees_by_email(gathering=gathering, emails=emails, source="test")
        guests_invite(gathering=gathering, invitees=invitees, by=alice, created_contacts=created)
        guest_answer(guest=Guest.objects.get(email="carla@acme.test"), answer="yes")
        guest_answer(guest=Guest.objects.get(email="mia@elsewhere.example"), answer="maybe")
    # A "no" straight in the table: through guest_answer it would give Xena the seat.
    Guest.objects.filter(email="nora@elsewhere.example").update(status=GuestStatus.NO)
    assert Guest.objects.get(email="xena@elsewhere.example").status == GuestStatus.WAITLISTED
    return gathering


SEATED = ["alice@acme.test", "bruna@client.example", "carla@acme.test", "mia@elsewhere.example"]


def test_the_day_before_everyone_with_a_seat_is_reminded_in_their_language_and_zone(
    party, smtp_server
):
    with at(INVITED):
        deliver()  # the invitations
    smtp_server.clear()

    with at(START - DAY - HOUR):
        assert reminders_send_due(now=START - DAY - HOUR) == 0  # not yet
    with at(START - DAY + datetime.timedelta(minutes=3)):
        assert gatherings_reminders.call() == 4
        assert reminded() == SEATED  # the host too; not the "no", not the waitlist
        assert gatherings_reminders.call() == 0  # a second run: nothing twice
        report = deliver()
    assert (report.sent, report.expired) == (4, 0)
    assert reminders().count() == 4
    mails = {mail["To"].addresses[0].addr_spec: mail for mail in smtp_server}
    assert sorted(mails) == SEATED

    bruna = mails["bruna@client.example"]  # German, São Paulo, not answered yet
    # "Erinnerung: …" once the German catalogue has the new words; the date is German now.
    assert bruna["Subject"].endswith(": Winter drinks, Mi., 9. Dez. 13:00")
    text = text_of(bruna)
    assert "Mittwoch, 9. Dezember 2026, 13:00–14:30 (America/Sao_Paulo)" in text
    assert party.video_url in text
    assert re.search(r"^Ja: https?://\S+/gathering_rsvp/", text, re.MULTILINE), text
    assert re.search(r"^Nein: https?://\S+/gathering_rsvp/", text, re.MULTILINE), text
    # A reminder carries no calendar event: the guest has it already.
    assert not [p for p in bruna.walk() if p.get_content_type() == "text/calendar"]
    assert bruna["Reply-To"] == "alice@acme.test"

    carla = text_of(mails["carla@acme.test"])  # said yes: no answer links
    assert "17:00–18:30 (Europe/Rome)" in carla
    assert "gathering_rsvp" not in carla
    assert "You said maybe" in text_of(mails["mia@elsewhere.example"])
    assert "gathering you are hosting" in text_of(mails["alice@acme.test"])

    message = reminders().get(address="bruna@client.example")
    assert message.idempotency_key.endswith(f":seq-{party.sequence}:reminder-24h")
    assert (message.not_before, message.expires_at) == (START - DAY, START)


def test_the_hour_before_and_a_catch_up_sends_only_the_reminder_that_still_fits(party):
    # No worker ran until half an hour before: the day-before reminder makes no sense now.
    with at(START - HOUR / 2):
        assert reminders_send_due(now=START - HOUR / 2) == 4
    assert reminded("24h") == []
    assert reminded("1h") == SEATED
    message = reminders().get(address="carla@acme.test")
    assert (message.not_before, message.expires_at) == (START - HOUR, START)
    assert message.context["lead"] == "1h"
    # Once it has started, nobody is reminded of it.
    with at(START + datetime.timedelta(minutes=1)):
        assert reminders_send_due(now=START + datetime.timedelta(minutes=1)) == 0


def test_both_reminders_in_their_time(party):
    for moment in (START - DAY + HOUR, START - HOUR + datetime.timedelta(minutes=2)):
        with at(moment):
            reminders_send_due(now=moment)
            reminders_send_due(now=moment)
    assert reminded("24h") == reminded("1h") == SEATED
    assert reminders().count() == 8


def test_a_colleague_away_that_day_is_not_reminded(party, acme):
    carla = Guest.objects.get(email="carla@acme.test").person
    OutOfOffice.objects.create(
        organisation=acme,
        person=carla,
        first_day=datetime.date(2026, 12, 9),
        last_day=datetime.date(2026, 12, 11),
    )
    with at(START - DAY + HOUR):
        reminders_send_due(now=START - DAY + HOUR)
    assert "carla@acme.test" not in reminded()
    assert len(reminded()) == 3


def test_someone_invited_less_than_a_day_before_gets_only_the_hour_before(party, alice):
    late_invite = START - 10 * HOUR
    with at(late_invite):
        invitees, created = invitees_by_email(
            gathering=party, emails=["late@elsewhere.example"], source="test"
        )
        guests_invite(gathering=party, invitees=invitees, by=alice, created_contacts=created)
    assert Guest.objects.get(email="late@elsewhere.example").status == GuestStatus.INVITED
    with at(START - 9 * HOUR):
        reminders_send_due(now=START - 9 * HOUR)
    assert "late@elsewhere.example" not in reminded("24h")
    with at(START - HOUR / 2):
        reminders_send_due(now=START - HOUR / 2)
    assert "late@elsewhere.example" in reminded("1h")


def test_cancelled_gatherings_get_none_and_a_new_time_gets_new_ones(party, acme):
    with at(START - DAY + HOUR):
        reminders_send_due(now=START - DAY + HOUR)
        moved = gathering_reschedule(gathering=party, starts_at=START - 2 * HOUR)
        # The new time (SEQUENCE + 1) is a new reminder for everyone.
        assert reminders_send_due(now=START - DAY + HOUR) == 4
    keys = set(reminders().values_list("idempotency_key", flat=True))
    assert {key.split(":")[3] for key in keys} == {"seq-0", f"seq-{moved.sequence}"}
    with at(START - DAY + 2 * HOUR):
        gathering_cancel(gathering=moved)
        assert reminders_send_due(now=START - DAY + 2 * HOUR) == 0


def test_a_reminder_not_delivered_before_the_start_is_never_sent(party, smtp_server):
    with at(INVITED):
        deliver()  # the invitations
    smtp_server.clear()
    with at(START - DAY + HOUR):
        reminders_send_due(now=START - DAY + HOUR)
    # No worker ran until the gathering had begun.
    with at(START + datetime.timedelta(minutes=5)):
        report = deliver()
    assert (report.sent, report.expired) == (0, 4)
    assert list(smtp_server) == []
    assert set(reminders().values_list("status", flat=True)) == {Status.EXPIRED}
    assert reminders().first().last_error.startswith("expired at 2026-12-09 16:00 UTC")


def test_an_hour_before_an_evening_party_arrives_after_working_hours_but_not_in_quiet_hours(
    party, settings, smtp_server
):
    """Colleagues get most messages inside their working hours (09:00-17:00), but a reminder
    of a gathering they said they would come to is not work: the hour-before reminder of a
    party at 19:00 in Rome and Berlin arrives at 18:00. The organisation's quiet hours (from
    20:00) still hold it, so the one before a party at 21:00 expires instead."""
    settings.HALLWAY_SENDING_WINDOWS = True
    with at(INVITED):
        moved = gathering_reschedule(gathering=party, starts_at=START + 2 * HOUR)  # 18:00 UTC
    moment = moved.starts_at - HOUR + datetime.timedelta(minutes=1)  # 18:01 in Rome, Berlin
    with at(moment):
        reminders_send_due(now=moment)
        report = deliver()
    assert report.expired == 0
    delivered = {m["To"].addresses[0].addr_spec for m in smtp_server}
    assert {"carla@acme.test", "bruna@client.example"} <= delivered

    with at(INVITED):
        late = gathering_reschedule(gathering=moved, starts_at=START + 4 * HOUR)  # 21:00 Rome
    moment = late.starts_at - HOUR + datetime.timedelta(minutes=1)  # 20:01: quiet hours
    with at(moment):
        reminders_send_due(now=moment)
        report = deliver()
    carla = reminders().filter(address="carla@acme.test", idempotency_key__endswith="reminder-1h")
    assert carla.latest("id").status == Status.EXPIRED
    assert report.expired >= 1


def test_the_job_runs_every_five_minutes():
    registry.autodiscover()
    job = {job.name: job for job in registry.jobs()}["gatherings.reminders"]
    assert job.schedule == Every(minutes=5)
    assert job.task.module_path == "hallway.gatherings.tasks.gatherings_reminders"
