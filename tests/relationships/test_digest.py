"""The weekly digest: one message per user and week, in their language, not while away."""

import datetime

import pytest
from django.core import mail

from hallway.absences.models import OutOfOffice
from hallway.messaging.models import OutboxMessage
from hallway.messaging.rendering import outbox_render
from hallway.relationships.services.digest import digest_send_due, digests_send_due
from hallway.relationships.tasks import relationships_digest
from tests.factories import make_contact, make_person

# Monday 7 December 2026, 08:00 in Berlin.
MONDAY = datetime.datetime(2026, 12, 7, 7, tzinfo=datetime.UTC)
LONG_AGO = datetime.datetime(2026, 9, 1, tzinfo=datetime.UTC)


@pytest.fixture
def alices_person(acme, alice):
    return make_person(acme, "Alice Adams", email=alice.email, user=alice, preferred_language="de")


@pytest.fixture
def overdue(acme, alice):
    return make_contact(acme, "Nina Vogel", owners=[alice], cadence_days=14, created_at=LONG_AGO)


def _digests(acme):
    return list(
        OutboxMessage.objects.filter(organisation=acme, message_type="relationships_digest")
    )


def test_one_digest_a_week_in_the_readers_language(acme, alice, alices_person, overdue):
    assert digest_send_due(organisation=acme, now=MONDAY) == 1
    [message] = _digests(acme)
    assert (message.person, message.language, message.channel) == (alices_person, "de", "email")
    assert message.context["count"] == 1
    [item] = message.context["items"]
    assert item["name"] == "Nina Vogel"
    assert item["reason"].startswith("Alle 14 Tage")
    # Again on Monday, or on Wednesday: the same week, no second digest.
    assert digest_send_due(organisation=acme, now=MONDAY + datetime.timedelta(hours=3)) == 0
    assert digest_send_due(organisation=acme, now=MONDAY + datetime.timedelta(days=2)) == 0
    # Next Monday, a new one.
    assert digest_send_due(organisation=acme, now=MONDAY + datetime.timedelta(days=7)) == 1


def test_the_digest_renders_in_every_template(acme, alice, alices_person, overdue):
    digest_send_due(organisation=acme, now=MONDAY)
    [message] = _digests(acme)
    rendered = outbox_render(message)
    assert "Nina Vogel" in rendered.text
    assert "/relationships/queue/" in rendered.text


def test_not_before_seven_in_the_morning_nor_on_a_weekend(acme, alice, alices_person, overdue):
    early = MONDAY - datetime.timedelta(hours=2)  # 06:00 in Berlin
    assert digest_send_due(organisation=acme, now=early) == 0
    sunday = MONDAY - datetime.timedelta(days=1)
    assert digest_send_due(organisation=acme, now=sunday) == 0


def test_nothing_while_away_and_the_digest_waits_for_the_return(
    acme, alice, alices_person, overdue
):
    OutOfOffice.objects.create(
        organisation=acme,
        person=alices_person,
        first_day=datetime.date(2026, 12, 7),
        last_day=datetime.date(2026, 12, 8),
    )
    assert digest_send_due(organisation=acme, now=MONDAY) == 0
    wednesday = MONDAY + datetime.timedelta(days=2)
    assert digest_send_due(organisation=acme, now=wednesday) == 1


def test_nobody_with_an_empty_queue_gets_one(acme, alice, bob, alices_person):
    make_contact(acme, "Fresh Contact", owners=[bob], cadence_days=14)
    assert digest_send_due(organisation=acme, now=MONDAY) == 0
    assert _digests(acme) == []


def test_a_member_without_a_directory_entry_gets_it_by_email(acme, bob):
    make_contact(acme, "Nina Vogel", owners=[bob], cadence_days=14, created_at=LONG_AGO)
    assert digests_send_due(now=MONDAY) == 1
    [message] = _digests(acme)
    assert message.address == bob.email


def test_the_periodic_job_enqueues_them(acme, alice, alices_person, overdue, time_machine):
    time_machine.move_to(MONDAY)
    assert relationships_digest.call() == 1
    assert mail.outbox == []  # enqueued, sent by the worker
