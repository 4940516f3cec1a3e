"""A shared article end to end over real SMTP: sent from the owner's name inside the
contact's hours with RFC 8058 one-click unsubscribe; one POST unsubscribes at once and
stops every marketing send to that address in the organisation; the figures count what
happened; key contacts get a note for their owner; nobody gets mail without consent."""

import datetime
from urllib.parse import urlsplit

import pytest

from hallway.messaging.delivery import outbox_deliver_due
from hallway.messaging.models import OutboxMessage
from hallway.messaging.models import Status as OutboxStatus
from hallway.outreach.models import MessageStatus, PersonalMessage, Source
from hallway.outreach.selectors.campaigns import campaign_figures
from hallway.outreach.services.campaigns import campaign_preview, campaign_send
from hallway.outreach.services.due import outreach_run_due
from hallway.outreach.services.personal import personal_message_draft
from hallway.relationships.interface import Direction, TouchKind, TouchSource, touch_record
from tests.outreach.campaign_helpers import (
    MONDAY_EARLY,
    article,
    clients_segment,
    consenting,
    lakeshore,
)

UTC = datetime.UTC
IN_HOURS = datetime.datetime(2026, 12, 7, 8, 1, tzinfo=UTC)  # 09:01 in Berlin
BASE = "https://hallway.acme.test"


def text_of(mail):
    return mail.get_body(preferencelist=("plain",)).get_content()


def mails_to(received, address):
    return [mail for mail in received if mail["To"].addresses[0].addr_spec == address]


@pytest.fixture
def contacts(acme, alice, bob):
    company = lakeshore(acme)
    return {
        "megan": consenting(acme, "Megan Brooks", company=company, owners=[alice], language="de"),
        "nina": consenting(
            acme, "Nina Noconsent", company=company, owners=[alice], legal_basis="", consent_on=None
        ),
        "karl": consenting(acme, "Karl Key", company=company, owners=[bob], cadence_days=30),
    }


def deliver(time_machine, moment):
    time_machine.move_to(moment)
    return outbox_deliver_due(worker="test")


def test_an_article_and_a_one_click_unsubscribe_end_to_end(
    acme, alice, bob, contacts, smtp_server, client, settings, time_machine
):
    # Production links are https (HALLWAY_BASE_URL); the header follows the setting.
    settings.BASE_URL = BASE
    megan, nina, karl = contacts["megan"], contacts["nina"], contacts["karl"]
    segment = clients_segment(acme)
    time_machine.move_to(MONDAY_EARLY)
    first = article(acme, segment)
    campaign_send(campaign=first, by=alice, now=MONDAY_EARLY)
    outreach_run_due(organisation=acme, now=MONDAY_EARLY)
    assert deliver(time_machine, IN_HOURS).sent == 1

    [mail] = smtp_server
    assert mail["To"].addresses[0].addr_spec == megan.email
    assert mail["Reply-To"] == alice.email
    assert mail["Subject"] == "Hiring in 2027"
    assert mail["Content-Language"] == "de"
    text = text_of(mail)
    assert "Hallo Megan, das hat mich an Lakeshore denken lassen." in text
    # Every marketing mail carries RFC 8058 one-click unsubscribe, over https.
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    header = str(mail["List-Unsubscribe"]).strip()
    assert header.startswith(f"<{BASE}/")
    assert header.endswith(">")
    unsubscribe_path = urlsplit(header.strip("<>")).path
    # The article's link counts the click and sends the reader on.
    [link] = [line for line in text.splitlines() if "/outreach/r/" in line]
    assert link.startswith(f"{BASE}/outreach/r/")
    html = mail.get_body(preferencelist=("html",)).get_content()
    assert f'<a href="{link}"' in html  # a link in the HTML part too
    clicked = client.get(urlsplit(link).path)
    assert (clicked.status_code, clicked["Location"]) == (302, first.url)

    # The key contact's owner gets a draft note; the contact without consent gets nothing.
    assert not mails_to(smtp_server, karl.email)
    assert not mails_to(smtp_server, nina.email)
    note = PersonalMessage.objects.get(contact=karl)
    assert (note.source, note.status, note.owner) == (Source.NOTE, MessageStatus.PENDING, bob)

    # Megan answers by mail an hour later.
    outreach_run_due(organisation=acme, now=IN_HOURS)  # the sent mail becomes a touch
    touch_record(
        organisation=acme,
        kind=TouchKind.EMAIL,
        at=IN_HOURS + datetime.timedelta(hours=1),
        contacts=[megan],
        source=TouchSource.MAIL,
        direction=Direction.INBOUND,
        external_id="<reply-1@client.test>",
    )

    # A second article, sent before she unsubscribes, waits in the outbox for her hours.
    second = article(acme, segment, title="Salaries in 2027", skip_touched_days=0, skip_sent_days=0)
    moment = IN_HOURS + datetime.timedelta(hours=2)
    time_machine.move_to(moment)
    campaign_send(campaign=second, by=alice, now=moment)
    outreach_run_due(organisation=acme, now=moment)
    queued = PersonalMessage.objects.get(
        contact=megan, source=Source.CAMPAIGN, ref=f"campaign:{second.pk}"
    )
    assert queued.status == MessageStatus.QUEUED

    # One POST, as a mail client sends it: no login, no cookie, no confirmation page.
    response = client.post(
        unsubscribe_path,
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert b"<form" not in response.content

    # Honoured at once: the queued article is suppressed, not sent.
    report = deliver(time_machine, moment + datetime.timedelta(minutes=1))
    assert report.sent == 0
    assert report.suppressed == 1
    assert len(smtp_server) == 1
    assert OutboxMessage.objects.get(pk=queued.outbox_id).status == OutboxStatus.SUPPRESSED

    # Any other marketing message to the address is blocked before the outbox …
    later = moment + datetime.timedelta(minutes=5)
    personal_message_draft(
        organisation=acme,
        contact=megan,
        owner=alice,
        source=Source.SEQUENCE,
        key="sequence:newsletter:1",
        subject="Our newsletter",
        body="Hallo Megan",
        now=later,
        marketing=True,
    )
    outreach_run_due(organisation=acme, now=later)
    blocked = PersonalMessage.objects.get(key="sequence:newsletter:1")
    assert (blocked.status, blocked.problem) == (MessageStatus.CANCELLED, "unsubscribed")
    # … and the next article skips her.
    third = article(acme, segment, title="Teams in 2027", skip_touched_days=0, skip_sent_days=0)
    plan = campaign_preview(campaign=third, now=later)
    assert {row.contact.name: row.reason for row in plan.skipped}["Megan Brooks"] == "unsubscribed"
    assert deliver(time_machine, later + datetime.timedelta(hours=1)).sent == 0
    assert len(smtp_server) == 1

    # The first article's figures.
    outreach_run_due(organisation=acme, now=later)
    figures = campaign_figures(campaign=first).as_json()
    assert figures["recipients"] == 1
    assert figures["sent"] == 1
    assert figures["delivered"] == 1
    assert figures["clicked"] == 1
    assert figures["replies"] == 1
    assert figures["unsubscribes"] == 1
    assert figures["notes_drafted"] == 1
    assert figures["skipped_by_reason"]["no_consent"] == 1
    second_figures = campaign_figures(campaign=second).as_json()
    assert (second_figures["delivered"], second_figures["failed"]) == (0, 1)
