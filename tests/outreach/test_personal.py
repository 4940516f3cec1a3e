"""The one way outreach writes to a contact: drafted, approved, released inside the
contact's hours within the owner's daily limit, delivered over real SMTP, then a touch."""

import datetime

import pytest

from hallway.messaging.delivery import outbox_deliver_due
from hallway.messaging.models import OutboxMessage
from hallway.messaging.services import suppression_add
from hallway.outreach.models import MessageStatus, OutreachSettings, PersonalMessage, SenderProfile
from hallway.outreach.selectors.timing import contact_send_at
from hallway.outreach.services.personal import (
    personal_message_approve,
    personal_message_discard,
    personal_message_draft,
    personal_messages_reconcile,
    personal_messages_release,
)
from hallway.relationships.models import Touch, TouchSource
from tests.factories import make_company, make_contact

UTC = datetime.UTC
# A Monday, 06:00 UTC: 07:00 in Berlin, before its working hours.
MONDAY_EARLY = datetime.datetime(2026, 12, 7, 6, 0, tzinfo=UTC)


@pytest.fixture
def megan(acme, alice):
    company = make_company(acme, "Lakeshore", timezone="Europe/Berlin")
    return make_contact(acme, "Megan Brooks", company=company, owners=[alice], language="de")


def draft(acme, contact, owner, key="k1", **fields):
    fields.setdefault("now", MONDAY_EARLY)
    return personal_message_draft(
        organisation=acme,
        contact=contact,
        owner=owner,
        source="sequence",
        key=key,
        subject=fields.pop("subject", "Catching up"),
        body=fields.pop("body", "Hallo Megan,\n\nwie lief der Launch?"),
        **fields,
    )


def test_the_same_key_drafts_one_message(acme, alice, megan):
    first = draft(acme, megan, alice)
    again = draft(acme, megan, alice, subject="Something else")
    assert first.pk == again.pk
    assert again.subject == "Catching up"
    assert first.language == "de"  # the contact's language


def test_a_message_is_released_inside_the_contacts_hours(acme, alice, megan):
    message = draft(acme, megan, alice)
    report = personal_messages_release(organisation=acme, now=MONDAY_EARLY)
    assert report.queued == 1
    message.refresh_from_db()
    outbox = OutboxMessage.objects.get(pk=message.outbox_id)
    # 09:00 in Berlin is 08:00 UTC in December.
    assert outbox.not_before == datetime.datetime(2026, 12, 7, 8, 0, tzinfo=UTC)
    assert outbox.reply_to == alice.email
    assert outbox.language == "de"
    assert outbox.context["from_name"]


def test_a_contacts_public_holiday_is_skipped(acme, megan):
    megan.holiday_region = "DE-BE"
    megan.save()
    christmas_eve_night = datetime.datetime(2026, 12, 24, 22, 0, tzinfo=UTC)
    # The 25th and 26th are holidays in Berlin; the 26th is a Saturday, the 27th a Sunday.
    assert contact_send_at(
        organisation=acme, contact=megan, after=christmas_eve_night
    ) == datetime.datetime(2026, 12, 28, 8, 0, tzinfo=UTC)


def test_the_approval_queue_holds_a_message_until_approved(acme, alice, megan):
    message = draft(acme, megan, alice, approval=True)
    assert message.status == MessageStatus.PENDING
    assert personal_messages_release(organisation=acme, now=MONDAY_EARLY).queued == 0
    personal_message_approve(message=message, by=alice, now=MONDAY_EARLY, body="Hallo Megan!")
    assert personal_messages_release(organisation=acme, now=MONDAY_EARLY).queued == 1
    message.refresh_from_db()
    assert OutboxMessage.objects.get(pk=message.outbox_id).context["body"] == "Hallo Megan!"


def test_a_discarded_message_never_goes(acme, alice, megan):
    message = draft(acme, megan, alice, approval=True)
    personal_message_discard(message=message, by=alice, now=MONDAY_EARLY)
    assert personal_messages_release(organisation=acme, now=MONDAY_EARLY).queued == 0
    assert not OutboxMessage.objects.exists()


def test_the_daily_limit_holds_the_rest_for_tomorrow(acme, alice, megan):
    OutreachSettings.objects.create(organisation=acme, daily_send_limit=5)
    SenderProfile.objects.create(organisation=acme, user=alice, daily_send_limit=2)
    for number in range(3):
        draft(acme, megan, alice, key=f"k{number}")
    report = personal_messages_release(organisation=acme, now=MONDAY_EARLY)
    assert (report.queued, report.held) == (2, 1)
    held = PersonalMessage.objects.get(status=MessageStatus.SCHEDULED)
    assert held.not_before == datetime.datetime(2026, 12, 8, tzinfo=UTC)
    tomorrow = datetime.datetime(2026, 12, 8, 7, 0, tzinfo=UTC)
    assert personal_messages_release(organisation=acme, now=tomorrow).queued == 1


def test_an_unsubscribed_address_gets_nothing(acme, alice, megan):
    suppression_add(organisation=acme, channel="email", address=megan.email.upper())
    message = draft(acme, megan, alice)
    assert personal_messages_release(organisation=acme, now=MONDAY_EARLY).blocked == 1
    message.refresh_from_db()
    assert (message.status, message.problem) == (MessageStatus.CANCELLED, "unsubscribed")


def test_marketing_needs_consent(acme, alice, megan):
    draft(acme, megan, alice, marketing=True)
    assert personal_messages_release(organisation=acme, now=MONDAY_EARLY).blocked == 1


def test_a_sent_message_arrives_in_the_owners_name_and_becomes_a_touch(
    acme, alice, megan, smtp_server, time_machine
):
    SenderProfile.objects.create(organisation=acme, user=alice, signature="Alice\nAcme Recruiting")
    time_machine.move_to(MONDAY_EARLY)
    message = draft(acme, megan, alice)
    personal_messages_release(organisation=acme, now=MONDAY_EARLY)
    time_machine.move_to(datetime.datetime(2026, 12, 7, 8, 1, tzinfo=UTC))
    outbox_deliver_due(worker="test")
    [mail] = smtp_server
    assert mail["Reply-To"] == alice.email
    assert mail["From"].addresses[0].display_name == (alice.get_full_name() or alice.email)
    assert mail["To"].startswith("Megan Brooks")
    text = mail.get_body(("plain",)).get_content()
    assert "wie lief der Launch?" in text
    assert "Acme Recruiting" in text
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert personal_messages_reconcile(organisation=acme, now=MONDAY_EARLY) == 1
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    touch = Touch.objects.get(source=TouchSource.OUTREACH)
    assert list(touch.contacts.all()) == [megan]
    assert touch.by == alice
    # Settled once: a second run records nothing more.
    assert personal_messages_reconcile(organisation=acme, now=MONDAY_EARLY) == 0


def test_a_contacts_export_holds_what_outreach_wrote_them_and_erasure_takes_it(acme, alice, megan):
    from hallway.relationships.services.privacy import contact_erase, contact_export_data

    draft(acme, megan, alice)
    exported = contact_export_data(contact=megan)["outreach"]
    assert [m["subject"] for m in exported["messages"]] == ["Catching up"]
    contact_erase(contact=megan)
    assert not PersonalMessage.objects.exists()
